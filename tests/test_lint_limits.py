"""Hostile and huge input for `vanban lint`, through the CLI in a real process under a memory limit.

Each case must finish (a generous time bound checked as "finished", never a timed assertion) with the documented exit
code and a Vietnamese message: zip bombs and PDF stream bombs are refused (exit 2) before anything is inflated whole,
a million paragraphs or a hundred thousand pages are refused by a limit, and a 100.000-paragraph DOCX is checked.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from lint_huge import many_pages_pdf, many_paragraphs_docx, stream_bomb_pdf, zip_bomb_docx

MEMORY_LIMIT = 2 << 30  # the bound: 2 GiB
FINISHED_WITHIN = 900  # seconds: a bound for "it finished", far above any expected run on a busy machine
VANBAN = Path(sys.executable).with_name("vanban")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def lint(path: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([str(VANBAN), "lint", str(path)], capture_output=True, text=True,
                              timeout=FINISHED_WITHIN, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"vanban lint {path.name} did not finish")


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lon")
    (folder / "bom-zip.docx").write_bytes(zip_bomb_docx(1 << 30))  # 1 MB on disk, 1 GiB inflated
    (folder / "bom-luong.pdf").write_bytes(stream_bomb_pdf(1 << 30))
    (folder / "trieu-doan.docx").write_bytes(many_paragraphs_docx(1_000_000, tiny=True))
    (folder / "tram-nghin-trang.pdf").write_bytes(many_pages_pdf(100_000))
    (folder / "tram-nghin-doan.docx").write_bytes(many_paragraphs_docx(100_000))
    return folder


@pytest.mark.parametrize(("name", "words"), [
    ("bom-zip.docx", "vượt giới hạn 128 MiB"),
    ("bom-luong.pdf", "luồng dữ liệu khi giải nén dài hơn 128 MiB"),
    ("trieu-doan.docx", "1.000.000 đoạn, vượt giới hạn 200.000 đoạn"),
    ("tram-nghin-trang.pdf", "100.000 trang, vượt giới hạn 1.000 trang"),
], ids=["DOCX bom zip 1 GiB", "PDF luồng 1 GiB", "1.000.000 đoạn", "100.000 trang"])
def test_hostile_input_is_refused_with_exit_2(huge, name, words):
    assert (huge / name).stat().st_size < 16 << 20
    completed = lint(huge / name)
    assert completed.returncode == 2, completed.stderr
    assert words in completed.stderr + completed.stdout
    assert "Traceback" not in completed.stderr


def test_a_docx_whose_declared_size_lies_is_refused(huge, tmp_path):
    """The bomb with its declared uncompressed size rewritten to 1.000 bytes: reading stops there, exit 2."""
    data = bytearray((huge / "bom-zip.docx").read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the central directory entry of the last member, word/document.xml
    local = data.rfind(b"PK\x03\x04")
    data[central + 24:central + 28] = (1000).to_bytes(4, "little")
    data[local + 22:local + 26] = (1000).to_bytes(4, "little")
    (tmp_path / "noi-doi.docx").write_bytes(bytes(data))
    completed = lint(tmp_path / "noi-doi.docx")
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_docx_of_100000_paragraphs_is_checked(huge):
    completed = lint(huge / "tram-nghin-doan.docx")
    assert completed.returncode == 1, completed.stderr  # checked: no header, so errors are reported
    assert "Quốc hiệu" in completed.stdout and "Traceback" not in completed.stderr
