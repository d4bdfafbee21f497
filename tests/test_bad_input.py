"""Bad sessions: a Vietnamese message naming the place, a non-zero exit, no traceback, previous output untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import cli


def edit_cell(folder: Path, cell: str, value) -> None:
    path = folder / "danh-sach.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook.active[cell] = value
    workbook.save(path)


def edit_toml(folder: Path, old: str, new: str) -> None:
    path = folder / "dot.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


CASES = [
    pytest.param(lambda f: edit_cell(f, "G3", "Ghi chép"), 2,
                 ["thiếu cột bắt buộc «Hình thức»", "danh-sach.xlsx", "dòng 3"], id="thiếu cột Hình thức"),
    pytest.param(lambda f: edit_cell(f, "G6", "Giấy khenn"), 2,
                 ["dòng 6, cột G", "không có hình thức/danh hiệu «Giấy khenn»", "có phải «Giấy khen»?"],
                 id="hình thức không có trong danh mục"),
    pytest.param(lambda f: edit_cell(f, "G7", "Tập thể lao động tiên tiến"), 2,
                 ["dòng 7, cột G", "«Tập thể lao động tiên tiến» không dành cho cá nhân"],
                 id="danh hiệu tập thể cho cá nhân"),
    pytest.param(lambda f: edit_cell(f, "B8", None), 2, ["dòng 8, cột B", "thiếu họ và tên"], id="thiếu tên"),
    pytest.param(lambda f: edit_cell(f, "D9", "Không rõ"), 2, ["dòng 9, cột D", "giới tính «Không rõ»"],
                 id="giới tính sai"),
    pytest.param(lambda f: edit_cell(f, "I10", "bảy trăm nghìn"), 2, ["dòng 10, cột I", "không đọc được số tiền"],
                 id="số tiền không đọc được"),
    pytest.param(lambda f: (f / "danh-sach.xlsx").write_bytes(b"PK\x03\x04 not really a workbook"), 2,
                 ["Không đọc được tệp danh-sach.xlsx"], id="tệp xlsx hỏng"),
    pytest.param(lambda f: (f / "danh-sach.xlsx").unlink(), 2,
                 ["Không tìm thấy tệp danh sách «danh-sach.xlsx»", "danh_sach.tep"], id="thiếu tệp danh sách"),
    pytest.param(lambda f: edit_toml(f, 'ho_ten = "Nguyễn Văn An"', ""), 2,
                 ["dot.toml", "mục nguoi_ky.ho_ten", "thiếu giá trị bắt buộc"], id="thiếu khóa dot.toml"),
    pytest.param(lambda f: edit_toml(f, "ngay = 2026-01-20", 'ngay = "20/01/2026"'), 2,
                 ["mục dot.ngay", "NĂM-THÁNG-NGÀY"], id="ngày viết sai"),
    pytest.param(lambda f: edit_toml(f, 'viet_tat = "UBND"', 'viet_tat = "UBND'), 2,
                 ["dot.toml viết sai cú pháp", "dòng 7", "thiếu dấu ngoặc kép"], id="dot.toml sai cú pháp"),
    pytest.param(lambda f: (f / "dot.toml").unlink(), 2, ["không có tệp dot.toml"], id="thiếu dot.toml"),
    pytest.param(lambda f: edit_toml(f, 'lam_tron = "len"', "") or edit_toml(f, "[danh_sach]",
                 'lam_tron = "lên"\n[danh_sach]'), 2, ["mục dot.lam_tron", "len, gan-nhat, khong"],
                 id="cách làm tròn sai"),
]


@pytest.mark.parametrize("breaks, exit_code, fragments", CASES)
def test_bad_session_is_reported_and_output_untouched(session_copy, tmp_path, breaks, exit_code, fragments):
    output = tmp_path / "ket-qua"
    output.mkdir()
    (output / "cu.pdf").write_bytes(b"previous build")
    before = tree(output)
    breaks(session_copy)
    result = CliRunner().invoke(cli, ["build", str(session_copy), "-o", str(output), "-q"])
    assert result.exit_code == exit_code, result.output
    message = result.output
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert tree(output) == before
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(".ket-qua")]
    assert leftovers == []


def test_all_row_errors_are_reported_together(session_copy):
    edit_cell(session_copy, "G6", "Giấy khenn")
    edit_cell(session_copy, "D9", "Không rõ")
    edit_cell(session_copy, "B8", None)
    result = CliRunner().invoke(cli, ["check", str(session_copy)])
    assert result.exit_code == 2
    assert "(3 lỗi, sửa rồi chạy lại)" in result.output
    assert result.output.index("dòng 6") < result.output.index("dòng 8") < result.output.index("dòng 9")


def test_real_process_prints_no_traceback(session_copy):
    edit_cell(session_copy, "G6", "Giấy khenn")
    completed = subprocess.run([sys.executable, "-m", "generator.cli", "check", str(session_copy)],
                               capture_output=True, text=True)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "dòng 6, cột G" in completed.stderr
