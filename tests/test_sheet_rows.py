"""A row of the usual shape is read whole (reading/sheet_rows.py, issue 19): cut at '<c r="', each cell looked up by
its letters and what follows its reference. Whatever the row holds, the answer is the one its tokens give (and so
expat's): the same values, fonts and rows, or the same step aside. Rows the cut cannot vouch for — a cell whose
digits are not its row's, a reference without digits, text between cells, a self-closing row — go to the tokens."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_scan import EXCEL_START, both, sheet_xml, workbook_with

from generator.reading import sheet_rows


@contextlib.contextmanager
def tokens_only():
    """The scanner with the whole-row reading turned off: every row token by token, as before it."""
    kept = sheet_rows.WholeRows._whole_row
    sheet_rows.WholeRows._whole_row = lambda self, segment: False
    try:
        yield
    finally:
        sheet_rows.WholeRows._whole_row = kept


@contextlib.contextmanager
def counting():
    """How many rows were read whole, and how many were left to the tokens."""
    kept = sheet_rows.WholeRows._whole_row
    counts = {True: 0, False: 0}

    def whole_row(self, segment):  # noqa: ANN001, ANN202
        answer = kept(self, segment)
        counts[answer] += 1
        return answer

    sheet_rows.WholeRows._whole_row = whole_row
    try:
        yield counts
    finally:
        sheet_rows.WholeRows._whole_row = kept


def assert_same_as_tokens(path):  # noqa: ANN001, ANN201
    scanned, expat = both(path)
    with tokens_only():
        by_tokens, _ = both(path)
    assert scanned == by_tokens
    assert scanned in ("Unusual", expat)
    return scanned


DIGITS = {"the row's": "{n}", "another row's": "{m}", "none": "", "zero first": "0{n}", "one more in front": "1{n}"}
USUAL_ATTRIBUTES = ["", ' t="n"', ' s="1"', ' s="2" t="inlineStr"', ' t="inlineStr"', ' x14ac:q=">"',
                    '  t="inlineStr" ']
USUAL_CONTENTS = ["/>", "><v>1</v></c>", "><v>45000</v></c>", "><v>1.5</v></c>", "><v></v></c>", "><v/></c>",
                  '><is><t>Lê 4" x</t></is></c>', '><is><t>r="B4" &amp; &#272;</t></is></c>', "><is><t/></is></c>",
                  '><is><t xml:space="preserve"> a </t></is></c>', "><f>A1</f><v>3</v></c>", "><is></is></c>",
                  "><is><t>x</t></is></c>\n  ", "><v>9</v></c>", "><v>3</v></c>"]
RARE_ATTRIBUTES = [' t="s"', ' t="str"', ' t="b"', ' t="d"', ' x14ac:q="&quot;"']  # damaged or not vouched for
UNUSUAL_CONTENTS = ["><is><r><t>a</t></r></is></c>", "><v>12abc</v></c>", "><is><t>a<!-- c --></t></is></c>",
                    "><v>1</v></c>x", "><v>2</v></c><!-- c -->"]
# Mostly what the cut reads, now and then what it must leave to the tokens: most sheets are read, not refused.
cells = st.tuples(st.sampled_from(["A", "B", "C", "Z", "AA", "ABC"] * 30 + ["ABCD", ""]),
                  st.sampled_from(["the row's"] * 60 + list(DIGITS)),
                  st.sampled_from(USUAL_ATTRIBUTES * 30 + RARE_ATTRIBUTES),
                  st.sampled_from(USUAL_CONTENTS * 30 + UNUSUAL_CONTENTS))
rows = st.tuples(st.integers(1, 3), st.sampled_from(["", ' spans="1:3"', ' ht="15" x14ac:dyDescent="0.25"']),
                 st.lists(cells, max_size=6), st.sampled_from(["", " ", "\n  "]),
                 st.sampled_from(["ends", "self-closed before", "self-closed"]))


def rows_xml(drawn) -> str:  # noqa: ANN001
    out, number = [], 0
    for step, attributes, row_cells, space, shape in drawn:
        number += step - 1 if step == 3 else step  # now and then a row repeated
        if shape == "self-closed":
            out.append(f'{space}<row r="{number}"{attributes}/>')
            continue
        if shape == "self-closed before":
            out.append(f'<row r="{number}"/>')
            number += 1
        written = [f'<c r="{letters}{DIGITS[digits].format(n=number, m=number + 10)}"{attributes_}{content}'
                   for letters, digits, attributes_, content in row_cells]
        out.append(f'{space}<row r="{number}"{attributes}>{space}{space.join(written)}{space}</row>')
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(rows, max_size=8))
def test_a_row_read_whole_gives_what_its_tokens_give(tmp_path, drawn):
    assert_same_as_tokens(workbook_with(tmp_path / "a.xlsx", sheet_xml(rows_xml(drawn)), date_style=True))


def test_the_rows_of_a_long_list_are_read_whole(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    book = openpyxl.Workbook(write_only=True)  # inline strings, as bench/ and many exports write them
    sheet = book.create_sheet("Danh sách")
    sheet.append(["STT", "Họ và tên", "Đơn vị", "Hình thức", "Số tiền"])
    for index in range(1, 301):
        sheet.append([index, f"Lê Văn {index % 17}", f"Trường {index // 25}", "Giấy khen", [None, 710000][index % 2]])
    book.save(path)
    with counting() as counts:
        scanned = assert_same_as_tokens(path)
    assert len(scanned.grid) == 301
    assert counts == {True: 301, False: 0}


def test_the_rows_as_excel_saves_them_are_read_whole(tmp_path):
    rows = "".join(f'<row r="{n}" spans="1:3" x14ac:dyDescent="0.25"><c r="A{n}" s="2" t="s"><v>{n % 4}</v></c>'
                   f'<c r="B{n}" s="1"><v>{45000 + n}</v></c><c r="C{n}"><f>B{n}+1</f><v>{n}</v></c></row>'
                   for n in range(1, 41))
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows, start=EXCEL_START), date_style=True)
    with counting() as counts:
        assert assert_same_as_tokens(path).fonts[0][0] == ".VnTime"
    assert counts == {True: 40, False: 0}


LEFT_TO_TOKENS = {
    "a cell of another row": '<row r="4"><c r="A4"><v>1</v></c><c r="B14"><v>2</v></c></row>',
    "a cell whose digits end like the row's": '<row r="14"><c r="A14"><v>1</v></c><c r="AB4"><v>2</v></c></row>',
    "a zero before the digits": '<row r="4"><c r="A04"><v>1</v></c></row>',
    "a reference without digits": '<row r="4"><c r="B" t="inlineStr"><is><t>x 4"</t></is></c></row>',
    "four letters": '<row r="4"><c r="ABCD4"><v>1</v></c></row>',
    "text between cells": '<row r="4"><c r="A4"><v>1</v></c>x<c r="B4"><v>2</v></c></row>',
    "a comment between cells": '<row r="4"><c r="A4"><v>1</v></c><!-- x --><c r="B4"><v>2</v></c></row>',
    "a self-closing row before": '<row r="3"/><row r="4"><c r="A4"><v>1</v></c></row>',
    "r not first": '<row r="4"><c s="0" r="A4"><v>1</v></c></row>',
}


@pytest.mark.parametrize("row", LEFT_TO_TOKENS.values(), ids=LEFT_TO_TOKENS.keys())
def test_what_the_cut_cannot_vouch_for_is_left_to_the_tokens(tmp_path, row):
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml('<row r="1"><c r="A1"><v>0</v></c></row>' + row))
    with counting() as counts:
        assert_same_as_tokens(path)
    assert counts[False] == 1


def test_the_cut_rows_meet_the_tokens_rows_in_order(tmp_path):
    # Rows read whole and rows read by tokens alternate; the grid keeps the sheet's order and its blank rows.
    rows = "".join((f'<row r="{n - 1}"/>' if n % 3 == 0 else "") + f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
                   for n in range(2, 40, 2))
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows))
    with counting() as counts:
        scanned = assert_same_as_tokens(path)
    assert counts[True] and counts[False]
    assert [row[0] for row in scanned.grid if row] == list(range(2, 40, 2))


def test_the_bench_list_is_not_changed_by_the_cut(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.sessions import make_session

    folder = make_session(tmp_path / "dot", 500)
    with counting() as counts:
        scanned = assert_same_as_tokens(folder / "danh-sach.xlsx")
    assert counts[False] == 0 and len(scanned.grid) == 503
