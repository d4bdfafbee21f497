"""What the pages of a decision print alike is drawn once, in streams they share, and the pages print as before.

Before, each page was one stream holding every box in the profile's order (the draft mark first); now a page is
[prefix,] shared head, own, shared tail, still in that order. The reference here is the former page, drawn by a
PageDrawer told that no field is shared, written as one stream per page; both files are rasterised by pdfium and
compared pixel for pixel."""

from __future__ import annotations

import io
import zlib

import pytest
from conftest import EXAMPLE
from test_certificates_fast_path import COUNT, by_path, many  # noqa: F401 - ``many`` is a fixture
from test_issuing import draft

from generator import pipeline
from generator.documents import certificates as certificate_plan
from generator.rendering.certificate_pdf import PageDrawer, page_prefix
from generator.rendering.certificate_profile import load_profile
from generator.rendering.certificate_texts import CertificateView
from generator.rendering.certificates import Renderer
from generator.rendering.pdf_writer import PT_PER_MM, write_pdf
from generator.rendering.template_folders import BUILTIN_TEMPLATES


def former_file(checked, profile_name: str, mode: str) -> bytes:
    """The certificates as they were written before: one stream per page, every box in the profile's order."""
    profile = load_profile(profile_name)
    renderer = Renderer(profile, mode, checked.decisions, (BUILTIN_TEMPLATES,), docx=False)
    drawer = PageDrawer(profile, mode, shared_fields=frozenset())
    pages = []
    for certificate in certificate_plan.plan(checked):
        decision = checked.decisions[certificate.decision_index]
        texts = renderer.texts(CertificateView(certificate, decision, {}, {}))
        (head, own, tail), _ = drawer.page(texts, draft=decision.ref.is_draft)
        assert not tail
        content = (zlib.decompress(head) if head else b"") + zlib.decompress(own)
        pages.append(zlib.compress(content, 6))
    forms = []
    if mode == "full":
        from generator.rendering.certificate_pdf import FRAME_FORM, frame_content
        from generator.rendering.pdf_writer import Form

        forms = [Form(FRAME_FORM, frame_content(profile))]
    data, _ = write_pdf(pages, page_size_pt=(profile.width * PT_PER_MM, profile.height * PT_PER_MM),
                        characters={style: frozenset(used) for style, used in drawer.characters.items()},
                        forms=forms, prefix=page_prefix(profile, offsets=True, frame=mode == "full",
                                                        background=False))
    return data


def rasters(data: bytes) -> list[bytes]:
    import pypdfium2

    return [page.render(scale=150 / 72).to_pil().convert("RGB").tobytes() for page in pypdfium2.PdfDocument(data)]


