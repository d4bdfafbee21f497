"""Turn validated awards, the session and the legal tables into documents: one Decision (with its annex) per form.

Everything a document states is decided here — amounts, counts, numbers, dates, the articles and the punctuation
of lists — but nothing is formatted: the templates format, through the shared filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ..core.errors import InputError, LegalDataError, Location, Problem, collect
from ..core.legal import Catalogue, FormSpec, round_amount
from ..core.legal_choice import default_citations, rules_date, transition_warnings
from ..core.metrics import text_width_mm
from ..core.model import (
    ANNEX_COLUMNS,
    PLACEHOLDERS,
    SESSION_PROPOSAL_KEY,
    Annex,
    AnnexColumn,
    AnnexRow,
    AnnexSection,
    Article,
    Award,
    Counts,
    Decision,
    DecisionShape,
    DocumentRef,
    LegalBasis,
    Numbering,
    Session,
)
from ..core.nd30 import citation_lines, recipients_block
from ..core.text import slugify
from ..core.vietnamese import (
    amount_in_words,
    collation_key,
    format_money,
    honorific,
    person_name_sort_key,
    two_digit_count,
)

SECTION_ORDER = (("tap-the", "TẬP THỂ"), ("ca-nhan", "CÁ NHÂN"), ("ho-gia-dinh", "HỘ GIA ĐÌNH"))
ROMAN = ("I", "II", "III", "IV")
CONTENT_WIDTH_MM = 165.0  # A4 less the 30 mm and 15 mm side margins: what the annex table spans


@dataclass(frozen=True)
class Built:
    decisions: list[Decision]
    warnings: list[Problem]


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
    by_subject: dict[str, int] = {}  # the rule's amount, computed once per subject rather than once per award
    for award in awards:
        computed = by_subject.get(award.subject)
        if computed is None:
            factor = coefficient.by_subject.get(award.subject)
            if factor is None:
                raise LegalDataError(f"Danh mục không có hệ số của «{form.name}» cho đối tượng {award.subject} "
                                     f"({coefficient.source}).")
            computed = by_subject[award.subject] = round_amount(factor * base, session.rounding)
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
        name_key = person_name_sort_key(award.name) if award.subject == "ca-nhan" else collation_key(award.name)
        return (unit_rank[award.unit], name_key, index)

    if session.sort == "theo-ten":
        return sorted(range(len(awards)), key=key)
    # List order inside each unit: the units' piles one after another, as sorting by (unit rank, index) gives.
    piles: dict[str, list[int]] = {unit: [] for unit in unit_rank}
    for index, award in enumerate(awards):
        piles[award.unit].append(index)
    return [index for pile in piles.values() for index in pile]


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
    # What a row says of the awardee's place: one text per (position, unit) of a person, or per collective.
    places: dict[tuple, str] = {}

    def place(award: Award) -> str:
        key = (award.position, award.unit) if award.subject == "ca-nhan" else (None, award.unit, award.name)
        found = places.get(key)
        if found is None:
            found = places[key] = _position_unit(award)
        return found

    for subject, label in SECTION_ORDER:
        indexes = [i for i in order if awards[i].subject == subject]
        if not indexes:
            continue
        rows = tuple(
            AnnexRow(
                index=position,
                honorific=honorific(awards[i].gender) if subject == "ca-nhan" else "",
                name=awards[i].name,
                position_unit=place(awards[i]),
                amount=amounts[i],
                note=awards[i].note,
                award=awards[i],
            )
            for position, i in enumerate(indexes, start=1)
        )
        sections.append(AnnexSection(ROMAN[len(sections)], subject, label, rows))

    # One pass over the awards for what each subject counts and the amounts it gets.
    amounts_of: dict[str, set[int]] = {}
    how_many: dict[str, int] = {}
    for award, amount in zip(awards, amounts, strict=True):
        how_many[award.subject] = how_many.get(award.subject, 0) + 1
        amounts_of.setdefault(award.subject, set()).add(amount)
    counts = Counts(collectives=how_many.get("tap-the", 0), individuals=how_many.get("ca-nhan", 0),
                    households=how_many.get("ho-gia-dinh", 0))
    total = sum(amounts)
    per_subject = {}
    for subject, _ in SECTION_ORDER:
        values = amounts_of.get(subject, set())
        if len(values) == 1:
            per_subject[subject] = values.pop()
    present = set(how_many)
    uniform = all(subject in per_subject for subject in present)

    shape = numbering.shape
    period = shape.period or session.period_text
    carries_money = total > 0
    # Settings of an annex (its columns, heading, closing line) say the office wants one, however short the list.
    annex_asked = bool(shape.columns or shape.annex_heading or shape.annex_closing or shape.annex_reference
                       or shape.sectioned is not None)
    inline = shape.placement == "trong-dieu" or (not shape.placement and not annex_asked
                                                  and len(awards) <= INLINE_AT_MOST and not carries_money)
    articles = _articles(shape, carries_money)
    executors = shape.executors if shape.executors is not None else session.executors
    _require_standard_inputs(session, numbering, articles, executors, carries_money)
    citations = citation_lines(
        list(shape.citations or session.citations or default_citations(session, catalogue, on, form.name)[1])
        + ([numbering.proposal] if numbering.proposal else [])
    )
    recipients = _recipients(session, numbering, articles)
    # A title is recognised, not earned by a stated deed: only forms carry the achievement sentence.
    achievement = "" if form.is_title else session.achievement
    annex = Annex(tuple(sections), total, counts, _columns(shape, carries_money, total, len(awards)),
                  sectioned=shape.sectioned if shape.sectioned is not None else True,
                  heading=shape.annex_heading, reference=shape.annex_reference)
    values = _placeholder_values(form.name, period, counts, total, annex.rows, session, articles)
    where = f"[[quyet_dinh]] «{form.name}»"
    articles = tuple(_filled(article, values, where) for article in articles)
    annex = replace(annex, heading=tuple(fill(line, values, f"{where}, tieu_de_danh_sach") for line in annex.heading),
                    closing=fill(shape.annex_closing, values, f"{where}, ket_thuc") if shape.annex_closing else "")
    decision = Decision(
        slug="quyet-dinh-" + slugify(form.name),
        form=form.name,
        form_is_title=form.is_title,
        achievement_year=session.achievement_year,
        issuer=session.issuer,
        signer=session.signer,
        ref=ref,
        citations=citations,
        articles=articles,
        achievement=achievement,
        counts=counts,
        amount_per_subject=per_subject,
        uniform_amounts=uniform,
        total=total,
        fund=session.fund,
        executors=executors,
        recipients=recipients,
        annex=annex,
        legal=legal,
        warnings=tuple(w.describe() for w in warnings),
        period=period,
        subject_line=shape.subject_line,
        inline=_inline_lines(sections, achievement) if inline else (),
    )
    return decision, warnings


# A decision for so few recipients, without money, names them in Điều 1 instead of attaching a list.
INLINE_AT_MOST = 3
_DEFAULT_KINDS = {"trao-tang": "award", "tien-thuong": "money", "thi-hanh": "execution"}


def _articles(shape: DecisionShape, carries_money: bool) -> tuple[Article, ...]:
    """The office's articles when it wrote them, else Điều 1 award, Điều 2 money (when any), last the execution."""
    if shape.articles is None:
        kinds = ["award", *(["money"] if carries_money else []), "execution"]
        return tuple(Article(number, kind) for number, kind in enumerate(kinds, start=1))
    return tuple(
        Article(number, _DEFAULT_KINDS[spec.default], spec.heading) if spec.default
        else Article(number, "text", spec.heading, spec.paragraphs)
        for number, spec in enumerate(shape.articles, start=1)
    )


