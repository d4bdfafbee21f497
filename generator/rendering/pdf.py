"""Turn a document context into PDF bytes: the HTML template rendered by Jinja, then laid out by WeasyPrint."""

from __future__ import annotations

import jinja2

from .environment import render_template

# Fixed metadata and identifier make two builds of the same inputs byte-identical.
_FIXED_IDENTIFIER = b"vanban-van-ban-hanh-chinh"


def render_html(env: jinja2.Environment, template_name: str, context: dict) -> str:
    return render_template(env, template_name, context)


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
