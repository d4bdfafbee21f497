"""Pages handed over before their PDF is finished (core.early_pages) are checked meanwhile, and the findings are those
of the finished file read in one go — or the whole file is read, when the hand-over cannot be trusted."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from generator.core.early_pages import listening
from generator.lint import check_bytes, early_check
from generator.lint.background import BackgroundChecks

ROOT = Path(__file__).resolve().parents[1]


class Heard:
    """A listener that keeps what it hears."""

    def __init__(self) -> None:
        self.handed: list[tuple[bytes, int]] = []
        self.withdrawals = 0

    def pages(self, pdf: bytes, first_page: int) -> None:
        self.handed.append((pdf, first_page))

    def withdrawn(self) -> None:
        self.withdrawals += 1


@pytest.fixture(scope="module")
def long_session(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.sessions import make_session

    return make_session(tmp_path_factory.mktemp("dai") / "dot-600", 600)


@pytest.fixture(scope="module")
def built(long_session, tmp_path_factory):  # noqa: ANN201 - (build result, outcomes of early_findings, handed over)
    """The 600-row decision built with its format check, watching the hand-over and how it was used."""
    from generator import pipeline
    from generator.lint import background

    outcomes: list = []
    handed: list = []
    real_findings, real_listener = early_check.early_findings, background.BackgroundChecks.listener

    def watched_findings(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        outcomes.append(real_findings(*args, **kwargs))
        return outcomes[-1]

    def watched_listener(self):  # noqa: ANN001, ANN202
        listener = real_listener(self)
        real_pages = listener.pages

        def pages(pdf: bytes, first_page: int) -> None:
            handed.append((pdf, first_page))
            real_pages(pdf, first_page)

        listener.pages = pages
        return listener

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(early_check, "early_findings", watched_findings)
        patch.setattr(background.BackgroundChecks, "listener", watched_listener)
        result = pipeline.build(long_session, tmp_path_factory.mktemp("ra") / "out", kinds=("quyet-dinh",))
    return result, outcomes, handed


def published_pdf(result) -> Path:  # noqa: ANN001
    return next(Path(result.output).glob("quyet-dinh*.pdf"))


def pages_of(data: bytes, start: int, stop: int) -> bytes:
    """Pages ``start`` to ``stop`` - 1 (0-based) of a PDF, as a PDF of their own."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages[start:stop]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def checked_with(data: bytes, name: str, handed: bytes, first: int, all_read: bool = False) -> tuple[list, list]:
    """The findings of ``data`` checked with ``handed`` handed over as its pages from ``first``, and what
    early_check.early_findings gave (None: the whole file was read instead). ``all_read``: the second process
    has read every handed-over page before the file is submitted."""
    outcomes: list = []
    real = early_check.early_findings
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(early_check, "early_findings", lambda *a, **k: outcomes.append(real(*a, **k)) or outcomes[-1])
        with BackgroundChecks() as checks:
            listener = checks.listener()
            listener.pages(handed, first)
            early = listener.handed_over
            assert early is not None
            if all_read:
                assert early.future.result() == early.count
            checks.submit(data, "pdf", name, early)
            found = checks.results()
    return found[name], outcomes


def test_a_build_checks_the_typesetters_pages_while_the_annex_end_is_laid_out(built):
    result, outcomes, handed = built
    path = published_pdf(result)
    data = path.read_bytes()
    assert len(handed) == 1
    pdf, first = handed[0]
    total = len(PdfReader(io.BytesIO(data)).pages)
    handed_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert first > 2 and handed_pages >= 20 and first + handed_pages - 1 < total  # WeasyPrint's pages on both sides
    assert len(outcomes) == 1 and outcomes[0] is not None  # the hand-over was used, not the whole file read again
    assert result.findings[path.name] == check_bytes(data, "pdf", path.name)


def test_pages_handed_over_that_the_file_does_not_hold_are_not_trusted(built):
    """The same pages said to begin one page later: the file's pages there are others, so the file is read whole."""
    result, _, handed = built
    path = published_pdf(result)
    data = path.read_bytes()
    pdf, first = handed[0]
    found, outcomes = checked_with(data, path.name, pdf, first + 1)
    assert outcomes == [None]
    assert found == check_bytes(data, "pdf", path.name)


