"""The streamed sheet reader (reading/sheet_xml.py) gives the rows openpyxl gives (issue 19): the same values at the
same places, the same fonts and merges, on the example lists, on every variant of the loading corpus, on sheets
written by hand (inline and rich strings, formulas' cached values, rows out of order, gaps), and on fuzzed cells."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import test_loading_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from test_fuzz import cell_values, clean_for_excel
from test_memoised import texts

from generator.core.errors import InputError
from generator.reading.sheet_xml import open_workbook, read_rows
from generator.reading.workbook import MAX_COLUMNS, read_sheet

ROOT = Path(__file__).resolve().parents[1]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def openpyxl_read_only(path: Path, title: str) -> tuple[list[list[object]], list[list[str | None]]]:
    """The rows as the reader before sheet_xml.py read them: openpyxl's read-only mode, blank rows between data
    kept, trailing ones dropped, rows cut at MAX_COLUMNS."""
    workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
    worksheet = workbook[title]
    worksheet.reset_dimensions()
    grid, fonts, pending = [], [], 0
    for row in worksheet.iter_rows():
        row = row[:MAX_COLUMNS]
        values = [cell.value for cell in row]
        if not any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
            pending += 1
            continue
        grid.extend([[]] * pending)
        fonts.extend([[]] * pending)
        pending = 0
        grid.append(values)
        fonts.append([None if cell.value is None else cell.font.name for cell in row])
    workbook.close()
    return grid, fonts


def openpyxl_full(path: Path, title: str) -> tuple[dict[tuple[int, int], object], set[tuple[int, int, int]]]:
    """Every valued cell of the sheet (0-based row, column) in openpyxl's full mode, and its vertical merges."""
    worksheet = openpyxl.load_workbook(path, data_only=True)[title]
    cells = {(row - 1, column - 1): (cell.value, cell.font.name) for (row, column), cell in worksheet._cells.items()
             if cell.value is not None and column <= MAX_COLUMNS}
    # A row holding only spaces is blank to the list reader: it keeps the row's place, not its cells.
    with_data = {row for (row, _), (value, _) in cells.items() if not (isinstance(value, str) and not value.strip())}
    cells = {key: value for key, value in cells.items() if key[0] in with_data}
    merges = {(r.min_col - 1, r.min_row - 1, r.max_row - 1) for r in worksheet.merged_cells.ranges
              if r.max_row > r.min_row and r.min_col <= MAX_COLUMNS}
    return cells, merges


def streamed(path: Path, title: str):  # noqa: ANN201
    workbook = open_workbook(path)
    try:
        entry = next(entry for entry in workbook.sheets if entry.title == title)
        return read_rows(workbook, entry, MAX_COLUMNS, lambda _: None)
    finally:
        workbook.close()


def assert_same_rows(path: Path, read_only: bool = True) -> None:
    """The streamed rows equal openpyxl's in full mode (values, fonts, merges) and, unless ``read_only`` is False,
    its read-only mode's rows exactly (row widths included)."""
    titles = openpyxl.load_workbook(path, read_only=True).sheetnames
    for title in titles:
        rows = streamed(path, title)
        if read_only:
            grid, fonts = openpyxl_read_only(path, title)
            assert rows.grid == grid, (path.name, title)
            assert [[type(v) for v in row] for row in rows.grid] == [[type(v) for v in row] for row in grid]
            assert rows.fonts == fonts, (path.name, title)
        fonts = rows.fonts
        cells, merges = openpyxl_full(path, title)
        merged_away = {(row, column) for column, first, last in merges for row in range(first + 1, last + 1)}
        mine = {(r, c): (v, fonts[r][c]) for r, row in enumerate(rows.grid) for c, v in enumerate(row)
                if v is not None}
        blank_tail = {key for key, (value, _) in cells.items() if key[0] >= len(rows.grid)}
        assert all(isinstance(cells[key][0], str) and not cells[key][0].strip() for key in blank_tail)
        # Full mode empties the cells a merge covers; read-only mode (and the list reader) sees what they hold.
        assert {k: v for k, v in mine.items() if k not in merged_away} == {
            k: v for k, v in cells.items() if k not in blank_tail and k not in merged_away}
        assert set(rows.merged) == merges


def bundled_workbooks() -> list[Path]:
    return sorted({*ROOT.glob("data/**/*.xlsx"), *ROOT.glob("tests/fixtures/**/*.xlsx")})


@pytest.mark.parametrize("path", bundled_workbooks(), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_bundled_workbooks_are_read_as_openpyxl_reads_them(path):
    assert_same_rows(path)


WRITERS = [getattr(test_loading_corpus, name) for name in dir(test_loading_corpus)
           if name.startswith("write_") and "csv" not in name]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.__name__)
def test_every_variant_of_the_loading_corpus_is_read_as_openpyxl_reads_it(tmp_path, writer):
    path = tmp_path / "danh-sach.xlsx"
    writer(path)
    assert_same_rows(path)


