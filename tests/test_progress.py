"""Progress of `vanban build`: each long step named as the office names the document, and only at a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE

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
