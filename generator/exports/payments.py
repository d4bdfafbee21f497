"""Turn a checked session into the accountant's payment list (.xlsx): per unit, who is paid how much, and signs.

Columns: STT, Họ và tên / Tên tập thể, Hình thức, Số tiền (đồng), Ký nhận. Each unit opens with its name and closes
with its subtotal; the list ends with the total and the total in words (core.vietnamese.amount_in_words). Only awards
that carry money are listed: a title without a bonus has nothing to sign for.
"""

from __future__ import annotations

from ..core.vietnamese import amount_in_words
from ..pipeline import Checked
from .entries import entries, issuer_name, units_in_order
from .sheet import Column, PrintSheet, new_workbook, workbook_bytes

FILE_NAME = "ke-toan-chi-thuong.xlsx"
COLUMNS = (
    Column("STT", 6, "center"),
    Column("Họ và tên / Tên tập thể", 32),
    Column("Hình thức", 26),
    Column("Số tiền (đồng)", 16, "right", money=True),
    Column("Ký nhận", 20, least=20),
)


def payment_list(checked: Checked) -> bytes:
    paid = [entry for entry in entries(checked) if entry.amount > 0]
    workbook = new_workbook()
    sheet = PrintSheet(workbook, "Chi thưởng", COLUMNS, row_height=26)
    sheet.line(issuer_name(checked), bold=True)
    sheet.line("DANH SÁCH CHI TIỀN THƯỞNG", bold=True, size=14)
    sheet.line(f"Đợt khen thưởng năm {checked.session.achievement_year} — "
               f"theo {len(checked.decisions)} quyết định khen thưởng", italic=True)
    sheet.blank()
    sheet.header([column.header for column in COLUMNS])
    total = 0
    for number, (unit, members) in enumerate(units_in_order(paid).items(), start=1):
        sheet.band(f"{number}. {unit}")
        subtotal = 0
        for index, entry in enumerate(members, start=1):
            sheet.record([index, entry.award.name, entry.decision.form, entry.amount, None])
            subtotal += entry.amount
        sheet.band(f"Cộng {unit}", first=1, last=3, values=[(4, subtotal)], italic=True)
        total += subtotal
    sheet.band("TỔNG CỘNG", first=1, last=3, values=[(4, total)])
    sheet.line(f"Bằng chữ: {amount_in_words(total)}.", italic=True, align="left")
    sheet.signatures([(1, 2, "NGƯỜI LẬP BIỂU"), (3, 3, "KẾ TOÁN"), (4, 5, "THỦ TRƯỞNG ĐƠN VỊ")])
    sheet.finish()
    return workbook_bytes(workbook)
