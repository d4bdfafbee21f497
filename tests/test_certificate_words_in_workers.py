"""Workers that set the words themselves give the files the build process gives when it sets them alone.

(They do from certificates.WORKERS_SET_WORDS_FROM workers on; these tests lower it to two.)

A worker is sent certificates and decisions without their annexes (certificate_texts.Wording): its words must be
the build process's words, a macro that reads what a worker was not given must still say what it always said,
and a broken macro must still be the template error it always was, whether workers are forked or started afresh.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EXAMPLE

from generator import pipeline
from generator.core.errors import TemplateError
from generator.documents import certificates as certificate_plan
from generator.documents.building import build_decisions
from generator.rendering import certificate_workers
from generator.rendering import certificates as certificate_drawing
from generator.rendering.certificate_profile import load_profile
from generator.rendering.certificate_texts import (
    CertificateView,
    MemoisedMacro,
    WithheldError,
    Wording,
    certificate_environment,
    macros_words,
    plain,
)
from generator.rendering.certificates import WORDING, Renderer, _rows
from generator.rendering.environment import environment
from generator.rendering.template_folders import BUILTIN_TEMPLATES

COUNT = 240


@pytest.fixture(scope="module")
def many():
    """240 awards of every kind of the example, names and units varied, an achievement now and then."""
    checked = pipeline.check(EXAMPLE)
    templates = [award for award in checked.awards if checked.catalogue.find_form(award.form).certificate]
    awards = []
    for index in range(COUNT):
        template = templates[index % len(templates)]
        achievement = "có thành tích xuất sắc trong phong trào thi đua" if index % 7 == 0 else template.achievement
        awards.append(replace(template, name=f"{template.name} {index % 13}", unit=f"Trường số {index // 20}",
                              achievement=achievement))
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return replace(checked, awards=awards, decisions=decisions)


@pytest.fixture
def words_in_workers(monkeypatch):
    monkeypatch.setattr(certificate_drawing, "WORKERS_SET_WORDS_FROM", 2)


def count_words_set_here(monkeypatch) -> list:
    """Certificates whose words the build process sets (calls of Renderer.texts in this process)."""
    calls = []
    texts = Renderer.texts

    def counted(self, view):  # noqa: ANN001, ANN202
        calls.append(view)
        return texts(self, view)

    monkeypatch.setattr(Renderer, "texts", counted)
    return calls


def office_wording(tmp_path, old: str, new: str) -> tuple:
    office = tmp_path / "mau"
    (office / "giay-khen").mkdir(parents=True)
    source = (BUILTIN_TEMPLATES / "giay-khen" / "loi-van.j2").read_text(encoding="utf-8")
    assert old in source
    (office / "giay-khen" / "loi-van.j2").write_text(source.replace(old, new), encoding="utf-8")
    return (office, BUILTIN_TEMPLATES)


@pytest.mark.parametrize("mode", ["overlay", "full"])
def test_a_workers_words_are_the_build_process_words(many, mode):
    profile = load_profile("a4-ngang-phoi")
    planned = certificate_plan.plan(many)
    renderer = Renderer(profile, mode, many.decisions, (BUILTIN_TEMPLATES,), docx=False)
    fields = [box.field for box in renderer.drawer.boxes]
    here = next(_rows(planned, renderer, fields, len(planned)))
    setter = Wording.of((BUILTIN_TEMPLATES,), WORDING, many.decisions).setter(fields)
    # In chunks, as a worker gets them, twice over (the second round answered from the memo where it can be).
    there = [row for start in range(0, COUNT, 50) for row in setter(planned[start:start + 50])]
    assert there == here
    assert setter(planned) == here
    assert len({words[fields.index("ho_ten")] for _, words in here}) > 13


def test_a_workers_decisions_carry_everything_but_the_annex(many):
    wording = Wording.of((BUILTIN_TEMPLATES,), WORDING, many.decisions)
    for light, whole in zip(wording.decisions, many.decisions, strict=True):
        assert replace(light, annex=whole.annex) == whole
        with pytest.raises(WithheldError):
            _ = light.annex.rows
        with pytest.raises(WithheldError):
            bool(light.annex)


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "afresh"])
def test_a_macro_reading_the_annex_says_the_same_through_workers(many, tmp_path, monkeypatch, fresh,
                                                                  words_in_workers):
    dirs = office_wording(tmp_path, "Số sổ vàng: {{ c.register_number }}",
                          "Số sổ vàng: {{ c.register_number }}/{{ c.decision.annex.rows }}")
    alone, alone_warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", template_dirs=dirs, jobs=1)
    if fresh:
        monkeypatch.setattr(certificate_workers, "FRESH_WORKERS_FROM", 1)
    set_here = count_words_set_here(monkeypatch)
    workers, warnings = pipeline.certificate_files(many, profile="a4-ngang-phoi", template_dirs=dirs, jobs=2)
    assert [f.data for f in workers] == [f.data for f in alone]
    assert warnings == alone_warnings
    assert len(set_here) == COUNT  # every chunk came back unset and was set here
    plain, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1)
    assert [f.data for f in plain] != [f.data for f in alone]  # the macro's words did change the pages


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "afresh"])
def test_a_macro_failing_on_some_certificates_is_the_template_error_it_always_was(many, tmp_path, monkeypatch,
                                                                                   fresh, words_in_workers):
    # Fine on the first certificates (the build process sets them without complaint), broken further on.
    dirs = office_wording(tmp_path, "Số sổ vàng: {{ c.register_number }}",
                          "Số sổ vàng: {{ c.register_number if c.register_number < 150 else c.so_so_khong_co }}")
    if fresh:
        monkeypatch.setattr(certificate_workers, "FRESH_WORKERS_FROM", 1)
    with pytest.raises(TemplateError, match="so_so_khong_co"):
        pipeline.certificate_files(many, profile="a4-ngang-phoi", template_dirs=dirs, jobs=2)


def test_warnings_name_the_awardee_when_workers_set_the_words(many, monkeypatch, words_in_workers):
    long_unit = "Trung tâm " + "Nghiên cứu Ứng dụng và Chuyển giao Tiến bộ Khoa học " * 8
    awards = [replace(award, unit=long_unit) if index == 100 else award for index, award in enumerate(many.awards)]
    checked = replace(many, awards=awards,
                      decisions=build_decisions(many.session, awards, many.catalogue).decisions)
    alone, alone_warnings = pipeline.certificate_files(checked, profile="a4-ngang-phoi", jobs=1)
    set_here = count_words_set_here(monkeypatch)
    workers, warnings = pipeline.certificate_files(checked, profile="a4-ngang-phoi", jobs=2)
    assert set_here == []  # the workers set every word
    assert warnings == alone_warnings and len(warnings) == 1
    assert awards[100].name in warnings[0] and "chức vụ, đơn vị" in warnings[0]
    assert [f.data for f in workers] == [f.data for f in alone]
    monkeypatch.setattr(certificate_drawing, "WORKERS_SET_WORDS_FROM", 3)
    here, here_warnings = pipeline.certificate_files(checked, profile="a4-ngang-phoi", jobs=2)
    assert len(set_here) == COUNT  # two workers: the words are set here
    assert here_warnings == warnings and [f.data for f in here] == [f.data for f in workers]


@pytest.mark.parametrize(("body", "remembered_for"), [
    pytest.param("{{ c.decision.signer.authority }}", "all", id="decision only"),
    pytest.param("{{ c.decision.ref|so_ky_hieu }} {{ c.decision.ref.signed_on|ngay_ngan }}", "all",
                 id="decision twice"),
    pytest.param("CỘNG HÒA", "all", id="constant"),
    pytest.param("{% if c.decision.form_is_title %}{{ c.decision.form }}{% else %}{{ c.award.name }}{% endif %}",
                 "titles", id="reads the award only on some certificates"),
    pytest.param("{{ c.decision.form }} {{ c.certificate }}", "none", id="decision, then more"),
    pytest.param("{{ c.register_number }} {{ c.decision.form }}", "none", id="something else first"),
    pytest.param("{{ c|string|length }} {{ c.decision.form }}", "none", id="c used whole"),
])
def test_words_remembered_per_decision_are_the_macros_words(many, body, remembered_for):
    source = "{% macro m(c) %}" + body + "{% endmacro %}"
    plain_macro = environment((BUILTIN_TEMPLATES,)).from_string(source).module.m
    macros = {"m": MemoisedMacro(certificate_environment((BUILTIN_TEMPLATES,)).from_string(source).module.m)}
    by_decision: dict = {}
    every = views(many)
    for view in every + every:  # the second round is answered from what was remembered where it can be
        assert macros_words(macros, view, by_decision) == {"m": plain(plain_macro(view))}
    remembered = sum(len(known) for known in by_decision.values())
    titles = sum(decision.form_is_title for decision in many.decisions)
    assert remembered == {"all": len(many.decisions), "titles": titles, "none": 0}[remembered_for]
    assert len(by_decision) == len(many.decisions) > titles > 0


def views(checked) -> list[CertificateView]:
    return [CertificateView(c, checked.decisions[c.decision_index], {}, {}) for c in certificate_plan.plan(checked)]
