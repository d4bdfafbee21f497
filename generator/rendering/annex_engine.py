"""Turn a decision with a long annex into PDF: WeasyPrint for its beginning and end, our typesetter in between.

WeasyPrint lays out what the template controls: the decision's pages, the annex's heading with its first rows and a
few pages more (the sample), and the last rows with the total, "(Bằng chữ: …)" and the closing line (the tail),
exactly as long_annex.py lays out its chunks. The pages in between hold only the repeated header row, rows and the
page number: annex_typesetter.py draws them from the geometry of the sample (annex_geometry.py) and the rows the
template wrote (annex_rows.py).

It checks itself against WeasyPrint on the pages WeasyPrint lays out anyway: every row of the sample must get the
lines and the height WeasyPrint gave it, and the sample's and the tail's pages must begin with the rows the
typesetter predicts. On any disagreement, or anything the typesetter does not know, it returns None and the caller
lays the annex out with WeasyPrint (chunked or in one go): never a silently different document.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from ..core.early_pages import hand_over, withdraw
from .annex_geometry import UnknownLayout, learn_shapes, read_geometry, sample_rows
from .annex_rows import annex_body_rows
from .annex_typesetter import LineBreaker, draw_pages, paginate, set_row
from .long_annex import (
    _HIDE_END,
    _HIDE_MAIN,
    _HIDE_SECTION_ROW,
    _PAGE_NUMBER,
    _items,
    _sliced_context,
    _starts_with_the_table,
    _with_css,
)

# Rows WeasyPrint lays out at the beginning of the annex (its first page and at least two continuation pages, on
# which the typesetter's predictions are checked) and at its end (the total and closing lines, and pages to check).
SAMPLE_ROWS = 80
TAIL_ROWS = 30
MIN_ROWS = 400  # shorter annexes gain little: WeasyPrint lays them out
_HEIGHT_TOLERANCE = 1e-6  # px: float sums in a different order


def typeset_annex_pdf(html_of, context: dict, base_url: str, layout: dict | None,  # noqa: ANN001 - a callable
                      pdf_variant: str | None, identifier: bytes) -> tuple[bytes, int] | None:
    """PDF bytes and page count of a decision whose long annex is mostly typeset here; None when WeasyPrint must.

    ``html_of(context)`` renders the decision template for a context whose annex holds some of the rows.
    """
    decision = context["d"]
    if not decision.has_annex:
        return None
    items = _items(decision.annex)
    if len(items) < MIN_ROWS:
        return None
    try:
        return _typeset(html_of, context, items, base_url, layout, pdf_variant, identifier)
    except UnknownLayout:
        withdraw()  # the pages drawn, if handed over already, will not be the document's
        return None


def _family() -> str | None:
    """The CSS family of the embedded font when it is the bundled one the typesetter embeds too."""
    from ..core.metrics import FONTS_DIR
    from .pdf_fonts import pdf_font_files, pdf_font_urls

    if pdf_font_files()["regular"].parent != FONTS_DIR:
        return None  # the office's Times New Roman: WeasyPrint embeds it, the typesetter knows only its own files
    return pdf_font_urls()["family"]


def _typeset(html_of, context: dict, items: list, base_url: str, layout: dict | None,  # noqa: ANN001, C901
             pdf_variant: str | None, identifier: bytes) -> tuple[bytes, int]:
    from .signature_layout import signature_block
    from .weasyprint_loader import load_weasyprint

    weasyprint = load_weasyprint()
    family = _family()
    if family is None:
        raise UnknownLayout("office fonts")
    html_rows = annex_body_rows(html_of(context))
    if html_rows is None or len(html_rows) - len(items) not in (0, 1):
        raise UnknownLayout("the annex table's rows are not the annex's items")
    after_items = len(html_rows) - len(items)  # the total's row
    html_rows = html_rows[:len(items)]

    # The sample: the decision and the annex's first rows, laid out by WeasyPrint; more rows when short rows leave
    # fewer than four pages with rows (the annex's first page, two to check, the last one, dropped).
    end = SAMPLE_ROWS
    while True:
        end = min(end, len(items) - TAIL_ROWS)
        while items[end - 1][1] is None:
            end += 1  # a section row keeps with the row under it: never the sample's last
        sample_context, _ = _sliced_context(context, items, 0, end)
        sample = weasyprint.HTML(string=_with_css(html_of(sample_context), _HIDE_END), base_url=base_url).render()
        by_page = sample_rows(sample)
        with_rows = [index for index, rows in enumerate(by_page) if rows]
        if len(with_rows) >= 4 or end >= len(items) - TAIL_ROWS:
            break
        end *= 2
    if layout is not None:
        block = signature_block(sample)
        if block is not None:
            layout["chu_ky"] = block
    laid_out = [row for rows in by_page for row in rows]
    if len(laid_out) != end or len({id(row[0].element) for row in laid_out}) != end:
        raise UnknownLayout("a row split across pages, or rows not found")
    if len(with_rows) < 4 or with_rows != list(range(with_rows[0], with_rows[-1] + 1)):
        raise UnknownLayout("too few pages in the sample")
    annex_first = with_rows[0]
    geometry = read_geometry(sample, with_rows[1], family, with_rows[1] - annex_first + 1)
    learn_shapes(geometry, laid_out, html_rows[:end], family)

    breaker = LineBreaker()
    set_rows = []
    for row in html_rows:
        spec = geometry.shapes.get(row.shape)
        if spec is None or len(spec.cells) != len(row.cells):
            raise UnknownLayout("a kind of row the sample does not show")
        set_rows.append(set_row(row, spec, breaker))
    for (_, lines, _, height), predicted in zip(laid_out, set_rows[:len(laid_out)], strict=True):
        if [list(cell) for cell in predicted.lines] != lines or abs(predicted.height - height) > _HEIGHT_TOLERANCE:
            raise UnknownLayout("a row of the sample is not what the typesetter predicts")

    # Pages from the first continuation page on, as the typesetter sees them; the sample's must agree.
    first_row = [sum(len(rows) for rows in by_page[:index]) for index in range(len(by_page))]
    origin = first_row[with_rows[1]]
    starts = [origin + start for start in paginate(set_rows[origin:], geometry)]
    sample_starts = [first_row[index] for index in with_rows[1:]]
    if starts[:len(sample_starts)] != sample_starts:
        raise UnknownLayout("the sample's pages do not end where the typesetter predicts")
    dropped = with_rows[-1]  # the sample's last page, which the next rows would have filled further
    kept_starts = starts[len(sample_starts) - 1:]  # from the dropped page's first row on
    tail = max((index for index, start in enumerate(kept_starts) if len(items) - start >= TAIL_ROWS), default=0)
    middle = kept_starts[:tail]
    number = dropped - annex_first + 1  # the dropped page's number, which the next page takes

    # The typesetter's pages first: the build's format check reads them while the rest is written and laid out.
    drawn, count = None, 0
    if middle:
        drawn, count = draw_pages(set_rows[:kept_starts[tail]], middle, geometry, number, _font_names(family))
        hand_over(drawn, dropped + 1)
    writer = PdfWriter(clone_from=io.BytesIO(sample.copy(sample.pages[:dropped]).write_pdf(
        pdf_identifier=identifier, pdf_variant=pdf_variant)))
    pages = dropped
    del sample, by_page, laid_out
    if drawn is not None:
        writer.append(PdfReader(io.BytesIO(drawn)))
        pages += count
        number += count

    # The tail: the last rows, the total and the closing lines, laid out by WeasyPrint from a page start.
    tail_start = kept_starts[tail]
    tail_context, mid_section = _sliced_context(context, items, tail_start, len(items))
    css = _HIDE_MAIN + _PAGE_NUMBER.format(number=number) + (_HIDE_SECTION_ROW if mid_section else "")
    document = weasyprint.HTML(string=_with_css(html_of(tail_context), css), base_url=base_url).render()
    if not _starts_with_the_table(document):
        raise UnknownLayout("the template shows something above the continued table")
    tail_rows = sample_rows(document)
    tail_starts, row = [], tail_start
    for rows in tail_rows:
        tail_starts.append(row)
        row += len(rows)
    predicted = kept_starts[tail:]
    if row != len(items) + after_items or tail_starts[:-1] != predicted[:len(tail_starts) - 1]:
        raise UnknownLayout("the tail's pages do not begin where the typesetter predicts")
    writer.append(PdfReader(io.BytesIO(document.write_pdf(pdf_identifier=identifier, pdf_variant=pdf_variant))))
    pages += len(document.pages)
    output = io.BytesIO()
    writer.write(output)  # the sample's catalogue (metadata, PDF/A output intent) and identifier kept
    return output.getvalue(), pages


def _font_names(family: str) -> dict[tuple[bool, bool], str]:
    """The typesetter's fonts named as WeasyPrint names the same files: after the CSS family.

    Both embed the bundled font files; WeasyPrint calls them "VanBan-Serif", "VanBan-Serif-Bold"…, pdf_writer by their
    PostScript names unless told. One name per face keeps the document saying one font (the format checker names it).
    """
    suffixes = {(False, False): "", (True, False): "-Bold", (False, True): "-Italic", (True, True): "-Bold-Italic"}
    return {style: family.replace(" ", "-") + suffix for style, suffix in suffixes.items()}
