"""The fast certificate path (memoised wording, words drawn by worker processes, pieces reused from page to page,
files assembled from one shared block) gives the documents the straightforward way gives.

The straightforward way is written out here from the public building blocks, with nothing remembered between
certificates: every wording macro called on every certificate through the shared environment, every box fitted
and drawn anew (``set_box``), every page deflated by ``zlib.compress`` and every file written by ``write_pdf``.
The files are read back with two independent readers (pypdf for the content streams, pdfium for the text and where
each character lies), so the comparison does not depend on how the fast path writes its bytes.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import replace

import pytest
from conftest import EXAMPLE, MM

from generator import pipeline
from generator.core.errors import TemplateError
from generator.documents import certificates as certificate_plan
from generator.documents.building import build_decisions
from generator.rendering import certificate_workers
from generator.rendering import certificates as certificate_drawing
from generator.rendering.certificate_pdf import PageDeflater, page_prefix, set_box
from generator.rendering.certificate_profile import load_profile
from generator.rendering.certificate_texts import CertificateView, MemoisedMacro, certificate_environment, plain
from generator.rendering.certificates import certificate_wording
from generator.rendering.environment import environment
from generator.rendering.pdf_writer import PT_PER_MM, write_pdf
from generator.rendering.sandbox import SandboxViolation
from generator.rendering.template_folders import BUILTIN_TEMPLATES

LONG_NAME = "Nguyễn Thị Hoàng Phương Thảo Ngọc Bích Minh Châu Thu Hà Loan"
LONG_UNIT = ("Trung tâm Nghiên cứu Ứng dụng và Chuyển giao Tiến bộ Khoa học Kỹ thuật Nông nghiệp, Lâm nghiệp, "
             "Thủy sản và Phát triển Nông thôn Bền vững vùng Duyên hải Nam Trung Bộ")
COUNT = 300


@pytest.fixture(scope="module")
def many():
    """300 awards of every kind of the example (forms, titles, individuals and collectives), with names that
    repeat and names that do not, long names and units that shrink or wrap, an achievement now and then."""
    checked = pipeline.check(EXAMPLE)
    templates = [award for award in checked.awards if checked.catalogue.find_form(award.form).certificate]
    awards = []
    for index in range(COUNT):
        template = templates[index % len(templates)]
        name = LONG_NAME if index % 37 == 0 else f"{template.name} {index % 11}" if index % 3 else template.name
        unit = LONG_UNIT if index % 41 == 0 else f"Trường Tiểu học số {index // 25}"
        achievement = "có thành tích xuất sắc trong phong trào thi đua" if index % 7 == 0 else template.achievement
        awards.append(replace(template, name=name, unit=unit, achievement=achievement))
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return replace(checked, awards=awards, decisions=decisions)


def straightforward_pages(checked, profile_name: str, mode: str) -> tuple[list, list[bytes]]:
    """The plan, and each certificate's page content (uncompressed) drawn with nothing remembered."""
    profile = load_profile(profile_name)
    wording = certificate_wording(environment((BUILTIN_TEMPLATES,)))
    planned = certificate_plan.plan(checked)
    pages = []
    for certificate in planned:
        decision = checked.decisions[certificate.decision_index]
        assert not decision.ref.is_draft
        view = CertificateView(certificate, decision, {}, {})
        parts = []
        for box in profile.printed_boxes(mode):
            text = plain(getattr(wording, box.field)(view))
            if text.strip():
                set_box.cache_clear()
                parts.append(set_box(box, text, profile.height)[0])
        pages.append(b"".join(parts))
    return planned, pages


def page_streams(data: bytes, prefix: bytes = b"") -> list[bytes]:
    """Each page's content streams after the ``prefix`` every page draws, inflated and joined, read by pypdf."""
    from pypdf import PdfReader

    streams = []
    for page in PdfReader(io.BytesIO(data)).pages:
        contents = page["/Contents"].get_object()
        parts = [part.get_object().get_data() for part in contents] if isinstance(contents, list) else [
            contents.get_data()]
        if prefix:
            assert parts[0] == prefix
            parts = parts[1:]
        streams.append(b"".join(parts))
    return streams