def test_styles_dates_rich_text_hidden_sheets_and_far_cells(tmp_path):
    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "Cũ"
    old.append(["Họ và tên", "Đơn vị"])
    old.sheet_state = "veryHidden"
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["STT", "Họ và tên", "Ngày", "Có", "Số", "Giờ"])
    sheet.append([1, "Lª V¨n A", datetime.date(2025, 1, 2), True, 1.5, datetime.time(8, 30)])
    sheet.append([2, CellRichText(["Trần ", TextBlock(InlineFont(b=True), "Văn"), " B"]), datetime.datetime(
        2024, 12, 31, 23, 59), False, -3, datetime.timedelta(hours=30)])
    sheet["B2"].font = Font(name=".VnTime")
    sheet["E3"].font = Font(name="VNI-Times")
    sheet.cell(10, 3, "   ")
    sheet.cell(12, 2, "sau khoảng trống")
    sheet.cell(12, 200, "xa")
    sheet.cell(1048576, 10, " ")
    sheet.merge_cells("A4:A8")
    sheet.merge_cells("C12:F12")
    workbook.save(path)
    assert_same_rows(path)


def _workbook_with_sheet_xml(path: Path, sheet_data: str, after: str = "") -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{sheet_data}</sheetData>' \
                       f"{after}</worksheet>".encode()
            target.writestr(info, data)


HAND_WRITTEN = {
    "formulas' cached values, errors, booleans": (
        '<row r="1"><c r="A1" t="str"><f>A2&amp;"x"</f><v>Lê &amp; Trần</v></c><c r="B1" t="e"><f>1/0</f>'
        '<v>#DIV/0!</v></c><c r="C1" t="b"><v>1</v></c><c r="D1"><f>1+1</f><v>2</v></c><c r="E1"><f>X</f></c></row>'),
    "cells and rows without references": (
        '<row><c t="inlineStr"><is><t>Một</t></is></c><c/><c t="inlineStr"><is><t xml:space="preserve"> Hai </t></is>'
        '</c></row><row><c><v>7</v></c></row><row r="5"><c r="C5"><v>1E3</v></c><c><v>0.25</v></c></row>'),
    "rows numbered as floats": '<row r="1.0"><c r="A1"><v>1</v></c></row><row r="4.0"><c r="A4"><v>4</v></c></row>',
    "rich and phonetic runs, entities, line breaks, CDATA": (
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Ng</t></r><r><rPr><b/></rPr><t>uyễn</t></r><rPh sb="0" eb="1">'
        '<t>X</t></rPh></is></c><c r="B1" t="inlineStr"><is><t>a&#13;b&#10;c\r\nd</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c><c r="D1" t="inlineStr"><v>bỏ</v></c>'
        '<c r="E1" t="inlineStr"/></row>'),
    "empty and blank rows between data": (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3" s="0"/></row><row r="4"><c r="A4" '
        't="inlineStr"><is><t>  </t></is></c></row><row r="7"><c r="B7"><v>7</v></c></row><row r="9"/>'),
}


@pytest.mark.parametrize("sheet_data", HAND_WRITTEN.values(), ids=HAND_WRITTEN.keys())
def test_sheets_written_by_hand_are_read_as_openpyxl_reads_them(tmp_path, sheet_data):
    path = tmp_path / "a.xlsx"
    _workbook_with_sheet_xml(path, sheet_data, '<mergeCells count="2"><mergeCell ref="A1:A3"/><mergeCell ref="B2:C2"/>'
                                               "</mergeCells>")
    assert_same_rows(path)


def test_cells_out_of_order_are_all_read_and_a_row_repeated_is_read_once(tmp_path):
    # No spreadsheet program writes these; openpyxl's read-only mode dropped a cell written after its right-hand
    # neighbour (the row was as wide as its last cell). Like openpyxl's full mode, every cell is read now; a row
    # numbered again, or below the one before, is still dropped (as in read-only mode).
    path = tmp_path / "a.xlsx"
    _workbook_with_sheet_xml(path, '<row r="3"><c r="B3"><v>3</v></c><c r="A3"><v>1</v></c></row><row r="2"><c r='
                                   '"A2"><v>2</v></c></row><row r="3"><c r="A3"><v>9</v></c></row><row r="4"><c r="A4">'
                                   '<v>4</v></c></row>')
    rows = streamed(path, "Sheet")
    assert rows.grid == [[], [], [1, 3], [4]]
    assert openpyxl_read_only(path, "Sheet")[0] == [[], [], [1], [4]]


