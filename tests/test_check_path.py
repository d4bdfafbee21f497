"""The list path of `vanban check` does less and gives the same (issue 19): the summary's Số sổ per form come from
counts (documents.certificates.register_ranges) and equal what the full certificate plan numbers, whatever the order
of the list, the forms, the units and the first numbers."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.documents import certificates
from generator.documents.certificates import _ranges_from_plan, read_settings, register_ranges

ROOT = Path(__file__).resolve().parents[1]


def without_plan(checked):  # noqa: ANN001, ANN201
    """register_ranges with the plan out of reach: the figures must come from the counts."""
    kept = certificates.plan

    def refused(*_):  # noqa: ANN002, ANN202
        raise AssertionError("register_ranges made the whole plan")

    certificates.plan = refused
    try:
        return register_ranges(checked)
    finally:
        certificates.plan = kept


def example_sessions() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("data/*/dot.toml"))


@pytest.mark.parametrize("folder", example_sessions(), ids=lambda folder: folder.name)
def test_register_ranges_are_those_of_the_plan_on_the_examples(folder):
    checked = pipeline.check(folder)
    found = without_plan(checked)
    assert found == _ranges_from_plan(checked, read_settings(checked.session.dot_file))
    assert sum(entry.count for entry in found) == len(
        [award for award in checked.awards if checked.catalogue.find_form(award.form).certificate])


@pytest.fixture(scope="module")
def numbered(tmp_path_factory):
    """The example session with its own first numbers per form and the list sorted by name."""
    folder = tmp_path_factory.mktemp("so-so") / "dot"
    shutil.copytree(ROOT / "data" / "vi-du", folder)
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    text = text.replace("so_so_bat_dau = 1 ", 'so_so_bat_dau = { "Giấy khen" = 120, "Lao động tiên tiến" = 7 } ', 1)
    dot.write_text(text, encoding="utf-8")
    checked = pipeline.check(folder)
    assert read_settings(dot).start_by_form, "the first numbers per form were not written"
    return checked


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_register_ranges_are_those_of_the_plan_whatever_the_list_order(numbered, rng: random.Random):
    # Print order follows the list (units by first appearance, then list order): shuffled, the forms' order and
    # every number must still match the plan's.
    awards = list(numbered.awards)
    rng.shuffle(awards)
    checked = replace(numbered, awards=awards)
    assert without_plan(checked) == _ranges_from_plan(checked, read_settings(checked.session.dot_file))


def test_the_plan_decides_when_an_awardee_is_missing_from_the_list(numbered):
    checked = replace(numbered, awards=numbered.awards[1:])
    assert register_ranges(checked) == _ranges_from_plan(checked, read_settings(checked.session.dot_file))


UNITS = ["Trường A", "Trạm Y tế B", "Thôn C", "UBND xã"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(["ca-nhan", "tap-the", "ho-gia-dinh"]),
                          st.one_of(st.none(), st.sampled_from([500_000, 710_000, 1_420_000]))), max_size=40))
def test_decisions_count_order_and_pay_as_the_plain_definitions_say(numbered, drawn):
    # build_decision walks the awards once for counts and amounts and groups units into piles instead of sorting:
    # the same as sorting by (unit's first appearance, list order) and counting subject by subject.
    from generator.core.errors import Location
    from generator.core.legal import round_amount
    from generator.core.legal_choice import rules_date
    from generator.core.model import Award
    from generator.documents.building import _amounts, _ordered, build_decision, legal_date

    awards = [Award(f"Người {index % 3}", subject, None, ["", "Giáo viên"][index % 2], unit, "Giấy khen", "", amount,
                    "",
                    Location("a.xlsx", "Danh sách", index + 4, "B"))
              for index, (unit, subject, amount) in enumerate(drawn)]
    session = replace(numbered.session, sort="giu-nguyen")
    rank = {unit: number for number, unit in enumerate(dict.fromkeys(award.unit for award in awards))}
    assert _ordered(session, awards) == sorted(range(len(awards)), key=lambda i: (rank[awards[i].unit], i))
    if not awards:
        return
    form = numbered.catalogue.find_form("Giấy khen")
    decision, _ = build_decision(session, form, awards, numbered.catalogue)
    on = legal_date(session, session.numbering_for(form.name).signed_on)
    amounts = _amounts(session, form, awards, numbered.catalogue, on)[0]
    factors = form.coefficient(rules_date(session, numbered.catalogue, on), session.issuer.level).by_subject
    assert amounts == [award.amount_override if award.amount_override is not None else
                       round_amount(factors[award.subject] * decision.legal.base_salary, session.rounding)
                       for award in awards]
    assert (decision.counts.collectives, decision.counts.individuals, decision.counts.households) == tuple(
        sum(award.subject == subject for award in awards) for subject in ("tap-the", "ca-nhan", "ho-gia-dinh"))
    for subject in ("tap-the", "ca-nhan", "ho-gia-dinh"):
        paid = {amount for award, amount in zip(awards, amounts, strict=True) if award.subject == subject}
        assert decision.amount_per_subject.get(subject) == (next(iter(paid)) if len(paid) == 1 else None)
    assert decision.total == sum(amounts)
    from generator.documents.building import _position_unit

    rows = [row for section in decision.annex.sections for row in section.rows]
    assert [row.position_unit for row in rows] == [_position_unit(row.award) for row in rows]


def test_each_cell_says_what_clean_text_says_of_its_value_whatever_values_equal_it():
    # rows_from_grid remembers the text of each number it has seen, by type: 1, 1.0 and True are equal keys of a
    # dict but print "1", "1" and "True".
    import datetime

    from generator.core.text import clean_text
    from generator.reading.loading import rows_from_grid

    values = [1, 1.0, True, 2.5, 710000, 710000.0, False, 0, -0.0, float("inf"), datetime.date(2025, 1, 2),
              datetime.datetime(2025, 1, 2, 8, 30), " Lê\u00a0 Văn ", "Lê Văn"]
    grid = [["Họ và tên", "Đơn vị", "Hình thức", "Ghi chú"]]
    grid += [["Lê Văn A", "Trường A", "Giấy khen", value] for value in values]
    loaded = rows_from_grid(grid, "a.xlsx", "Danh sách")
    assert [row.text("ghi_chu") for row in loaded.rows] == [clean_text(value) for value in values]
    assert [row.text("ghi_chu") for row in loaded.rows][:4] == ["1", "1", "True", "2.5"]
