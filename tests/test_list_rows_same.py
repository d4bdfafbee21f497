"""The list path keeps rows as texts and judges columns once per combination (issue 19), and says exactly what the
plain per-cell reading said: the same rows, texts and cells, the same problems in the same order at the same file,
sheet, row and column, the same awards with the same sources. The plain reading is kept here as the reference:
every cell made a Cell with its coordinates, every row judged column by column."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from conftest import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.errors import InputError, Location, Problem, collect
from generator.core.legal import SUBJECT_LABELS, form_key
from generator.core.model import Award
from generator.core.text import clean_text, unprintable, unprintable_message
from generator.core.vietnamese import comparison_key
from generator.pipeline import CATALOGUE_DIR, load_catalogue
from generator.reading import loading, validation
from generator.reading.cells import Cell
from generator.reading.legacy_cells import column_letter
from generator.reading.loading import COLUMN_LABELS, REQUIRED_COLUMNS, load_session, rows_from_grid
from generator.reading.validation import MAX_AMOUNT, authority_warnings, parse_amount, proposal_problems


@dataclasses.dataclass
class PlainRow:
    cells: dict[str, Cell]
    coordinates: tuple
    section_subject: str | None
    letters: dict[str, str]

    def where(self, column: str) -> Location:
        cell = self.cells.get(column)
        if cell:
            return cell.location
        letter = self.letters.get(column)
        return Location(*self.coordinates, f"{letter} ({COLUMN_LABELS[column]})" if letter else COLUMN_LABELS[column])


def plain_rows(grid: list[list[object]], file: str, sheet: str | None) -> tuple[list[PlainRow], list[Problem]]:
    """The rows and problems of rows_from_grid, read as before: a Cell per filled cell."""
    loading.split_birth_year_by_gender(grid)
    found = loading._find_header(grid)
    if found is None:
        raise InputError("no header")
    header_first, header_last, mapping, _ = found
    letters = {column: column_letter(index) for index, column in mapping.items()}
    problems = [Problem(Location(file, sheet, header_first + 1, COLUMN_LABELS[column]),
                        f"thiếu cột bắt buộc «{COLUMN_LABELS[column]}» trong dòng tiêu đề")
                for column in REQUIRED_COLUMNS if column not in mapping.values() and column != "don_vi"]
    rows, section_subject, section_unit, after_blank = [], None, None, False
    for row_index in range(header_last + 1, len(grid)):
        raw = grid[row_index]
        cells = {}
        for index, column in mapping.items():
            value = raw[index] if index < len(raw) else None
            if value is None:
                continue
            text = clean_text(value)
            code = unprintable(value) if isinstance(value, str) else None
            if text:
                cells[column] = Cell(text, (file, sheet, row_index + 1,
                                            f"{column_letter(index)} ({COLUMN_LABELS[column]})"))
                if code:
                    problems.append(Problem(cells[column].location, unprintable_message(code)))
        if not cells:
            after_blank = after_blank or bool(rows)
            continue
        if "hinh_thuc" not in cells and loading._STOP_TEXT.match(next(iter(cells.values())).text):
            break
        if after_blank and not ({"hinh_thuc", "don_vi", "doi_tuong"} & set(cells)):
            break
        after_blank = False
        section = loading._section({column: cell.text for column, cell in cells.items()})
        if section:
            if section[0] == "subject":
                section_subject = section[1]
            elif section[0] == "unit":
                section_unit = section[1]
            continue
        if section_unit and "don_vi" not in cells:
            cells["don_vi"] = Cell(section_unit, (file, sheet, row_index + 1, "mục đơn vị phía trên"))
        rows.append(PlainRow(cells, (file, sheet, row_index + 1), section_subject, letters))
    if "don_vi" not in mapping.values() and not any("don_vi" in row.cells for row in rows):
        problems.append(Problem(Location(file, sheet, header_first + 1, COLUMN_LABELS["don_vi"]),
                                "thiếu cột bắt buộc «Đơn vị» trong dòng tiêu đề (hoặc các dòng mục "
                                "«1. Tên đơn vị» phía trên mỗi nhóm)"))
    return rows, problems


def plain_validate(rows: list[PlainRow], session, catalogue) -> tuple[list[Award], list[Problem]]:  # noqa: ANN001, C901
    """validate as before: each row judged column by column; (awards, warnings), or the InputError it raises."""
    problems, awards, seen, warnings = [], [], {}, []

    def error(location: Location, message: str) -> None:
        problems.append(Problem(location, message))

    for row in rows:
        ok = True
        text = {column: cell.text for column, cell in row.cells.items()}.get
        name, unit = text("ho_ten", ""), text("don_vi", "")
        if not name:
            error(row.where("ho_ten"), "thiếu họ và tên (hoặc tên tập thể)")
            ok = False
        if name and not any(ch.isalnum() for ch in name):
            error(row.where("ho_ten"), f"«{name}» không phải một tên (không có chữ hay số nào)")
            ok = False
        if not unit:
            error(row.where("don_vi"), "thiếu đơn vị")
            ok = False
        elif not any(ch.isalnum() for ch in unit):
            error(row.where("don_vi"), f"«{unit}» không phải tên một đơn vị (không có chữ hay số nào)")
            ok = False
        subject_text = text("doi_tuong", "")
        if subject_text:
            subject = validation._SUBJECTS.get(form_key(subject_text))
            if subject is None:
                error(row.where("doi_tuong"), f"đối tượng «{subject_text}» không hợp lệ; "
                      "ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình»")
                ok = False
        elif row.section_subject:
            subject = row.section_subject
        else:
            subject = None
            error(row.where("doi_tuong"), "thiếu đối tượng; ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình» "
                  "(hoặc đặt dòng mục «I. TẬP THỂ», «II. CÁ NHÂN» phía trên)")
            ok = False
        gender_text, gender = text("gioi_tinh", ""), None
        if gender_text:
            gender = validation._GENDERS.get(form_key(gender_text))
            if gender is None:
                error(row.where("gioi_tinh"), f"giới tính «{gender_text}» không hợp lệ; chỉ ghi «Nam» hoặc «Nữ»")
                ok = False
        form_text = text("hinh_thuc", "")
        form = catalogue.find_form(form_text) if form_text else None
        if not form_text:
            error(row.where("hinh_thuc"), "thiếu hình thức khen thưởng hoặc danh hiệu")
            ok = False
        elif form is None:
            hint = catalogue.closest_form_names(form_text)
            suggestion = f"; có phải «{hint[0]}»?" if hint else "; xem danh mục trong data/danh-muc/hinh-thuc.toml"
            error(row.where("hinh_thuc"), f"không có hình thức/danh hiệu «{form_text}» trong danh mục{suggestion}")
            ok = False
        elif subject and subject not in form.subjects:
            allowed = ", ".join(SUBJECT_LABELS[s] for s in form.subjects)
            error(row.where("hinh_thuc"), f"«{form.name}» không dành cho {SUBJECT_LABELS[subject]} "
                  f"(chỉ dành cho: {allowed})")
            ok = False
        amount_text, amount = text("so_tien", ""), None
        if amount_text:
            amount = parse_amount(amount_text)
            shown = amount_text if len(amount_text) <= 40 else amount_text[:40] + "…"
            if amount is None:
                error(row.where("so_tien"), f"không đọc được số tiền «{shown}»; ghi dạng 1.410.000")
                ok = False
            elif not 0 < amount <= MAX_AMOUNT:
                error(row.where("so_tien"), f"số tiền «{shown}» không hợp lý: phải lớn hơn 0 và không quá "
                      f"{MAX_AMOUNT:,} đồng".replace(",", "."))
                ok = False
        if not ok or form is None or subject is None:
            continue
        if subject == "ca-nhan":
            name = validation._person_name(name)
        key = (comparison_key(name), comparison_key(unit), form.name)
        if key in seen:
            error(row.where("ho_ten"), f"«{name}» ({unit}) đã có ở dòng {seen[key].row} với cùng hình thức "
                  f"«{form.name}»; xóa một trong hai dòng")
            continue
        seen[key] = row.where("ho_ten")
        if not text("thanh_tich", "") and not session.achievement and not form.is_title:
            warnings.append(Problem(row.where("thanh_tich"), "chưa có thành tích (cột Thành tích trống và "
                                    "dot.toml không có thanh_tich mặc định)", warning=True))
        awards.append(Award(name, subject, gender, text("chuc_vu", ""), unit, form.name,
                            text("thanh_tich", "") or session.achievement, amount, text("ghi_chu", ""),
                            seen[key], row.where("so_tien") if amount is not None else None))
    if not rows and not problems:
        problems.append(Problem(Location(session.list_file.name), "danh sách không có dòng nào dưới tiêu đề"))
    collect(problems, f"Danh sách {session.list_file.name} có lỗi")
    collect(proposal_problems(awards, session), f"Tệp cài đặt {session.dot_file} chưa đúng")
    return awards, warnings + authority_warnings(awards, session, catalogue)


def outcome(function, *arguments):  # noqa: ANN001, ANN201
    """What a call gives: its answer, or the message and problems of the InputError it raises."""
    try:
        return function(*arguments)
    except InputError as error:
        return ("error", error.message, error.problems)


HEADER = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức", "Thành tích", "Số tiền",
          "Ghi chú"]
VALUES = {  # what each column may hold: good, bad, blank, repeated, legacy-looking, numbers, dates
    0: st.one_of(st.none(), st.integers(1, 99), st.sampled_from(["I", "II.", "A", "1.", "x"])),
    1: st.sampled_from([None, "Lê Văn A", "lê văn a", "LÊ VĂN A", "Lê  Văn A", "Trường Tiểu học", "...", "I. TẬP THỂ",
                        "II. CÁ NHÂN", "1. Trường Mầm non Hoa Sen (02 cá nhân)", "Tổng cộng", "Trần\x07 Thị B", " ",
                        "Người lập", "Nguyễn Thị Hoà", "Nguyễn Thị Hòa"]),
    2: st.sampled_from([None, "Cá nhân", "Tập thể", "Hộ gia đình", "cá nhân", "Người", ""]),
    3: st.sampled_from([None, "Nam", "Nữ", "nu", "Khác", True]),
    4: st.sampled_from([None, "Giáo viên", "Y sĩ", 3.0]),
    5: st.sampled_from([None, "Trường A", "trường  a", ".", "Trạm Y tế\u00a0xã", "Thôn\x01 C"]),
    6: st.sampled_from([None, "Giấy khen", "giay khen", "Giấy khenn", "Tập thể lao động tiên tiến",
                        "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]),
    7: st.sampled_from([None, "Hoàn thành xuất sắc", ""]),
    8: st.one_of(st.sampled_from([None, "1.410.000", "1410000 đ", "abc", "0", "-5", "1,410,000 đồng",
                                  "một triệu bốn trăm mười nghìn đồng chẵn không hơn", 10**12, 710000.0, 1.5]),
                 st.integers(-10, 2_000_000)),
    9: st.sampled_from([None, "ghi chú", datetime.date(2025, 1, 2), datetime.datetime(2025, 1, 2, 8), False]),
}
grids = st.lists(st.tuples(*(VALUES[index] for index in range(10))).map(list), max_size=25)


@pytest.fixture(scope="module")
def example():
    return load_session(EXAMPLE), load_catalogue(CATALOGUE_DIR)


@settings(max_examples=300, deadline=None)
@given(rows=grids, blank_rows=st.sets(st.integers(0, 25), max_size=3), sheet=st.sampled_from(["Danh sách", None]),
       achievement=st.booleans())
def test_rows_problems_and_awards_are_those_of_the_plain_reading(example, rows, blank_rows, sheet, achievement):
    session, catalogue = example
    session = dataclasses.replace(session, achievement=session.achievement if achievement else None)
    body = [[] if index in blank_rows else row for index, row in enumerate(rows)]
    grid = [["DANH SÁCH"], [], HEADER, *body]
    plain = outcome(plain_rows, [list(row) for row in grid], "danh-sach.xlsx", sheet)
    loaded = outcome(rows_from_grid, [list(row) for row in grid], "danh-sach.xlsx", sheet)
    if plain[0] == "error":
        assert loaded[0] == "error"
        return
    plain_list, plain_problems = plain
    assert loaded.problems == plain_problems
    assert [(row.cells, row.coordinates, row.section_subject, row.letters) for row in loaded.rows] == [
        (row.cells, row.coordinates, row.section_subject, row.letters) for row in plain_list]
    for row, plain_row in zip(loaded.rows, plain_list, strict=True):
        assert [row.where(column) for column in COLUMN_LABELS] == [plain_row.where(c) for c in COLUMN_LABELS]
        assert {column: row.text(column) for column in COLUMN_LABELS} == {
            column: plain_row.cells[column].text if column in plain_row.cells else "" for column in COLUMN_LABELS}
    expected = outcome(plain_validate, plain_list, session, catalogue)
    found = outcome(validation.validate, loaded.rows, session, catalogue)
    if expected[0] == "error":
        assert found == expected
    else:
        assert ([plainly(award) for award in found.awards], found.warnings) == (
            [plainly(award) for award in expected[0]], expected[1])


def plainly(award: Award) -> tuple:
    """An award's fields, its sources as the Locations a message shows (an award may keep their coordinates)."""
    fields = [getattr(award, field.name) for field in dataclasses.fields(Award)
              if field.name not in ("source_at", "amount_at")]
    return (*fields, award.source, award.amount_source)


