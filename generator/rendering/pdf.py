"""Turn a document context into PDF bytes: the HTML template rendered by Jinja, then laid out by WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..core.errors import TemplateError
from ..core.model import Decision
from .environment import render_template
from .sandbox import template_files_fetcher

# Fixed metadata and identifier make two builds of the same inputs byte-identical.
_FIXED_IDENTIFIER = b"vanban-van-ban-hanh-chinh"


def render_html(env: jinja2.Environment, template_name: str, context: dict) -> str:
    return render_template(env, template_name, context)


def html_to_pdf(html: str, base_url: str, layout: dict | None = None, pdf_variant: str | None = None,
                template_dirs: tuple[Path, ...] | list | None = None, template_name: str = "mẫu HTML",
                ) -> tuple[bytes, int]:
    """PDF bytes and page count. Images, fonts and stylesheets come only from the template folders (default: the
    folder of ``base_url``) or ``data:`` URIs, anything else is a TemplateError; ``layout`` (when given) receives the
    signature block's position for signing."""
    import logging
    import os

    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set (reproducible builds).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    from .weasyprint_loader import load_weasyprint

    weasyprint = load_weasyprint()  # here: `vanban --help` and `vanban check` must not pay for it

    # WeasyPrint logs unsupported CSS as warnings; the templates must be clean, so keep them visible in tests.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from weasyprint.urls import FatalURLFetchingError

    fetcher = template_files_fetcher(template_dirs or (Path(base_url),), template_name)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
        if layout is not None:
            from .signature_layout import signature_block

            block = signature_block(document)
            if block is not None:
                layout["chu_ky"] = block
        # Attachments (<a rel="attachment">) are fetched while writing: the same fetcher guards them.
        # PDF/A-2b for issued documents (issue 20): transparency (the PNG signature and seal) rules out PDF/A-1.
        return (document.write_pdf(pdf_identifier=_FIXED_IDENTIFIER, pdf_variant=pdf_variant),
                len(document.pages))
    except FatalURLFetchingError as exc:
        raise TemplateError(str(exc)) from None


# Decisions and dispatches are the legal originals once signed: archival PDF/A-2b (Nghị định 30, Điều 5.1).
ISSUED_PDF_VARIANT = "pdf/a-2b"


def render_pdf(env: jinja2.Environment, template_name: str, context: dict, base_url: str,
               layout: dict | None = None) -> tuple[bytes, int]:
    """An issued document: PDF/A-2b, with the signature block's position written into ``layout``."""
    if isinstance(context.get("d"), Decision):
        from .annex_engine import typeset_annex_pdf
        from .long_annex import annex_chunks_pdf

        _reproducible_fonts()
        # The rows between the annex's beginning and end drawn by our typesetter, checked against WeasyPrint; when it
        # cannot be sure, WeasyPrint in chunks, or in one go.
        typeset = typeset_annex_pdf(lambda part: render_html(env, template_name, part), context, base_url, layout,
                                    ISSUED_PDF_VARIANT, _FIXED_IDENTIFIER)
        if typeset is not None:
            return typeset
        chunked = annex_chunks_pdf(lambda part: render_html(env, template_name, part), context, base_url, layout,
                                   ISSUED_PDF_VARIANT, _FIXED_IDENTIFIER)
        if chunked is not None:
            return chunked
    return html_to_pdf(render_html(env, template_name, context), base_url, layout, ISSUED_PDF_VARIANT,
                       env.loader.searchpath, env.get_template(template_name).filename or template_name)


def _reproducible_fonts() -> None:
    import logging
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # as in html_to_pdf
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
