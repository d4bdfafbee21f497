"""Wording macros memoised by the attribute paths their source reads (rendering/certificate_paths.py) say, on every
certificate, what the macro itself says; a macro whose source uses the certificate any other way is left to the
memo that watches what it reads."""

from __future__ import annotations

import pytest
from test_certificates_fast_path import many, views  # noqa: F401 - a fixture, and the views of its plan

from generator.core.errors import TemplateError
from generator.rendering import certificates as certificate_drawing
from generator.rendering.certificate_paths import PathMemo, direct_call, macro_paths
from generator.rendering.certificate_texts import (
    MemoisedMacro,
    certificate_environment,
    macros_words,
    memoised_macros,
    plain,
)
from generator.rendering.environment import environment
from generator.rendering.template_folders import BUILTIN_TEMPLATES

TEMPLATES = (BUILTIN_TEMPLATES,)


def paths_of(body: str, tmp_path, params: str = "c") -> tuple[str, ...] | None:
    folder = tmp_path / "mau"
    folder.mkdir(exist_ok=True)
    (folder / "m.j2").write_text("{% macro m(" + params + ") %}" + body + "{% endmacro %}", encoding="utf-8")
    env = certificate_environment((folder, *TEMPLATES))
    return macro_paths(env, "m.j2").get("m")


def test_the_project_wording_reads_paths():
    found = macro_paths(certificate_environment(TEMPLATES), certificate_drawing.WORDING)
    assert found["ho_ten"] == ("award.subject", "award.gender", "award.name")
    assert found["so_so"] == ("register_number",)
    assert found["thanh_tich"] == ("decision.form_is_title", "decision.form", "decision.achievement_year",
                                   "award.achievement")
    assert found["quoc_hieu"] == ()
    assert set(found) == set(certificate_drawing.FIELD_LABELS)


@pytest.mark.parametrize(("body", "expected"), [
    ("{{ c.award.name }} {{ c.award.name|upper }}", ("award.name",)),
    ("{% set a = c.award %}{{ a.name }}", ("award",)),  # the award itself is what the words depend on
    ("{{ c.decision.ref|so_ky_hieu }} {{ c.decision.ref.year }}", ("decision.ref", "decision.ref.year")),
    ("{{ c.award['name'] }}", ("award",)),
    ("{{ c.award.name.upper() }}", ("award.name.upper",)),
    ("{% for x in c.decision.executors %}{{ x }}{% endfor %}", ("decision.executors",)),
    ("{{ c }}", None),
    ("{{ c['award'] }}", None),
    ("{{ c|attr('award') }}", None),
    ("{% if c is defined %}x{% endif %}", None),
    ("{% set c = 1 %}{{ c }}", None),
    ("{% for c in [1] %}{{ c }}{% endfor %}", None),
    ("{% include 'khac.j2' %}", None),
    ("{% macro inner(c) %}{{ c.award.name }}{% endmacro %}{{ inner(c) }}", None),
])
def test_paths_are_found_only_where_the_certificate_is_only_read_from(tmp_path, body, expected):
    assert paths_of(body, tmp_path) == expected


def test_a_macro_with_other_parameters_is_not_read(tmp_path):
    assert paths_of("{{ c.award.name }}{{ d }}", tmp_path, "c, d") is None
    assert paths_of("{{ c.award.name }}", tmp_path, "c=none") is None


BODIES = [
    "{{ c.decision.signer.authority }}",
    "{% if c.decision.form_is_title %}{{ c.decision.form }}{% else %}{{ c.award.name }}{% endif %}",
    "{{ c.award.name|upper }} {{ c.register_number }}",
    "{{ c.honorific }} {{ c.position_unit[:5] }}",
    "{{ c.decision.ref|so_ky_hieu }} {{ c.decision.ref.signed_on|ngay_ngan }}",
    "{% set a = c.award %}{{ a.name }} {{ a.unit }}",
    "{{ c.award.name.upper() }}",
    "{{ c.award.achievement[:1]|viet_hoa }}{{ c.award.achievement[1:] }}",
    "{% for x in c.decision.executors %}{{ x }};{% endfor %}",
    "{{ c.award.khong_co|default('-') }}|{{ c.award.khong_co is defined }}",
    "{{ c.award.gender|danh_xung if c.award.subject == 'ca-nhan' else '' }} & <{{ c.award.name }}>",
]


@pytest.mark.parametrize("body", BODIES)
def test_path_memo_says_what_the_macro_says(many, tmp_path, body):  # noqa: F811 - the fixture
    source = "{% macro m(c) %}" + body + "{% endmacro %}"
    plain_macro = environment(TEMPLATES).from_string(source).module.m
    env = certificate_environment(TEMPLATES)
    paths = paths_of(body, tmp_path)
    assert paths is not None
    memo = PathMemo(env.from_string(source).module.m, paths, env.getattr)
    every = views(many)
    for view in every + every:  # the second round is answered from the memo where it can be
        assert memo.words(view, {}) == plain(plain_macro(view))


