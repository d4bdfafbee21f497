"""Turn a decision whose annex is long into PDF pages laid out chunk by chunk, the same pages as in one go.

WeasyPrint keeps every box of a document in memory until it is written, and a 10.000-row annex grows past a
gigabyte (issue 19). Here the annex's rows are laid out in chunks, each from the same template
(templates/quyet-dinh/template.html) with a few CSS rules added:

- a chunk lays out its rows; its last page, which the next rows would have filled further, is dropped, and the next
  chunk starts with the first row of that page, on a fresh page, as the table continues on a new page in one go
  (header row repeated, no top margin), its page number continuing;
- rows never split across pages (``tr { break-inside: avoid }``), so where a page ends depends only on the row it
  starts with: the pages kept are those of the single layout. Should a row be split all the same (taller than a
  page), or the template not hold the annex table this module knows, the decision is laid out in one go.

Each chunk's pages are written to PDF as soon as they are laid out, so that memory holds one chunk at a time, and
the parts are joined by pypdf (the first part's metadata, PDF/A output intent and identifier kept). Only the
annex's pages are chunked; the DOCX is unaffected.
"""

from __future__ import annotations

import io
from dataclasses import replace

# Rows per chunk: about 45 pages, where WeasyPrint's memory is still small; an annex shorter than two chunks is
# laid out in one go.
CHUNK_ROWS = 700
MIN_ROWS = 2 * CHUNK_ROWS

_HIDE_MAIN = """
section.main, section.annex > .annex-title, section.annex > .kem-theo, section.annex > .rule { display: none; }
table.danh-sach { margin-top: 0; }
"""
_HIDE_END = """
table.danh-sach tr.tong, section.annex > .bang-chu, section.annex > .ket-thuc { display: none; }
"""
_HIDE_SECTION_ROW = "table.danh-sach > tbody > tr.muc:first-child { display: none; }\n"
_PAGE_NUMBER = """
@page annex:first {{ counter-reset: page {number}; @top-center {{ content: counter(page); }} }}
@page :nth(1 of annex) {{ counter-reset: page {number}; @top-center {{ content: counter(page); }} }}
"""


class _SectionRows(tuple):
    """Some rows of a section that still counts all of its rows ("I. CÁ NHÂN (2.000)"): ``|length`` is the whole."""

    whole: int

    def __new__(cls, rows: tuple, whole: int) -> _SectionRows:
        made = super().__new__(cls, rows)
        made.whole = whole
        return made

    def __len__(self) -> int:
        return self.whole


class _Unchunkable(Exception):
    """The layout does not allow chunks (a row split across pages, an unknown template): lay out in one go."""


def _items(annex) -> list[tuple[int, object]]:  # noqa: ANN001 - core.model.Annex
    """The annex table's body rows in order: (section index, None) for a section row, (section index, row)."""
    items: list[tuple[int, object]] = []
    for index, section in enumerate(annex.sections):
        if annex.sectioned:
            items.append((index, None))
        items.extend((index, row) for row in section.rows)
    return items


def _sliced_context(context: dict, items: list[tuple[int, object]], start: int, end: int) -> tuple[dict, bool]:
    """The context with only the body rows ``items[start:end]``; whether it starts inside a section."""
    decision = context["d"]
    annex = decision.annex
    wanted = items[start:end]
    sections = []
    for index, section in enumerate(annex.sections):
        rows = tuple(row for section_index, row in wanted if section_index == index and row is not None)
        opened = any(section_index == index and row is None for section_index, row in wanted)
        if rows or opened:
            sections.append(replace(section, rows=_SectionRows(rows, len(section.rows))))
    mid_section = annex.sectioned and bool(wanted) and wanted[0][1] is not None
    chunk = replace(decision, annex=replace(annex, sections=tuple(sections)))
    return {**context, "d": chunk}, mid_section