def texts_and_places(data: bytes) -> list[tuple[str, list[tuple[str, float, float]]]]:
    """Per page, pdfium's text and (character, left, top) in mm of every visible character."""
    import pypdfium2

    found = []
    for page in pypdfium2.PdfDocument(data):
        _, height = page.get_size()
        text_page = page.get_textpage()
        places = []
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if char.strip():
                left, _, _, top = text_page.get_charbox(index)
                places.append((char, left / MM, (height - top) / MM))
        found.append((text_page.get_text_range(), places))
    return found


def by_path(files, path: str):
    return next(item for item in files if item.path == path)


@pytest.mark.parametrize(("profile", "mode"), [("a4-ngang-phoi", "overlay"), ("a4-ngang-day-du", "full")])
def test_fast_path_gives_the_straightforward_pages(many, profile, mode):
    planned, expected = straightforward_pages(many, profile, mode)
    files, _ = pipeline.certificate_files(many, profile=profile, mode=mode, formats=("pdf",), jobs=1)
    everything = by_path(files, "giay-khen/tat-ca.pdf")
    assert everything.pages == len(planned) == COUNT
    prefix = page_prefix(load_profile(profile), offsets=True, frame=mode == "full", background=False)
    assert page_streams(everything.data, prefix) == expected
    # Every unit's file holds exactly its certificates' pages, in the same order (Số sổ runs per form).
    index_of = {(many.decisions[c.decision_index].form, c.register_number): i for i, c in enumerate(planned)}
    units = [item for item in files if item.path != "giay-khen/tat-ca.pdf"]
    assert sum(item.pages for item in units) == COUNT
    for item in units:
        wanted = [expected[index_of[(entry["hinh_thuc"], entry["so_so"])]] for entry in item.extra["giay_chung_nhan"]]
        assert page_streams(item.data, prefix) == wanted, item.path


def test_fast_path_reads_back_like_the_straightforward_file(many):
    """Text per page and where the name and the unit lie, as a reader sees them (within 0,05 mm)."""
    profile = load_profile("a4-ngang-phoi")
    planned, expected = straightforward_pages(many, "a4-ngang-phoi", "overlay")
    prefix = page_prefix(profile, offsets=True, frame=False, background=False)
    characters: dict[tuple[bool, bool], set[str]] = {}
    wording = certificate_wording(environment((BUILTIN_TEMPLATES,)))
    for certificate in planned:
        view = CertificateView(certificate, many.decisions[certificate.decision_index], {}, {})
        for box in profile.printed_boxes("overlay"):
            characters.setdefault((box.bold, box.italic), set()).update(plain(getattr(wording, box.field)(view)))
    reference, pages = write_pdf([zlib.compress(page, 6) for page in expected],
                                 page_size_pt=(profile.width * PT_PER_MM, profile.height * PT_PER_MM),
                                 characters={style: frozenset(used) for style, used in characters.items()},
                                 prefix=prefix, title="giay-khen/tat-ca.pdf")
    files, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1)
    fast = by_path(files, "giay-khen/tat-ca.pdf")
    assert fast.pages == pages == COUNT
    name_box, unit_box = profile.box("ho_ten"), profile.box("chuc_vu_don_vi")
    for number, ((text, places), (wanted_text, wanted_places)) in enumerate(
            zip(texts_and_places(fast.data), texts_and_places(reference), strict=True)):
        assert text == wanted_text, number
        assert len(places) == len(wanted_places), number
        for (char, left, top), (wanted_char, wanted_left, wanted_top) in zip(places, wanted_places, strict=True):
            assert char == wanted_char
            assert abs(left - wanted_left) < 0.05 and abs(top - wanted_top) < 0.05, (number, char)
        in_name = [c for c, x, y in places if name_box.x <= x <= name_box.x + name_box.width
                   and name_box.y <= y <= name_box.y + name_box.height]
        in_unit = [c for c, x, y in places if unit_box.x <= x <= unit_box.x + unit_box.width
                   and unit_box.y <= y <= unit_box.y + unit_box.height]
        entry = fast.extra["giay_chung_nhan"][number]
        assert entry["ho_ten"].replace(" ", "") in "".join(in_name), number
        assert in_unit, number


