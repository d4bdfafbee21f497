"""The long annex's middle pages drawn by our table typesetter (issue 19) are the pages of the one layout."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import replace
from pathlib import Path

from conftest import EXAMPLE
from pypdf import PdfReader

from generator import pipeline
from generator.documents.building import build_decisions
from generator.lint import check_bytes
from generator.rendering import annex_engine, annex_typesetter, long_annex
from generator.rendering.context import decision_context
from generator.rendering.environment import environment
from generator.rendering.pdf import ISSUED_PDF_VARIANT, html_to_pdf, render_html, render_pdf
from generator.rendering.template_folders import BUILTIN_TEMPLATES
from generator.signing.pdfa import pdfa_problems

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.sessions import make_session  # noqa: E402 - the bench's own session, as `vanban build` is timed on it

TEMPLATE = "quyet-dinh/template.html"


def words_by_page(data: bytes) -> list[str]:
    """Each page's text as extracted, line by line: the same words on the same lines, in the same order."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def page_numbers(texts: list[str]) -> list[int | None]:
    """The number printed at the top of each annex page (None on the annex's first page)."""
    first = next(i for i, text in enumerate(texts) if "DANH SÁCH" in text)
    return [None] + [int(m.group(1)) if (m := re.search(rf"^ *({i}) *$", text, re.M)) else -1
                     for i, text in enumerate(texts[first + 1:], start=2)]


def typeset(decision, template_dirs=(BUILTIN_TEMPLATES,)):  # noqa: ANN001, ANN201
    """The typesetter's PDF (None when it fell back) and how many pages it drew itself."""
    env = environment(template_dirs)
    drawn = []
    real = annex_typesetter.draw_pages

    def counting(rows, starts, geometry, first_number, *more):  # noqa: ANN001, ANN002, ANN202
        drawn.append(len(starts))
        return real(rows, starts, geometry, first_number, *more)

    annex_engine.draw_pages = counting
    try:
        result = annex_engine.typeset_annex_pdf(lambda part: render_html(env, TEMPLATE, part),
                                                decision_context(decision, env), str(template_dirs[-1]), {},
                                                ISSUED_PDF_VARIANT, b"vanban-van-ban-hanh-chinh")
    finally:
        annex_engine.draw_pages = real
    return result, sum(drawn)


def one_go(decision, template_dirs=(BUILTIN_TEMPLATES,)) -> tuple[bytes, int]:  # noqa: ANN001
    env = environment(template_dirs)
    return html_to_pdf(render_html(env, TEMPLATE, decision_context(decision, env)), str(template_dirs[-1]), {},
                       ISSUED_PDF_VARIANT)


def test_the_2000_row_bench_annex_has_the_pages_words_and_numbers_of_one_layout(tmp_path):
    make_session(tmp_path / "dot", 2000)
    decision = next(d for d in pipeline.check(tmp_path / "dot").decisions if d.has_annex)
    (data, pages), drawn = typeset(decision)
    assert drawn > 50  # most pages drawn by the typesetter, not by WeasyPrint
    whole, whole_pages = one_go(decision)
    assert pages == whole_pages == len(PdfReader(io.BytesIO(data)).pages)
    texts, whole_texts = words_by_page(data), words_by_page(whole)
    assert texts == whole_texts
    numbers = page_numbers(texts)
    assert numbers == page_numbers(whole_texts) and numbers[1:] == list(range(2, len(numbers) + 1))
    last = " ".join(texts[-1].split())
    assert "Tổng cộng" in last and "Bằng chữ" in last and "Danh sách này có 2.000 cá nhân" in last
    # Today's chunked path gives the same pages too.
    env = environment((BUILTIN_TEMPLATES,))
    chunked, chunked_pages = long_annex.annex_chunks_pdf(lambda part: render_html(env, TEMPLATE, part),
                                                         decision_context(decision, env), str(BUILTIN_TEMPLATES),
                                                         None, ISSUED_PDF_VARIANT, b"x")
    assert chunked_pages == pages and words_by_page(chunked) == texts
    # Archival, reproducible, and the format checker finds what it finds in the one layout.
    reader = PdfReader(io.BytesIO(data))
    catalogue = reader.trailer["/Root"]
    assert "/OutputIntents" in catalogue and "pdfaid:part" in catalogue["/Metadata"].get_object().get_data().decode()
    assert typeset(decision)[0][0] == data
    assert ([(f.rule, f.message) for f in check_bytes(data, "pdf", "qd.pdf")]
            == [(f.rule, f.message) for f in check_bytes(whole, "pdf", "qd.pdf")])
    assert pdfa_problems(data) == []