def _with_css(html: str, css: str) -> str:
    if "</head>" not in html:
        raise _Unchunkable("no <head>")
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _body_rows_by_page(document) -> list[list[object]]:  # noqa: ANN001 - weasyprint.Document
    """For each page, the annex table's body rows (their HTML elements) laid out on it, in order."""
    from weasyprint.formatting_structure.boxes import TableBox, TableRowGroupBox

    pages = []
    for page in document.pages:
        rows = []
        for box in page._page_box.descendants():
            if not isinstance(box, TableBox) or "danh-sach" not in (box.element.get("class") or "").split():
                continue
            for group in box.children:
                if isinstance(group, TableRowGroupBox) and not group.is_header and not group.is_footer:
                    rows.extend(row.element for row in group.children)
        pages.append(rows)
    return pages


def _starts_with_the_table(document) -> bool:  # noqa: ANN001 - weasyprint.Document
    """Whether a continuation chunk's first page shows the annex table first, nothing of the template above it.

    An office's template may add its own elements around the table; hidden or not, they must not appear where the
    table continues in one go: then the decision is laid out in one go.
    """
    from weasyprint.formatting_structure.boxes import MarginBox, TableBox, TextBox

    for child in document.pages[0]._page_box.children:
        if isinstance(child, MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, TableBox):
                return "danh-sach" in (box.element.get("class") or "").split()
            if isinstance(box, TextBox) and box.text.strip():
                return False
    return False


def annex_chunks_pdf(html_of, context: dict, base_url: str, layout: dict | None,  # noqa: ANN001 - a callable
                     pdf_variant: str | None, identifier: bytes) -> tuple[bytes, int] | None:
    """PDF bytes and page count of a decision with a long annex, chunk by chunk; None when it must go in one go.

    ``html_of(context)`` renders the decision template for a context whose annex holds some of the rows.
    """
    from .signature_layout import signature_block
    from .weasyprint_loader import load_weasyprint

    weasyprint = load_weasyprint()

    annex = context["d"].annex if context["d"].has_annex else None
    if annex is None:
        return None
    items = _items(annex)
    if len(items) < MIN_ROWS:
        return None
    try:
        parts: list[bytes] = []
        pages = 0
        start, number, first = 0, 1, True
        while True:
            end = min(start + CHUNK_ROWS, len(items))
            while end < len(items) and items[end - 1][1] is None:
                end += 1  # a section row keeps with the row under it (break-after: avoid): never a chunk's last
            last = end == len(items)
            chunk_context, mid_section = _sliced_context(context, items, start, end)
            css = ""
            if not first:
                css += _HIDE_MAIN + _PAGE_NUMBER.format(number=number)
                if mid_section:
                    css += _HIDE_SECTION_ROW
            if not last:
                css += _HIDE_END
            html = html_of(chunk_context)
            if css:
                html = _with_css(html, css)
            document = weasyprint.HTML(string=html, base_url=base_url).render()
            if not first and not _starts_with_the_table(document):
                raise _Unchunkable("the template shows something above the continued table")
            if first and layout is not None:
                block = signature_block(document)
                if block is not None:
                    layout["chu_ky"] = block
            if last:
                parts.append(document.write_pdf(pdf_identifier=identifier, pdf_variant=pdf_variant))
                pages += len(document.pages)
                break
            rows_by_page = _body_rows_by_page(document)
            laid_out = [row for rows in rows_by_page for row in rows]
            if len(laid_out) != len(set(map(id, laid_out))) or len(laid_out) != end - start:
                raise _Unchunkable("a row split across pages, or rows not found")
            with_rows = [index for index, rows in enumerate(rows_by_page) if rows]
            if len(with_rows) < 3:
                raise _Unchunkable("too few pages in a chunk")
            dropped = with_rows[-1]
            annex_first = with_rows[0] if first else 0
            parts.append(document.copy(document.pages[:dropped]).write_pdf(pdf_identifier=identifier,
                                                                           pdf_variant=pdf_variant))
            pages += dropped
            start += sum(len(rows) for rows in rows_by_page[:dropped])
            number += dropped - annex_first if first else dropped
            first = False
            del document, rows_by_page, laid_out  # one chunk in memory at a time
    except _Unchunkable:
        return None
    return _joined(parts), pages


def _joined(parts: list[bytes]) -> bytes:
    """One PDF of the parts' pages in order, with the first part's catalogue (metadata, output intent) and ID."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(parts[0]))
    for part in parts[1:]:
        writer.append(PdfReader(io.BytesIO(part)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
