"""Turn a checked session into the summary report (.xlsx) for the province or the Sở Nội vụ.

Rows: each form decided. Columns: collectives, households, individuals by gender (Nam, Nữ, not written) and their sum,
all awards, money. A last row sums every column; the total money is also said in words.
"""

from __future__ import annotations

from ..core.vietnamese import amount_in_words
from ..pipeline import Checked
from .entries import decision_number, entries, issuer_name
from .sheet import Column, PrintSheet, new_workbook, workbook_bytes

FILE_NAME = "bao-cao-tong-hop.xlsx"
COLUMNS = (
    Column("STT", 6, "center"),
    Column("Hình thức khen thưởng", 28),
    Column("Số quyết định", 16),
    Column("Tập thể", 9, "center"),
    Column("Hộ gia đình", 9, "center"),
    Column("Nam", 8, "center"),
    Column("Nữ", 8, "center"),
    Column("Chưa ghi", 8, "center"),
    Column("Cộng", 8, "center"),
    Column("Tổng số", 9, "center"),
    Column("Số tiền (đồng)", 16, "right", money=True),
)


def _counts(items: list) -> list[int]:
    """Collectives, households, men, women, individuals without gender, individuals, all; then money."""
    collectives = sum(1 for e in items if e.award.subject == "tap-the")
    households = sum(1 for e in items if e.award.subject == "ho-gia-dinh")
    people = [e for e in items if e.award.subject == "ca-nhan"]
    men = sum(1 for e in people if e.award.gender == "Nam")
    women = sum(1 for e in people if e.award.gender == "Nữ")
    return [collectives, households, men, women, len(people) - men - women, len(people), len(items),
            sum(e.amount for e in items)]


def summary_report(checked: Checked) -> bytes:
    workbook = new_workbook()
    sheet = PrintSheet(workbook, "Tổng hợp", COLUMNS, landscape=True)
    sheet.line(issuer_name(checked), bold=True)
    sheet.line("BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG", bold=True, size=14)
    sheet.line(f"Đợt khen thưởng năm {checked.session.achievement_year}", italic=True)
    sheet.blank()
    sheet.header(["STT", "Hình thức khen thưởng", "Số quyết định", "Tập thể", "Hộ gia đình", "Cá nhân", None, None,
                  None, "Tổng số", "Số tiền (đồng)"],
                 [None, None, None, None, None, "Nam", "Nữ", "Chưa ghi", "Cộng", None, None],
                 merges=[(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 2, 4), (1, 5, 2, 5), (1, 6, 1, 9),
                         (1, 10, 2, 10), (1, 11, 2, 11)])
    everything = entries(checked)
    for number, decision in enumerate(checked.decisions, start=1):
        items = [entry for entry in everything if entry.decision is decision]
        sheet.record([number, decision.form, decision_number(decision), *_counts(items)])
    totals = _counts(everything)
    sheet.band("TỔNG CỘNG", first=1, last=3, values=list(enumerate(totals, start=4)))
    sheet.line(f"Tổng số tiền thưởng bằng chữ: {amount_in_words(totals[-1])}.", italic=True, align="left")
    sheet.signatures([(1, 3, "NGƯỜI LẬP BÁO CÁO"), (8, 11, "THỦ TRƯỞNG ĐƠN VỊ")])
    sheet.finish()
    return workbook_bytes(workbook)
