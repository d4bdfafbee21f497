"""A long annex laid out chunk by chunk (issue 19) gives the pages of the layout in one go: words, count, numbers."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from conftest import EXAMPLE
from pypdf import PdfReader

from generator import pipeline
from generator.documents.building import build_decisions
from generator.lint import check_bytes
from generator.rendering import annex_engine, long_annex
from generator.rendering.context import decision_context
from generator.rendering.environment import environment
from generator.rendering.pdf import ISSUED_PDF_VARIANT, html_to_pdf, render_html, render_pdf
from generator.rendering.template_folders import BUILTIN_TEMPLATES

UNITS = ["Trường Tiểu học số {k}",
         "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông {k}"]


def decision_with(individuals: int, collectives: int = 0):
    """The example's Giấy khen decision with synthetic rows; some wrap onto several lines."""
    checked = pipeline.check(EXAMPLE)
    person = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    group = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "tap-the")
    awards = [replace(group, name=f"Tổ Công tác số {i}", unit=UNITS[i % 2].format(k=i)) for i in range(collectives)]
    awards += [replace(person, name=f"Nguyễn Thị Thử Nghiệm {i:05d}", unit=UNITS[i // 7 % 2].format(k=i // 25))
               for i in range(individuals)]
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return next(d for d in decisions if d.form == "Giấy khen")


def both_ways(decision) -> tuple[tuple[bytes, int], tuple[bytes, int], dict, dict]:
    env = environment((BUILTIN_TEMPLATES,))
    context = decision_context(decision, env)
    template = "quyet-dinh/template.html"
    chunked_layout: dict = {}
    whole_layout: dict = {}
    chunks = []
    real = long_annex._body_rows_by_page
    long_annex._body_rows_by_page = lambda document: chunks.append(1) or real(document)
    typesetter = annex_engine.typeset_annex_pdf
    annex_engine.typeset_annex_pdf = lambda *args: None  # the table typesetter declines: WeasyPrint in chunks
    try:
        chunked = render_pdf(env, template, context, str(BUILTIN_TEMPLATES), chunked_layout)
    finally:
        long_annex._body_rows_by_page = real
        annex_engine.typeset_annex_pdf = typesetter
    assert len(chunks) >= 2  # really laid out in chunks (each but the last measured), not in one go
    whole = html_to_pdf(render_html(env, template, context), str(BUILTIN_TEMPLATES), whole_layout,
                        ISSUED_PDF_VARIANT)
    return chunked, whole, chunked_layout, whole_layout


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def assert_same_document(chunked, whole, chunked_layout, whole_layout, rows: int, collectives: int = 0) -> None:
    (chunked_pdf, chunked_pages), (whole_pdf, whole_pages) = chunked, whole
    assert chunked_pdf != whole_pdf  # joined from parts: not the bytes of one layout, the same pages
    assert chunked_pages == whole_pages
    chunked_text, whole_text = page_texts(chunked_pdf), page_texts(whole_pdf)
    assert len(chunked_text) == chunked_pages
    assert chunked_text == whole_text
    assert chunked_layout == whole_layout and "chu_ky" in chunked_layout
    # Annex pages: no number on its first, then 2, 3, … up to the last, the header row on each.
    first_annex = next(i for i, text in enumerate(chunked_text) if "DANH SÁCH" in text)
    for offset, text in enumerate(chunked_text[first_annex + 1:], start=2):
        assert str(offset) in [line.strip() for line in text.splitlines()]
        assert "Họ và tên" in text
    last = chunked_text[-1]
    assert f"{rows}" in last and "Tổng cộng" in last and "Bằng chữ" in last and "Danh sách này có" in last
    numbers = [int(n) for text in chunked_text for n in re.findall(r"^(\d+) (?:Bà|Ông|Tổ)", text, re.M)]
    # Every row once, in order (STT restarts in each section).
    assert numbers == list(range(1, collectives + 1)) + list(range(1, rows + 1))


def test_a_2000_row_annex_in_chunks_has_the_pages_of_one_layout():
    decision = decision_with(2000)
    assert len(long_annex._items(decision.annex)) >= long_annex.MIN_ROWS
    assert_same_document(*both_ways(decision), rows=2000)


def test_chunks_that_begin_inside_a_section_keep_its_rows_and_its_count(monkeypatch):
    monkeypatch.setattr(long_annex, "CHUNK_ROWS", 120)
    monkeypatch.setattr(long_annex, "MIN_ROWS", 240)
    decision = decision_with(400, collectives=150)
    assert decision.annex.sectioned
    chunked, whole, chunked_layout, whole_layout = both_ways(decision)
    assert_same_document(chunked, whole, chunked_layout, whole_layout, rows=400, collectives=150)
    text = "\n".join(page_texts(chunked[0]))
    assert text.count("TẬP THỂ (150)") == 1 and text.count("CÁ NHÂN (400)") == 1


@pytest.mark.parametrize("rows", [10, 300])
def test_a_short_annex_is_laid_out_in_one_go(rows):
    decision = decision_with(rows)
    env = environment((BUILTIN_TEMPLATES,))
    assert long_annex.annex_chunks_pdf(lambda part: render_html(env, "quyet-dinh/template.html", part),
                                       decision_context(decision, env), str(BUILTIN_TEMPLATES), None, None,
                                       b"x") is None


def test_an_office_template_with_more_above_the_table_is_laid_out_in_one_go(tmp_path, monkeypatch):
    # Something the chunks do not know to hide would show where the table continues: no chunks then.
    monkeypatch.setattr(long_annex, "CHUNK_ROWS", 120)
    monkeypatch.setattr(long_annex, "MIN_ROWS", 240)
    own = tmp_path / "quyet-dinh"
    own.mkdir()
    html = (BUILTIN_TEMPLATES / "quyet-dinh" / "template.html").read_text(encoding="utf-8")
    note = "<p class=\"ghi-chu\">Ghi chú của đơn vị</p>\n  "
    html = html.replace("<table class=\"danh-sach\">", note + "<table class=\"danh-sach\">")
    (own / "template.html").write_text(html, encoding="utf-8")
    env = environment((tmp_path, BUILTIN_TEMPLATES))  # the office's folder first, as --templates does
    assert "ghi-chu" in render_html(env, "quyet-dinh/template.html", decision_context(decision_with(3), env))
    decision = decision_with(400)
    assert long_annex.annex_chunks_pdf(lambda part: render_html(env, "quyet-dinh/template.html", part),
                                       decision_context(decision, env), str(BUILTIN_TEMPLATES), None, None,
                                       b"x") is None


def test_chunks_are_reproducible_archival_and_pass_the_format_check_as_one_layout(monkeypatch):
    monkeypatch.setattr(long_annex, "CHUNK_ROWS", 120)
    monkeypatch.setattr(long_annex, "MIN_ROWS", 240)
    decision = decision_with(400)
    (chunked, _), (whole, _), _, _ = both_ways(decision)
    again, _ = both_ways(decision)[0]
    assert chunked == again  # same input, same bytes
    chunked_reader, whole_reader = PdfReader(io.BytesIO(chunked)), PdfReader(io.BytesIO(whole))
    catalogue = chunked_reader.trailer["/Root"]
    assert "/OutputIntents" in catalogue and "pdfaid:part" in catalogue["/Metadata"].get_object().get_data().decode()
    assert chunked_reader.trailer["/ID"][0] == whole_reader.trailer["/ID"][0]
    assert chunked_reader.metadata.title == whole_reader.metadata.title
    findings = [(f.rule, f.message) for f in check_bytes(chunked, "pdf", "qd.pdf")]
    assert findings == [(f.rule, f.message) for f in check_bytes(whole, "pdf", "qd.pdf")]
