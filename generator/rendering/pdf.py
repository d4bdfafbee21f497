"""Turn a document context into PDF bytes: the HTML template rendered by Jinja, then laid out by WeasyPrint."""

from __future__ import annotations

import jinja2

from ..errors import TemplateError

# Fixed metadata and identifier make two builds of the same inputs byte-identical.
_FIXED_IDENTIFIER = b"vanban-van-ban-hanh-chinh"


def template_place(exc: BaseException, fallback: str) -> str:
    """'quyet-dinh/template.html, dòng 12': the innermost template frame of a Jinja error's traceback."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith((".html", ".j2", ".md", ".css"))]
    if frames:
        return f"{frames[-1].filename}, dòng {frames[-1].lineno}"
    return fallback


def render_html(env: jinja2.Environment, template_name: str, context: dict) -> str:
    try:
        return env.get_template(template_name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}, dòng {exc.lineno}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template_place(exc, template_name)}: biến không tồn tại ({exc.message})") from exc


def html_to_pdf(html: str, base_url: str) -> tuple[bytes, int]:
    """PDF bytes and page count."""
    import logging
    import os

    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set (reproducible builds).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    import weasyprint  # imported here: `vanban --help` and `vanban check` must not pay for it

    # WeasyPrint logs unsupported CSS as warnings; the templates must be clean, so keep them visible in tests.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=base_url).render()
    return document.write_pdf(pdf_identifier=_FIXED_IDENTIFIER), len(document.pages)


def render_pdf(env: jinja2.Environment, template_name: str, context: dict, base_url: str) -> tuple[bytes, int]:
    return html_to_pdf(render_html(env, template_name, context), base_url)
