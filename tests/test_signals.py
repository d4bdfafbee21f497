"""Ctrl+C (SIGINT) and SIGKILL at every step of a real `vanban build`, publishing included.

The test hook (VANBAN_TEST_PAUSE) makes the process say each step on stderr and pause there, so the signal lands at
the chosen step every time. Afterwards the output path must show one complete version — every file its manifest
lists, with its checksum — and the next build must leave no stray folder or link.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_2024

from generator.core.interruption import MARKER, PAUSE_VARIABLE
from generator.publishing import history as output_history

# DOCX only: the quickest real build (no PDF engine to load), so that 34 real processes stay cheap.
COMMAND = ["--only", "quyet-dinh", "--format", "docx", "--no-lint", "-q"]
NOTE = "Bản giấy đã gửi các trường ngày 21/12."


def vanban(*args: str) -> list[str]:
    return [sys.executable, "-c", "from generator.cli import main; main()", *args]


def verify(folder: Path) -> dict:
    receipt = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in receipt["files"]:
        assert hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    return receipt


def run_until(stop_at: int | str | None, sent: signal.Signals | None, session: Path, out: Path,
              ) -> tuple[int, list[str], str]:
    """Run a build; at its step ``stop_at`` (a number from 0, or a name) send ``sent``.

    Returns the exit code, the steps seen and stderr."""
    env = {**os.environ, PAUSE_VARIABLE: "0.02"}
    process = subprocess.Popen(vanban("build", str(session), "-o", str(out), *COMMAND), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    steps, lines = [], []
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if line.startswith(MARKER):
            steps.append(line[len(MARKER):].strip())
            if stop_at is not None and (len(steps) == stop_at + 1 if isinstance(stop_at, int)
                                        else steps[-1] == stop_at):
                process.send_signal(sent)
                break
    rest = process.stderr.read()
    process.wait(timeout=120)
    return process.returncode, steps, "".join(lines) + rest


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A session and its output after one complete build (every kind), with a note the office added."""
    from generator import pipeline

    folder = tmp_path_factory.mktemp("tin-hieu")
    session = folder / "dot-2024"
    shutil.copytree(EXAMPLE_2024, session)
    out = folder / "ket-qua"
    pipeline.build(session, out, formats=("docx",), lint=False)
    (out / "ghi-chu.txt").write_text(NOTE, encoding="utf-8")
    code, steps, said = run_until(None, None, session, out)
    assert code == 0, said
    return session, out, steps


def test_the_hook_reaches_every_step_of_publishing(prepared):
    _session, _out, steps = prepared
    for step in ("bat-dau-ghi", "da-ghi manifest.json", "da-dat-ten-ban-moi", "da-tao-lien-ket-moi",
                 "da-chuyen-sang-ban-moi", "da-chep ghi-chu.txt"):
        assert step in steps
    assert len(steps) * 2 >= 30


def test_sigint_and_sigkill_at_every_step_leave_one_whole_version(prepared):
    session, out, steps = prepared
    commit = steps.index("da-chuyen-sang-ban-moi")
    moments = [(sent, index) for index in range(len(steps)) for sent in (signal.SIGINT, signal.SIGKILL)]
    assert len(moments) >= 30
    for sent, index in moments:
        before = out.resolve()
        code, seen, said = run_until(index, sent, session, out)
        where = f"{sent.name} at step {index} «{seen[-1]}»"
        if sent == signal.SIGKILL:
            assert code == -signal.SIGKILL, where
        else:
            assert code == 130, f"{where}: {said}"
            assert "Traceback" not in said, where
            if index >= commit:
                assert f"sau khi bản mới đã ghi xong: thư mục {out} là bản mới, đầy đủ." in said, where
            else:
                assert "Đã dừng theo yêu cầu (Ctrl+C). Chưa có kết quả mới nào được công bố" in said, where
        assert out.is_symlink(), where
        shown = out.resolve()
        assert shown == before or index >= commit, f"{where}: switched before the commit point"
        assert shown != before or index < commit, f"{where}: not switched after the commit point"
        receipt = verify(out)
        assert len(receipt["files"]) >= 5, where
        assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == NOTE, where

    code, _steps, said = run_until(None, None, session, out)
    assert code == 0, said
    store = output_history.store_of(out)
    leftovers = sorted(entry.name for entry in store.iterdir()
                       if not output_history.VERSION_NAME.match(entry.name))
    assert leftovers == [output_history.LOCK, output_history.LOG, output_history.SOURCE]
    logged = output_history.logged_versions(out)
    for version in output_history.versions(out):
        assert version.name in logged, f"stray version {version.name}"
        verify(version)
    assert sorted(entry.name for entry in out.parent.iterdir()) == [".ket-qua.lich-su", "dot-2024", "ket-qua"]


@pytest.mark.parametrize("step", ["da-tao-lien-ket-moi", "da-chuyen-thu-muc-cu-vao-lich-su"])
def test_a_kill_while_an_old_real_folder_moves_into_the_history_is_finished_by_the_next_start(tmp_path, step):
    """The one moment the output path may be missing: the next build finishes the switch before anything else."""
    session = tmp_path / "dot-2024"
    shutil.copytree(EXAMPLE_2024, session)
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / "cu.pdf").write_bytes(b"%PDF old")
    (out / "manifest.json").write_text(json.dumps({"files": [
        {"path": "cu.pdf", "kind": "quyet-dinh", "format": "pdf",
         "sha256": hashlib.sha256(b"%PDF old").hexdigest()}]}), encoding="utf-8")
    code, seen, said = run_until(step, signal.SIGKILL, session, out)
    assert seen[-1] == step and code == -signal.SIGKILL, said
    if step == "da-tao-lien-ket-moi":
        assert not out.is_symlink() and verify(out)  # not moved yet: the old folder is whole in its place
    code, _steps, said = run_until(None, None, session, out)
    assert code == 0, said
    assert out.is_symlink() and verify(out)
    assert not (out / "cu.pdf").exists() and verify(output_history.versions(out)[0])
    names = sorted(entry.name for entry in output_history.store_of(out).iterdir())
    assert not [name for name in names if name.startswith(output_history.STAGING_PREFIX)]
    assert output_history.PENDING_LINK not in names