def _require_standard_inputs(session: Session, numbering: Numbering, articles: tuple[Article, ...],
                             executors: tuple[str, ...], carries_money: bool) -> None:
    """The standard wording needs some settings an office's own articles do not: say which, and where."""
    problems = []
    kinds = {article.kind for article in articles}
    if "execution" in kinds and not executors:
        problems.append(Problem(Location(str(session.dot_file), key="dot.thi_hanh"),
                                f"quyết định «{numbering.form}» dùng Điều thi hành mặc định nên cần danh sách người "
                                'thi hành: thi_hanh = ["Chánh Văn phòng …", "…"] (trong [dot] hoặc khối '
                                "[[quyet_dinh]] của nó)"))
    if "money" in kinds and carries_money and not session.fund:
        problems.append(Problem(Location(str(session.dot_file), key="dot.quy"),
                                f"quyết định «{numbering.form}» có tiền thưởng nên cần nguồn chi: "
                                'quy = "Quỹ Thi đua, khen thưởng của …"'))
    collect(problems, f"Tệp cài đặt {session.dot_file} chưa đúng")


def _recipients(session: Session, numbering: Numbering, articles: tuple[Article, ...]) -> tuple[str, ...]:
    """Nơi nhận in the office's order; "Như Điều N" first unless the office placed it (or turned it off)."""
    shape = numbering.shape
    items = shape.recipients if shape.recipients is not None else session.recipients
    last = articles[-1].number
    numbers = {article.number for article in articles}
    placed = [int(match.group(1)) for item in items if (match := _AS_ARTICLE.search(item))]
    wrong = [number for number in placed if number not in numbers]
    if wrong:
        key = "noi_nhan" if shape.recipients is not None else "dot.noi_nhan"
        raise InputError(f"Tệp cài đặt {session.dot_file} chưa đúng", [Problem(
            Location(str(session.dot_file), key=key),
            f"Nơi nhận ghi «Như Điều {wrong[0]}» nhưng quyết định «{numbering.form}» chỉ có "
            f"{len(articles)} Điều; sửa thành «Như Điều {last}»")])
    as_above = any(_AS_ABOVE.search(item) for item in items) or placed
    first = f"Như Điều {last}" if shape.as_above and not as_above else None
    return recipients_block(items, first=first, archive=session.archive)