def test_each_award_and_message_names_its_sheet_row_and_column(example):
    session, catalogue = example
    grid = [["STT", "Họ và tên", "Giới tính", "Đơn vị", "Hình thức", "Số tiền"],
            ["I. CÁ NHÂN"], [None, "1. Trường Mầm non Hoa Sen"],
            [1, "Lê Thị Lan", "Nữ", None, "Giấy khen", "1.410.000"],
            [2, "Võ Văn Tư", "Nam", "Trường A", "Giấy khen"]]
    loaded = rows_from_grid(grid, "danh-sach.xlsx", "Danh sách")
    awards = validation.validate(loaded.rows, dataclasses.replace(session, achievement="x"), catalogue).awards
    assert [(award.source, award.amount_source) for award in awards] == [
        (Location("danh-sach.xlsx", "Danh sách", 4, "B (Họ và tên)"),
         Location("danh-sach.xlsx", "Danh sách", 4, "F (Số tiền)")),
        (Location("danh-sach.xlsx", "Danh sách", 5, "B (Họ và tên)"), None)]
    first, second = loaded.rows
    assert first.where("don_vi") == Location("danh-sach.xlsx", "Danh sách", 4, "mục đơn vị phía trên")
    assert first.cells["don_vi"] == Cell("Trường Mầm non Hoa Sen",
                                         ("danh-sach.xlsx", "Danh sách", 4, "mục đơn vị phía trên"))
    assert second.where("don_vi") == Location("danh-sach.xlsx", "Danh sách", 5, "D (Đơn vị)")
    assert second.where("ghi_chu") == Location("danh-sach.xlsx", "Danh sách", 5, "Ghi chú")  # no such column
    assert second.where("doi_tuong") == Location("danh-sach.xlsx", "Danh sách", 5, "Đối tượng")


