"""Turn validated awards, the session and the legal tables into documents: one Decision (with its annex) per form.

Everything a document states is decided here — amounts, counts, numbers, dates, the articles and the punctuation
of lists — but nothing is formatted: the templates format, through the shared filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import LegalDataError, Location, Problem
from .legal import Catalogue, FormSpec, round_amount
from .legal_choice import default_citations, rules_date, transition_warnings
from .model import (
    SESSION_PROPOSAL_KEY,
    Annex,
    AnnexRow,
    AnnexSection,
    Article,
    Award,
    Counts,
    Decision,
    DocumentRef,
    LegalBasis,
    Numbering,
    Session,
)
from .nd30 import citation_lines, recipients_block
from .vietnamese import collation_key, honorific, person_name_sort_key

SECTION_ORDER = (("tap-the", "TẬP THỂ"), ("ca-nhan", "CÁ NHÂN"), ("ho-gia-dinh", "HỘ GIA ĐÌNH"))
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Built:
    decisions: list[Decision]
    warnings: list[Problem]


def slugify(text: str) -> str:
    """ASCII file-name slug of Vietnamese text: 'Lao động tiên tiến' -> 'lao-dong-tien-tien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "van-ban"


def legal_date(session: Session, signed_on: date | None) -> date:
    """The date whose law applies: the signing date, or 1 January of the draft year for an undated draft."""
    return signed_on or date(session.draft_year, 1, 1)


def build_decisions(session: Session, awards: list[Award], catalogue: Catalogue) -> Built:
    """One decision per form or title, in the order the forms first appear in the list."""
    forms: list[str] = []
    for award in awards:
        if award.form not in forms:
            forms.append(award.form)
    decisions, warnings = [], []
    for form_name in forms:
        form = catalogue.find_form(form_name)
        assert form is not None, form_name  # validation only lets catalogue forms through
        decision, form_warnings = build_decision(session, form, [a for a in awards if a.form == form_name],
                                                 catalogue)
        decisions.append(decision)
        warnings.extend(form_warnings)
    return Built(decisions, warnings)


_WRITTEN_DATE = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-]*\d)")


def dates_in(text: str) -> list[date]:
    """Real dates written in a line, as "ngày 10 tháng 12 năm 2024" or "10/12/2024" (also 10-12-2024, 10.12.2024).

    Impossible dates (31/02/2024) are skipped: they are not what the warning about the order of dates is about.
    """
    found = []
    for match in _WRITTEN_DATE.finditer(text):
        found.append((match.start(), match.group(1), match.group(2), match.group(3)))
    for match in _NUMERIC_DATE.finditer(text):
        found.append((match.start(), match.group(1), match.group(3), match.group(4)))
    dates = []
    for _, day, month, year in sorted(found):
        try:
            dates.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return dates


def proposal_warnings(session: Session, numbering: Numbering, ref: DocumentRef) -> list[Problem]:
    """Warn when the proposal a decision cites is dated after the decision: a decision answers a proposal.

    The usual cause is one [dot] de_nghi line serving decisions signed months apart (the 2024 example once cited
    a December tờ trình in a June decision), so the message says where the line is and how to give each its own.
    """
    signed_on = numbering.signed_on
    if signed_on is None or not numbering.proposal:
        return []  # an undated draft: the văn thư dates it later, nothing to compare yet
    later = [day for day in dates_in(numbering.proposal) if day > signed_on]
    if not later:
        return []
    number = f"số {ref.number:02d}/{ref.symbol} " if ref.number else ""
    hint = ("ghi dòng de_nghi riêng cho quyết định này trong khối [[quyet_dinh]] của nó"
            if numbering.proposal_key == SESSION_PROPOSAL_KEY else "kiểm tra lại số và ngày của tờ trình")
    message = (f"dòng đề nghị ghi ngày {later[0]:%d/%m/%Y}, sau ngày ký Quyết định {number}(«{numbering.form}», "
               f"ngày {signed_on:%d/%m/%Y}): tờ trình phải có trước quyết định; {hint}")
    return [Problem(Location(str(session.dot_file), key=numbering.proposal_key), message, warning=True)]


