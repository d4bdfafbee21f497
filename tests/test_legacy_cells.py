"""Legacy-encoded cells are judged once per distinct value (issue 19): the same grid, the same conversions, in the
same order, as converting every cell in turn."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import cell_values
from test_memoised import FONTS, texts

from generator.core.text import clean_text
from generator.reading.encodings import convert_cell, unicode_to_tcvn3, unicode_to_vni
from generator.reading.legacy_cells import Conversion, column_letter, convert_legacy

ROOT = Path(__file__).resolve().parents[1]


def converted_cell_by_cell(grid, fonts, sheet):  # noqa: ANN001, ANN201 - the loop loading.py ran before issue 19
    conversions = []
    for row_index, row in enumerate(grid):
        for column_index, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            font = fonts[row_index][column_index] if fonts and column_index < len(fonts[row_index]) else None
            converted, encoding = convert_cell.__wrapped__(value, font)
            if encoding and converted != value:
                row[column_index] = converted
                where = f"{sheet}!{column_letter(column_index)}{row_index + 1}"
                conversions.append(Conversion(where, encoding, clean_text(value), clean_text(converted)))
    return conversions


def assert_same(grid, fonts) -> None:  # noqa: ANN001
    plain_grid, plain_fonts = copy.deepcopy(grid), copy.deepcopy(fonts)
    expected = converted_cell_by_cell(plain_grid, plain_fonts, "Trang")
    assert convert_legacy(grid, fonts, "Trang") == expected
    assert grid == plain_grid


# Legacy text, Unicode text and anything else a cell holds; fonts that name an encoding or none.
legacy_or_any = st.one_of(texts, cell_values,
                          st.sampled_from(["Lª V¨n A", "NguyÔn ThÞ B", "Tr\u00f6\u00f4ng", "CHñ TÞCH"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(legacy_or_any, st.sampled_from(FONTS)), max_size=8), max_size=12),
       st.booleans())
def test_distinct_values_convert_as_every_cell_did(cells, with_fonts):
    grid = [[value for value, _ in row] for row in cells]
    fonts = [[font for _, font in row] for row in cells] if with_fonts else None
    assert_same(grid, fonts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(legacy_or_any, max_size=8), max_size=12), st.sampled_from(FONTS))
def test_rows_wider_than_their_fonts_convert_as_every_cell_did(rows, font):
    # A vertical merge can widen a row beyond the fonts read for it: those cells have no font.
    fonts = [[font] * (len(row) // 2) for row in rows]
    assert_same(rows, fonts)


def test_the_example_lists_convert_as_every_cell_did():
    # Each bundled list as it is (Unicode), then typed again in TCVN3 and VNI: every third row in the legacy
    # font, the others with no font, so that both the font and the character statistics decide.
    found = 0
    for path in sorted((ROOT / "data").glob("*/*.xlsx")) + sorted((ROOT / "tests" / "fixtures").rglob("*.xlsx")):
        for sheet in openpyxl.load_workbook(path).worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            fonts = [[cell.font.name if cell.value is not None else None for cell in row] for row in sheet.iter_rows()]
            assert_same(copy.deepcopy(rows), fonts)
            for encode, font in ((unicode_to_tcvn3, ".VnTime"), (unicode_to_vni, "VNI-Times")):
                grid = [[encode(value) if isinstance(value, str) else value for value in row] for row in rows]
                legacy_fonts = [[font if index % 3 == 0 else None] * len(row) for index, row in enumerate(rows)]
                found += len(converted_cell_by_cell(copy.deepcopy(grid), legacy_fonts, sheet.title))
                assert_same(copy.deepcopy(grid), legacy_fonts)
                assert_same(grid, None)
    assert found > 100  # the walk over rows was taken, not only the shortcut for a Unicode list


def test_a_unicode_list_is_left_as_it_is():
    grid = [["STT", "Họ và tên"], [1, "Nguyễn Văn A"], [2, None], [3, "  "]]
    assert convert_legacy(grid, [["Times New Roman"] * 2] * 4, "Trang") == []
    assert grid == [["STT", "Họ và tên"], [1, "Nguyễn Văn A"], [2, None], [3, "  "]]