def test_words_repeat_from_the_memo_and_a_macro_that_never_repeats_stops_memoising(many):  # noqa: F811
    env = certificate_environment(TEMPLATES)
    wording = certificate_drawing.certificate_wording(env)
    memos = memoised_macros(env, certificate_drawing.WORDING, wording, list(certificate_drawing.FIELD_LABELS))
    assert all(isinstance(memo, PathMemo) for memo in memos.values())
    every = views(many)
    by_decision: dict = {}
    for view in every:
        macros_words(memos, view, by_decision)
    assert memos["ten_giay"].hits >= len(every) - 10 and memos["ten_giay"].active
    assert memos["so_so"].hits < len(every) // 4 and not memos["so_so"].active
    # Decided by the decision alone: asked once per decision, then remembered by macros_words.
    assert memos["nguoi_ky"].calls == len({id(view.decision) for view in every})
    assert memos["thanh_tich"].decided_by_decision(every[0].decision) is False


def test_memoised_words_are_the_words_of_the_macros_on_the_example(many):  # noqa: F811
    env = certificate_environment(TEMPLATES)
    wording = certificate_drawing.certificate_wording(env)
    fields = list(certificate_drawing.FIELD_LABELS)
    memos = memoised_macros(env, certificate_drawing.WORDING, wording, fields)
    watched = {field: MemoisedMacro(getattr(wording, field)) for field in fields}
    plain_wording = environment(TEMPLATES).get_template(certificate_drawing.WORDING).module
    first: dict = {}
    second: dict = {}
    for view in views(many) * 2:
        expected = {field: plain(getattr(plain_wording, field)(view)) for field in fields}
        assert macros_words(memos, view, first) == expected
        assert macros_words(watched, view, second) == expected


def test_direct_call_gives_what_the_macro_gives(many):  # noqa: F811
    view = views(many)[0]
    for autoescape in (True, False):
        env = certificate_environment(TEMPLATES).overlay(autoescape=autoescape)
        macro = env.from_string("{% macro m(c) %}<{{ c.award.name }}> &amp;{% endmacro %}").module.m
        quick = direct_call(macro)
        assert quick is not macro
        assert quick(view) == macro(view) and type(quick(view)) is type(macro(view))
    with_caller = certificate_environment(TEMPLATES).from_string(
        "{% macro m(c) %}{{ caller() if caller else '' }}{% endmacro %}").module.m
    assert direct_call(with_caller) is with_caller


def test_an_unreadable_path_fails_as_the_macro_always_did(many, tmp_path):  # noqa: F811
    office = tmp_path / "mau"
    (office / "giay-khen").mkdir(parents=True)
    source = (BUILTIN_TEMPLATES / "giay-khen" / "loi-van.j2").read_text(encoding="utf-8")
    (office / "giay-khen" / "loi-van.j2").write_text(
        source.replace("{{ c.award.name }}", "{{ c.award.khong_co.ten }}"), encoding="utf-8")
    from generator import pipeline

    with pytest.raises(TemplateError, match="khong_co"):
        pipeline.certificate_files(many, template_dirs=(office, BUILTIN_TEMPLATES), jobs=1)


@pytest.mark.parametrize(("position", "unit", "expected"), [
    ("Giáo viên", "Trường Tiểu học số 1", "Giáo viên, Trường Tiểu học số 1"),
    ("", "Trường Tiểu học số 1", "Trường Tiểu học số 1"),
    ("Giáo viên", "", "Giáo viên"),
    ("", "", ""),
])
def test_the_plan_writes_position_and_unit_as_it_always_did(many, position, unit, expected):  # noqa: F811
    from dataclasses import replace

    from generator.documents.certificates import _position_unit

    person = next(award for award in many.awards if award.subject == "ca-nhan")
    award = replace(person, position=position, unit=unit)
    assert _position_unit(award) == expected == ", ".join(part for part in (position, unit) if part)


def test_only_the_printed_fields_are_set_on_a_phoi(many, tmp_path):  # noqa: F811
    """On a phôi the pre-printed words (tên giấy khen…) are neither printed nor set, as drawing workers setting the
    words have always done: a macro of such a field is not run; printed in full, it is."""
    from generator import pipeline

    office = tmp_path / "mau"
    (office / "giay-khen").mkdir(parents=True)
    source = (BUILTIN_TEMPLATES / "giay-khen" / "loi-van.j2").read_text(encoding="utf-8")
    broken = source.replace("{{ c.certificate|viet_hoa }}", "{{ c.khong_co.ten }}")
    assert broken != source
    (office / "giay-khen" / "loi-van.j2").write_text(broken, encoding="utf-8")
    ours = (office, BUILTIN_TEMPLATES)
    for jobs in (1, 2):
        expected, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=jobs, formats=("pdf",))
        files, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=jobs, formats=("pdf",),
                                              template_dirs=ours)
        assert [item.data for item in files] == [item.data for item in expected]
    with pytest.raises(TemplateError, match="khong_co"):
        pipeline.certificate_files(many, profile="a4-ngang-day-du", jobs=1, formats=("pdf",), template_dirs=ours)