def _format_coefficient(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return (text if "." in text else text + ".0").replace(".", ",")


def _amounts(session: Session, form: FormSpec, awards: list[Award], catalogue: Catalogue, on: date,
             ) -> tuple[list[int], LegalBasis | None, list[Problem]]:
    if not form.has_money:
        return [award.amount_override or 0 for award in awards], None, []
    # A transitional dossier keeps the old decree's rates; the base salary is always that of the signing date.
    coefficient = form.coefficient(rules_date(session, catalogue, on), session.issuer.level)
    salary = catalogue.base_salary(on)
    base = session.base_salary_override or salary.amount
    base_source = "ghi đè trong dot.toml (luong_co_so)" if session.base_salary_override else salary.source
    amounts, warnings = [], []
    for award in awards:
        factor = coefficient.by_subject.get(award.subject)
        if factor is None:
            raise LegalDataError(f"Danh mục không có hệ số của «{form.name}» cho đối tượng {award.subject} "
                                 f"({coefficient.source}).")
        computed = round_amount(factor * base, session.rounding)
        if award.amount_override is not None and award.amount_override != computed:
            # Point at the amount the user typed (the cell to correct), not at the awardee's name.
            message = (f"số tiền ghi trong danh sách {award.amount_override:,} đồng khác mức tính theo quy định "
                       f"{computed:,} đồng; dùng số trong danh sách").replace(",", ".")
            warnings.append(Problem(award.amount_source or award.source, message, warning=True))
        amounts.append(award.amount_override if award.amount_override is not None else computed)
    legal = LegalBasis(
        on=on,
        base_salary=base,
        base_salary_source=base_source,
        coefficients={s: _format_coefficient(v) for s, v in coefficient.by_subject.items()},
        coefficient_source=coefficient.source_for({award.subject for award in awards}),
        rounding=session.rounding,
        citations_source=(default_citations(session, catalogue, on, form.name)[0] if session.citations is None
                          else "ghi trong dot.toml"),
    )
    return amounts, legal, warnings


def _ordered(session: Session, awards: list[Award]) -> list[int]:
    """Indexes of awards grouped by unit (units in order of first appearance), list order or by name inside."""
    unit_rank: dict[str, int] = {}
    for award in awards:
        unit_rank.setdefault(award.unit, len(unit_rank))

    def key(index: int) -> tuple:
        award = awards[index]
        if session.sort == "theo-ten":
            name_key = person_name_sort_key(award.name) if award.subject == "ca-nhan" else collation_key(award.name)
            return (unit_rank[award.unit], name_key, index)
        return (unit_rank[award.unit], index)

    return sorted(range(len(awards)), key=key)


def _position_unit(award: Award) -> str:
    if award.subject == "ca-nhan":
        return ", ".join(part for part in (award.position, award.unit) if part)
    return "" if award.unit == award.name else award.unit


def build_decision(session: Session, form: FormSpec, awards: list[Award], catalogue: Catalogue,
                   ) -> tuple[Decision, list[Problem]]:
    numbering = session.numbering_for(form.name)
    ref = DocumentRef(
        number=numbering.number,
        symbol=f"QĐ-{session.issuer.abbreviation}",
        signed_on=numbering.signed_on,
        year=numbering.signed_on.year if numbering.signed_on else session.draft_year,
    )
    on = legal_date(session, numbering.signed_on)
    amounts, legal, warnings = _amounts(session, form, awards, catalogue, on)
    warnings.extend(proposal_warnings(session, numbering, ref))
    warnings.extend(transition_warnings(session, catalogue, on, form.name))

    order = _ordered(session, awards)
    sections = []
    for subject, label in SECTION_ORDER:
        indexes = [i for i in order if awards[i].subject == subject]
        if not indexes:
            continue
        rows = tuple(
            AnnexRow(
                index=position,
                honorific=honorific(awards[i].gender) if subject == "ca-nhan" else "",
                name=awards[i].name,
                position_unit=_position_unit(awards[i]),
                amount=amounts[i],
                note=awards[i].note,
                award=awards[i],
            )
            for position, i in enumerate(indexes, start=1)
        )
        sections.append(AnnexSection(ROMAN[len(sections)], subject, label, rows))

    counts = Counts(
        collectives=sum(a.subject == "tap-the" for a in awards),
        individuals=sum(a.subject == "ca-nhan" for a in awards),
        households=sum(a.subject == "ho-gia-dinh" for a in awards),
    )
    total = sum(amounts)
    per_subject = {}
    for subject, _ in SECTION_ORDER:
        values = {amounts[i] for i, a in enumerate(awards) if a.subject == subject}
        if len(values) == 1:
            per_subject[subject] = values.pop()
    present = {a.subject for a in awards}
    uniform = all(subject in per_subject for subject in present)

    articles = [Article(1, "award")]
    if total > 0:
        articles.append(Article(2, "money"))
    articles.append(Article(len(articles) + 1, "execution"))

    citations = citation_lines(
        list(session.citations or default_citations(session, catalogue, on, form.name)[1])
        + ([numbering.proposal] if numbering.proposal else [])
    )
    recipients = recipients_block(session.recipients, first=f"Như Điều {articles[-1].number}",
                                  archive=session.archive)
    # A title is recognised, not earned by a stated deed: only forms carry the achievement sentence.
    achievement = "" if form.is_title else session.achievement
    decision = Decision(
        slug="quyet-dinh-" + slugify(form.name),
        form=form.name,
        form_is_title=form.is_title,
        achievement_year=session.achievement_year,
        issuer=session.issuer,
        signer=session.signer,
        ref=ref,
        citations=citations,
        articles=tuple(articles),
        achievement=achievement,
        counts=counts,
        amount_per_subject=per_subject,
        uniform_amounts=uniform,
        total=total,
        fund=session.fund,
        executors=session.executors,
        recipients=recipients,
        annex=Annex(tuple(sections), total, counts),
        legal=legal,
        warnings=tuple(w.describe() for w in warnings),
    )
    return decision, warnings
