"""A list whose header is "Năm sinh" over "Nam | Nữ", the year typed under the gender: gender and year both read."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import EXAMPLE
from openpyxl.utils import get_column_letter

from generator import pipeline
from generator.core.errors import InputError
from generator.reading.loading import load_rows


def rewrite_with_birth_year_header(folder, both_on_row: str | None = None) -> dict[str, int]:
    """The example list with its "Giới tính" column replaced by "Năm sinh" over "Nam | Nữ"; name -> year typed."""
    source = openpyxl.load_workbook(EXAMPLE / "danh-sach.xlsx").active
    rows = [list(row) for row in source.iter_rows(values_only=True)]
    header = rows[2]
    gender_column = header.index("Giới tính")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(rows[0])
    sheet.append([])
    top = header[:gender_column] + ["Năm sinh", None] + header[gender_column + 1:]
    sub = [None] * len(top)
    sub[gender_column], sub[gender_column + 1] = "Nam", "Nữ"
    sheet.append(top)
    sheet.append(sub)
    for index in range(1, len(top) + 1):
        letter = get_column_letter(index)
        if index - 1 == gender_column:
            sheet.merge_cells(f"{letter}3:{get_column_letter(index + 1)}3")
        elif index - 1 != gender_column + 1:
            sheet.merge_cells(f"{letter}3:{letter}4")  # other headings span both rows, as offices draw them
    years = {}
    for offset, row in enumerate(rows[3:]):
        gender = row[gender_column]
        year = 1970 + offset % 30
        cells = [None, None]
        if gender == "Nam":
            cells[0] = year
        elif gender == "Nữ":
            cells[1] = year
        if row[1] == both_on_row:
            cells = [year, year]
        if gender:
            years[row[1]] = year
        sheet.append(row[:gender_column] + cells + row[gender_column + 1:])
    workbook.save(folder / "danh-sach.xlsx")
    return years


def test_gender_comes_from_the_sub_column_holding_the_year(session_copy):
    years = rewrite_with_birth_year_header(session_copy)
    expected = pipeline.check(EXAMPLE)
    checked = pipeline.check(session_copy)
    assert [(a.name, a.gender, a.subject) for a in checked.awards] == \
           [(a.name, a.gender, a.subject) for a in expected.awards]
    assert {a.gender for a in checked.awards} == {"Nam", "Nữ", None}
    honorifics = [row.honorific for d in checked.decisions for s in d.annex.sections for row in s.rows]
    assert honorifics == [row.honorific for d in expected.decisions for s in d.annex.sections for row in s.rows]
    assert "Ông" in honorifics and "Bà" in honorifics
    # The year is kept in a column of its own ("Năm sinh"), not taken for anything else.
    assert checked.loaded.ignored_columns == ["Năm sinh"]
    rows = load_rows(checked.session).rows
    name, year = next(iter(years.items()))
    row = next(r for r in rows if r.text("ho_ten") == name)
    assert row.location.row == 5 + [r.text("ho_ten") for r in rows].index(name)  # rows keep their sheet numbers
    assert row.text("gioi_tinh") in ("Nam", "Nữ") and year


def test_a_year_under_both_genders_is_reported_on_its_row(session_copy):
    name = "Đặng Văn Hưởng"
    rewrite_with_birth_year_header(session_copy, both_on_row=name)
    with pytest.raises(InputError) as caught:
        pipeline.check(session_copy)
    problems = [problem.describe() for problem in caught.value.problems]
    assert any("dòng 9" in text and "cả hai cột Nam và Nữ" in text for text in problems), problems