_AS_ARTICLE = re.compile(r"\bnhư\s+điều\s+(\d+)\b", re.IGNORECASE)
_AS_ABOVE = re.compile(r"^[\s\-–—•+*·]*như\s+trên\b", re.IGNORECASE)


# What a cell of the annex adds to its text (4,25 pt each side in nd30.css and in the Word template), and a little
# room so that a number set exactly to the width does not wrap.
CELL_PADDING_MM = 3.0 + 0.5
ANNEX_SIZE_PT = 13


def _columns(shape: DecisionShape, carries_money: bool, total: int = 0, rows: int = 0) -> tuple[AnnexColumn, ...]:
    """The annex's columns: the office's choice, else STT, name, position and unit, money (when any), notes.

    STT and money keep their width unless the list's largest number (its last STT; the total, in bold) would not
    fit on one line: a province's list of 10.000 rows and billions of đồng widens them, at the text columns' cost."""
    keys = shape.columns or ("stt", "ho_ten", "chuc_vu_don_vi", *(("so_tien",) if carries_money else ()), "ghi_chu")
    labels = dict(shape.column_labels)
    widths = [ANNEX_COLUMNS[key][1] for key in keys]
    fits = {"stt": text_width_mm(str(rows), ANNEX_SIZE_PT) + CELL_PADDING_MM,
            "so_tien": text_width_mm(format_money(total), ANNEX_SIZE_PT, bold=True) + CELL_PADDING_MM}
    widths = [max(width, round(fits.get(key, 0.0), 1)) for key, width in zip(keys, widths, strict=True)]
    # The columns fill the text width: what a dropped column leaves goes to the widest text columns in proportion.
    scale = CONTENT_WIDTH_MM / sum(widths)
    widths = [width if key in ("stt", "so_tien") else width * scale for key, width in zip(keys, widths, strict=True)]
    spare = CONTENT_WIDTH_MM - sum(widths)
    text_keys = [index for index, key in enumerate(keys) if key not in ("stt", "so_tien")]
    text_total = sum(widths[i] for i in text_keys) or 1
    for index in text_keys:
        widths[index] += spare * widths[index] / text_total
    return tuple(AnnexColumn(key, labels.get(key) or ANNEX_COLUMNS[key][0], round(width, 1))
                 for key, width in zip(keys, widths, strict=True))


def _placeholder_values(form: str, period: str, counts: Counts, total: int, rows: int, session: Session,
                        articles: tuple[Article, ...]) -> dict[str, str]:
    return {
        "so_luong": counts_text(counts),
        "so_dong": format_money(rows),  # "95", "2.000": thousands grouped as every number of the text
        "hinh_thuc": form,
        "ky": period,
        "tong_tien": format_money(total),
        "tong_tien_bang_chu": amount_in_words(total),
        "tham_quyen": session.signer.authority_text,
        "dieu_cuoi": str(articles[-1].number),
    }


def counts_text(counts: Counts) -> str:
    """"02 tập thể và 15 cá nhân": the same words as the wording macro doi_tuong."""
    parts = [f"{two_digit_count(n)} {label}" for n, label in ((counts.collectives, "tập thể"),
             (counts.individuals, "cá nhân"), (counts.households, "hộ gia đình")) if n]
    return ", ".join(parts[:-1]) + " và " + parts[-1] if len(parts) > 1 else "".join(parts)


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def fill(text: str, values: dict[str, str], where: str) -> str:
    """The office's text with its {placeholders} replaced; an unknown name is an error that lists the known ones."""
    def replace_one(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            known = ", ".join("{" + key + "}" for key in PLACEHOLDERS if key != "danh_sach")
            raise InputError(f"{where}: không có chỗ trống «{{{name}}}»; dùng được: {known}")
        return values[name]

    return _PLACEHOLDER.sub(replace_one, text)


def _filled(article: Article, values: dict[str, str], where: str) -> Article:
    if article.kind != "text":
        return article
    paragraphs = tuple(paragraph if paragraph.strip() == LIST_MARK
                       else fill(paragraph, values, f"{where}, Điều {article.number}")
                       for paragraph in article.paragraphs)
    return replace(article, paragraphs=paragraphs)


LIST_MARK = "{danh_sach}"


def _inline_lines(sections: list[AnnexSection], achievement: str) -> tuple[str, ...]:
    """Each recipient as a line of Điều 1: "Ông Nguyễn Văn A, Trưởng phòng, đã …;" the last ends with "."."""
    rows = [row for section in sections for row in section.rows]
    lines = []
    for number, row in enumerate(rows, start=1):
        own = row.award.achievement if row.award.achievement != achievement else ""
        parts = [f"{row.honorific} {row.name}".strip(), row.position_unit, own if len(rows) > 1 else
                 row.award.achievement]
        text = ", ".join(part for part in parts if part)
        prefix = f"{number}. " if len(rows) > 1 else ""
        lines.append(prefix + text + ("." if number == len(rows) else ";"))
    return tuple(lines)
