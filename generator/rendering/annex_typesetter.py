"""Turn the annex table's rows into PDF pages: the header row repeated, the rows, the page number, as WeasyPrint would.

The geometry comes from a sample WeasyPrint laid out (annex_geometry.py); lines are broken by Pango through
WeasyPrint's own function (``split_first_line``) with the cell's computed style, so a cell has the lines it has in
WeasyPrint; a text that is plainly shorter than its cell is one line without asking. A row's height is its tallest
cell's lines plus what the sample shows around them; rows never split, so a page ends before the first row whose
bottom passes the sample's limit, as in WeasyPrint's table layout. Pages are content streams written by
pdf_writer (the same embedded font files as the template's). Where the typesetter cannot be sure (a row taller than
a page, a page end closer to the limit than rounding, a character the font lacks) it raises ``UnknownLayout``.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

from .annex_geometry import Font, Geometry, RowSpec, UnknownLayout
from .annex_rows import Row
from .pdf_writer import font_metrics, num, resource_name, write_pdf

PT_PER_PX = 0.75
# How far a page end must be from the limit to be sure of it whatever the rounding of sums (px).
_MARGIN = 0.01
# A text whose advance, without kerning, is below this share of its line is one line whatever Pango's kerning.
_SURE_FIT = 0.97
# Texts whose only break opportunities (Unicode line breaking, as Pango applies it) are their single spaces: words of
# letters and digits with the punctuation of names and units, a dash only as a word of its own.
_SPACE_BREAKS_ONLY = re.compile(r"(?:[^\W_]|[.,;:()'\"]|(?<= )-(?= ))+(?: (?:[^\W_]|[.,;:()'\"]|(?<= )-(?= ))+)*")


@dataclass(frozen=True)
class SetRow:
    """A row ready to draw: its kind, each cell's lines, its height."""

    spec: RowSpec
    lines: tuple[tuple[str, ...], ...]
    height: float


class LineBreaker:
    """Lines of cell texts, as WeasyPrint breaks them; the same text in the same cell is broken once."""

    def __init__(self) -> None:
        self.known: dict[tuple[int, str], tuple[str, ...]] = {}

    def lines(self, cell, text: str) -> tuple[str, ...]:  # noqa: ANN001 - a CellSpec
        if not text:
            return ()
        key = (id(cell), text)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._break(cell, text)
        return found

    @staticmethod
    def _break(cell, text: str) -> tuple[str, ...]:  # noqa: ANN001 - a CellSpec
        font = cell.font
        metrics = font_metrics(font.bold, font.italic)
        if metrics.missing(text) or any(unicodedata.combining(ch) for ch in text):
            raise UnknownLayout("a character the embedded font lacks, or a combining mark")
        if not cell.wrap:
            return (text,)
        return _greedy(text, metrics, font.size, cell.width) or _pango_lines(cell, text)


def _greedy(text: str, metrics, size: float, width: float) -> tuple[str, ...] | None:  # noqa: ANN001 - FontMetrics
    """The lines of a text that can break only at its spaces, when every break is clear despite kerning; else None.

    Pango (as WeasyPrint calls it) fills a line with as many words as fit: the same here, with advances measured
    without kerning, and only where the measure is far enough from the line length (``_SURE_FIT``) for kerning not
    to change the decision.
    """
    sure, unsure = width * _SURE_FIT, width / _SURE_FIT
    if metrics.width(text) * size <= sure:
        return (text,)
    if not _SPACE_BREAKS_ONLY.fullmatch(text):
        return None
    words = text.split(" ")
    lines = []
    current = words[0]
    if metrics.width(current) * size > sure:
        return None
    for word in words[1:]:
        candidate = current + " " + word
        advance = metrics.width(candidate) * size
        if advance <= sure:
            current = candidate
        elif advance > unsure and metrics.width(word) * size <= sure:
            lines.append(current)
            current = word
        else:
            return None
    lines.append(current)
    return tuple(lines)


def _pango_lines(cell, text: str) -> tuple[str, ...]:  # noqa: ANN001 - a CellSpec
    """The lines as WeasyPrint's inline layout gets them: its own first-line function, again on what is left."""
    from weasyprint.text.line_break import split_first_line

    lines = []
    while text:
        _, length, resume, _, _, _ = split_first_line(text, cell.style, None, cell.width, 0, True)
        encoded = text.encode()
        lines.append(encoded[:length].decode().rstrip(" "))
        if resume is None:
            break
        text = encoded[resume:].decode().lstrip(" ")
    return tuple(lines)


def set_row(row: Row, spec: RowSpec, breaker: LineBreaker) -> SetRow:
    lines = tuple(breaker.lines(cell, html.text) for cell, html in zip(spec.cells, row.cells, strict=True))
    content = max((len(cell_lines) * cell.line_height for cell_lines, cell in zip(lines, spec.cells, strict=True)),
                  default=0.0)
    return SetRow(spec, lines, content + spec.extra)


