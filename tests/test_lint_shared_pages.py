"""A long PDF read in parts — by two processes, each from its end — gives the very layout and findings read in one go:
the same blocks, rules, pages and page numbers, whatever the cut, a paragraph running across it included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pytest

from generator.lint import check_bytes
from generator.lint.background import BackgroundChecks, _Pending
from generator.lint.limits import own_document
from generator.lint.pdf_reader import page_count, read_part, read_pdf

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("Ủy ban nhân dân xã khen thưởng các cá nhân có thành tích xuất sắc trong phong trào thi đua yêu nước, "
         "góp phần hoàn thành nhiệm vụ chính trị của địa phương năm hai nghìn không trăm hai mươi lăm; ")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """The 600-row decision as `vanban build` makes it (about 35 pages)."""
    sys.path.insert(0, str(ROOT))
    from bench.sessions import make_session

    folder = make_session(tmp_path_factory.mktemp("dai") / "dot-600", 600)
    out = tmp_path_factory.mktemp("ra") / "out"
    made = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(folder), "-o", str(out),
                           "--only", "quyet-dinh", "--format", "pdf", "--no-lint", "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    return next(out.glob("*.pdf"))


@pytest.fixture(scope="module")
def running_text_pdf(tmp_path_factory) -> Path:
    """Paragraphs of body text that run from one page onto the next (a cut there must join them back)."""
    from weasyprint import HTML

    paragraph = f"<p>{WORDS * 14}</p>"
    html = ("<html><head><style>@page { size: A4; margin: 20mm 15mm 20mm 30mm }"
            "p { font: 13pt serif; text-align: justify; text-indent: 10mm; margin: 0 0 6pt }</style></head>"
            f"<body>{paragraph * 8}</body></html>")
    path = tmp_path_factory.mktemp("chay") / "chay-trang.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def parts_at(data: bytes, name: str, cut: int, pages: int) -> list:
    return [read_part(data, name, 0, cut), read_part(data, name, cut, pages, keep_pages=True)]


@pytest.mark.parametrize("which", ["long_pdf", "running_text_pdf"])
def test_parts_cut_anywhere_make_the_layout_read_in_one_go(which, request):
    path = request.getfixturevalue(which)
    data = path.read_bytes()
    pages = page_count(data, path.name)
    with own_document():
        whole = repr(read_pdf(data, path.name))
        cuts = range(1, pages) if pages <= 12 else sorted({1, 2, pages // 3, pages // 2, pages - 2, pages - 1})
        continued = 0
        for cut in cuts:
            parts = parts_at(data, path.name, cut, pages)
            continued += parts[0].blocks.continues(parts[1].blocks)
            assert repr(read_pdf(data, path.name, parts=parts)) == whole, cut
    if which == "running_text_pdf":
        assert continued, "no cut fell inside a paragraph: the joining of a part built again is not tested"


def test_pages_read_twice_at_the_meeting_point_are_kept_once(long_pdf):
    """The second process read a few pages past where this process started (both claimed them at once)."""
    from generator.lint import pdf_sharing

    data = long_pdf.read_bytes()
    pages = page_count(data, long_pdf.name)
    checks = BackgroundChecks()
    checks._slots = slots = pdf_sharing.Slots()
    pdf_sharing.attach(slots.cells)
    slot = slots.take(pages)
    meet = pages // 2
    slots.cells[2 * slot + 1] = meet + 3  # the second process saw the build's cell before the build moved on
    first = pdf_sharing.read_front(data, long_pdf.name, slot)
    assert len(first.blocks.pages) == meet + 3
    slots.cells[2 * slot], slots.cells[2 * slot + 1] = meet, pages  # ... and the build saw the front at `meet`
    done: Future = Future()
    done.set_result(first)
    found = checks._findings(_Pending(long_pdf.name, data, "pdf", done, slot, pages))
    assert found == check_bytes(data, "pdf", long_pdf.name)


def test_a_long_pdf_read_by_this_process_alone_when_the_second_is_busy(long_pdf):
    data = long_pdf.read_bytes()
    with BackgroundChecks() as checks:
        checks.start()
        checks._executor.submit(time.sleep, 3)  # the Word file's check, say
        checks.submit(data, "pdf", long_pdf.name)
        found = checks.results()
    assert found[long_pdf.name] == check_bytes(data, "pdf", long_pdf.name)


def test_a_second_process_that_dies_amid_a_long_pdf_leaves_its_pages_to_this_process(long_pdf):
    data = long_pdf.read_bytes()
    with BackgroundChecks() as checks:
        checks.start()
        pid = checks._executor.submit(os.getpid).result()
        checks.submit(data, "pdf", long_pdf.name)
        item = checks._pending[0]
        deadline = time.monotonic() + 60
        while checks._slots.front(item.slot) < 3:  # it has claimed pages
            assert time.monotonic() < deadline, "the second process never started reading"
        os.kill(pid, signal.SIGKILL)
        found = checks.results()
    assert found[long_pdf.name] == check_bytes(data, "pdf", long_pdf.name)
