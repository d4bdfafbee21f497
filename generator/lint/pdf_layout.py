"""Turn the text objects of a PDF page into printed lines, page numbers, data-table cells and reading order.

Lines are found by position only (baselines, gaps between words, vertical strokes of tables), never by the
order in which the producer wrote the text, so that the header's two columns and the signature block read
the same whatever made the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import PageNumberMark, Span

MM = 72 / 25.4  # points per millimetre
COLUMN_GAP_MM = 8.0  # a wider gap on one baseline separates two columns
PAGE_NUMBER_ZONE_MM = 20.0  # page numbers sit in the top (or, wrongly, the bottom) margin
HEADER_ZONE_MM = 30.0  # from the first text line of page 1: the issuer, Quốc hiệu, Tiêu ngữ, Số and date
HEADER_GAP_EM = 0.6  # a gap wider than this (in font sizes) between words of the header separates its columns


@dataclass(slots=True)
class Piece:
    """One pdfium text object, in millimetres from the top-left corner of the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    italic: bool
    font: str


@dataclass(slots=True)
class Line:
    """Pieces on one baseline, in order. Its extent, size and text are computed once, when it is made (the pieces
    never change afterwards, and the readers ask for them many times over)."""

    pieces: list[Piece]
    page: int
    column: str = "body"
    zone: int = -1
    grid: bool = False
    x0: float = field(init=False, repr=False, compare=False)
    x1: float = field(init=False, repr=False, compare=False)
    top: float = field(init=False, repr=False, compare=False)
    bottom: float = field(init=False, repr=False, compare=False)
    size: float = field(init=False, repr=False, compare=False)
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pieces = self.pieces
        if len(pieces) == 1:  # most lines of a long list: one cell's line, one text object
            piece = pieces[0]
            self.x0, self.x1, self.top, self.bottom = piece.x0, piece.x1, piece.top, piece.bottom
            self.size, self.text = round(piece.size, 1), piece.text
            return
        self.x0 = min(piece.x0 for piece in pieces)
        self.x1 = max(piece.x1 for piece in pieces)
        self.top = min(piece.top for piece in pieces)
        self.bottom = max(piece.bottom for piece in pieces)
        weights: dict[float, int] = {}
        for piece in pieces:
            weights[round(piece.size, 1)] = weights.get(round(piece.size, 1), 0) + len(piece.text.strip())
        self.size = max(weights, key=lambda size: weights[size]) if weights else 0.0
        out = ""
        previous: Piece | None = None
        for piece in pieces:
            if previous is not None and piece.x0 - previous.x1 > 0.12 * piece.size / MM and \
                    not out.endswith(" ") and not piece.text.startswith(" "):
                out += " "
            out += piece.text
            previous = piece
        self.text = out

    @property
    def baseline(self) -> float:
        return self.pieces[0].baseline

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    def spans(self) -> list[Span]:
        return [Span(piece.text, round(piece.size * 2) / 2, piece.bold, piece.italic, piece.font)
                for piece in self.pieces]


@dataclass
class PageFacts:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x0, x1, y (mm from the top)
    verticals: list[tuple[float, float, float]] = field(default_factory=list)  # x, top, bottom of vertical strokes
    grid_bands: list[tuple[float, float]] = field(default_factory=list)  # vertical extents of drawn data tables
    number: PageNumberMark | None = None
    number_centre: float | None = None  # where the page number taken out of the text was centred
    ordered: list[Line] = field(default_factory=list)  # the lines in reading order (prepare_page)


def lines_of(pieces: list[Piece], page: int) -> list[Line]:
    """Pieces on one baseline make a row; a row is cut into lines where a wide gap separates columns."""
    header_until = min((piece.top for piece in pieces), default=0.0) + HEADER_ZONE_MM
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda item: (item.baseline, item.x0)):
        tolerance = 0.3 * piece.size / MM
        if rows and abs(rows[-1][0].baseline - piece.baseline) <= tolerance:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda item: item.x0)
        current = [row[0]]
        right = row[0].x1  # the rightmost end of the pieces in ``current``
        # The first lines of page 1 are the header's two columns, centred and never justified: a gap of a few
        # spaces there already separates the issuer from the Quốc hiệu (LibreOffice sets them on one baseline).
        header = page == 1 and row[0].top < header_until
        for piece in row[1:]:
            gap = piece.x0 - right
            if gap > COLUMN_GAP_MM or (header and gap > HEADER_GAP_EM * piece.size / MM):
                lines.append(Line(current, page))
                current = [piece]
                right = piece.x1
            else:
                current.append(piece)
                right = max(right, piece.x1)
        lines.append(Line(current, page))
    return lines


_NUMBER = re.compile(r"\s*\d{1,4}\s*")


def prepare_page(facts: PageFacts) -> None:
    """Take the page number out, mark the cells of data tables, put the lines in reading order: all of it
    within the page, so that each part of a long PDF does it for its own pages."""
    facts.number_centre = take_page_number(facts)
    mark_grids(facts)
    facts.ordered = reading_order(facts)


