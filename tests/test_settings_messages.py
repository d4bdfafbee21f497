"""TOML slips in dot.toml, a stock profile or a dispatch's settings: said in Vietnamese, with the line and the fix."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from test_bad_input import edit_toml

from generator.cli import cli
from generator.rendering.template_folders import BUILTIN_TEMPLATES

SLIPS = [
    pytest.param("ngay = 2026-01-20", "ngay = 20/01/2026",
                 ["dòng 20", "«ngay = 20/01/2026»", "viết ngày dạng 2026-01-20", "ngay = 2026-01-20"],
                 id="ngày dd/mm/yyyy"),
    pytest.param('dia_danh = "Hòa Bình"  ', "dia_danh = Hòa Bình  ",
                 ["dòng 8", "chữ phải nằm trong ngoặc kép", 'dia_danh = "Hòa Bình"'], id="chữ không có ngoặc kép"),
    pytest.param('ho_ten = "Nguyễn Văn An"', 'ho_ten = "Nguyễn Văn An',
                 ["dòng 16", "thiếu dấu ngoặc kép đóng", 'ho_ten = "Nguyễn Văn An"'], id="thiếu ngoặc kép đóng"),
    pytest.param('ho_ten = "Nguyễn Văn An"', 'ho_ten = Nguyễn Văn An"',
                 ["dòng 16", "thiếu dấu ngoặc kép mở", 'ho_ten = "Nguyễn Văn An"'], id="thiếu ngoặc kép mở"),
    pytest.param("so_so_bat_dau = 1 ", "so_so_bat_dau = 1,200 ",
                 ["dòng", "không có dấu phân cách hàng nghìn", "so_so_bat_dau = 1200"], id="số có dấu phẩy"),
    pytest.param('ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]', 'ten = ["ỦY BAN NHÂN DÂN", XÃ HÒA BÌNH]',
                 ["dòng 6", 'mỗi chữ trong danh sách phải nằm trong ngoặc kép: "XÃ HÒA BÌNH"'],
                 id="chữ không ngoặc kép trong danh sách"),
]


@pytest.mark.parametrize("old, new, fragments", SLIPS)
def test_dot_toml_slip_is_named_with_its_fix_and_line(session_copy, old, new, fragments):
    edit_toml(session_copy, old, new)
    result = CliRunner().invoke(cli, ["check", str(session_copy)])
    assert result.exit_code == 2, result.output
    for fragment in fragments:
        assert fragment in result.output, result.output
    assert "Expected" not in result.output and "cú pháp TOML không hợp lệ" not in result.output


def test_profile_decimal_comma_says_use_a_point(tmp_path):
    profile = tmp_path / "phoi-cua-xa.toml"
    shutil.copy(BUILTIN_TEMPLATES / "giay-khen" / "a4-ngang-day-du.toml", profile)
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("lech_x = 0.0", "lech_x = 1,5", 1), encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), start=1) if "lech_x = 0.0" in content)
    result = CliRunner().invoke(cli, ["certificates", "calibrate", str(profile), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 4, result.output
    assert f"dòng {line}" in result.output
    assert "số thập phân dùng dấu chấm: lech_x = 1.5" in result.output
    assert "Expected" not in result.output


def test_dispatch_settings_slip_counts_lines_of_the_file(tmp_path):
    letter = tmp_path / "cong-van.md"
    letter.write_text("+++\nso = 12\nngay = 05/02/2026\n+++\nNội dung.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(letter), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 2, result.output
    assert "dòng 3" in result.output and "viết ngày dạng 2026-02-05" in result.output
