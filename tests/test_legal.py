"""Legal parameters chosen by date from data/danh-muc, and the amounts computed from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from conftest import EXAMPLE

from generator.building import build_decisions
from generator.errors import LegalDataError
from generator.legal import load_catalogue, round_amount
from generator.pipeline import check


@pytest.fixture(scope="module")
def checked():
    return check(EXAMPLE)


def amounts_on(checked, day: date, **session_changes) -> dict[str, dict[str, int]]:
    session = replace(checked.session, signed_on=day, numbering=(), **session_changes)
    built = build_decisions(session, checked.awards, checked.catalogue)
    return {d.form: d.amount_per_subject for d in built.decisions}


@pytest.mark.parametrize("day, base", [
    pytest.param(date(2023, 6, 30), 1_490_000, id="30/6/2023"),
    pytest.param(date(2023, 7, 1), 1_800_000, id="01/7/2023"),
    pytest.param(date(2024, 6, 30), 1_800_000, id="30/6/2024"),
    pytest.param(date(2024, 7, 1), 2_340_000, id="01/7/2024"),
    pytest.param(date(2026, 6, 30), 2_340_000, id="30/6/2026"),
    pytest.param(date(2026, 7, 1), 2_530_000, id="01/7/2026"),
])
def test_base_salary_by_date(day, base):
    assert load_catalogue().base_salary(day).amount == base


def test_amounts_of_the_worked_examples(checked):
    amounts = amounts_on(checked, date(2026, 1, 20))
    assert amounts["Giấy khen"] == {"tap-the": 1_410_000, "ca-nhan": 710_000}
    assert amounts["Tập thể lao động tiên tiến"] == {"tap-the": 1_880_000}
    assert amounts["Chiến sĩ thi đua cơ sở"] == {"ca-nhan": 2_340_000}


def test_decision_on_or_after_1_july_2026_uses_the_new_base_salary(checked):
    amounts = amounts_on(checked, date(2026, 7, 1))
    assert amounts["Giấy khen"] == {"tap-the": 1_520_000, "ca-nhan": 760_000}
    assert amounts["Lao động tiên tiến"] == {"ca-nhan": 760_000}


def test_session_overrides_base_salary_and_rounding(checked):
    assert amounts_on(checked, date(2026, 1, 20), base_salary_override=2_000_000)["Giấy khen"] == {
        "tap-the": 1_200_000, "ca-nhan": 600_000}
    assert amounts_on(checked, date(2026, 1, 20), rounding="gan-nhat")["Giấy khen"] == {
        "tap-the": 1_400_000, "ca-nhan": 700_000}
    assert amounts_on(checked, date(2026, 1, 20), rounding="khong")["Giấy khen"] == {
        "tap-the": 1_404_000, "ca-nhan": 702_000}


@pytest.mark.parametrize("exact, mode, expected", [
    (Decimal("702000"), "len", 710_000), (Decimal("700000"), "len", 700_000), (Decimal("700001"), "len", 710_000),
    (Decimal("705000"), "gan-nhat", 710_000), (Decimal("704999"), "gan-nhat", 700_000),
    (Decimal("1950000"), "len", 1_950_000), (Decimal("702000.4"), "khong", 702_000),
])
def test_rounding(exact, mode, expected):
    assert round_amount(exact, mode) == expected


def test_commune_giay_khen_before_2024_uses_its_own_coefficient():
    form = load_catalogue().find_form("Giấy khen")
    assert form.coefficient(date(2023, 5, 1), "xa").by_subject["ca-nhan"] == Decimal("0.15")
    assert form.coefficient(date(2023, 5, 1), "so").by_subject["ca-nhan"] == Decimal("0.3")


def test_row_amount_overrides_with_a_warning(checked):
    first = checked.awards[0]
    awards = [replace(first, amount_override=1_500_000)] + checked.awards[1:]
    session = replace(checked.session, numbering=())
    built = build_decisions(session, awards, checked.catalogue)
    giay_khen = built.decisions[0]
    assert giay_khen.annex.sections[0].rows[0].amount == 1_500_000
    assert not giay_khen.uniform_amounts
    assert any("khác mức tính theo quy định 1.410.000 đồng" in w.message for w in built.warnings)


def test_no_base_salary_before_the_table_starts():
    with pytest.raises(LegalDataError, match="lương cơ sở"):
        load_catalogue().base_salary(date(2010, 1, 1))


def test_forms_are_found_by_alias_and_without_diacritics():
    catalogue = load_catalogue()
    assert catalogue.find_form("lao dong tien tien").name == "Lao động tiên tiến"
    assert catalogue.find_form("LĐTT").name == "Lao động tiên tiến"
    assert catalogue.find_form("Chiến sỹ thi đua cơ sở").name == "Chiến sĩ thi đua cơ sở"
    assert catalogue.find_form("Huân chương Sao Vàng") is None