def take_page_number(facts: PageFacts) -> float | None:
    """Take a number printed alone in the top or bottom margin out of the text; record it, return its centre."""
    candidates = [line for line in facts.lines if _NUMBER.fullmatch(line.text)]
    # By identity: two lines of one page are never equal (they do not share a place), and comparing them field by
    # field costs a long list dearly.
    taken = {id(line) for line in candidates}
    body = [line for line in facts.lines if id(line) not in taken]
    text_top = min((line.top for line in body), default=facts.height)
    text_bottom = max((line.bottom for line in body), default=0.0)
    for line in candidates:
        in_top = line.bottom <= text_top + 0.5 and line.top < PAGE_NUMBER_ZONE_MM + 5
        in_bottom = line.top >= text_bottom - 0.5 and line.bottom > facts.height - PAGE_NUMBER_ZONE_MM - 5
        if in_top or in_bottom:
            facts.number = PageNumberMark("header" if in_top else "footer", None, round(line.size * 2) / 2,
                                          line.text.strip())
            facts.lines.remove(line)
            return line.centre
    return None


def mark_grids(facts: PageFacts) -> None:
    """Lines inside a drawn data table (three columns or more between vertical strokes) are cells, read row by row.

    A two-column table with visible borders (a header typed that way) stays a layout table.
    """
    bands: list[list] = []  # top, bottom, x positions
    for x, top, bottom in sorted(facts.verticals, key=lambda item: item[1]):
        if bands and top <= bands[-1][1] + 0.5:
            bands[-1][1] = max(bands[-1][1], bottom)
            bands[-1][2].add(round(x))
        else:
            bands.append([top, bottom, {round(x)}])
    facts.grid_bands = [(top, bottom) for top, bottom, xs in bands if len(xs) >= 4]
    for line in facts.lines:
        middle = (line.top + line.bottom) / 2
        if any(top <= middle <= bottom for top, bottom in facts.grid_bands):
            line.grid = True
            line.column = "grid"


def reading_order(facts: PageFacts) -> list[Line]:
    """Order the page's lines for reading: two-column zones left column first, like the cells of a table."""
    rows: list[list[Line]] = []
    for line in sorted(facts.lines, key=lambda item: (item.baseline, item.x0)):
        if rows and abs(rows[-1][0].baseline - line.baseline) <= 0.3 * line.size / MM:
            rows[-1].append(line)
        else:
            rows.append([line])
    ordered: list[Line] = []
    index = 0
    zone_number = 0
    while index < len(rows):
        row = rows[index]
        if len(row) != 2 or any(line.grid for line in row):
            ordered.extend(sorted(row, key=lambda item: item.x0))
            index += 1
            continue
        # A two-column zone: extend it over neighbouring single lines that sit in one of its columns.
        zone_number += 1
        left, right = sorted(row, key=lambda item: item.x0)
        split = (left.x1 + right.x0) / 2
        columns = {"left": [left], "right": [right]}
        # Only rows below are taken: a zone starts at its first two-column row (Quốc hiệu beside the issuer,
        # Nơi nhận beside the signer); the line above it is the end of the text before.
        start = index
        end = index + 1
        while end < len(rows) and (fits_column(rows[end], columns, split) or is_pair(rows[end], split)):
            for line in rows[end]:
                columns["left" if line.centre < split else "right"].append(line)
            end += 1
        taken = [line for r in rows[start:end] for line in r]
        for side in ("left", "right"):
            members = sorted((line for line in taken if (line.centre < split) == (side == "left")),
                             key=lambda item: item.baseline)
            for line in members:
                line.column = side
                line.zone = zone_number
            ordered.extend(members)
        index = end
    return ordered


def is_pair(row: list[Line], split: float) -> bool:
    if len(row) != 2 or any(line.grid for line in row):
        return False
    left, right = sorted(row, key=lambda item: item.x0)
    return left.x1 < split < right.x0


def fits_column(row: list[Line], columns: dict[str, list[Line]], split: float) -> bool:
    """A single line continues a column zone when it stays clear of the other column and is aligned with its own."""
    if len(row) != 1 or row[0].grid:
        return False
    line = row[0]
    side = "left" if line.centre < split else "right"
    if side == "left" and line.x1 > min(member.x0 for member in columns["right"]) - 0.5:
        return False
    if side == "right" and line.x0 < max(member.x1 for member in columns["left"]) + 0.5:
        return False
    members = columns[side]
    lefts = [member.x0 for member in members]
    centres = [member.centre for member in members]
    left_aligned = max(lefts) - min(lefts) < 1.5
    centred = max(centres) - min(centres) < 1.5
    if len(members) == 1:
        left_aligned = centred = True
    return (left_aligned and abs(line.x0 - lefts[0]) < 1.5) or (centred and abs(line.centre - centres[0]) < 1.5)
