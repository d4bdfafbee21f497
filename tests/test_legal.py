"""Legal parameters chosen by date from data/danh-muc, and the amounts computed from them."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from conftest import EXAMPLE, EXAMPLE_2024

from generator.core.errors import InputError, LegalDataError
from generator.core.legal import CATALOGUE_DIR, load_catalogue, round_amount
from generator.documents.building import build_decisions, dates_in
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


# ---------------------------------------------------------------------------------------------- the proposal line

SHARED_DECEMBER = "Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 45/TTr-NV ngày 10 tháng 12 năm 2024"


def session_2024(tmp_path, edit=None):
    """A writable copy of the 2024 example; ``edit`` rewrites its dot.toml text."""
    folder = tmp_path / "dot-2024"
    shutil.copytree(EXAMPLE_2024, folder)
    dot = folder / "dot.toml"
    if edit:
        dot.write_text(edit(dot.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def one_shared_line(text: str) -> str:
    # The example as it was: the December line in [dot] serves the June decision too.
    text = re.sub(r"(?m)^de_nghi = .*\n", "", text)
    return text.replace("[dot]\n", f'[dot]\nde_nghi = "{SHARED_DECEMBER}"\n')


def proposal_warnings(checked) -> list[str]:
    return [w.describe() for w in checked.warnings if "dòng đề nghị" in w.message]


@pytest.mark.parametrize("text, expected", [
    pytest.param(SHARED_DECEMBER, [date(2024, 12, 10)], id="ngày D tháng M năm Y"),
    pytest.param("Tờ trình số 18/TTr-NV ngày 07 tháng 6 năm 2024", [date(2024, 6, 7)], id="tháng không số 0"),
    pytest.param("Tờ trình số 18/TTr-NV ngày 7/6/2024", [date(2024, 6, 7)], id="D/M/Y"),
    pytest.param("Tờ trình số 18/TTr-NV ngày 07-06-2024 và Biên bản ngày 10.12.2024",
                 [date(2024, 6, 7), date(2024, 12, 10)], id="D-M-Y và D.M.Y"),
    pytest.param("Tờ trình số 45/TTr-NV, số tiền 1.410.000 đồng, Quyết định 12/2024/QĐ-UBND", [],
                 id="số hiệu và số tiền không phải ngày"),
    pytest.param("Tờ trình ngày 31/02/2024", [], id="ngày không có thật"),
    pytest.param("Tờ trình số      /TTr-NV ngày      tháng      năm 2024", [], id="để trống"),
])
def test_dates_written_in_a_proposal_line(text, expected):
    assert dates_in(text) == expected


def test_each_2024_decision_cites_its_own_earlier_proposal(tmp_path):
    checked = check(EXAMPLE_2024)
    proposals = {d.form: d.citations[-1] for d in checked.decisions}
    assert proposals == {
        "Giấy khen": SHARED_DECEMBER + ".",
        "Lao động tiên tiến": "Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 18/TTr-NV "
                              "ngày 07 tháng 6 năm 2024.",
    }
    for decision in checked.decisions:
        assert all(day <= decision.ref.signed_on for day in dates_in(decision.citations[-1])), decision.form
    assert proposal_warnings(checked) == []


def test_a_proposal_dated_after_its_decision_is_warned_with_the_dot_toml_key(tmp_path):
    folder = session_2024(tmp_path, one_shared_line)
    checked = check(folder)
    assert [d.citations[-1] for d in checked.decisions] == [SHARED_DECEMBER + "."] * 2
    # Only the June decision is warned: the December one is signed ten days after its proposal.
    assert proposal_warnings(checked) == [
        f"tệp {folder / 'dot.toml'}, mục dot.de_nghi: dòng đề nghị ghi ngày 10/12/2024, sau ngày ký Quyết định "
        "số 09/QĐ-UBND («Lao động tiên tiến», ngày 14/06/2024): tờ trình phải có trước quyết định; ghi dòng "
        "de_nghi riêng cho quyết định này trong khối [[quyet_dinh]] của nó"]
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 0 and "Cảnh báo (1):" in result.output
    assert "mục dot.de_nghi: dòng đề nghị ghi ngày 10/12/2024" in result.output


def test_a_decisions_own_proposal_dated_after_it_names_its_table(tmp_path):
    def late_june(text: str) -> str:
        return text.replace("Tờ trình số 18/TTr-NV ngày 07 tháng 6 năm 2024", "Tờ trình số 18/TTr-NV ngày 20/6/2024")

    folder = session_2024(tmp_path, late_june)
    assert proposal_warnings(check(folder)) == [
        f"tệp {folder / 'dot.toml'}, mục [[quyet_dinh]] thứ 2, de_nghi: dòng đề nghị ghi ngày 20/06/2024, sau ngày "
        "ký Quyết định số 09/QĐ-UBND («Lao động tiên tiến», ngày 14/06/2024): tờ trình phải có trước quyết định; "
        "kiểm tra lại số và ngày của tờ trình"]


def test_a_proposal_of_the_signing_day_or_a_draft_is_not_warned(tmp_path):
    def same_day(text: str) -> str:
        return text.replace("ngày 07 tháng 6 năm 2024", "ngày 14 tháng 6 năm 2024")

    assert proposal_warnings(check(session_2024(tmp_path / "a", same_day))) == []

    def drafts(text: str) -> str:
        # No dates anywhere: the văn thư dates the decisions later, there is nothing to compare yet. A draft has no
        # numbers either (a number without a date is a consistency error).
        return re.sub(r"(?m)^(ngay|so) = .*\n", "", one_shared_line(text))

    checked = check(session_2024(tmp_path / "b", drafts))
    assert all(d.ref.signed_on is None for d in checked.decisions)
    assert proposal_warnings(checked) == []


def test_the_session_line_may_be_left_out_only_when_every_decision_has_its_own(tmp_path):
    def one_table_without(text: str) -> str:
        return text.replace('de_nghi = "Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 18/TTr-NV '
                            'ngày 07 tháng 6 năm 2024"\n', "")

    with pytest.raises(InputError) as raised:
        check(session_2024(tmp_path / "a", one_table_without))
    assert [p.describe() for p in raised.value.problems] == [
        f"tệp {tmp_path / 'a' / 'dot-2024' / 'dot.toml'}, mục dot.de_nghi: thiếu giá trị bắt buộc; ghi một chuỗi "
        'trong ngoặc kép, ví dụ: de_nghi = "…"']

    def no_table_for_the_title(text: str) -> str:
        return text[:text.rindex("[[quyet_dinh]]")]

    with pytest.raises(InputError) as raised:
        check(session_2024(tmp_path / "b", no_table_for_the_title))
    assert "Tệp cài đặt" in raised.value.message
    assert [p.describe() for p in raised.value.problems] == [
        f"tệp {tmp_path / 'b' / 'dot-2024' / 'dot.toml'}, mục dot.de_nghi: quyết định «Lao động tiên tiến» không "
        "có dòng đề nghị (Theo đề nghị của …): ghi de_nghi trong [dot], hoặc thêm một khối [[quyet_dinh]] cho "
        "hình thức này có de_nghi riêng"]


def test_an_office_catalogue_in_the_earlier_shape_still_reads(tmp_path):
    # Before issue 14 can-cu.toml held [[giai_doan]] blocks of lines and tham-quyen.toml one undated list per level.
    for table in ("hinh-thuc", "luong-co-so"):
        shutil.copy(CATALOGUE_DIR / f"{table}.toml", tmp_path)
    (tmp_path / "can-cu.toml").write_text(
        '[[giai_doan]]\ntu_ngay = 2025-07-01\nnguon = "NĐ 152/2025"\ncan_cu = ["Căn cứ A", "Căn cứ B"]\n',
        encoding="utf-8")
    (tmp_path / "tham-quyen.toml").write_text('[cap.xa]\nten = "Chủ tịch UBND xã"\nduoc_khen = ["Giấy khen"]\n',
                                              encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.citations(date(2026, 1, 20)) == ("NĐ 152/2025", ("Căn cứ A", "Căn cứ B"))
    assert catalogue.authority("xa").verdict("Giấy khen", date(2026, 1, 20)) == (True, "tham-quyen.toml")
    assert catalogue.authority("xa").verdict("Bằng khen", date(2026, 1, 20))[0] is False
    assert catalogue.transition is None  # no chuyen-tiep.toml in that folder
