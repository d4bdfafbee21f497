"""Turn a grid's TCVN3/VNI cells into Unicode in place, and into the list of conversions the user is shown.

A list of 50.000 rows is half a million cells but a few thousand distinct values, and almost every list is Unicode
throughout. So each distinct value is judged once (``convert_cell``), the cells are walked only when some value or
some font could change anything, and then only the rows holding such a value or font: the same conversions, in
the same order, as converting every cell in turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.text import clean_text
from .encodings import convert_cell, font_encoding


@dataclass(frozen=True)
class Conversion:
    """A cell whose legacy-encoded text was converted to Unicode."""

    where: str  # "Danh sách!B7"
    encoding: str  # "tcvn3", "tcvn3-upper", "vni", "windows-1258"
    before: str
    after: str


def column_letter(index: int) -> str:
    """The sheet letters of a 0-based column index (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def convert_legacy(grid: list[list[object]], fonts: list[list[str | None]] | None, sheet: str) -> list[Conversion]:
    """Convert TCVN3/VNI text in place, by the cell's font first, then by character statistics; report each cell.

    A cell's answer depends on its text and its font's encoding (``font_encoding``); a font that names no legacy
    encoding decides nothing, so such cells are judged by their text alone.
    """
    distinct: set[object] = set()
    for row in grid:  # set.update runs in C: no Python step per cell
        distinct.update(row)
    legacy_fonts: set[str | None] = set()
    if fonts:
        used_fonts: set[str | None] = set()
        for row in fonts:
            used_fonts.update(row)
        legacy_fonts = {font for font in used_fonts if font_encoding(font) is not None}
    changing = {value for value in distinct
                if isinstance(value, str) and value.strip() and _changes(value, None)}
    if not changing and not legacy_fonts:
        return []
    conversions = []
    for row_index, row in enumerate(grid):
        font_row = fonts[row_index] if fonts and row_index < len(fonts) else None
        if changing.isdisjoint(row) and (not legacy_fonts or legacy_fonts.isdisjoint(font_row or ())):
            continue  # no value that converts, no font that could make one
        for column_index, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            font = font_row[column_index] if font_row is not None and column_index < len(font_row) else None
            converted, encoding = convert_cell(value, font)
            if encoding and converted != value:
                row[column_index] = converted
                where = f"{sheet}!{column_letter(column_index)}{row_index + 1}"
                conversions.append(Conversion(where, encoding, clean_text(value), clean_text(converted)))
    return conversions


def _changes(value: str, font: str | None) -> bool:
    converted, encoding = convert_cell(value, font)
    return bool(encoding) and converted != value
