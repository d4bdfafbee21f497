"""Approved lists as offices really keep them: each spreadsheet variant, built here, loads to the same awards."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE
from openpyxl.styles import Font

from generator.core.errors import InputError
from generator.pipeline import check
from generator.reading.encodings import unicode_to_tcvn3, unicode_to_vni

# (STT, name, subject, gender, position, unit, form, amount)
AWARDS = [
    ("Trường Tiểu học Kim Đồng", "Tập thể", "", "", "Trường Tiểu học Kim Đồng", "Giấy khen", ""),
    ("Nguyễn Thị Hồng Nhung", "Cá nhân", "Nữ", "Giáo viên", "Trường Tiểu học Kim Đồng", "Giấy khen", ""),
    ("Đặng Văn Hưởng", "Cá nhân", "Nam", "Hiệu trưởng", "Trường Tiểu học Kim Đồng", "Lao động tiên tiến", ""),
    ("Lê Thị Thủy", "Cá nhân", "Nữ", "Y sĩ", "Trạm Y tế xã", "Giấy khen", "1.410.000"),
    ("Trần Văn Ổn", "Cá nhân", "Nam", "Bác sĩ", "Trạm Y tế xã", "Lao động tiên tiến", ""),
]
EXPECTED = [(n, {"Tập thể": "tap-the", "Cá nhân": "ca-nhan"}[s], g or None, p, u, f, int(a.replace(".", "")) if a
             else None) for n, s, g, p, u, f, a in AWARDS]
HEADER = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền"]


def session_with(tmp_path: Path, writer, name: str = "danh-sach.xlsx", extra: str = "",
                 forms: tuple[str, ...] = ("Giấy khen", "Lao động tiên tiến")) -> Path:
    folder = tmp_path / "dot"
    shutil.copytree(EXAMPLE, folder)
    (folder / "danh-sach.xlsx").unlink()
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8").replace('tep = "danh-sach.xlsx"', f'tep = "{name}"\n{extra}')
    # The lists hold some of the example's four forms (``forms``); a [[quyet_dinh]] of a form not in the list stops
    # check, so the others' blocks go.
    for block in re.findall(r'\[\[quyet_dinh\]\]\nhinh_thuc = "([^"]+)"', text):
        if block not in forms:
            text = re.sub(rf'\[\[quyet_dinh\]\]\nhinh_thuc = "{block}"\n(.*\n)*?\n(?=\[)', "", text)
    dot.write_text(text, encoding="utf-8")
    writer(folder / name)
    return folder


def loaded(folder: Path) -> list[tuple]:
    checked = check(folder)
    return [(a.name, a.subject, a.gender, a.position, a.unit, a.form, a.amount_override) for a in checked.awards]


def plain_rows():
    return [[i, *row] for i, row in enumerate(AWARDS, start=1)]


def save(rows, path: Path, fonts: dict | None = None, merges=(), sheets_before=0) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for index in range(sheets_before):
        sheet.title = f"Trống {index}"
        sheet = workbook.create_sheet("Danh sách")
    for row in rows:
        sheet.append(row)
    for coordinate, font in (fonts or {}).items():
        sheet[coordinate].font = Font(name=font)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)


def write_clean(path):
    save([HEADER, *plain_rows()], path)


def write_title_rows(path):
    save([["ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"], ["DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"], [], HEADER, *plain_rows()],
         path, merges=["A2:H2"])


def write_two_row_header(path):
    top = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Khen thưởng", None]
    below = [None, None, None, None, None, None, "Hình thức", "Số tiền (đồng)"]
    save([top, below, *plain_rows()], path, merges=["G1:H1"])


def write_line_breaks_and_case(path):
    header = ["S\nTT", "HỌ VÀ\nTÊN", "đối  tượng", "Giới\ntính", "Chức danh", "ĐƠN VỊ CÔNG TÁC", "Danh hiệu",
              "Tiền thưởng"]
    save([header, *plain_rows()], path)


def write_reordered_with_extra_columns(path):
    header = ["Hình thức khen thưởng", "Số CCCD", "Đơn vị", "Họ tên", "Điện thoại", "Loại", "Giới tính", "Chức vụ",
              "Số tiền", "STT"]
    rows = [[f, "051090001234", u, n, "0912345678", s, g, p, a, i]
            for i, (n, s, g, p, u, f, a) in enumerate(AWARDS, start=1)]
    save([header, *rows], path)


def write_subject_sections(path):
    header = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền"]
    rows = [["I", "TẬP THỂ"]]
    rows += [[1, n, g, p, u, f, a] for n, s, g, p, u, f, a in AWARDS if s == "Tập thể"]
    rows += [["II. CÁ NHÂN"]]
    rows += [[i, n, g, p, u, f, a] for i, (n, s, g, p, u, f, a) in enumerate(AWARDS[1:], start=1)]
    save([header, *rows], path, merges=["A4:G4"])


def write_unit_sections(path):
    header = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Hình thức", "Số tiền"]
    rows = [["A", "Khối trường học"], [None, "1. Trường Tiểu học Kim Đồng (03 người)"]]
    rows += [[i, n, s, g, p, f, a] for i, (n, s, g, p, u, f, a) in enumerate(AWARDS[:3], start=1)]
    rows += [["B", "Khối y tế"], [None, "2. Trạm Y tế xã"]]
    rows += [[i, n, s, g, p, f, a] for i, (n, s, g, p, u, f, a) in enumerate(AWARDS[3:], start=1)]
    save([header, *rows], path)


def write_merged_units(path):
    rows = plain_rows()
    for row in rows[1:3]:
        row[5] = None
    rows[4][5] = None
    save([HEADER, *rows], path, merges=["F2:F4", "F5:F6"])


def write_totals_and_signatures(path):
    rows = [HEADER, *plain_rows(), [None, "Tổng cộng", None, None, None, None, None, "2.830.000"], [],
            [None, "Danh sách này có 01 tập thể và 04 cá nhân./."], [],
            [None, "NGƯỜI LẬP BIỂU", None, None, None, "CHỦ TỊCH"], [], [None, "Phạm Văn Lập", None, None, None,
                                                                          "Nguyễn Văn An"]]
    save(rows, path)


def write_blank_then_signatures(path):
    rows = [HEADER, *plain_rows(), [], [], [None, "Người lập", None, None, "Hòa Bình, ngày 10 tháng 01 năm 2026"],
            [None, "Phạm Văn Lập"]]
    save(rows, path)


def write_numbers_as_text(path):
    rows = plain_rows()
    variants = ["1.410.000", "1,410,000", "1 410 000", "1410000 đ", "1.410.000 đồng"]
    for row, variant in zip(rows, variants, strict=True):
        row[7] = variant
    save([HEADER, *rows], path)


def write_messy_spaces_and_case(path):
    rows = plain_rows()
    rows[1][1] = "  nguyễn\u00a0thị  hồng   nhung "
    rows[2][1] = "ĐẶNG VĂN HƯỞNG"
    rows[3][1] = "Lê  Thị\u00a0Thủy"
    save([HEADER, *rows], path)


def write_second_sheet(path):
    save([HEADER, *plain_rows()], path, sheets_before=1)


def write_csv_semicolon_bom(path):
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(plain_rows())


def write_csv_windows_1258(path):
    import csv
    import io
    import unicodedata

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(plain_rows())
    # Windows-1258 stores tones as combining marks after the base letter.
    decomposed = unicodedata.normalize("NFD", buffer.getvalue())
    path.write_bytes(unicodedata.normalize("NFC", decomposed).encode("cp1258", errors="strict")
                     if False else _cp1258(decomposed))


def _cp1258(text: str) -> bytes:
    import unicodedata

    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            # Letters cp1258 lacks precomposed (ặ, ộ…): base (with its shape mark) + combining tone.
            base, *marks = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0306\u0302\u031b")
                                         ).encode("cp1258")
            out += "".join(m for m in marks if m not in "\u0306\u0302\u031b").encode("cp1258")
    return bytes(out)


def legacy_rows(convert) -> list[list]:
    return [[i, *[convert(cell) if isinstance(cell, str) else cell for cell in row]]
            for i, row in enumerate(AWARDS, start=1)]


def write_tcvn3(path):
    header = [unicode_to_tcvn3(cell) for cell in HEADER]
    rows = [header, *legacy_rows(unicode_to_tcvn3)]
    fonts = {f"{column}{row}": ".VnTime" for row in range(1, len(rows) + 1) for column in "ABCDEFGH"}
    save(rows, path, fonts=fonts)


def write_tcvn3_upper_cells(path):
    rows = [HEADER, *plain_rows()]
    fonts = {}
    # The unit of row 2 is typed in capitals with the upper-case font .VnTimeH, which reuses lower-case codes.
    rows[4][5] = unicode_to_tcvn3("trạm y tế xã")
    fonts["F5"] = ".VnTimeH"
    rows[5][5] = unicode_to_tcvn3("trạm y tế xã")
    fonts["F6"] = ".VnTimeH"
    save(rows, path, fonts=fonts)


def write_vni(path):
    rows = [[unicode_to_vni(cell) for cell in HEADER], *legacy_rows(unicode_to_vni)]
    fonts = {f"{column}{row}": "VNI-Times" for row in range(1, len(rows) + 1) for column in "ABCDEFGH"}
    save(rows, path, fonts=fonts)


CORPUS = [
    pytest.param(write_clean, "danh-sach.xlsx", id="bảng sạch"),
    pytest.param(write_title_rows, "danh-sach.xlsx", id="dòng tên bảng phía trên"),
    pytest.param(write_two_row_header, "danh-sach.xlsx", id="tiêu đề hai dòng"),
    pytest.param(write_line_breaks_and_case, "danh-sach.xlsx", id="tiêu đề xuống dòng, hoa thường, bí danh"),
    pytest.param(write_reordered_with_extra_columns, "danh-sach.xlsx", id="cột đảo thứ tự và cột thừa"),
    pytest.param(write_subject_sections, "danh-sach.xlsx", id="dòng mục I. TẬP THỂ, II. CÁ NHÂN"),
    pytest.param(write_unit_sections, "danh-sach.xlsx", id="dòng mục khối và đơn vị"),
    pytest.param(write_merged_units, "danh-sach.xlsx", id="ô đơn vị gộp"),
    pytest.param(write_totals_and_signatures, "danh-sach.xlsx", id="dòng tổng cộng và chữ ký"),
    pytest.param(write_blank_then_signatures, "danh-sach.xlsx", id="dòng trống rồi chữ ký"),
    pytest.param(write_numbers_as_text, "danh-sach.xlsx", id="số tiền dạng chữ nhiều kiểu"),
    pytest.param(write_messy_spaces_and_case, "danh-sach.xlsx", id="khoảng trắng thừa, tên viết thường/hoa"),
    pytest.param(write_second_sheet, "danh-sach.xlsx", id="trang tính đầu trống"),
    pytest.param(write_csv_semicolon_bom, "danh-sach.csv", id="csv dấu chấm phẩy, BOM"),
    pytest.param(write_csv_windows_1258, "danh-sach.csv", id="csv Windows-1258"),
    pytest.param(write_tcvn3, "danh-sach.xlsx", id="TCVN3 .VnTime"),
    pytest.param(write_tcvn3_upper_cells, "danh-sach.xlsx", id="TCVN3 .VnTimeH chữ hoa"),
    pytest.param(write_vni, "danh-sach.xlsx", id="VNI-Times"),
]


@pytest.mark.parametrize("writer, name", CORPUS)
def test_variant_loads_to_the_expected_awards(tmp_path, writer, name):
    result = loaded(session_with(tmp_path, writer, name))
    expected = EXPECTED
    if writer is write_numbers_as_text:
        expected = [(*row[:6], 1_410_000) for row in EXPECTED]
    if writer is write_tcvn3_upper_cells:
        expected = [(*row[:4], "TRẠM Y TẾ XÃ" if row[4] == "Trạm Y tế xã" else row[4], *row[5:]) for row in EXPECTED]
    assert result == expected


def test_ignored_columns_and_conversions_are_reported(tmp_path):
    checked = check(session_with(tmp_path, write_reordered_with_extra_columns))
    assert checked.loaded.ignored_columns == ["Số CCCD", "Điện thoại"]
    checked = check(session_with(tmp_path / "b", write_tcvn3))
    cells = {c.where: (c.before, c.after) for c in checked.loaded.conversions}
    assert cells["Sheet!B3"][1] == "Nguyễn Thị Hồng Nhung"
    assert cells["Sheet!B3"][0] != cells["Sheet!B3"][1]
    assert all(c.encoding.startswith("tcvn3") for c in checked.loaded.conversions)


def test_unicode_in_a_legacy_font_is_not_converted(tmp_path):
    def writer(path):
        fonts = {f"B{row}": ".VnTime" for row in range(2, 7)}
        save([HEADER, *plain_rows()], path, fonts=fonts)

    checked = check(session_with(tmp_path, writer))
    assert [a.name for a in checked.awards] == [row[0] for row in EXPECTED]
    assert checked.loaded.conversions == []


def test_ten_errors_are_reported_in_one_run(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    def writer(path):
        rows = [HEADER, *plain_rows()]
        rows += [
            [6, None, "Cá nhân", "Nam", "GV", "Trạm Y tế xã", "Giấy khen", ""],                 # no name
            [7, "Võ Văn Tám", "Cá nhân", "Nam", "GV", None, "Giấy khen", ""],                   # no unit
            [8, "Võ Văn Chín", "Cá nhân", "Nam", "GV", "Trạm Y tế xã", "Giấy khem", ""],        # unknown form
            [9, "Võ Văn Mười", "Cá nhân", "Nam", "GV", "Trạm Y tế xã", "Tập thể lao động tiên tiến", ""],  # wrong
            [10, "Hoà Thị Mai", "Cá nhân", "Nữ", "GV", "Trạm Y tế xã", "Giấy khen", ""],
            [11, "Hòa  Thị Mai", "Cá nhân", "Nữ", "GV", "Trạm Y tế xã", "Giấy khen", ""],       # duplicate
            [12, "Võ Văn Mười Hai", "Cá nhân", "Nam giới", "GV", "Trạm Y tế xã", "Giấy khen", ""],  # gender
            [13, "Võ Văn Mười Ba", "Cá nhân", "Nam", "GV", "Trạm Y tế xã", "Giấy khen", "một triệu"],  # amount
            [14, "Võ Văn Mười Bốn", "Người", "Nam", "GV", "Trạm Y tế xã", "Giấy khen", ""],     # subject
            [15, "Võ Văn Mười Lăm", "Cá nhân", "Nam", "GV", "Trạm Y tế xã", None, ""],          # no form
            [16, "Đội Bóng", "Tập thể", "", "", "Trạm Y tế xã", "Lao động tiên tiến", ""],      # title for a person
        ]
        save(rows, path)

    folder = session_with(tmp_path, writer)
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(output)])
    assert result.exit_code == 2
    assert "(10 lỗi, sửa rồi chạy lại)" in result.output
    for place in ["dòng 7, cột B", "dòng 8, cột F", "dòng 9, cột G", "dòng 10, cột G", "dòng 12, cột B",
                  "dòng 13, cột D", "dòng 14, cột H", "dòng 15, cột C", "dòng 16, cột G", "dòng 17, cột G"]:
        assert place in result.output, place
    assert "có phải «Giấy khen»?" in result.output and "đã có ở dòng 11" in result.output
    assert "Traceback" not in result.output and not output.exists()


def test_sort_by_name_orders_within_each_unit(tmp_path):
    names = ["Nguyễn Văn Ân", "Trần Thị Ánh", "Lê Văn An", "Phạm Thị Ăn", "Đỗ Văn Bình", "Ngô Thị Ấn",
             "Lý Văn Đức", "Bùi Văn Dũng", "Hồ Thị Ê", "Vũ Văn Em"]

    def writer(path):
        rows = [HEADER] + [[i, n, "Cá nhân", "Nam", "GV", "Trường Tiểu học Kim Đồng", "Giấy khen", ""]
                           for i, n in enumerate(names, start=1)]
        save(rows, path)

    folder = session_with(tmp_path, writer, extra='sap_xep = "theo-ten"', forms=("Giấy khen",))
    decision = check(folder).decisions[0]
    ordered = [row.name for row in decision.annex.sections[0].rows]
    # by tên, letters first (an < anh < ăn < ân), then tones (Ân < Ấn), then họ
    assert ordered == ["Lê Văn An", "Trần Thị Ánh", "Phạm Thị Ăn", "Nguyễn Văn Ân", "Ngô Thị Ấn", "Đỗ Văn Bình",
                       "Bùi Văn Dũng", "Lý Văn Đức", "Vũ Văn Em", "Hồ Thị Ê"]


def test_header_not_found_is_a_clear_error(tmp_path):
    folder = session_with(tmp_path, lambda path: save([["một", "hai"], [1, 2]], path))
    with pytest.raises(InputError, match="Không tìm thấy dòng tiêu đề cột"):
        check(folder)


def test_amount_override_warning_points_at_the_amount_cell(tmp_path):
    # Row 5 (Lê Thị Thủy) writes 1.410.000 where the rule gives 710.000: the cell to look at is H5, not her name.
    checked = check(session_with(tmp_path, write_clean))
    amount_warnings = [w for w in checked.warnings if "khác mức tính theo quy định" in w.message]
    assert [w.describe() for w in amount_warnings] == [
        "tệp danh-sach.xlsx, trang tính «Sheet», dòng 5, cột H (Số tiền): số tiền ghi trong danh sách 1.410.000 "
        "đồng khác mức tính theo quy định 710.000 đồng; dùng số trong danh sách"]
