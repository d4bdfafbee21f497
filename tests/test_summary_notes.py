"""What `vanban check` tells the secretary beyond the counts: rounding in words, converted cells, file encodings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, EXAMPLE_2024

from generator.cli import cli
from generator.core.legal import ROUNDING_MODES


def run_check(folder, *options: str):
    result = CliRunner().invoke(cli, ["check", str(folder), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_rounding_mode_has_words():
    from generator.summary import ROUNDING_LABELS

    assert set(ROUNDING_LABELS) == set(ROUNDING_MODES)


@pytest.mark.parametrize("mode, words", [
    pytest.param(None, "làm tròn lên hàng chục nghìn đồng", id="mặc định"),
    pytest.param("gan-nhat", "làm tròn đến hàng chục nghìn gần nhất", id="gan-nhat"),
    pytest.param("khong", "không làm tròn", id="khong"),
])
def test_check_prints_the_rounding_in_words(session_copy, mode, words):
    if mode:
        dot = session_copy / "dot.toml"
        text = dot.read_text(encoding="utf-8").replace('# lam_tron = "len"', f'lam_tron = "{mode}"')
        dot.write_text(text, encoding="utf-8")
    output = run_check(session_copy)
    # The source names point e of clause 1 and clause 2 of Điều 54 since issue 14 (it said "Điều 54 khoản 2").
    assert "Hệ số: cá nhân 0,3, tập thể 0,6, hộ gia đình 0,3 (Nghị định số 152/2025/NĐ-CP (hiệu lực 01/7/2025), " \
        f"Điều 54 khoản 1 điểm e (cá nhân), khoản 2 (tập thể)); {words}\n" in output
    assert "làm tròn: " not in output
    data = json.loads(run_check(session_copy, "--json"))
    legal = data["quyet_dinh"][0]["can_cu_phap_ly"]
    assert legal["lam_tron"] == (mode or "len") and legal["lam_tron_viet"] == words


def test_check_says_a_csv_was_read_as_windows_1258(tmp_path):
    from test_loading_corpus import session_with, write_csv_windows_1258

    folder = session_with(tmp_path, write_csv_windows_1258, "danh-sach.csv")
    output = run_check(folder)
    # 33 cells hold a Vietnamese letter (7 header cells, 26 in the five rows): the same 33 its TCVN3 twin converts.
    note = ("Tệp danh-sach.csv không phải UTF-8: đã đọc theo bảng mã Windows-1258 (33 ô có dấu); "
            "kiểm tra lại tên người.")
    assert note in output.splitlines()
    data = json.loads(run_check(folder, "--json"))
    assert data["bang_ma_tep"] == [{"tep": "danh-sach.csv", "bang_ma": "windows-1258", "so_o_co_dau": 33,
                                    "ghi_chu": note}]


def test_check_says_nothing_about_the_encoding_of_utf8_files(tmp_path):
    from test_loading_corpus import session_with, write_csv_semicolon_bom

    for folder in (session_with(tmp_path, write_csv_semicolon_bom, "danh-sach.csv"), EXAMPLE_2024, EXAMPLE):
        assert "không phải UTF-8" not in run_check(folder)
        assert json.loads(run_check(folder, "--json"))["bang_ma_tep"] == []


def test_check_lists_the_cells_converted_from_tcvn3(tmp_path):
    from test_loading_corpus import session_with, write_tcvn3

    folder = session_with(tmp_path, write_tcvn3)
    lines = run_check(folder).splitlines()
    start = lines.index("Đã chuyển bảng mã cũ sang Unicode (33 ô):")
    listed = lines[start + 1:start + 34]
    assert listed[0] == "    Sheet!B1 [tcvn3]: «Hä vµ tªn» → «Họ và tên»"
    assert "    Sheet!B3 [tcvn3]: «NguyÔn ThÞ Hång Nhung» → «Nguyễn Thị Hồng Nhung»" in listed
    assert listed[-1] == "    Sheet!G6 [tcvn3]: «Lao ®éng tiªn tiÕn» → «Lao động tiên tiến»"
    assert all(line.startswith("    Sheet!") for line in listed)
    assert not lines[start + 34].startswith("    Sheet!")
    data = json.loads(run_check(folder, "--json"))
    assert len(data["o_da_chuyen_ma"]) == 33
    assert {"o": "Sheet!B3", "bang_ma": "tcvn3", "truoc": "NguyÔn ThÞ Hång Nhung",
            "sau": "Nguyễn Thị Hồng Nhung"} in data["o_da_chuyen_ma"]
    assert data["bang_ma_tep"] == []


def test_check_groups_counts_of_a_thousand_or_more_as_vietnamese_writes_them(tmp_path):
    """«1.200 lượt», «Số lượng: 1.200 cá nhân», «1.200 giấy»: the same grouping the decision's own text uses."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.sessions import make_session

    output = run_check(make_session(tmp_path / "dot", 1200))
    assert "— 1.200 lượt khen thưởng, 1 quyết định" in output
    assert "    Số lượng: 1.200 cá nhân" in output
    assert ": 1.200 giấy, Số sổ " in output
    # Số sổ are the register's numbers, printed on the certificates as they are: not counts, not grouped.
    assert ": 1.200 giấy, Số sổ 1–1200\n" in output
