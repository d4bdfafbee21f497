"""The format check run in a second process while a build goes on gives the findings of the check in one process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE

from generator.lint import ERROR, check_bytes
from generator.lint.background import BACKGROUND_MAX_BYTES, BackgroundChecks

ROOT = Path(__file__).resolve().parents[1]


def example_files(built_example) -> list[Path]:
    return sorted(path for path in Path(built_example.output).rglob("*") if path.suffix in (".docx", ".pdf")
                  and path.name.startswith(("quyet-dinh", "cong-van")))


def test_the_second_process_finds_what_the_first_finds(built_example):
    files = example_files(built_example)
    assert len(files) >= 4
    with BackgroundChecks() as checks:
        for path in files:
            checks.submit(path.read_bytes(), path.suffix[1:], path.name)
        heard: list[str] = []
        found = checks.results(heard.append)
    assert list(found) == [path.name for path in files]
    assert sorted(heard) == sorted(found)
    for path in files:
        assert found[path.name] == check_bytes(path.read_bytes(), path.suffix[1:], path.name), path.name


def test_a_file_over_the_limit_is_checked_in_this_process(built_example):
    path = next(path for path in example_files(built_example) if path.suffix == ".pdf")
    data = path.read_bytes()
    padded = data + b"\n%" + b" " * (BACKGROUND_MAX_BYTES + 1 - len(data)) + b"\n"
    with BackgroundChecks() as checks:
        checks.submit(padded, "pdf", "lon.pdf")
        assert checks._pending[0].future is None  # not handed to the second process
        found = checks.results()
    assert found["lon.pdf"] == check_bytes(padded, "pdf", "lon.pdf")


def test_a_second_process_that_dies_leaves_the_check_to_this_process(built_example):
    files = example_files(built_example)
    with BackgroundChecks() as checks:
        checks.submit(files[0].read_bytes(), files[0].suffix[1:], files[0].name)
        checks._executor.submit(os.getpid).result()  # the worker has started
        for process in checks._executor._processes.values():
            os.kill(process.pid, signal.SIGKILL)
        for path in files[1:]:
            checks.submit(path.read_bytes(), path.suffix[1:], path.name)
        found = checks.results()
    for path in files:
        assert found[path.name] == check_bytes(path.read_bytes(), path.suffix[1:], path.name), path.name


def test_errors_of_an_unreadable_file_reach_the_build():
    from generator.core.errors import InputError

    with BackgroundChecks() as checks:
        checks.submit(b"%PDF-1.7 not really", "pdf", "hong.pdf")
        with pytest.raises(InputError, match="hong.pdf"):
            checks.results()


@pytest.fixture(scope="module")
def long_session(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.sessions import make_session

    return make_session(tmp_path_factory.mktemp("dai") / "dot-600", 600)


@pytest.fixture(scope="module")
def long_build(long_session, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ra") / "out"
    made = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(long_session), "-o", str(out),
                           "--only", "quyet-dinh", "-q"], capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    return out


def test_a_long_list_is_checked_meanwhile_and_its_findings_are_those_of_vanban_lint(long_build):
    manifest = json.loads((long_build / "manifest.json").read_text(encoding="utf-8"))
    checked = [entry for entry in manifest["files"] if "format_check" in entry]
    assert len(checked) == 2
    for entry in checked:
        path = long_build / entry["path"]
        findings = check_bytes(path.read_bytes(), path.suffix[1:], path.name)
        errors = sum(1 for finding in findings if finding.severity == ERROR)
        assert (entry["format_check"]["errors"], entry["format_check"]["warnings"]) == \
            (errors, len(findings) - errors), entry["path"]


def test_a_long_pdf_read_half_here_half_there_gives_the_findings_read_in_one_go(long_build):
    path = next(long_build.glob("*.pdf"))
    data = path.read_bytes()
    with BackgroundChecks() as checks:
        checks.submit(data, "pdf", path.name)
        assert checks._pending[0].slot is not None and checks._pending[0].pages >= 2 * 15
        found = checks.results()
    in_one_go = check_bytes(data, "pdf", path.name)
    assert in_one_go and found[path.name] == in_one_go


def test_a_short_list_starts_no_second_process(tmp_path, monkeypatch):
    from generator import pipeline
    from generator.lint import background

    started = []
    monkeypatch.setattr(background, "BackgroundChecks", lambda: started.append(1) or BackgroundChecks())
    result = pipeline.build(EXAMPLE, tmp_path / "out", kinds=("quyet-dinh",))
    assert result.findings and not started


def test_pages_read_in_parts_make_the_layout_read_in_one_go(long_build):
    from generator.lint.pdf_reader import joined_pages, page_count, read_pages, read_pdf

    path = next(long_build.glob("*.pdf"))
    data = path.read_bytes()
    pages = page_count(data, path.name)
    whole = read_pdf(data, path.name)
    for cut in (1, pages // 3, pages - 1):
        parts = joined_pages([read_pages(data, path.name, 0, cut), read_pages(data, path.name, cut, pages)])
        assert repr(read_pdf(data, path.name, parts)) == repr(whole), cut


def test_a_build_checks_its_own_documents_however_long_the_list_made_them(built_example, tmp_path, monkeypatch):
    """The checker's count limits refuse a stranger's file; a build's own annex follows its list (50.000 rows make
    3.000 pages), so the build checks it all the same."""
    from generator import pipeline
    from generator.core.errors import InputError
    from generator.lint import limits

    files = example_files(built_example)
    expected = {path.name: check_bytes(path.read_bytes(), path.suffix[1:], path.name) for path in files}
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 1)
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 10)
    for path in files:
        with pytest.raises(InputError, match="giới hạn"):
            check_bytes(path.read_bytes(), path.suffix[1:], path.name)
        assert check_bytes(path.read_bytes(), path.suffix[1:], path.name, own=True) == expected[path.name]
    result = pipeline.build(EXAMPLE, tmp_path / "out", kinds=("quyet-dinh", "cong-van"))
    assert set(result.findings) == {path.name for path in files}


def test_the_pool_is_closed_when_the_results_are_in(built_example):
    """Left to close on its own, the pool's thread raced with the interpreter's exit: a build that went well printed
    "OSError: Bad file descriptor" with a traceback about one time in twenty (CPython 3.11). Once the results are in,
    no thread of the pool is left and its second process has ended."""
    import threading

    path = example_files(built_example)[0]
    with BackgroundChecks() as checks:
        checks.submit(path.read_bytes(), path.suffix[1:], path.name)
        executor = checks._executor
        assert executor is not None
        processes = list(executor._processes.values())
        manager = executor._executor_manager_thread
        checks.results()
        assert manager is not None and manager not in threading.enumerate()
        assert processes and all(process.exitcode is not None for process in processes)