def test_workers_forked_or_started_afresh_give_the_same_bytes(many, monkeypatch):
    alone, alone_warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1)
    forked, forked_warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2)
    monkeypatch.setattr(certificate_workers, "FRESH_WORKERS_FROM", 1)
    seen = []
    fresh, fresh_warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2,
                                                       progress=lambda done, total: seen.append(done))
    assert [f.data for f in forked] == [f.data for f in alone] == [f.data for f in fresh]
    assert [f.extra for f in fresh] == [f.extra for f in alone]
    assert alone_warnings == forked_warnings == fresh_warnings
    assert seen[-1] == COUNT and seen == sorted(seen) and len(seen) > 1


def test_two_builds_give_the_same_bytes(many):
    first, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2)
    again, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2)
    assert [f.data for f in first] == [f.data for f in again]


def test_a_worker_that_fails_is_an_error_not_a_silent_gap(many, monkeypatch):
    monkeypatch.setattr(certificate_workers, "draw_rows", lambda drawer, rows: 1 / 0)  # forked workers see it
    with pytest.raises(RuntimeError, match="certificate worker"):
        pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2)


# ---------------------------------------------------------------------------------------------------------
# The memoised wording
# ---------------------------------------------------------------------------------------------------------


def views(checked) -> list[CertificateView]:
    return [CertificateView(c, checked.decisions[c.decision_index], {}, {}) for c in certificate_plan.plan(checked)]


@pytest.mark.parametrize("body", [
    pytest.param("{{ c.decision.signer.authority }}", id="decision only"),
    pytest.param("{% if c.decision.form_is_title %}{{ c.decision.form }}{% else %}{{ c.award.name }}{% endif %}",
                 id="reads the award only on some certificates"),
    pytest.param("{{ c.award.name|upper }} {{ c.register_number }}", id="differs on every certificate"),
    pytest.param("{{ c.honorific }} {{ c.position_unit[:5] }}", id="strings compared by value"),
    pytest.param("{{ c }}", id="c printed whole"),
    pytest.param("{{ c|attr('certificate') }} {{ c.decision.ref|so_ky_hieu }}", id="attr filter and a filter"),
    pytest.param("{% for x in c.decision.executors %}{{ x }};{% endfor %}", id="a loop"),
])
def test_memoised_macro_says_what_the_macro_says(many, body):
    source = "{% macro m(c) %}" + body + "{% endmacro %}"
    plain_macro = environment((BUILTIN_TEMPLATES,)).from_string(source).module.m
    memoised = MemoisedMacro(certificate_environment((BUILTIN_TEMPLATES,)).from_string(source).module.m)
    every = views(many)
    for view in every + every:  # the second round is answered from the memo where it can be
        assert memoised.words(view) == plain(plain_macro(view))


def test_memo_is_used_when_words_repeat_and_dropped_when_they_do_not(many):
    env = certificate_environment((BUILTIN_TEMPLATES,))
    constant = MemoisedMacro(env.from_string("{% macro m(c) %}{{ c.decision.signer.name }}{% endmacro %}").module.m)
    number = MemoisedMacro(env.from_string("{% macro m(c) %}{{ c.register_number }}{% endmacro %}").module.m)
    whole = MemoisedMacro(env.from_string("{% macro m(c) %}{{ c|string|length }}{% endmacro %}").module.m)
    every = views(many)
    for view in every:
        constant.words(view), number.words(view), whole.words(view)
    decisions = len({id(view.decision) for view in every})
    assert decisions == 2 and constant.hits == COUNT - decisions and constant.active
    assert number.hits < COUNT // 4 and not number.active  # Số sổ runs per form: a few numbers repeat
    assert whole.hits == 0 and whole.leaves == 0