def test_the_messages_of_a_hostile_list_are_unchanged(example):
    session, catalogue = example
    grid = [HEADER,
            [1, None, "Cá nhân", "Nam", None, "Trường A", "Giấy khen"],
            [2, "...", "Cá nhân", "Nam", None, ".", "Giấy khen"],
            [3, "Lê Văn A", "Người", "Khác", None, "Trường A", "Giấy khenn", None, "abc"],
            [4, "Lê Văn B", None, None, None, "Trường A", "Tập thể lao động tiên tiến", None, 10**12],
            [5, "Lê Văn C", "Cá nhân", None, None, "Trường A", "Tập thể lao động tiên tiến"],
            [6, "Lê Văn D", "Cá nhân", None, None, "Trường A", "Giấy khen"],
            [7, "lê  văn d", "Cá nhân", None, None, "trường a", "Giấy khen"],
            [8, "Lê\x07 Văn E", "Tập thể", None, None, None, None]]
    loaded = rows_from_grid(grid, "a.xlsx", "Trang 1")
    with pytest.raises(InputError) as raised:
        validation.validate(loaded.rows, session, catalogue)
    where = "tệp a.xlsx, trang tính «Trang 1», dòng"
    assert [problem.describe() for problem in loaded.problems + raised.value.problems] == [
        f"{where} 9, cột B (Họ và tên): có ký tự điều khiển không in được (U+0007), thường do chép từ phần mềm "
        "khác; xóa giá trị này và gõ lại (Word và LibreOffice không mở được văn bản có ký tự này)",
        f"{where} 2, cột B (Họ và tên): thiếu họ và tên (hoặc tên tập thể)",
        f"{where} 3, cột B (Họ và tên): «...» không phải một tên (không có chữ hay số nào)",
        f"{where} 3, cột F (Đơn vị): «.» không phải tên một đơn vị (không có chữ hay số nào)",
        f"{where} 4, cột C (Đối tượng): đối tượng «Người» không hợp lệ; ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình»",
        f"{where} 4, cột D (Giới tính): giới tính «Khác» không hợp lệ; chỉ ghi «Nam» hoặc «Nữ»",
        f"{where} 4, cột G (Hình thức): không có hình thức/danh hiệu «Giấy khenn» trong danh mục; có phải «Giấy "
        "khen»?",
        f"{where} 4, cột I (Số tiền): không đọc được số tiền «abc»; ghi dạng 1.410.000",
        f"{where} 5, cột C (Đối tượng): thiếu đối tượng; ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình» (hoặc đặt dòng "
        "mục «I. TẬP THỂ», «II. CÁ NHÂN» phía trên)",
        f"{where} 5, cột I (Số tiền): số tiền «1000000000000» không hợp lý: phải lớn hơn 0 và không quá "
        "10.000.000.000 đồng",
        f"{where} 6, cột G (Hình thức): «Tập thể lao động tiên tiến» không dành cho cá nhân (chỉ dành cho: tập thể)",
        f"{where} 8, cột B (Họ và tên): «Lê Văn D» (trường a) đã có ở dòng 7 với cùng hình thức «Giấy khen»; xóa "
        "một trong hai dòng",
        f"{where} 9, cột F (Đơn vị): thiếu đơn vị",
        f"{where} 9, cột G (Hình thức): thiếu hình thức khen thưởng hoặc danh hiệu",
    ]