def test_build_uses_the_typesetter_for_a_long_annex(tmp_path):
    make_session(tmp_path / "dot", 600)
    decision = next(d for d in pipeline.check(tmp_path / "dot").decisions if d.has_annex)
    env = environment((BUILTIN_TEMPLATES,))
    layout: dict = {}
    data, pages = render_pdf(env, TEMPLATE, decision_context(decision, env), str(BUILTIN_TEMPLATES), layout)
    (typeset_data, typeset_pages), drawn = typeset(decision)
    assert drawn > 0 and (data, pages) == (typeset_data, typeset_pages) and "chu_ky" in layout


def awards_of(rows: int, unit=lambda i: f"Trường Tiểu học số {i // 9}"):  # noqa: ANN001, ANN201
    checked = pipeline.check(EXAMPLE)
    person = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = [replace(person, name=f"Nguyễn Thị Thử Nghiệm {i:05d}", unit=unit(i)) for i in range(rows)]
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return next(d for d in decisions if d.form == "Giấy khen")


def test_a_row_taller_than_a_page_goes_to_weasyprint():
    huge = " ".join(["Hợp tác xã Dịch vụ Nông nghiệp"] * 120)
    decision = awards_of(500, unit=lambda i: huge if i == 300 else f"Trường Tiểu học số {i // 9}")
    result, drawn = typeset(decision)
    assert result is None and drawn == 0


def test_a_template_with_other_column_widths_is_followed(tmp_path):
    own = tmp_path / "quyet-dinh"
    own.mkdir()
    html = (BUILTIN_TEMPLATES / "quyet-dinh" / "template.html").read_text(encoding="utf-8")
    css = ("table.danh-sach col:nth-child(2) { width: 40mm !important; }\n"
           "table.danh-sach col:nth-child(3) { width: 68mm !important; }\n")
    html = html.replace("</head>", f"<style>{css}</style>\n</head>", 1)
    (own / "template.html").write_text(html, encoding="utf-8")
    dirs = (tmp_path, BUILTIN_TEMPLATES)
    decision = awards_of(500, unit=lambda i: ["Trường Tiểu học số 1", "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại "
                                              f"và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông {i}"][i // 5 % 2])
    (data, pages), drawn = typeset(decision, dirs)
    assert drawn > 5
    whole, whole_pages = one_go(decision, dirs)
    assert pages == whole_pages
    assert words_by_page(data) == words_by_page(whole)
    default, _ = one_go(decision)
    assert words_by_page(default) != words_by_page(data)  # the widths moved the page ends: the test means it


def sectioned(collectives: int, individuals: int = 300):  # noqa: ANN201
    checked = pipeline.check(EXAMPLE)
    person = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    group = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "tap-the")
    units = ["Trường Tiểu học số {k}", "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn {k}"]
    awards = [replace(group, name=f"Tổ Công tác số {i}", unit=units[i % 2].format(k=i)) for i in range(collectives)]
    awards += [replace(person, name=f"Nguyễn Thị Thử Nghiệm {i:05d}", unit=units[i // 7 % 2].format(k=i))
               for i in range(individuals)]
    return next(d for d in build_decisions(checked.session, awards, checked.catalogue).decisions
                if d.form == "Giấy khen")


def test_a_section_row_at_a_page_end_among_the_typeset_rows_goes_with_the_row_under_it():
    # Find a list whose "II. CÁ NHÂN" row would be the last of a typeset page (break-after: avoid moves it on).
    moved = []
    real = annex_typesetter._earlier_break

    def watching(rows, first, index):  # noqa: ANN001, ANN202
        found = real(rows, first, index)
        moved.append(found != index)
        return found

    annex_typesetter._earlier_break = watching
    try:
        for collectives in range(200, 240):
            moved.clear()
            decision = sectioned(collectives)
            (data, pages), drawn = typeset(decision)
            if any(moved):
                break
    finally:
        annex_typesetter._earlier_break = real
    assert any(moved) and drawn > 5 and decision.annex.sectioned
    whole, whole_pages = one_go(decision)
    texts = words_by_page(data)
    assert pages == whole_pages and texts == words_by_page(whole)
    assert sum(text.count("CÁ NHÂN (300)") for text in texts) == 1