def paginate(rows: list[SetRow], geometry: Geometry) -> list[int]:
    """Index of the first row of each page, rows laid out from the top of a continuation page."""
    starts = []
    index = 0
    available = geometry.limit - geometry.body_top
    while index < len(rows):
        starts.append(index)
        y = geometry.body_top
        first = index
        while index < len(rows):
            bottom = y + rows[index].height
            if abs(bottom - geometry.limit) < _MARGIN:
                raise UnknownLayout("a page end too close to the limit to be sure")
            if not geometry.fits(bottom):
                break
            y = bottom
            index += 1
        if index == first:
            raise UnknownLayout(f"a row taller than a page ({rows[index].height:.1f} > {available:.1f} px)")
        if index < len(rows):
            index = _earlier_break(rows, first, index)
    return starts


def _earlier_break(rows: list[SetRow], first: int, index: int) -> int:
    """Where the page really ends: before ``index``, or earlier when rows must keep together (break-*: avoid)."""
    while index > first and (rows[index - 1].spec.avoid_break_after or rows[index].spec.avoid_break_before):
        index -= 1
    if index == first:
        raise UnknownLayout("rows that must keep together fill a page")
    return index


class _Page:
    """One page's content stream, in CSS pixels converted to PDF points; the characters drawn, per style."""

    def __init__(self, geometry: Geometry, characters: dict[tuple[bool, bool], set[str]]) -> None:
        self.height_pt = geometry.page_height * PT_PER_PX
        self.characters = characters
        self.parts: list[str] = []
        self.lines: list[str] = []
        self.fonts: dict[Font, tuple[str, object, set[str]]] = {}

    def text(self, x: float, baseline: float, text: str, font: Font) -> None:
        known = self.fonts.get(font)
        if known is None:
            style = (font.bold, font.italic)
            known = self.fonts[font] = (f"BT /{resource_name(*style)} {num(font.size * PT_PER_PX)} Tf 1 0 0 1 ",
                                        font_metrics(*style), self.characters.setdefault(style, set()))
        prefix, metrics, used = known
        used.update(text)
        self.parts.append(f"{prefix}{num(x * PT_PER_PX)} {num(self.height_pt - baseline * PT_PER_PX)} Tm "
                          f"<{metrics.encode(text)}> Tj ET\n")

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        height = self.height_pt
        self.lines.append(f"{num(x0 * PT_PER_PX)} {num(height - y0 * PT_PER_PX)} m "
                          f"{num(x1 * PT_PER_PX)} {num(height - y1 * PT_PER_PX)} l\n")

    def stream(self, border: float) -> bytes:
        content = (f"0 0 0 RG {num(border * PT_PER_PX)} w 0 J\n" + "".join(self.lines) + "S\n0 0 0 rg\n"
                   + "".join(self.parts))
        return zlib.compress(content.encode("ascii"), 6)


def _width(text: str, font: Font) -> float:
    return font_metrics(font.bold, font.italic).width(text) * font.size


def _draw_grid(page: _Page, geometry: Geometry, top: float, bottom: float, edges: tuple[float, ...]) -> None:
    half = geometry.border / 2
    page.line(edges[0] - half, top, edges[-1] + half, top)
    for x in edges:
        page.line(x, top - half, x, bottom + half)


def draw_pages(rows: list[SetRow], starts: list[int], geometry: Geometry, first_number: int) -> tuple[bytes, int]:
    """A PDF of the pages beginning at ``starts`` (the last page ends with the rows), numbered from ``first_number``."""
    characters: dict[tuple[bool, bool], set[str]] = {}
    streams = []
    ends = starts[1:] + [len(rows)]
    for offset, (start, end) in enumerate(zip(starts, ends, strict=True)):
        page = _Page(geometry, characters)
        top = geometry.table_top
        for row_top, row_bottom, edges in geometry.header_rows:
            _draw_grid(page, geometry, top + row_top, top + row_bottom, edges)
        for text in geometry.header_texts:
            page.text(text.x, top + text.baseline, text.text, text.font)
        y = geometry.body_top
        for row in rows[start:end]:
            _draw_grid(page, geometry, y, y + row.height, row.spec.edges)
            for cell, lines in zip(row.spec.cells, row.lines, strict=True):
                for number, line in enumerate(lines):
                    x = cell.content_x
                    if cell.align != "left":
                        spare = cell.width - _width(line, cell.font)
                        x += spare / 2 if cell.align == "center" else spare
                    page.text(x, y + cell.baseline + number * cell.line_height, line, cell.font)
            y += row.height
        page.line(geometry.columns[0] - geometry.border / 2, y, geometry.columns[-1] + geometry.border / 2, y)
        label = str(first_number + offset)
        page.text(geometry.number_centre - _width(label, geometry.number_font) / 2, geometry.number_baseline, label,
                  geometry.number_font)
        streams.append(page.stream(geometry.border))
    size = (geometry.page_width * PT_PER_PX, geometry.page_height * PT_PER_PX)
    return write_pdf(streams, page_size_pt=size,
                     characters={style: frozenset(used) for style, used in characters.items()})