def contents(data: bytes) -> list[list[int]]:
    """Per page, the object numbers of its content streams."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        parts = page.get_object().raw_get("/Contents")
        found.append([part.idnum for part in parts] if isinstance(parts, list) else [parts.idnum])
    return found


@pytest.mark.parametrize(("profile", "mode"), [("a4-ngang-phoi", "overlay"), ("a4-ngang-day-du", "full")])
@pytest.mark.parametrize("session", ["issued", "draft"])
def test_pages_print_exactly_as_before(tmp_path, profile, mode, session):
    folder = EXAMPLE if session == "issued" else draft(tmp_path, "dot-k")
    checked = pipeline.check(folder)
    files, _ = pipeline.certificate_files(checked, profile=profile, mode=mode, jobs=1, formats=("pdf",))
    now = by_path(files, "giay-khen/tat-ca.pdf").data
    before = former_file(checked, profile, mode)
    assert len(now) < len(before)
    now_pages, before_pages = rasters(now), rasters(before)
    assert len(now_pages) == len(before_pages) == len(certificate_plan.plan(checked)) > 0
    for number, (page, wanted) in enumerate(zip(now_pages, before_pages, strict=True), start=1):
        assert page == wanted, f"page {number} prints differently"


def test_a_decision_shares_one_stream_written_once_per_file(many):  # noqa: F811 - the fixture
    files, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1, formats=("pdf",))
    planned = certificate_plan.plan(many)
    for item in files:
        per_page = contents(item.data)
        # No prefix on this profile: [head (issuer, TẶNG), own, tail (place and date, signer)].
        assert all(len(parts) == 3 for parts in per_page), item.path
        shared = [(parts[0], parts[2]) for parts in per_page]
        owns = [parts[1] for parts in per_page]
        assert not {number for pair in shared for number in pair} & set(owns)
        assert len(set(owns)) == len(owns), item.path  # every page its own words
        # Pages of one decision, and only they, refer to one shared stream (the example's decisions differ in
        # their decision line, so no two decisions share it).
        decision_of = {}
        for entry, number in zip(item.extra["giay_chung_nhan"], shared, strict=True):
            decision_of.setdefault(number, set()).add(entry["hinh_thuc"])
        assert all(len(forms) == 1 for forms in decision_of.values()), item.path
        assert len(decision_of) == len({entry["hinh_thuc"] for entry in item.extra["giay_chung_nhan"]})
    assert sum(item.pages for item in files) == 2 * len(planned) == 2 * COUNT


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_same_bytes_whatever_the_number_of_workers(many, jobs):  # noqa: F811 - the fixture
    alone, alone_warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1, formats=("pdf",))
    several, warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=jobs, formats=("pdf",))
    assert [f.path for f in several] == [f.path for f in alone]
    assert [f.data for f in several] == [f.data for f in alone]
    assert warnings == alone_warnings


def test_the_writer_writes_a_shared_stream_once_and_pages_without_one_as_before():
    one, other = zlib.compress(b"0.5 g\n"), zlib.compress(b"0.25 g\n")
    pages = [zlib.compress(b"%d 0 0 rg\n" % index) for index in range(4)]
    plain, count = write_pdf(pages, page_size_pt=(100, 100), characters={})
    unshared, _ = write_pdf(pages, page_size_pt=(100, 100), characters={}, shared=[(b"", b"")] * 4)
    assert unshared == plain and count == 4
    data, count = write_pdf(pages, page_size_pt=(100, 100), characters={},
                            shared=[(one, b""), (b"", b""), (one, other), (b"", other)])
    assert count == 4 and data.count(one) == 1 and data.count(other) == 1
    parts = contents(data)
    assert parts[0][0] == parts[2][0] and parts[2][2] == parts[3][1] and [len(p) for p in parts] == [2, 1, 3, 2]
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert [page.get_contents().get_data() for page in reader.pages] == [
        b"0.5 g\n0 0 0 rg\n", b"1 0 0 rg\n", b"0.5 g\n2 0 0 rg\n0.25 g\n", b"3 0 0 rg\n0.25 g\n"]


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
def test_a_worker_cuts_the_fonts_down_to_what_this_process_would(many, monkeypatch, fresh):  # noqa: F811
    from generator.rendering import certificate_workers, pdf_writer

    given = []

    def remember(fonts: dict) -> None:
        given.append(fonts)
        pdf_writer.remember_embedded_fonts(fonts)

    monkeypatch.setattr(certificate_workers, "remember_embedded_fonts", remember)
    if fresh:
        monkeypatch.setattr(certificate_workers, "FRESH_WORKERS_FROM", 1)
    files, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2, formats=("pdf",))
    # One request per font, each answered once.
    assert len(given) >= 2 and all(len(fonts) == 1 for fonts in given)
    assert len({(bold, italic) for fonts in given for bold, italic, _ in fonts}) == len(given)
    cut = {key: font for fonts in given for key, font in fonts.items()}
    data = by_path(files, "giay-khen/tat-ca.pdf").data
    for (bold, italic, used), font in cut.items():
        program = pdf_writer._subset_font_program(bold, italic, used)  # cut afresh here
        assert zlib.decompress(font.program) == program and font.program_length == len(program)
        assert font == pdf_writer._embedded_font(bold, italic, used)  # serialised as this process would
    assert any(font.program in data for font in cut.values())
