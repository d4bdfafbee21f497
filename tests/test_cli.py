"""The command line: fast start-up (no rendering libraries for --help and check), summaries, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from conftest import EXAMPLE

from generator.cli import cli

PROBE = """
import sys
from generator.cli import main
sys.argv = ["vanban", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("weasyprint", "docxtpl", "docx", "openpyxl") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def imported_after(*arguments: str) -> list[str]:
    completed = subprocess.run([sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("HEAVY:"))
    return [name for name in line[len("HEAVY:"):].split(",") if name]


def test_help_imports_no_rendering_library():
    assert imported_after("--help") == []


def test_check_imports_no_rendering_library():
    assert imported_after("check", str(EXAMPLE)) == ["openpyxl"]


def test_check_prints_a_summary_a_secretary_can_read():
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "• Giấy khen: số 05/QĐ-UBND, ngày 20/01/2026" in result.output
    assert "Mức thưởng mỗi cá nhân: 710.000 đồng" in result.output
    assert "Lương cơ sở tại ngày 20/01/2026: 2.340.000 đồng (Nghị định số 73/2024/NĐ-CP)" in result.output
    assert "Cảnh báo (2):" in result.output


def test_check_json_is_valid_and_counts():
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["so_nguoi_nhan"] == 40
    giay_khen = data["quyet_dinh"][0]
    assert giay_khen["counts"] == {"tap_the": 3, "ca_nhan": 12, "ho_gia_dinh": 0}
    assert giay_khen["can_cu_phap_ly"]["luong_co_so"] == 2_340_000


def test_bad_format_option_is_refused_in_vietnamese(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--format", "odt", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "chỉ nhận: pdf, docx" in result.output
    assert not (tmp_path / "x").exists()


def test_new_creates_a_session_folder(tmp_path):
    target = tmp_path / "dot-moi"
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == 0
    assert (target / "dot.toml").is_file() and (target / "danh-sach.xlsx").is_file()
    again = CliRunner().invoke(cli, ["new", str(target)])
    assert again.exit_code != 0 and "đã có dữ liệu" in again.output
