"""Tests for generator.core.vietnamese: dates, numbers, money, names and Vietnamese alphabetical order.

Every expected value is written by hand from thi-dua-khen-thuong.md §4–§5 and nd30.md §3. Numbers in words are
also checked against an independent reader (below) that parses the words back into an integer.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.vietnamese import (
    administrative_date,
    amount_in_words,
    collation_key,
    comparison_key,
    document_number,
    format_money,
    honorific,
    name_case,
    nfc,
    number_in_words,
    person_name_sort_key,
    short_date,
    two_digit_count,
    upper,
)

SIX_SPACES = "      "


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 1, 5), "ngày 05 tháng 01 năm 2026", id="ngày 05 tháng 01"),
        pytest.param(date(2026, 2, 5), "ngày 05 tháng 02 năm 2026", id="ngày 05 tháng 02"),
        pytest.param(date(2026, 3, 5), "ngày 05 tháng 3 năm 2026", id="ngày 05 tháng 3"),
        pytest.param(date(2026, 12, 25), "ngày 25 tháng 12 năm 2026", id="ngày 25 tháng 12"),
        pytest.param(date(2019, 6, 29), "ngày 29 tháng 6 năm 2019", id="ngày 29 tháng 6"),
        pytest.param(date(2022, 6, 15), "ngày 15 tháng 6 năm 2022", id="ngày 15 tháng 6 (Luật TĐKT)"),
        pytest.param(date(2026, 1, 20), "ngày 20 tháng 01 năm 2026", id="ngày 20 tháng 01"),
        pytest.param(date(2025, 1, 31), "ngày 31 tháng 01 năm 2025", id="ngày 31 tháng 01"),
        pytest.param(date(2026, 2, 28), "ngày 28 tháng 02 năm 2026", id="ngày 28 tháng 02"),
        pytest.param(date(2026, 9, 1), "ngày 01 tháng 9 năm 2026", id="ngày 01 tháng 9"),
        pytest.param(date(2026, 10, 10), "ngày 10 tháng 10 năm 2026", id="ngày 10 tháng 10"),
        pytest.param(date(2026, 11, 9), "ngày 09 tháng 11 năm 2026", id="ngày 09 tháng 11"),
        pytest.param(date(2023, 12, 31), "ngày 31 tháng 12 năm 2023", id="ngày 31 tháng 12"),
    ],
)
def test_administrative_date(day: date, expected: str) -> None:
    assert administrative_date(day) == expected


def test_administrative_date_accepts_a_matching_year() -> None:
    assert administrative_date(date(2026, 2, 5), 2026) == "ngày 05 tháng 02 năm 2026"


def test_administrative_date_rejects_a_contradicting_year() -> None:
    with pytest.raises(ValueError):
        administrative_date(date(2026, 2, 5), 2025)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2026, "ngày      tháng      năm 2026", id="draft 2026"),
        pytest.param(2025, "ngày" + SIX_SPACES + "tháng" + SIX_SPACES + "năm 2025", id="draft 2025"),
    ],
)
def test_administrative_date_draft_keeps_the_year(year: int, expected: str) -> None:
    assert administrative_date(None, year) == expected


def test_administrative_date_draft_uses_ordinary_spaces_only() -> None:
    text = administrative_date(None, 2026)
    assert text.count(" ") == 6 + 6 + 1
    assert "\u00a0" not in text


def test_administrative_date_draft_without_year_is_an_error() -> None:
    with pytest.raises(ValueError):
        administrative_date(None)
    with pytest.raises(ValueError):
        administrative_date(None, None)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_administrative_date_pads_day_below_10_and_months_1_2_only(day: date) -> None:
    match = re.fullmatch(r"ngày (\d+) tháng (\d+) năm (\d+)", administrative_date(day))
    assert match is not None
    day_text, month_text, year_text = match.groups()
    assert (int(day_text), int(month_text), int(year_text)) == (day.day, day.month, day.year)
    assert len(day_text) == 2
    assert len(month_text) == (2 if day.month in (1, 2, 10, 11, 12) else 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 1, 20), "20/01/2026", id="20/01/2026"),
        pytest.param(date(2026, 12, 5), "05/12/2026", id="05/12/2026"),
        pytest.param(date(2025, 7, 1), "01/07/2025", id="01/07/2025 (month 7 padded here)"),
        pytest.param(date(2026, 11, 30), "30/11/2026", id="30/11/2026"),
    ],
)
def test_short_date(day: date, expected: str) -> None:
    assert short_date(day) == expected


# ---------------------------------------------------------------------------------------------------------
# Numbers as digits
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param(1, "01", id="số 01"),
        pytest.param(5, "05", id="số 05"),
        pytest.param(9, "09", id="số 09"),
        pytest.param(10, "10", id="số 10"),
        pytest.param(99, "99", id="số 99"),
        pytest.param(123, "123", id="số 123"),
        pytest.param(2634, "2634", id="số 2634"),
        pytest.param(None, SIX_SPACES, id="draft: six spaces"),
    ],
)
def test_document_number(number: int | None, expected: str) -> None:
    assert document_number(number) == expected


@pytest.mark.parametrize("number", [pytest.param(0, id="zero"), pytest.param(-3, id="negative")])
def test_document_number_rejects_numbers_below_one(number: int) -> None:
    with pytest.raises(ValueError):
        document_number(number)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(0, "00", id="00"),
        pytest.param(1, "01", id="01"),
        pytest.param(3, "03", id="03 tập thể"),
        pytest.param(12, "12", id="12 cá nhân"),
        pytest.param(120, "120", id="120"),
        pytest.param(2000, "2.000", id="2.000 cá nhân"),
        pytest.param(12345, "12.345", id="12.345"),
    ],
)
def test_two_digit_count(count: int, expected: str) -> None:
    assert two_digit_count(count) == expected


def test_two_digit_count_rejects_negative() -> None:
    with pytest.raises(ValueError):
        two_digit_count(-1)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param(0, "0", id="0"),
        pytest.param(999, "999", id="999"),
        pytest.param(1000, "1.000", id="1.000"),
        pytest.param(710_000, "710.000", id="710.000"),
        pytest.param(1_410_000, "1.410.000", id="1.410.000"),
        pytest.param(12_750_000, "12.750.000", id="12.750.000"),
        pytest.param(10**12, "1.000.000.000.000", id="one nghìn tỷ"),
        pytest.param(-5000, "-5.000", id="-5.000"),
        pytest.param(-999, "-999", id="-999"),
    ],
)
def test_format_money(amount: int, expected: str) -> None:
    assert format_money(amount) == expected


# ---------------------------------------------------------------------------------------------------------
# Numbers in words: examples, one table per rule
# ---------------------------------------------------------------------------------------------------------

SPEC_EXAMPLES = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1010, "một nghìn không trăm mười"),
    (2001, "hai nghìn không trăm linh một"),
    (5_000_000, "năm triệu"),
    (1_000_500, "một triệu năm trăm"),
    (1_000_050, "một triệu không trăm năm mươi"),
    (1_002_000, "một triệu không trăm linh hai nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (1_000_001, "một triệu không trăm linh một"),
    (710_000, "bảy trăm mười nghìn"),
    (12_750_000, "mười hai triệu bảy trăm năm mươi nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_000_000, "một nghìn tỷ"),
]


@pytest.mark.parametrize(
    ("n", "expected"), [pytest.param(n, words, id=f"{n:_} {words}") for n, words in SPEC_EXAMPLES]
)
def test_number_in_words_spec_examples(n: int, expected: str) -> None:
    assert number_in_words(n) == expected


RULES = [
    # 10–19 and tens
    (10, {}, "mười", "10 mười"),
    (12, {}, "mười hai", "12 mười hai"),
    (19, {}, "mười chín", "19 mười chín"),
    (20, {}, "hai mươi", "20 hai mươi"),
    (90, {}, "chín mươi", "90 chín mươi"),
    # một / mốt
    (1, {}, "một", "1 một"),
    (11, {}, "mười một", "11 mười một, not mốt"),
    (31, {}, "ba mươi mốt", "31 mốt after tens >= 2"),
    (91, {}, "chín mươi mốt", "91 mốt"),
    (101, {}, "một trăm linh một", "101 một after linh"),
    (111, {}, "một trăm mười một", "111 mười một"),
    (121, {}, "một trăm hai mươi mốt", "121 mốt"),
    # năm / lăm
    (5, {}, "năm", "5 năm alone"),
    (15, {}, "mười lăm", "15 lăm after mười"),
    (55, {}, "năm mươi lăm", "55 năm mươi lăm"),
    (50, {}, "năm mươi", "50 năm mươi"),
    (500, {}, "năm trăm", "500 năm trăm"),
    (505, {}, "năm trăm linh năm", "505 năm after linh"),
    (515, {}, "năm trăm mười lăm", "515 lăm"),
    (5005, {}, "năm nghìn không trăm linh năm", "5005"),
    # bốn / tư
    (4, {}, "bốn", "4 bốn alone"),
    (4, {"four": "tư"}, "bốn", "4 bốn alone even in tư style"),
    (14, {}, "mười bốn", "14 mười bốn"),
    (14, {"four": "tư"}, "mười bốn", "14 mười bốn even in tư style"),
    (24, {"four": "tư"}, "hai mươi tư", "24 hai mươi tư"),
    (44, {}, "bốn mươi bốn", "44 bốn mươi bốn"),
    (44, {"four": "tư"}, "bốn mươi tư", "44 bốn mươi tư"),
    (104, {"four": "tư"}, "một trăm linh bốn", "104 bốn after linh in tư style"),
    (400, {"four": "tư"}, "bốn trăm", "400 bốn trăm in tư style"),
    (4_000, {"four": "tư"}, "bốn nghìn", "4000 bốn nghìn in tư style"),
    (24_024, {"four": "tư"}, "hai mươi tư nghìn không trăm hai mươi tư", "24024 tư style"),
    # linh / lẻ
    (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm", "105 lẻ năm"),
    (2001, {"zero_tens": "lẻ"}, "hai nghìn không trăm lẻ một", "2001 lẻ"),
    (1010, {"zero_tens": "lẻ"}, "một nghìn không trăm mười", "1010 never lẻ mười"),
    (100, {}, "một trăm", "100 một trăm"),
    (909, {"zero_tens": "lẻ", "four": "tư"}, "chín trăm lẻ chín", "909 lẻ chín"),
    # groups
    (1000, {}, "một nghìn", "1000 một nghìn"),
    (1001, {}, "một nghìn không trăm linh một", "1001"),
    (1100, {}, "một nghìn một trăm", "1100"),
    (10_000, {}, "mười nghìn", "10000 mười nghìn"),
    (21_000, {}, "hai mươi mốt nghìn", "21000 hai mươi mốt nghìn"),
    (100_000, {}, "một trăm nghìn", "100000 một trăm nghìn"),
    (105_000, {}, "một trăm linh năm nghìn", "105000 leading group reads linh"),
    (1_410_000, {}, "một triệu bốn trăm mười nghìn", "1410000"),
    (1_000_005, {}, "một triệu không trăm linh năm", "1000005"),
    (1_001_001, {}, "một triệu không trăm linh một nghìn không trăm linh một", "1001001"),
    (20_000_015, {}, "hai mươi triệu không trăm mười lăm", "20000015"),
    # tỷ repeats
    (2_000_000_001, {}, "hai tỷ không trăm linh một", "2000000001"),
    (1_001_000_000, {}, "một tỷ không trăm linh một triệu", "1001000000"),
    (1_500_000_000_000, {}, "một nghìn năm trăm tỷ", "1.5e12 một nghìn năm trăm tỷ"),
    (10**15, {}, "một triệu tỷ", "1e15 triệu tỷ"),
    (1_000_001_000_000_000, {}, "một triệu không trăm linh một tỷ", "1e15+1e9"),
    (10**18, {}, "một tỷ tỷ", "1e18 tỷ tỷ"),
    (10**21, {}, "một nghìn tỷ tỷ", "1e21 nghìn tỷ tỷ"),
    (
        123_456_789_012,
        {},
        (
            "một trăm hai mươi ba tỷ bốn trăm năm mươi sáu triệu "
            "bảy trăm tám mươi chín nghìn không trăm mười hai"
        ),
        "123456789012",
    ),
    (
        10**18 - 1,
        {},
        (
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
        ),
        "1e18-1",
    ),
]


@pytest.mark.parametrize(
    ("n", "options", "expected"), [pytest.param(n, opts, words, id=label) for n, opts, words, label in RULES]
)
def test_number_in_words_rules(n: int, options: dict[str, str], expected: str) -> None:
    assert number_in_words(n, **options) == expected


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param(lambda: number_in_words(-1), ValueError, id="negative"),
        pytest.param(lambda: number_in_words(5, zero_tens="le"), ValueError, id="unknown zero_tens"),
        pytest.param(lambda: number_in_words(5, four="4"), ValueError, id="unknown four"),
        pytest.param(lambda: number_in_words(1.5), TypeError, id="float"),
        pytest.param(lambda: amount_in_words(-710_000), ValueError, id="negative amount"),
    ],
)
def test_number_in_words_errors(call, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param(0, "Không đồng", id="Không đồng"),
        pytest.param(710_000, "Bảy trăm mười nghìn đồng", id="Bảy trăm mười nghìn đồng"),
        pytest.param(1_410_000, "Một triệu bốn trăm mười nghìn đồng", id="Một triệu bốn trăm mười nghìn"),
        pytest.param(
            12_750_000, "Mười hai triệu bảy trăm năm mươi nghìn đồng", id="Mười hai triệu bảy trăm năm mươi"
        ),
        pytest.param(1_880_000, "Một triệu tám trăm tám mươi nghìn đồng", id="Một triệu tám trăm tám mươi"),
        pytest.param(5, "Năm đồng", id="Năm đồng"),
        pytest.param(1_000_000_000, "Một tỷ đồng", id="Một tỷ đồng"),
    ],
)
def test_amount_in_words(amount: int, expected: str) -> None:
    assert amount_in_words(amount) == expected


# ---------------------------------------------------------------------------------------------------------
# Numbers in words: an independent reader and a round-trip property
# ---------------------------------------------------------------------------------------------------------


class Unreadable(Exception):
    """The words break one of the reading rules of thi-dua-khen-thuong.md §4."""


READER_DIGITS = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}


def read_plain_digit(word: str) -> int:
    if word not in READER_DIGITS:
        raise Unreadable(f"not a digit word: {word!r}")
    return READER_DIGITS[word]


def read_unit(word: str, tens: int, four: str) -> int:
    """The unit digit; ``tens`` is 0 when it stands alone or after linh/lẻ."""
    if tens >= 2 and word == "mốt":
        return 1
    if tens >= 1 and word == "lăm":
        return 5
    if tens >= 2 and word == four:
        return 4
    value = read_plain_digit(word)
    if value == 0:
        raise Unreadable("a zero unit is not spoken")
    if tens >= 2 and value == 1:
        raise Unreadable("1 after tens >= 2 must be mốt")
    if tens >= 1 and value == 5:
        raise Unreadable("5 after tens >= 1 must be lăm")
    if tens >= 2 and value == 4:
        raise Unreadable(f"4 after tens >= 2 must be {four}")
    return value


def read_group(words: list[str], full: bool, zero_tens: str, four: str) -> int:
    """One group of up to three digits, 1..999; a ``full`` group must say its hundreds."""
    if len(words) >= 2 and words[1] == "trăm":
        hundreds = read_plain_digit(words[0])
        if hundreds == 0 and not full:
            raise Unreadable("'không trăm' only inside a number")
        has_hundreds, rest = True, words[2:]
    else:
        if full:
            raise Unreadable(f"group {words} after a larger group must say its hundreds")
        hundreds, has_hundreds, rest = 0, False, words

    if not rest:
        tens = units = 0
    elif rest[0] == zero_tens:
        if not has_hundreds or len(rest) != 2:
            raise Unreadable(f"{zero_tens} needs hundreds before it and one digit after it")
        tens, units = 0, read_unit(rest[1], 0, four)
    elif rest[0] == "mười":
        if len(rest) > 2:
            raise Unreadable(f"too many words after mười: {rest}")
        tens = 1
        units = read_unit(rest[1], 1, four) if len(rest) == 2 else 0
    elif len(rest) >= 2 and rest[1] == "mươi":
        tens = read_plain_digit(rest[0])
        if tens < 2 or len(rest) > 3:
            raise Unreadable(f"bad tens: {rest}")
        units = read_unit(rest[2], tens, four) if len(rest) == 3 else 0
    elif len(rest) == 1:
        if has_hundreds:
            raise Unreadable(f"a unit after hundreds needs {zero_tens}")
        tens, units = 0, read_unit(rest[0], 0, four)
    else:
        raise Unreadable(f"cannot read group {words}")

    value = hundreds * 100 + tens * 10 + units
    if value == 0:
        raise Unreadable("an all-zero group must be skipped with its unit")
    return value


def read_below_billion(words: list[str], leading: bool, zero_tens: str, four: str) -> int:
    segments: list[tuple[list[str], int]] = []
    current: list[str] = []
    for word in words:
        if word in ("triệu", "nghìn"):
            segments.append((current, 10**6 if word == "triệu" else 10**3))
            current = []
        else:
            current.append(word)
    if current or not segments:
        segments.append((current, 1))
    multipliers = [multiplier for _, multiplier in segments]
    if multipliers != sorted(set(multipliers), reverse=True):
        raise Unreadable(f"units out of order: {words}")
    total = 0
    for index, (segment, multiplier) in enumerate(segments):
        if not segment:
            raise Unreadable(f"a unit without a number: {words}")
        total += read_group(segment, not (leading and index == 0), zero_tens, four) * multiplier
    return total


def read_number(words: list[str], leading: bool, zero_tens: str, four: str) -> int:
    if "tỷ" in words:
        last = len(words) - 1 - words[::-1].index("tỷ")
        billions, rest = words[:last], words[last + 1:]
        if not billions:
            raise Unreadable("tỷ without a number")
        value = read_number(billions, leading, zero_tens, four) * 10**9
        if rest:
            value += read_below_billion(rest, False, zero_tens, four)
        return value
    return read_below_billion(words, leading, zero_tens, four)


def read_vietnamese(text: str, zero_tens: str = "linh", four: str = "bốn") -> int:
    """Parse a reading produced under the given house style back into its integer, strictly."""
    if text != text.strip() or "  " in text or text != text.lower():
        raise Unreadable(f"not single-spaced lower-case words: {text!r}")
    words = text.split(" ")
    if words == ["không"]:
        return 0
    return read_number(words, True, zero_tens, four)


@pytest.mark.parametrize(
    ("text", "options"),
    [
        pytest.param("một nghìn lẻ mười", {"zero_tens": "lẻ"}, id="reject 1010 as nghìn lẻ mười"),
        pytest.param("một nghìn mười", {}, id="reject missing không trăm"),
        pytest.param("hai mươi một", {}, id="reject hai mươi một"),
        pytest.param("mười năm", {}, id="reject mười năm"),
        pytest.param("một trăm năm", {}, id="reject missing linh"),
        pytest.param("một trăm linh lăm", {}, id="reject linh lăm"),
        pytest.param("một trăm lẻ năm", {}, id="reject lẻ in linh style"),
        pytest.param("hai mươi tư", {}, id="reject tư in bốn style"),
        pytest.param("hai mươi bốn", {"four": "tư"}, id="reject bốn in tư style"),
        pytest.param("mười tư", {"four": "tư"}, id="reject mười tư"),
        pytest.param("một triệu không trăm nghìn", {}, id="reject spoken zero group"),
        pytest.param("một nghìn triệu", {}, id="reject units out of order"),
    ],
)
def test_reader_is_strict(text: str, options: dict[str, str]) -> None:
    with pytest.raises(Unreadable):
        read_vietnamese(text, **options)


@pytest.mark.parametrize(
    ("n", "words"), [pytest.param(n, words, id=f"read back {words}") for n, words in SPEC_EXAMPLES]
)
def test_reader_reads_the_spec_examples(n: int, words: str) -> None:
    assert read_vietnamese(words) == n


INTERESTING_GROUPS = [0, 0, 0, 1, 4, 5, 10, 11, 14, 15, 20, 21, 24, 25, 50, 55, 100, 101, 104, 105, 110, 111,
                      114, 115, 121, 124, 125, 500, 505, 999]

sparse_numbers = st.lists(
    st.one_of(st.sampled_from(INTERESTING_GROUPS), st.integers(0, 999)), min_size=1, max_size=5
).map(lambda groups: sum(group * 1000**index for index, group in enumerate(groups)))

numbers_up_to_10_15 = st.one_of(st.integers(0, 10**15), sparse_numbers, st.just(10**15))


@settings(max_examples=600)
@given(
    n=numbers_up_to_10_15,
    zero_tens=st.sampled_from(["linh", "lẻ"]),
    four=st.sampled_from(["bốn", "tư"]),
)
def test_number_in_words_reads_back(n: int, zero_tens: str, four: str) -> None:
    text = number_in_words(n, zero_tens=zero_tens, four=four)
    assert read_vietnamese(text, zero_tens=zero_tens, four=four) == n


@settings(max_examples=200)
@given(n=numbers_up_to_10_15)
def test_amount_in_words_wraps_number_in_words(n: int) -> None:
    text = amount_in_words(n)
    assert text.endswith(" đồng")
    assert text[0].isupper()
    assert read_vietnamese(text[0].lower() + text[1:-len(" đồng")]) == n


# ---------------------------------------------------------------------------------------------------------
# Honorific, case and Unicode hygiene
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gender", "expected"),
    [
        pytest.param("Nam", "Ông", id="Nam"),
        pytest.param("nam", "Ông", id="nam"),
        pytest.param("NAM", "Ông", id="NAM"),
        pytest.param(" Nam\u00a0", "Ông", id="Nam with spaces"),
        pytest.param("Nữ", "Bà", id="Nữ"),
        pytest.param("nữ", "Bà", id="nữ"),
        pytest.param("NỮ", "Bà", id="NỮ"),
        pytest.param("Nu", "Bà", id="Nu without diacritics"),
        pytest.param("nu", "Bà", id="nu"),
        pytest.param(nfd("Nữ"), "Bà", id="Nữ in NFD"),
        pytest.param(None, "", id="None"),
        pytest.param("", "", id="empty"),
        pytest.param("Khác", "", id="Khác"),
        pytest.param("Tập thể", "", id="Tập thể"),
    ],
)
def test_honorific(gender: str | None, expected: str) -> None:
    assert honorific(gender) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("hòa bình", "HÒA BÌNH", id="HÒA BÌNH"),
        pytest.param("đặng thị ngọc ánh", "ĐẶNG THỊ NGỌC ÁNH", id="đ to Đ"),
        pytest.param("Ủy ban nhân dân xã Hòa Bình", "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", id="issuer line"),
        pytest.param("người ươm", "NGƯỜI ƯƠM", id="ư ơ with tones"),
        pytest.param("quyết định", "QUYẾT ĐỊNH", id="QUYẾT ĐỊNH"),
        pytest.param(nfd("chiến sĩ thi đua cơ sở"), "CHIẾN SĨ THI ĐUA CƠ SỞ", id="NFD in, NFC out"),
        pytest.param("hoà thuỷ", "HOÀ THUỶ", id="old tone placement kept"),
    ],
)
def test_upper(text: str, expected: str) -> None:
    result = upper(text)
    assert result == expected
    assert is_nfc(result)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Nguyễn Thị Hồng Nhung", id="name"),
        pytest.param("Ủy ban nhân dân xã Hòa Bình", id="issuer"),
        pytest.param("Xin chào các bạn", id="greeting"),
    ],
)
def test_nfc(text: str) -> None:
    decomposed = nfd(text)
    assert decomposed != text
    assert nfc(decomposed) == text
    assert nfc(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("nguyễn thị hồng NHUNG", "Nguyễn Thị Hồng Nhung", id="mixed case"),
        pytest.param("NGUYỄN VĂN AN", "Nguyễn Văn An", id="upper case"),
        pytest.param("nguyễn văn an", "Nguyễn Văn An", id="lower case"),
        pytest.param("Nguyễn Văn An", "Nguyễn Văn An", id="already right"),
        pytest.param("  lê\u00a0\u00a0văn   bình  ", "Lê Văn Bình", id="non-breaking and repeated spaces"),
        pytest.param("lê\tvăn\nan", "Lê Văn An", id="tab and newline"),
        pytest.param("lê\u200b văn an", "Lê Văn An", id="zero-width space"),
        pytest.param("đỗ thị thuỷ", "Đỗ Thị Thuỷ", id="keeps old placement thuỷ"),
        pytest.param("ĐỖ THỊ THỦY", "Đỗ Thị Thủy", id="keeps new placement Thủy"),
        pytest.param("TRẦN HOÀ", "Trần Hoà", id="keeps Hoà"),
        pytest.param("trần hòa", "Trần Hòa", id="keeps Hòa"),
        pytest.param("ưng hoàng phúc", "Ưng Hoàng Phúc", id="initial Ư"),
        pytest.param("âu thị ánh", "Âu Thị Ánh", id="initial Â and Á"),
        pytest.param(nfd("nguyễn thị ngọc ánh"), "Nguyễn Thị Ngọc Ánh", id="NFD input"),
        pytest.param("h'hen niê", "H'Hen Niê", id="apostrophe in a minority name"),
        pytest.param("", "", id="empty"),
    ],
)
def test_name_case(text: str, expected: str) -> None:
    result = name_case(text)
    assert result == expected
    assert is_nfc(result)


# ---------------------------------------------------------------------------------------------------------
# Duplicate detection
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Hoà", "Hòa", id="Hoà = Hòa"),
        pytest.param("Thuỷ", "Thủy", id="Thuỷ = Thủy"),
        pytest.param("khoẻ", "khỏe", id="khoẻ = khỏe"),
        pytest.param("Hoạ", "Họa", id="Hoạ = Họa"),
        pytest.param("Huỳnh Thị Thuý", "huỳnh thị thúy", id="Thuý = thúy, case"),
        pytest.param("Nguyễn Thị Hoà", "nguyễn  thị\u00a0hòa", id="case, spaces and placement"),
        pytest.param("NGUYỄN VĂN AN", "nguyễn văn an", id="upper = lower"),
        pytest.param("  Lê Văn An ", "Lê Văn An", id="outer spaces"),
        pytest.param(nfd("Nguyễn Thị Hòa"), "Nguyễn Thị Hòa", id="NFD = NFC"),
        pytest.param(nfd("Trần Thuỷ"), "TRẦN THỦY", id="NFD old placement = NFC upper new placement"),
        pytest.param("Trường Tiểu học Kim Đồng", "trường tiểu học kim đồng", id="unit name"),
    ],
)
def test_comparison_key_equal(a: str, b: str) -> None:
    assert comparison_key(a) == comparison_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Hòa", "Hóa", id="Hòa != Hóa"),
        pytest.param("Hòa", "Hoa", id="Hòa != Hoa"),
        pytest.param("Hoà", "Hoá", id="Hoà != Hoá"),
        pytest.param("Thuỷ", "Thụy", id="Thuỷ != Thụy"),
        pytest.param("An", "Ân", id="An != Ân"),
        pytest.param("An", "Ăn", id="An != Ăn"),
        pytest.param("Ơn", "Ôn", id="Ơn != Ôn"),
        pytest.param("Tư", "Tu", id="Tư != Tu"),
        pytest.param("Dung", "Đung", id="D != Đ"),
        pytest.param("Dung", "Dũng", id="Dung != Dũng"),
        pytest.param("Lê Văn An", "Lê Văn Anh", id="An != Anh"),
        pytest.param("Lê Văn An", "LêVăn An", id="a missing space matters"),
        pytest.param("Nguyễn Hòa", "Nguyễn Hoa", id="tone in full name"),
    ],
)
def test_comparison_key_distinct(a: str, b: str) -> None:
    assert comparison_key(a) != comparison_key(b)


# ---------------------------------------------------------------------------------------------------------
# Alphabetical order of words
# ---------------------------------------------------------------------------------------------------------

# Written by hand from §5: letters first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# with f j w z at their Latin places), tones only when the letters tie
# (ngang < huyền < hỏi < ngã < sắc < nặng).
WORDS_IN_ORDER = [
    "a", "à", "ả", "ã", "á", "ạ", "ác", "ách", "ai", "ài", "an", "anh", "ánh", "ăn", "ắn", "ăng", "ân", "ấn",
    "âu", "ba", "bà", "ca", "cha", "co", "da", "dung", "dũng", "duy", "đa", "đà", "e", "è", "ê", "ế", "fa",
    "ga", "gi", "gia", "hoa", "hòa", "hóa", "hoan", "i", "ja", "kha", "o", "ô", "ơ", "u", "ư", "va", "wa",
    "xa", "y", "ý", "za",
]


def shuffled(items: list[str], seed: int) -> list[str]:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"shuffle {seed}") for seed in range(5)])
def test_collation_order_of_words(seed: int) -> None:
    assert sorted(shuffled(WORDS_IN_ORDER, seed), key=collation_key) == WORDS_IN_ORDER


def test_collation_reversed_and_upper_case() -> None:
    backwards = list(WORDS_IN_ORDER)
    backwards.reverse()
    assert sorted(backwards, key=collation_key) == WORDS_IN_ORDER
    upper_words = [upper(word) for word in WORDS_IN_ORDER]
    assert sorted([upper(word) for word in backwards], key=collation_key) == upper_words


def test_collation_nfd_words_sort_like_nfc() -> None:
    decomposed = [nfd(word) for word in shuffled(WORDS_IN_ORDER, 42)]
    assert [nfc(word) for word in sorted(decomposed, key=collation_key)] == WORDS_IN_ORDER


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param(["mạ", "má", "mã", "mả", "mà", "ma"], ["ma", "mà", "mả", "mã", "má", "mạ"],
                     id="tones: ngang huyền hỏi ngã sắc nặng"),
        pytest.param(["đa", "da", "dz"], ["da", "dz", "đa"], id="all d before đ"),
        pytest.param(["ơ", "ô", "o", "ở"], ["o", "ô", "ơ", "ở"], id="o ô ơ"),
        pytest.param(["ưa", "ua", "uy"], ["ua", "uy", "ưa"], id="all u before ư"),
        pytest.param(["Bình", "an", "Ân", "ăn", "AI"], ["AI", "an", "ăn", "Ân", "Bình"],
                     id="case-insensitive letters"),
        pytest.param(["ab", "Aa"], ["Aa", "ab"], id="letters beat case"),
        pytest.param(["ca sĩ", "cà phê"], ["cà phê", "ca sĩ"], id="letters of the whole string before tones"),
        pytest.param(["Hà Nội", "Hạ Long"], ["Hạ Long", "Hà Nội"], id="Hạ Long before Hà Nội"),
        pytest.param(["cà ca", "ca cà"], ["ca cà", "cà ca"], id="tones compared left to right"),
        pytest.param(["ạ", "ab"], ["ạ", "ab"], id="prefix first whatever its tone"),
        pytest.param(["an b", "anh"], ["an b", "anh"], id="word boundary before letters"),
        pytest.param(["Lê  Văn", "Lê Vân"], ["Lê  Văn", "Lê Vân"], id="space runs count once"),
        pytest.param(["Tổ 2", "Tổ 10", "Tổ 1"], ["Tổ 1", "Tổ 10", "Tổ 2"], id="digits by character"),
    ],
)
def test_collation_cases(words: list[str], expected: list[str]) -> None:
    assert sorted(words, key=collation_key) == expected


@pytest.mark.parametrize("variant", [pytest.param("hoà", id="hoà"), pytest.param("hòa", id="hòa")])
def test_collation_tone_placement_does_not_move_a_word(variant: str) -> None:
    assert sorted(["hỏa", variant, "hoa", "hoan", "hóa"], key=collation_key) == [
        "hoa", variant, "hỏa", "hóa", "hoan",
    ]


@pytest.mark.parametrize(
    "text",
    [pytest.param(word, id=word) for word in ["Nguyễn Thị Hòa", "Đặng Văn Ẩn", "Ưng Hoàng Phúc", "khoẻ"]],
)
def test_collation_key_same_for_nfc_and_nfd(text: str) -> None:
    assert collation_key(nfd(text)) == collation_key(text)


# ---------------------------------------------------------------------------------------------------------
# Sorting person names: tên, then họ, then tên đệm
# ---------------------------------------------------------------------------------------------------------

# Hand-written from §5. Each part is compared whole before the next (tên, then họ, then đệm), as a secretary
# sorting the "Tên" column then the "Họ" column would; inside a part letters decide before tones.
NAMES_IN_ORDER = [
    # tên "An": họ Âu < Dương < Đỗ < Lê < Nguyễn; đệm Thị < Văn
    "Âu Thị An",
    "Dương Văn An",
    "Đỗ Văn An",
    "Lê Văn An",
    "Nguyễn Thị An",
    "Nguyễn Văn An",
    # tên "Anh" (ngang) before "Ánh" (sắc); compound đệm compare as a whole
    "Lê Hoàng Anh",
    "Nguyễn Thị Anh",
    "Nguyễn Thị Minh Anh",
    "Nguyễn Văn Anh",
    "Trần Minh Anh",
    "Bùi Thị Ánh",
    "Vũ Thị Ánh",
    # a < ă < â; Ân (ngang) before Ẩn (hỏi)
    "Hoàng Văn Ăng",
    "Hà Văn Ân",
    "Đặng Văn Ẩn",
    # Bình (huyền) before Bính (sắc); Diệp (d) < Đinh (đ); upper case typed input sorts case-insensitively
    "Diệp Thị Bình",
    "ĐINH VĂN BÌNH",
    "Cao Văn Bính",
    # Dung before Dũng, then họ and đệm inside each
    "Lê Thị Dung",
    "Nguyễn Thị Dung",
    "Nguyễn Văn Dung",
    "Trần Thị Dung",
    "Nguyễn Văn Dũng",
    "Phạm Văn Dũng",
    "Hồ Đức Duy",
    # đ after every d
    "Lê Tiến Đạt",
    "Ngô Minh Đức",
    # Hà (huyền) before Hạ (nặng) whatever the họ; "ha" < "hai"
    "Trần Thu Hà",
    "Lê Thị Hạ",
    "Đỗ Thanh Hải",
    # Hoa < Hòa; hoà = hòa, so the đệm decides (Thi < Thị)
    "Trần Thị Hoa",
    "Trần Thi Hòa",
    "Trần Thị Hoà",
    "Bùi Thị Thủy",
    "Nguyễn Thị Thuỷ",
    # u < ư < y
    "Phan Văn Út",
    "Ông Văn Ước",
    "Lê Hải Yến",
]


def test_reference_list_is_long_enough() -> None:
    assert len(NAMES_IN_ORDER) >= 30
    assert len(set(NAMES_IN_ORDER)) == len(NAMES_IN_ORDER)


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"shuffle {seed}") for seed in range(8)])
def test_person_names_sorted_by_ten_ho_dem(seed: int) -> None:
    assert sorted(shuffled(NAMES_IN_ORDER, seed), key=person_name_sort_key) == NAMES_IN_ORDER


def test_person_names_sorted_from_reverse_order() -> None:
    backwards = list(NAMES_IN_ORDER)
    backwards.reverse()
    assert sorted(backwards, key=person_name_sort_key) == NAMES_IN_ORDER


def test_person_names_in_nfd_sort_like_nfc() -> None:
    decomposed = [nfd(name) for name in shuffled(NAMES_IN_ORDER, 7)]
    assert [nfc(name) for name in sorted(decomposed, key=person_name_sort_key)] == NAMES_IN_ORDER


def test_person_names_mixed_nfc_and_nfd_sort_together() -> None:
    mixed = [nfd(name) if index % 2 else name for index, name in enumerate(shuffled(NAMES_IN_ORDER, 3))]
    assert [nfc(name) for name in sorted(mixed, key=person_name_sort_key)] == NAMES_IN_ORDER


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("Trần Thu Hà", "Lê Thị Hạ", id="tên tone before họ"),
        pytest.param("Trần Thị Dung", "Phạm Văn Dũng", id="Trần Dung before Phạm Dũng"),
        pytest.param("Nguyễn Văn Dung", "Nguyễn Thị Dũng", id="tên tone before đệm letters"),
        pytest.param("Nguyễn Văn Dung", "Nguyễn Văn Dũng", id="tên tone last"),
        pytest.param("Trần Thị Hoa", "Trần Thi Hòa", id="tên tone before đệm tone"),
        pytest.param("Nguyễn Thị Anh", "Nguyễn Thị Minh Anh", id="shorter đệm first"),
        pytest.param("Trần Văn Bình", "Lê Văn Chiến", id="tên decides before họ"),
        pytest.param("Dương Văn An", "Đỗ Văn An", id="Dương before Đỗ"),
        pytest.param("Nguyễn Văn An", "  lê\u00a0văn   anh ", id="spacing and case do not matter"),
        pytest.param("An", "Nguyễn An", id="a one-word name has no họ"),
    ],
)
def test_person_name_pairs(before: str, after: str) -> None:
    assert person_name_sort_key(before) < person_name_sort_key(after)
    assert sorted([after, before], key=person_name_sort_key) == [before, after]


@pytest.mark.parametrize(
    "variant", [pytest.param("Lê Thị Hoà", id="Hoà"), pytest.param("Lê Thị Hòa", id="Hòa")]
)
def test_person_name_tone_placement_does_not_move_a_name(variant: str) -> None:
    names = ["Lê Thị Hóa", variant, "Lê Thị Hoa", "Lê Thị Hỏa"]
    assert sorted(names, key=person_name_sort_key) == ["Lê Thị Hoa", variant, "Lê Thị Hỏa", "Lê Thị Hóa"]
