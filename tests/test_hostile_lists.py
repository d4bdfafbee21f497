"""Hostile, huge and broken lists and settings: the right sheet, the right cells, bounded time and memory, a
Vietnamese message for every refusal. Through `vanban` in a real process under a memory limit (2 GiB, the issue's
threshold); a generous timeout only checks that the command finished, it measures nothing."""

from __future__ import annotations

import io
import json
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_loading_corpus import AWARDS, HEADER, plain_rows, save, session_with

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "vi-du"
MEMORY_LIMIT = 2 * 1024 ** 3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def vanban(*arguments: str) -> subprocess.CompletedProcess:
    completed = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *arguments],
                               capture_output=True, text=True, timeout=300, preexec_fn=_limit_memory)
    assert "Traceback" not in completed.stderr, completed.stderr[-3000:]
    assert completed.returncode != 70, completed.stderr[-3000:]
    return completed


def check_json(folder: Path) -> dict:
    completed = vanban("check", str(folder), "--json")
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout)


def example_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "dot"
    shutil.copytree(EXAMPLE, folder)
    return folder


# ------------------------------------------------------------------------------------------- which sheet


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_not_read_and_the_sheet_read_is_said(tmp_path, state):
    def write(path: Path) -> None:
        workbook = openpyxl.Workbook()
        old = workbook.active
        old.title = "Cũ"
        for row in [HEADER, [1, "Người Cũ", "Cá nhân", "Nam", "", "Trạm Y tế xã", "Giấy khen", ""]]:
            old.append(row)
        old.sheet_state = state
        current = workbook.create_sheet("Danh sách")
        for row in [HEADER, *plain_rows()]:
            current.append(row)
        workbook.active = 1
        workbook.save(path)

    folder = session_with(tmp_path, write)
    summary = check_json(folder)
    assert summary["so_nguoi_nhan"] == len(AWARDS)
    assert summary["danh_sach"] == {"tep": "danh-sach.xlsx", "trang_tinh": "Danh sách",
                                    "trang_khong_doc": ["«Cũ» (trang ẩn)"]}
    text = vanban("check", str(folder)).stdout
    assert "Danh sách: danh-sach.xlsx, trang tính «Danh sách» (không đọc: «Cũ» (trang ẩn))" in text
    # Named in dot.toml, a hidden sheet is read: the office said so. It holds a Giấy khen only, so the other
    # decision's block goes (a [[quyet_dinh]] of a form not in the list is refused).
    folder = session_with(tmp_path / "an", write, forms=("Giấy khen",))
    dot = folder / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8").replace('# sheet = "Sheet1"', 'sheet = "Cũ"'), encoding="utf-8")
    assert check_json(folder)["so_nguoi_nhan"] == 1


def test_a_header_cell_merged_down_is_not_copied_into_the_rows_below(tmp_path):
    rows = plain_rows()
    rows[0][5] = rows[1][5] = None
    folder = session_with(tmp_path, lambda path: save([HEADER, *rows], path, merges=["F1:F3"]))
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stdout
    assert "dòng 2, cột F (Đơn vị): thiếu đơn vị" in completed.stderr
    assert "dòng 3, cột F (Đơn vị): thiếu đơn vị" in completed.stderr
    assert "«Đơn vị»" not in completed.stdout + completed.stderr


# ------------------------------------------------------------------------------------- size, time, memory


def edited_example(tmp_path: Path, edit) -> Path:  # noqa: ANN001
    folder = example_copy(tmp_path)
    workbook = openpyxl.load_workbook(folder / "danh-sach.xlsx")
    edit(workbook.worksheets[0])
    workbook.save(folder / "danh-sach.xlsx")
    return folder


def test_one_space_at_the_last_row_does_not_make_a_million_row_list(tmp_path):
    folder = edited_example(tmp_path, lambda sheet: sheet.cell(1048576, 10, " "))
    assert check_json(folder)["so_nguoi_nhan"] == 40


def test_a_value_in_the_last_cell_of_the_sheet_is_read_in_bounded_memory(tmp_path):
    folder = edited_example(tmp_path, lambda sheet: sheet.cell(1048576, 16384, "x"))
    assert check_json(folder)["so_nguoi_nhan"] == 40
    completed = vanban("build", str(folder), "-o", str(tmp_path / "ket-qua"), "--only", "quyet-dinh",
                       "--format", "docx", "--no-lint", "-q")
    assert completed.returncode == 0, completed.stderr[-3000:]


