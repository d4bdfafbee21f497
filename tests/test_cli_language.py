"""The command line speaks Vietnamese everywhere: Click's own texts come from the catalogue generator/locale/vi."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from pathlib import Path

import click
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import EXAMPLE

from generator.cli import cli
from generator.cli.base import CLICK_DOMAIN, LOCALE_DIR

CATALOGUE = LOCALE_DIR / "vi" / "LC_MESSAGES"
ENGLISH = ("Usage:", "Options:", "Show this message and exit.", "Error:", "Missing argument", "No such command",
           "[default:", "Commands:", "Try '", "[OPTIONS]", "COMMAND [ARGS]", "Show the version and exit.")


def po_messages() -> dict:
    with open(CATALOGUE / f"{CLICK_DOMAIN}.po", "rb") as stream:
        catalogue = read_po(stream)
    return {message.id: message.string for message in catalogue if message.id}


def vanban(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed console command, in a clean English environment: the language must not depend on it."""
    environment = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "en", **(env or {})}
    return subprocess.run([str(Path(sys.executable).parent / "vanban"), *arguments], capture_output=True,
                          text=True, env=environment)


def test_compiled_catalogue_says_what_the_po_file_says():
    with open(CATALOGUE / f"{CLICK_DOMAIN}.mo", "rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    written = po_messages()
    for msgid, msgstr in written.items():
        if isinstance(msgid, tuple):  # singular and plural: Vietnamese has one form
            assert compiled.ngettext(msgid[0], msgid[1], 1) == msgstr[0], msgid
            assert compiled.ngettext(msgid[0], msgid[1], 2) == msgstr[0], msgid
        else:
            assert compiled.gettext(msgid) == msgstr, msgid
    # Nothing compiled that the .po no longer says (plural forms are keyed (msgid, index) in the compiled one).
    compiled_ids = {key if isinstance(key, str) else key[0] for key in compiled._catalog} - {""}
    assert compiled_ids == {msgid if isinstance(msgid, str) else msgid[0] for msgid in written}


def test_every_text_click_translates_has_a_vietnamese_translation():
    source = Path(click.__file__).parent
    marked = {message for _, _, message, _, _ in extract_from_dir(str(source))}
    written = po_messages()
    missing = [message for message in marked if not written.get(message)]
    assert not missing, f"add to {CLICK_DOMAIN}.po, then pybabel compile: {missing}"


def test_help_is_vietnamese_with_the_readme_names_of_arguments():
    for arguments, expected in ((["--help"], "Cách dùng: vanban [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]..."),
                                (["build", "--help"], "Cách dùng: vanban build [TÙY_CHỌN] [ĐỢT]"),
                                (["check", "--help"], "Cách dùng: vanban check [TÙY_CHỌN] ĐỢT"),
                                (["dispatch", "--help"], "Cách dùng: vanban dispatch [TÙY_CHỌN] TỆP"),
                                (["certificates", "calibrate", "-h"], "vanban certificates calibrate [TÙY_CHỌN] PHÔI")):
        completed = vanban(*arguments)
        assert completed.returncode == 0, completed.stderr
        assert expected in completed.stdout
        assert "Tùy chọn:" in completed.stdout and "In hướng dẫn này rồi thoát." in completed.stdout
        for english in ENGLISH:
            assert english not in completed.stdout, (arguments, english)
    assert "[mặc định: pdf,docx]" in vanban("build", "--help").stdout
    assert "-o, --output THƯ_MỤC" in vanban("build", "--help").stdout


def test_usage_errors_are_vietnamese_and_start_with_loi():
    missing = vanban("certificates", "calibrate")
    assert missing.returncode == 2
    assert "Lỗi: Thiếu đối số 'PHÔI'." in missing.stderr
    unknown = vanban("buil")
    assert unknown.returncode == 2
    assert "Lỗi: Không có lệnh 'buil'." in unknown.stderr and "'build'" in unknown.stderr
    option = vanban("check", str(EXAMPLE), "--nope")
    assert option.returncode == 2 and "Lỗi: Không có tùy chọn '--nope'." in option.stderr
    for completed in (missing, unknown, option):
        for english in ENGLISH:
            assert english not in completed.stderr, english


def test_project_errors_start_with_loi_too(tmp_path):
    broken = tmp_path / "dot"
    broken.mkdir()
    result = vanban("check", str(broken))
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi: ")


def test_new_on_a_folder_with_files_is_an_input_error(tmp_path):
    (tmp_path / "ghi-chu.txt").write_text("của văn phòng", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 2  # 1 is reserved for format findings (vanban lint)
    assert "Lỗi: Thư mục" in result.output
    assert (tmp_path / "ghi-chu.txt").read_text(encoding="utf-8") == "của văn phòng"