def test_references_in_lower_case_or_with_dollars_are_read(tmp_path):
    # openpyxl's reader stops on these (no program writes them); the streamed reader reads the cells they name.
    path = tmp_path / "a.xlsx"
    _workbook_with_sheet_xml(path, '<row r="1"><c r="$b$1"><v>2</v></c><c r="c1"><v>3</v></c></row><row r="2">'
                                   '<c r="$A2"><v>1</v></c></row>',
                             '<mergeCells><mergeCell ref="$A$1:$A$2"/></mergeCells>')
    rows = streamed(path, "Sheet")
    assert rows.grid == [[None, 2, 3], [1]]
    assert rows.merged == [(0, 0, 1)]


@pytest.mark.parametrize(("sheet_data", "where"), [
    ('<row r="1"><c r="A1"><v>abc</v></c></row>', "ô A1"),
    ('<row r="1"><c r="A1" t="s"><v>99</v></c></row>', "ô A1"),
    ('<row r="1"><c r="1A"><v>1</v></c></row>', "ô 1A"),
    ('<row r="1"><c r="A1"><v>1</v></row>', "tệp hỏng"),
])
def test_a_damaged_sheet_is_refused_in_vietnamese_naming_the_cell(tmp_path, sheet_data, where):
    path = tmp_path / "a.xlsx"
    _workbook_with_sheet_xml(path, sheet_data)
    with pytest.raises(InputError, match="Không đọc được tệp a.xlsx, trang tính «Sheet»") as raised:
        read_sheet(path, None)
    assert where in str(raised.value)


def test_a_sheet_declaring_entities_is_refused(tmp_path):
    path = tmp_path / "a.xlsx"
    _workbook_with_sheet_xml(path, "")
    data = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)
    rebuilt = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    with pytest.raises(InputError, match="Không đọc được tệp b.xlsx"):
        read_sheet(rebuilt, None)


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(cell_values, texts), max_size=8), max_size=10),
       inline=st.booleans(), gaps=st.lists(st.integers(0, 3), max_size=10))
def test_fuzzed_cells_are_read_as_openpyxl_reads_them(tmp_path, rows, inline, gaps):
    # The fuzz corpus of test_fuzz and test_memoised, written as shared strings (a normal save) or inline strings
    # (write-only mode, as generators do), with blank rows between.
    path = tmp_path / "fuzz.xlsx"
    workbook = openpyxl.Workbook(write_only=inline)
    sheet = workbook.create_sheet("Danh sách") if inline else workbook.active
    for row, gap in zip(rows, gaps + [0] * len(rows), strict=False):
        for _ in range(gap):
            sheet.append([])
        sheet.append([clean_for_excel(value) for value in row])
    workbook.save(path)
    assert_same_rows(path)


def loaded_through_openpyxl(session):  # noqa: ANN001, ANN201
    """What load_rows gave when openpyxl's read-only mode read the sheet: the same steps on its grid."""
    from generator.reading.loading import _convert_legacy, _fill_vertical_merges, rows_from_grid

    title = read_sheet(session.list_file, session.sheet).title  # which sheet: test_hostile_lists
    grid, fonts = openpyxl_read_only(session.list_file, title)
    _fill_vertical_merges(grid, sorted(openpyxl_full(session.list_file, title)[1]))
    conversions = _convert_legacy(grid, fonts, title)
    return rows_from_grid(grid, session.list_file.name, title, conversions)


def example_sessions() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("data/*/dot.toml"))


@pytest.mark.parametrize("folder", example_sessions(), ids=lambda folder: folder.name)
def test_the_example_sessions_load_to_the_same_rows_and_awards_as_before(folder):
    # The whole list path on the bundled sessions: the streamed reader and the memoised functions give the rows,
    # problems and conversions the openpyxl reader and the plain functions gave, and validation the same awards.
    from generator.core.legal import load_catalogue
    from generator.reading.loading import load_rows, load_session
    from generator.reading.validation import validate

    session = load_session(folder)
    loaded = load_rows(session)
    if session.list_file.suffix == ".xlsx":
        before = loaded_through_openpyxl(session)
    else:  # a csv: the same grid, read again with every cache emptied
        from test_memoised import MEMOISED

        for function in MEMOISED:
            function.cache_clear()
        before = load_rows(session)
    assert loaded.rows and loaded.rows == before.rows
    assert (loaded.problems, loaded.conversions, loaded.ignored_columns) == (
        before.problems, before.conversions, before.ignored_columns)
    catalogue = load_catalogue()
    catalogue = replace(catalogue, forms=session.extra_forms + catalogue.forms)  # as pipeline.check does

    def validated(rows):  # noqa: ANN001, ANN202 - the awards and warnings, or the one error listing every problem
        try:
            return validate(rows, session, catalogue)
        except InputError as error:
            return error.format_message()

    assert validated(loaded.rows) == validated(before.rows)


@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.__name__)
def test_every_corpus_list_loads_to_the_same_rows_as_through_openpyxl(tmp_path, writer):
    from generator.reading.loading import load_rows, load_session

    folder = test_loading_corpus.session_with(tmp_path, writer)
    session = load_session(folder)
    assert load_rows(session).rows == loaded_through_openpyxl(session).rows
