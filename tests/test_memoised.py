"""Per-cell string functions are memoised (issue 19): the cached answer is the one the function itself gives."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import cell_values

from generator.core.legal import form_key
from generator.core.text import _clean_string, clean_text, unprintable
from generator.core.vietnamese import comparison_key, honorific
from generator.reading.encodings import convert_cell
from generator.reading.validation import _has_letter_or_digit, _person_name, parse_amount

ROOT = Path(__file__).resolve().parents[1]
FONTS = [None, "", "Times New Roman", ".VnTime", ".VnTimeH", "VNI-Times", "VNI Helve"]
# Vietnamese letters, TCVN3 and VNI code characters, marks, spaces of every kind: what lists hold.
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="aăâeêioôơuưy AĂÂĐ đ òóỏõọ ÒÓ ¸µ¶·¹ñ ®øö öù Ñ Øù Øaø Ö Ù ØÙ\u00a0\u2007\u202f\t\u0300\u0301"
                     "\u0303\u0309\u0323 HOàhoà Thủy thuỷ Lª ", max_size=40),
)
MEMOISED = [comparison_key, form_key, convert_cell, _clean_string, unprintable, honorific, parse_amount, _person_name,
            _has_letter_or_digit]


def corpus_cells() -> list[str]:
    """Every text cell of the bundled example lists."""
    cells = []
    for path in sorted((ROOT / "data").glob("*/*.xlsx")):
        for sheet in openpyxl.load_workbook(path).worksheets:
            cells.extend(str(value) for row in sheet.iter_rows(values_only=True) for value in row
                         if value is not None)
    return cells


def test_the_per_cell_functions_are_memoised():
    for function in MEMOISED:
        function.cache_clear()
    for _ in range(3):
        assert comparison_key("Nguyễn Thị Hoà") == comparison_key("nguyễn  thị hòa")
        assert form_key("Lao động tiên tiến") == "laodongtientien"
        assert convert_cell("Lª V¨n A", ".VnTime") == ("Lê Văn A", "tcvn3")
        assert clean_text(" Trường\u00a0 A ") == "Trường A"
        assert unprintable("Lê\x07") == "U+0007"
        assert honorific("NỮ") == "Bà"
        assert parse_amount("1.410.000 đồng") == 1410000
        assert _person_name("TRẦN VĂN ỔN") == "Trần Văn Ổn"
        assert not _has_letter_or_digit("...")
    for function in MEMOISED:
        assert function.cache_info().hits >= 2, function.__name__


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(FONTS))
def test_memoised_functions_answer_as_the_functions_themselves(text, font):
    for _ in range(2):  # the second call is answered from the cache
        assert comparison_key(text) == comparison_key.__wrapped__(text)
        assert form_key(text) == form_key.__wrapped__(text)
        assert convert_cell(text, font) == convert_cell.__wrapped__(text, font)
        assert clean_text(text) == _clean_string.__wrapped__(text)
        assert unprintable(text) == unprintable.__wrapped__(text)
        assert honorific(text) == honorific.__wrapped__(text)
        assert parse_amount(text) == parse_amount.__wrapped__(text)
        assert _person_name(text) == _person_name.__wrapped__(text)
        assert _has_letter_or_digit(text) == _has_letter_or_digit.__wrapped__(text)


@settings(max_examples=200, deadline=None)
@given(cell_values)
def test_clean_text_of_any_cell_value_is_unchanged_by_the_cache(value):
    # The fuzz corpus's cells: numbers, booleans and None never share a cache entry with text ("1" and 1.0).
    expected = "" if value is None else (
        _clean_string.__wrapped__(str(int(value) if isinstance(value, float) and value.is_integer() else value)))
    assert clean_text(value) == expected
    assert clean_text(value) == expected


@pytest.mark.parametrize("font", FONTS)
def test_memoised_functions_on_the_example_lists(font):
    cells = corpus_cells()
    assert len(cells) > 100
    for text in cells + cells:
        assert comparison_key(text) == comparison_key.__wrapped__(text)
        assert form_key(text) == form_key.__wrapped__(text)
        assert convert_cell(text, font) == convert_cell.__wrapped__(text, font)
        assert clean_text(text) == _clean_string.__wrapped__(text)
        assert unprintable(text) == unprintable.__wrapped__(text)
        assert honorific(text) == honorific.__wrapped__(text)
        assert parse_amount(text) == parse_amount.__wrapped__(text)
        assert _person_name(text) == _person_name.__wrapped__(text)
        assert _has_letter_or_digit(text) == _has_letter_or_digit.__wrapped__(text)
