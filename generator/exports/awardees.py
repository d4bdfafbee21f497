"""Turn a checked session into the list of awardees (.xlsx): what was decided for whom, with decision and Số sổ.

One section per decision (its form, number and date), in the decision's own order; each row: STT, name, gender,
position and unit, form, decision, Số sổ of the certificate (blank when the form has none), amount.
"""

from __future__ import annotations

from ..pipeline import Checked
from .entries import decision_number, decision_reference, entries, issuer_name
from .sheet import Column, PrintSheet, new_workbook, workbook_bytes

FILE_NAME = "danh-sach-khen-thuong.xlsx"
COLUMNS = (
    Column("STT", 6, "center"),
    Column("Họ và tên / Tên tập thể", 30),
    Column("Giới tính", 9, "center"),
    Column("Chức vụ, đơn vị", 40),
    Column("Hình thức", 22),
    Column("Số quyết định", 16),
    Column("Số sổ", 8, "center"),
    Column("Số tiền (đồng)", 15, "right", money=True),
)


def awardee_list(checked: Checked) -> bytes:
    workbook = new_workbook()
    sheet = PrintSheet(workbook, "Danh sách", COLUMNS, landscape=True)
    sheet.line(issuer_name(checked), bold=True)
    sheet.line("DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG", bold=True, size=14)
    sheet.line(f"Đợt khen thưởng năm {checked.session.achievement_year}", italic=True)
    sheet.blank()
    sheet.header([column.header for column in COLUMNS])
    by_decision: dict[int, list] = {}
    for entry in entries(checked):
        by_decision.setdefault(id(entry.decision), []).append(entry)
    for number, decision in enumerate(checked.decisions, start=1):
        members = by_decision.get(id(decision), [])
        reference = decision_reference(decision)
        sheet.band(f"{number}. {decision.form} — {reference} ({len(members)} lượt)")
        for index, entry in enumerate(members, start=1):
            award = entry.award
            position_unit = ", ".join(part for part in (award.position, award.unit) if part and part != award.name)
            sheet.record([index, award.name, award.gender or "", position_unit, decision.form,
                          decision_number(decision), entry.register_number, entry.amount])
    sheet.finish()
    return workbook_bytes(workbook)
