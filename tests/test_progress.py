"""Progress of `vanban build` (each step named as the office names the document, only at a terminal); what a
preview does not show."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE

from generator.cli import cli
from generator.rendering.template_folders import BUILTIN_TEMPLATES

VANBAN = str(Path(sys.executable).parent / "vanban")


def run_at_terminal(arguments: list[str]) -> str:
    """Run vanban with a pseudo-terminal as its output, as a person at a terminal would; what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([VANBAN, *arguments], stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the program ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=300) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r", "\n")


def test_progress_names_each_document_and_the_format_check(tmp_path):
    shown = run_at_terminal(["build", str(EXAMPLE), "-o", str(tmp_path / "ra"), "--jobs", "1"])
    steps = [line.strip() for line in shown.splitlines() if line.strip().startswith("đang ")]
    assert "đang lập quyết định Giấy khen, bản DOCX …" in steps
    assert "đang lập quyết định Lao động tiên tiến, bản PDF …" in steps
    assert any(step.startswith("đang lập công văn gửi Quyết định") for step in steps)
    assert "đang kiểm tra thể thức quyết định Giấy khen (PDF) …" in steps
    assert "in giấy khen" in shown
    assert not any("quyet-dinh-" in step or "giay-khen" in step for step in steps)  # no file slugs


def test_nothing_of_progress_when_the_output_is_not_a_terminal(tmp_path):
    completed = subprocess.run([VANBAN, "build", str(EXAMPLE), "-o", str(tmp_path / "ra"), "--jobs", "1"],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert "đang " not in completed.stderr and "in giấy khen" not in completed.stderr
    assert "Kiểm tra thể thức 10 tệp" in completed.stderr  # what the build found is still said


def test_preview_says_word_templates_are_not_previewed(tmp_path):
    result = CliRunner().invoke(cli, ["templates", "preview", "quyet-dinh", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "bản Word (.docx) không được xem trước" in result.output
    assert "vanban build --only quyet-dinh --format docx" in result.output


def test_watch_says_so_when_a_word_template_changes(tmp_path):
    folder = tmp_path / "mau"
    (folder / "quyet-dinh").mkdir(parents=True)
    word = folder / "quyet-dinh" / "template.docx"
    shutil.copy(BUILTIN_TEMPLATES / "quyet-dinh" / "template.docx", word)
    output = tmp_path / "xem"
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "templates", "preview", "quyet-dinh",
                                "--templates", str(folder), "-o", str(output), "--watch", "--times", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while not (output / "quyet-dinh.pdf").exists() and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # the watcher takes its first snapshot after the first render
        word.write_bytes(word.read_bytes())  # saved again in Word
        os.utime(word, (time.time() + 5, time.time() + 5))
        out, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert "template.docx vừa thay đổi, nhưng bản xem trước chỉ vẽ bản PDF" in out, out