def test_a_hand_over_the_second_process_has_not_begun_is_read_here(built):
    """The second process busy with something else: the build reads every handed-over page itself, from the back."""
    result, _, _ = built
    path = published_pdf(result)
    data = path.read_bytes()
    with BackgroundChecks() as checks:
        listener = checks.listener()
        checks.start()
        busy = checks._executor.submit(time.sleep, 1.5)
        listener.pages(pages_of(data, 4, 30), 5)
        early = listener.handed_over
        checks.submit(data, "pdf", path.name, early)
        found = checks.results()
        # Not begun, or begun once this process had claimed every page (the pool may have queued it already).
        assert not busy.cancelled() and (early.future.cancelled() or early.future.result() == 0)
    assert found[path.name] == check_bytes(data, "pdf", path.name)


@pytest.mark.parametrize("start, stop", [(1, 5), (3, 34), (0, 34), (20, 21)])
def test_any_run_of_pages_handed_over_gives_the_findings_of_the_file(built, start, stop):
    result, _, _ = built
    path = published_pdf(result)
    data = path.read_bytes()
    stop = min(stop, len(PdfReader(io.BytesIO(data)).pages))
    found, outcomes = checked_with(data, path.name, pages_of(data, start, stop), start + 1)
    assert outcomes[0] is not None  # pages copied out of the file are the file's pages: the hand-over is used
    assert found == check_bytes(data, "pdf", path.name)


def test_a_paragraph_running_into_the_handed_over_pages_is_read_whole():
    """Body text running from one page onto the next, handed over from there: the second process kept blocks, not
    the pages to join them back, so the check is done here from the whole file, with the same findings."""
    from weasyprint import HTML

    from generator.lint.pdf_reader import read_part

    words = ("Ủy ban nhân dân xã khen thưởng các cá nhân có thành tích xuất sắc trong phong trào thi đua yêu nước, "
             "góp phần hoàn thành nhiệm vụ chính trị của địa phương năm hai nghìn không trăm hai mươi lăm; ")
    html = ("<html><head><style>@page { size: A4; margin: 20mm 15mm 20mm 30mm }"
            "p { font: 13pt serif; text-align: justify; text-indent: 10mm; margin: 0 0 6pt }</style></head>"
            f"<body>{('<p>' + words * 14 + '</p>') * 8}</body></html>")
    data = HTML(string=html).write_pdf()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    cut = next(cut for cut in range(1, pages)
               if read_part(data, "x", 0, cut).blocks.continues(read_part(data, "x", cut, None).blocks))
    found, outcomes = checked_with(data, "chay-trang.pdf", pages_of(data, cut, pages), cut + 1, all_read=True)
    assert outcomes == [None]
    assert found == check_bytes(data, "pdf", "chay-trang.pdf")


def test_pages_the_renderer_falls_back_from_are_withdrawn(long_session, monkeypatch):
    """The typesetter handed its pages over, then found the template's end not as it predicts: WeasyPrint lays the
    annex out instead, and the pages handed over are withdrawn."""
    from generator.pipeline import check
    from generator.rendering import annex_engine
    from generator.rendering.context import decision_context
    from generator.rendering.environment import environment
    from generator.rendering.pdf import ISSUED_PDF_VARIANT, render_html
    from generator.rendering.template_folders import BUILTIN_TEMPLATES

    decision = check(long_session).decisions[0]
    env = environment((BUILTIN_TEMPLATES,))
    monkeypatch.setattr(annex_engine, "_starts_with_the_table", lambda document: False)
    heard = Heard()
    with listening(heard):
        result = annex_engine.typeset_annex_pdf(lambda part: render_html(env, "quyet-dinh/template.html", part),
                                                decision_context(decision, env), str(BUILTIN_TEMPLATES), {},
                                                ISSUED_PDF_VARIANT, b"vanban")
    assert result is None
    assert len(heard.handed) == 1 and heard.withdrawals == 1


def test_a_withdrawn_hand_over_leaves_the_file_to_be_checked_as_usual(built):
    result, _, handed = built
    path = published_pdf(result)
    data = path.read_bytes()
    pdf, first = handed[0]
    with BackgroundChecks() as checks:
        listener = checks.listener()
        listener.pages(pdf, first)
        early = listener.handed_over
        listener.withdrawn()
        assert listener.handed_over is None
        assert early.future.result() < early.count  # it stopped claiming pages
        checks.submit(data, "pdf", path.name, listener.handed_over)
        assert checks._pending[-1].early is None
        found = checks.results()
    assert found[path.name] == check_bytes(data, "pdf", path.name)


def test_the_hand_over_changes_nothing_in_the_file(built, long_session, tmp_path):
    """Built without the format check (nobody listens), the decision's PDF is byte for byte the one checked."""
    from generator import pipeline

    result, _, _ = built
    alone = pipeline.build(long_session, tmp_path / "out", kinds=("quyet-dinh",), lint=False)
    assert not alone.findings
    assert published_pdf(alone).read_bytes() == published_pdf(result).read_bytes()
