"""check and build consult the register: a number typed in dot.toml that another document holds, or a document the
register holds under another number, is said as a warning before the session is issued; nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from test_issuing import draft, example, issue

from generator.cli import cli
from generator.register import Register


def check(folder: Path, location: str, *options: str):  # noqa: ANN201 - a Click result
    return CliRunner().invoke(cli, ["check", str(folder), "--so-dang-ky", location, *options])


def test_a_number_another_session_holds_is_a_warning_of_check(register_location, tmp_path):
    issue(example(tmp_path, "dot-a"), register_location)  # records 05–08/QĐ-UBND and 123/UBND-VHXH
    other = example(tmp_path, "dot-b")  # the same hand-typed numbers, in another session
    result = check(other, register_location)
    assert result.exit_code == 0, result.output
    assert ("đã dùng cho Quyết định số 06/QĐ-UBND ngày 20/01/2026 (đợt «dot-a», văn bản "
            "quyet-dinh-lao-dong-tien-tien") in result.output
    assert "đã dùng cho Công văn số 123/UBND-VHXH" in result.output
    warnings = re.findall(r"đã dùng cho", result.output)
    assert len(warnings) == 5  # four decisions and the covering công văn
    assert "dot.toml" in result.output and "[[quyet_dinh]] thứ 2, so" in result.output  # where to fix it
    data = CliRunner().invoke(cli, ["check", str(other), "--json", "--so-dang-ky", register_location]).output
    assert data.count("đã dùng cho") == 5


def test_the_session_that_holds_its_numbers_gets_no_warning(register_location, tmp_path):
    folder = example(tmp_path)
    issue(folder, register_location)
    result = check(folder, register_location)
    assert result.exit_code == 0 and "sổ đăng ký" not in result.output and "đã dùng" not in result.output


def test_a_number_changed_by_hand_after_issuing_is_a_warning(register_location, tmp_path):
    folder = example(tmp_path)
    issue(folder, register_location)
    dot = folder / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8").replace("so = 6\n", "so = 16\n", 1), encoding="utf-8")
    result = check(folder, register_location)
    assert result.exit_code == 0
    assert "đã được vào sổ với số 06/QĐ-UBND ngày 20/01/2026, nhưng dot.toml ghi số 16" in result.output


def test_build_says_it_too_and_the_register_is_unchanged(register_location, tmp_path):
    issue(example(tmp_path, "dot-a"), register_location)
    before = [(entry.number, entry.session_folder) for entry in Register(register_location).entries()]
    other = example(tmp_path, "dot-b")
    result = CliRunner().invoke(cli, ["build", str(other), "-o", str(tmp_path / "out-b"), "--only", "quyet-dinh",
                                      "--format", "docx", "--no-lint", "--so-dang-ky", register_location])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" in result.output and "đã dùng cho Quyết định số 05/QĐ-UBND" in result.output
    assert [(entry.number, entry.session_folder) for entry in Register(register_location).entries()] == before


def test_no_register_no_warning_and_none_is_made(tmp_path, monkeypatch):
    location = tmp_path / "chua-co" / "so-dang-ky.sqlite"
    result = check(example(tmp_path), str(location))
    assert result.exit_code == 0 and "sổ đăng ký" not in result.output
    assert not location.parent.exists()  # check never creates a register
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("VANBAN_REGISTER", raising=False)
    result = CliRunner().invoke(cli, ["check", str(example(tmp_path, "dot-b"))])
    assert result.exit_code == 0 and not (tmp_path / "data").exists()


def test_a_draft_is_not_looked_up(tmp_path):
    # A register that cannot be opened at all: a draft has no number to look up, so it is not even opened.
    broken = tmp_path / "hong.sqlite"
    broken.write_bytes(b"not a database" * 100)
    assert check(draft(tmp_path, "dot-nhap"), str(broken)).exit_code == 0
    assert "sổ đăng ký" not in check(draft(tmp_path, "dot-nhap-2"), str(broken)).output


def test_an_unreadable_register_is_a_warning_not_a_failure(tmp_path):
    broken = tmp_path / "hong.sqlite"
    broken.write_bytes(b"not a database" * 100)
    result = check(example(tmp_path), str(broken))
    assert result.exit_code == 0, result.output
    assert "Chưa đối chiếu được số văn bản với sổ đăng ký" in result.output
    assert "Traceback" not in result.output


def test_check_without_a_register_loads_no_database_library(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import EXAMPLE

    probe = ("import sys\nfrom generator.cli import main\nsys.argv = ['vanban', 'check', sys.argv[1]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('LOADED:' + ','.join(m for m in ('sqlalchemy', 'alembic', 'tomlkit') if m in sys.modules))")
    environment = {key: value for key, value in os.environ.items() if key != "VANBAN_REGISTER"}
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-c", probe, str(EXAMPLE)], capture_output=True, text=True,
                          env=environment, timeout=120)
    assert "LOADED:\n" in done.stdout or done.stdout.rstrip().endswith("LOADED:"), done.stdout[-300:]