def _xlsx_with_sheet_xml(path: Path, sheet_xml_parts) -> None:  # noqa: ANN001 - an iterable of bytes
    """A valid workbook whose first sheet's XML is streamed from ``sheet_xml_parts`` (too big to hold at once)."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with target.open(member, "w", force_zip64=True) as stream:
                    for part in sheet_xml_parts:
                        stream.write(part)
            else:
                target.writestr(info, source.read(info.filename))


SHEET_START = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
SHEET_END = b"</sheetData></worksheet>"


def _inline(row: int, column: str, text: str) -> bytes:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def test_too_many_rows_are_refused_with_a_message(tmp_path):
    def parts():
        yield SHEET_START
        header = zip("ABCD", ("STT", "Họ và tên", "Đơn vị", "Hình thức"), strict=True)
        yield b'<row r="1">' + b"".join(_inline(1, column, text) for column, text in header) + b"</row>"
        for start in range(2, 210_002, 10_000):
            yield b"".join(b'<row r="%d">' % r + _inline(r, "B", "Nguyễn Văn A") + b"</row>"
                           for r in range(start, start + 10_000))
        yield SHEET_END

    folder = session_with(tmp_path, lambda path: _xlsx_with_sheet_xml(path, parts()))
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "trang tính «Sheet»: hơn 200.000 dòng có dữ liệu" in completed.stderr


def test_a_workbook_that_expands_to_gigabytes_is_refused_before_parsing(tmp_path):
    spaces = b" " * (64 * 1024 * 1024)

    def parts():
        yield SHEET_START
        for _ in range(8):  # 512 MiB of whitespace (twice the limit): half a megabyte once compressed
            yield spaces
        yield SHEET_END

    folder = session_with(tmp_path, lambda path: _xlsx_with_sheet_xml(path, parts()))
    assert (folder / "danh-sach.xlsx").stat().st_size < 5 * 1024 * 1024
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Tệp danh-sach.xlsx giải nén ra quá lớn" in completed.stderr


def test_the_zip_check_counts_what_a_member_really_inflates_to(tmp_path):
    from generator.core.errors import InputError
    from generator.reading.workbook import check_zip_sizes

    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b" " * 3_000_000)
        archive.writestr("b.xml", b" " * 3_000_000)
    check_zip_sizes(path, limit=7_000_000)
    with pytest.raises(InputError, match="giải nén ra quá lớn"):
        check_zip_sizes(path, limit=5_000_000)


# ---------------------------------------------------------------------------------------- sane values


def dot_with(tmp_path: Path, *replacements: tuple[str, str], append: str = "") -> Path:
    folder = example_copy(tmp_path)
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    dot.write_text(text + append, encoding="utf-8")
    return folder


def test_numbers_and_dates_of_dot_toml_have_sane_ranges(tmp_path):
    folder = dot_with(tmp_path, ("nam = 2025 ", "nam = -5 "), ("so = 5\n", "so = 9223372036854775807\n"),
                      ("ngay = 2026-01-20 ", "ngay = 2100-01-20 "))
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stdout
    assert "mục dot.nam: số -5 không hợp lý: phải từ 1945 đến 2099" in completed.stderr
    assert "mục [[quyet_dinh]] thứ 1, so: số 9223372036854775807 không hợp lý" in completed.stderr
    assert "mục dot.ngay: ngày 20/01/2100 không hợp lý" in completed.stderr


def test_an_absurd_amount_in_the_list_is_refused_where_it_is(tmp_path):
    rows = plain_rows()
    rows[3][7] = 1e300
    folder = session_with(tmp_path, lambda path: save([HEADER, *rows], path))
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stdout
    assert "dòng 5, cột H (Số tiền): số tiền «1000000000000000052504760255204420248704…» không hợp lý: phải lớn " \
           "hơn 0 và không quá 10.000.000.000 đồng" in completed.stderr


def test_unknown_and_misspelt_keys_of_dot_toml_are_refused_with_the_nearest_key(tmp_path):
    folder = dot_with(tmp_path, ("# luong_co_so = 2340000", "luong_co_s0 = 2340000"),
                      ("thi_hanh = [", "thi_hanhh = ["), append='\n[foo]\nbar = 1\n')
    completed = vanban("check", str(folder))
    assert completed.returncode == 2, completed.stdout
    assert "mục dot.luong_co_s0: khóa không dùng được; có phải «luong_co_so»?" in completed.stderr
    assert "mục dot.thi_hanhh: khóa không dùng được; có phải «thi_hanh»?" in completed.stderr
    assert "mục foo: khóa không dùng được" in completed.stderr


# ------------------------------------------------------------------------------------------- messages


def test_a_unit_named_with_a_dot_only_gets_a_located_message(tmp_path):
    rows = plain_rows()
    rows[3][5] = "."
    folder = session_with(tmp_path, lambda path: save([HEADER, *rows], path))
    completed = vanban("check", str(folder))
    assert completed.returncode == 2
    assert "dòng 5, cột F (Đơn vị): «.» không phải tên một đơn vị" in completed.stderr


def _csv_text() -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(plain_rows())
    return buffer.getvalue()


def test_a_csv_with_mixed_line_endings_is_read(tmp_path):
    lines = _csv_text().split("\n")
    mixed = lines[0] + "\r\n" + lines[1] + "\r" + "\n".join(lines[2:])
    folder = session_with(tmp_path, lambda path: path.write_bytes(mixed.encode("utf-8")), "danh-sach.csv")
    assert check_json(folder)["so_nguoi_nhan"] == len(AWARDS)


def test_a_broken_csv_line_is_named_in_vietnamese(tmp_path):
    text = _csv_text() + '6,"' + "Trần Văn Dài " * 20_000 + '"\n'
    folder = session_with(tmp_path, lambda path: path.write_text(text, encoding="utf-8"), "danh-sach.csv")
    completed = vanban("check", str(folder))
    assert completed.returncode == 2
    assert "Tệp danh-sach.csv, dòng 7: không đọc được dòng này như CSV" in completed.stderr
    assert "field" not in completed.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_csv_with_its_byte_order_mark_is_read(tmp_path, encoding):
    data = _csv_text().encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    folder = session_with(tmp_path, lambda path: path.write_bytes(data), "danh-sach.csv")
    summary = check_json(folder)
    assert summary["so_nguoi_nhan"] == len(AWARDS)
    assert summary["bang_ma_tep"] == []
