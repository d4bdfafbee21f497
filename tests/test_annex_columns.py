"""The annex's STT and money columns hold the list's largest numbers on one line, however long the list."""

from __future__ import annotations

from dataclasses import replace

from conftest import EXAMPLE

from generator import pipeline
from generator.core.metrics import text_width_mm
from generator.core.vietnamese import format_money
from generator.documents.building import CELL_PADDING_MM, CONTENT_WIDTH_MM, build_decisions


def giay_khen(individuals: int):
    checked = pipeline.check(EXAMPLE)
    person = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = [replace(person, name=f"Nguyễn Văn Thử {i:05d}") for i in range(individuals)]
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return next(d for d in decisions if d.form == "Giấy khen")


def width(decision, key: str) -> float:
    return next(column.width_mm for column in decision.annex.columns if column.key == key)


def test_a_province_sized_total_and_row_number_fit_their_columns():
    decision = giay_khen(12_000)
    total = format_money(decision.annex.total)
    assert len(total) >= 13  # billions of đồng: "8.520.000.000"
    assert text_width_mm(total, 13, bold=True) + 3.0 <= width(decision, "so_tien")
    assert text_width_mm("12000", 13) + 3.0 <= width(decision, "stt")
    assert abs(sum(column.width_mm for column in decision.annex.columns) - CONTENT_WIDTH_MM) < 0.3


def test_a_school_sized_list_keeps_the_usual_widths():
    decision = giay_khen(40)
    assert (width(decision, "stt"), width(decision, "so_tien")) == (12.0, 27.0)
    assert CELL_PADDING_MM > 3.0
