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
from .annex_kerning import kerned_font
from .annex_rows import Row
from .pdf_writer import font_metrics, num, resource_name, write_pdf

PT_PER_PX = 0.75
# How far a page end must be from the limit to be sure of it whatever the rounding of sums (px).
_MARGIN = 0.01
# Without the font's kerning pairs, a line within this share of its length is left to Pango.
_SURE_FIT = 0.97
# What Pango's rounding may add to a line's width (px): 1/1024 px a glyph, for lines of a few dozen glyphs.
_ROUNDING = 0.05
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
        if metrics.missing(text) or any(unicodedata.combining(ch) for ch in text) or "\xad" in text:
            raise UnknownLayout("a character the embedded font lacks, a combining mark or a soft hyphen")
        if not cell.wrap:
            return (text,)
        kerned = kerned_font(font.bold, font.italic)
        if kerned is None:
            return _greedy(text, metrics.width, font.size, cell.width, lambda _: cell.width * (1 - _SURE_FIT)) \
                or _pango_lines(cell, text)
        return _greedy(text, kerned.width, font.size, cell.width,
                       lambda ch: _ROUNDING + abs(kerned.before_space(ch)) * font.size) or _pango_lines(cell, text)


def _greedy(text: str, width_of, size: float, width: float, slack) -> tuple[str, ...] | None:  # noqa: ANN001
    """The lines of a text that can break only at its spaces, when every break is clear; else None.

    Pango (as WeasyPrint calls it) fills a line with as many words as fit: the same here, with widths measured by
    ``width_of`` (em) and a decision taken only where the width is more than ``slack(last character)`` px from the
    line length (what the measure may miss: rounding, and the kerning with the space after a line's last word).
    """
    if width_of(text) * size <= width - _ROUNDING:
        return (text,)
    if not _SPACE_BREAKS_ONLY.fullmatch(text):
        return None
    words = text.split(" ")
    if len(words) == 1:
        return (text,)  # no break opportunity: one line, wider than the cell (overflow-wrap: normal)
    lines = []
    current = words[0]
    if width_of(current) * size > width - slack(current[-1]):
        return None
    for word in words[1:]:
        candidate = current + " " + word
        advance = width_of(candidate) * size
        margin = slack(candidate[-1])
        if advance <= width - margin:
            current = candidate
        elif advance > width + margin and width_of(word) * size <= width - slack(word[-1]):
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


def draw_pages(rows: list[SetRow], starts: list[int], geometry: Geometry, first_number: int,
               font_names: dict[tuple[bool, bool], str] | None = None) -> tuple[bytes, int]:
    """A PDF of the pages beginning at ``starts`` (the last page ends with the rows), numbered from ``first_number``;
    ``font_names`` as in pdf_writer.write_pdf."""
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
                     characters={style: frozenset(used) for style, used in characters.items()}, font_names=font_names)
