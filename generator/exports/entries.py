"""Turn a checked session into one entry per award decided: who, which decision, how much, which Số sổ.

The three exports read these entries only, so that the accountant's list, the list of awardees and the report
always agree with the decisions (amounts come from the decisions' annexes, Số sổ from the certificate plan).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Award, Decision
from ..core.vietnamese import document_number, short_date
from ..documents.certificates import plan
from ..pipeline import Checked


@dataclass(frozen=True)
class Entry:
    award: Award
    decision: Decision
    amount: int
    register_number: int | None  # Số sổ of the certificate; None when the form has none


def entries(checked: Checked) -> list[Entry]:
    """Every award of the session in list order, with its decision, amount and Số sổ."""
    numbers = {(id(c.award), c.decision_index): c.register_number for c in plan(checked)}
    found: dict[int, Entry] = {}
    for index, decision in enumerate(checked.decisions):
        for section in decision.annex.sections:
            for row in section.rows:
                found[id(row.award)] = Entry(row.award, decision, row.amount, numbers.get((id(row.award), index)))
    return [found[id(award)] for award in checked.awards if id(award) in found]


def units_in_order(items: list[Entry]) -> dict[str, list[Entry]]:
    """Entries grouped by unit, units in order of first appearance in the list (as certificates are piled)."""
    grouped: dict[str, list[Entry]] = {}
    for entry in items:
        grouped.setdefault(entry.award.unit, []).append(entry)
    return grouped


def decision_number(decision: Decision) -> str:
    """"05/QĐ-UBND"; a draft: "dự thảo"."""
    if decision.ref.number is None:
        return "dự thảo"
    return f"{document_number(decision.ref.number)}/{decision.ref.symbol}"


def decision_reference(decision: Decision) -> str:
    """"Quyết định số 05/QĐ-UBND ngày 20/01/2026"; a draft says so instead of a blank number."""
    ref = decision.ref
    if ref.number is None:
        return "dự thảo quyết định (chưa có số)"
    number = f"Quyết định số {document_number(ref.number)}/{ref.symbol}"
    return f"{number} ngày {short_date(ref.signed_on)}" if ref.signed_on else f"{number} (chưa có ngày ký)"


def issuer_name(checked: Checked) -> str:
    return " ".join(checked.session.issuer.lines)