@pytest.mark.parametrize(("body", "refused"), [
    ("{{ c.decision.__class__ }}", True),
    ("{{ c.decision.ref._private }}", False),
    ("{{ c.award.name.format.__globals__ }}", True),
    ("{{ '{0.__class__}'.format(c.decision) }}", True),
    ("{{ '{0.name}'.format(c.award) }}", False),
])
def test_the_quicker_attribute_read_refuses_what_the_sandbox_refuses(many, body, refused):
    source = "{% macro m(c) %}" + body + "{% endmacro %}"
    view = views(many)[0]
    outcomes = []
    for env in (environment((BUILTIN_TEMPLATES,)), certificate_environment((BUILTIN_TEMPLATES,))):
        macro = MemoisedMacro(env.from_string(source).module.m)
        try:
            outcomes.append(("words", macro.words(view)))
        except SandboxViolation as exc:
            outcomes.append(("refused", type(exc)))
        except Exception as exc:  # noqa: BLE001 - the kind of failure is what is compared
            outcomes.append(("failed", type(exc)))
    assert outcomes[0] == outcomes[1]
    assert (outcomes[0][0] == "refused") == refused


def test_a_broken_macro_fails_as_it_always_did(many, tmp_path):
    office = tmp_path / "mau"
    (office / "giay-khen").mkdir(parents=True)
    source = (BUILTIN_TEMPLATES / "giay-khen" / "loi-van.j2").read_text(encoding="utf-8")
    (office / "giay-khen" / "loi-van.j2").write_text(
        source.replace("{{ c.register_number }}", "{{ c.so_so_khong_co }}"), encoding="utf-8")
    with pytest.raises(TemplateError, match="so_so_khong_co"):
        pipeline.certificate_files(many, template_dirs=(office, BUILTIN_TEMPLATES), jobs=1)


def test_page_deflater_gives_streams_zlib_reads_back_whatever_came_before():
    pages = [b"", b"BT /F0 12 Tf <0026> Tj ET\n" * 40, bytes(range(256)) * 30, b"x" * 70000]
    first = PageDeflater()
    alone = [first(page) for page in pages]
    other = PageDeflater()
    after_others = [other(page) for page in reversed(pages)][::-1]
    assert alone == after_others
    assert [zlib.decompress(stream) for stream in alone] == pages


def test_workers_started_before_the_list_is_read_are_taken_or_stopped(many, monkeypatch, tmp_path):
    alone, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1)
    monkeypatch.setattr(certificate_workers, "FRESH_WORKERS_FROM", 1)
    certificate_workers.start_workers_early(2)
    early = list(certificate_workers._EARLY)
    assert len(early) == 2
    taken, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2)
    assert [f.data for f in taken] == [f.data for f in alone]
    assert certificate_workers._EARLY == [] and all(w.process.poll() is not None for w in early)
    # A folder whose spreadsheet looks long starts them; a build that does not need them stops them.
    (tmp_path / "danh-sach.csv").write_bytes(b"x" * certificate_drawing.LONG_LIST_BYTES)
    certificate_drawing.start_workers_for(tmp_path, 2)
    waiting = list(certificate_workers._EARLY)
    assert len(waiting) == 2
    pipeline.certificate_files(many, profile="a4-ngang-day-du", jobs=2)  # full design with its Word file
    assert certificate_workers._EARLY == [] and all(w.process.poll() is not None for w in waiting)
    certificate_drawing.start_workers_for(tmp_path, 1)
    assert certificate_workers._EARLY == []
