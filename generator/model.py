"""Turn nothing into anything: the frozen dataclasses that every step of the pipeline passes on.

Loading and validation produce a ``Session`` and ``Award`` objects; building produces documents
(``Decision`` with its ``Annex``); both renderers read only these documents, never the raw input.
Values here are decided but not formatted: amounts are ints, dates are ``date`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import Location
from .legal import form_key


@dataclass(frozen=True)
class Issuer:
    """The issuing body (ô 2) and its place name for the date line (ô 4)."""

    parent: str | None
    lines: tuple[str, ...]
    abbreviation: str
    place: str
    level: str


@dataclass(frozen=True)
class Signer:
    """Who signs (ô 7) and in whose name the decision is made (the thẩm quyền line)."""

    authority: str  # upper case line under the trích yếu: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"
    authority_text: str  # the same in running text: "Chủ tịch Ủy ban nhân dân xã Hòa Bình"
    capacity: str | None  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"…
    title: str  # "PHÓ CHỦ TỊCH"
    name: str


SESSION_PROPOSAL_KEY = "dot.de_nghi"


@dataclass(frozen=True)
class Numbering:
    """The number and date the văn thư assigned to the decision of one form (``[[quyet_dinh]]``).

    Decisions of one session may be signed months apart, each on its own proposal (tờ trình), so a table may
    carry its own ``de_nghi`` line; ``proposal_key`` says where the line in use is written, for messages.
    """

    form: str
    number: int | None
    signed_on: date | None
    proposal: str = ""  # this decision's "Theo đề nghị …" line; empty: the session's ([dot] de_nghi)
    proposal_key: str = SESSION_PROPOSAL_KEY


@dataclass(frozen=True)
class Session:
    """One session folder (đợt): dot.toml settings, validated."""

    name: str
    folder: Path
    issuer: Issuer
    signer: Signer
    achievement_year: int
    signed_on: date | None
    draft_year: int
    achievement: str
    proposal: str  # [dot] de_nghi: the proposal line of every decision without its own (Numbering.proposal)
    executors: tuple[str, ...]
    fund: str
    recipients: tuple[str, ...]
    archive: str
    citations: tuple[str, ...] | None
    base_salary_override: int | None
    rounding: str
    list_file: Path
    sheet: str | None
    sort: str
    numbering: tuple[Numbering, ...]
    dot_file: Path = field(default=Path("dot.toml"))
    templates: Path | None = None  # an office's own templates folder ([mau] thu_muc), layered over the built-in
    # [dot] ho_so_chuyen_tiep: the dossiers were received before a new decree took effect, so its transitional
    # clause keeps the old rates and decree (data/danh-muc/chuyen-tiep.toml)
    transitional_dossiers: bool = False

    def numbering_for(self, form: str) -> Numbering:
        """Number, date and proposal line of the decision for ``form``, the session's where the table is silent."""
        for entry in self.numbering:
            if form_key(entry.form) == form_key(form):
                if entry.proposal:
                    return Numbering(form, entry.number, entry.signed_on or self.signed_on, entry.proposal,
                                     entry.proposal_key)
                return Numbering(form, entry.number, entry.signed_on or self.signed_on, self.proposal)
        return Numbering(form, None, self.signed_on, self.proposal)


@dataclass(frozen=True)
class Award:
    """One line of the approved list: who receives which form or title."""

    name: str
    subject: str  # "ca-nhan" | "tap-the" | "ho-gia-dinh"
    gender: str | None
    position: str
    unit: str
    form: str  # catalogue name, e.g. "Giấy khen"
    achievement: str
    amount_override: int | None
    note: str
    source: Location  # the name cell: what a message about the awardee as a whole points at
    amount_source: Location | None = None  # the Số tiền cell, so a message about the amount points at it


@dataclass(frozen=True)
class DocumentRef:
    """Number, ký hiệu and date of a document; number and date are None in a draft."""

    number: int | None
    symbol: str  # "QĐ-UBND"
    signed_on: date | None
    year: int  # printed even in a draft: "ngày      tháng      năm 2026"

    @property
    def is_draft(self) -> bool:
        return self.number is None or self.signed_on is None


@dataclass(frozen=True)
class LegalBasis:
    """What the amounts of a decision were computed from, shown to the user."""

    on: date
    base_salary: int
    base_salary_source: str
    coefficients: dict[str, str]  # subject -> "0,3"
    coefficient_source: str
    rounding: str
    citations_source: str


@dataclass(frozen=True)
class Counts:
    collectives: int
    individuals: int
    households: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals + self.households


@dataclass(frozen=True)
class Article:
    """One Điều. ``kind`` picks the wording in templates/_shared/loi-van.j2."""

    number: int
    kind: str  # "award" | "money" | "execution"


@dataclass(frozen=True)
class AnnexRow:
    index: int
    honorific: str
    name: str
    position_unit: str
    amount: int
    note: str
    award: Award


@dataclass(frozen=True)
class AnnexSection:
    numeral: str  # "I"
    subject: str  # "tap-the"
    label: str  # "TẬP THỂ"
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class Annex:
    sections: tuple[AnnexSection, ...]
    total: int
    counts: Counts


@dataclass(frozen=True)
class Decision:
    """A Quyết định tặng/công nhận for one form or title, with its attached list."""

    slug: str
    form: str
    form_is_title: bool
    achievement_year: int
    issuer: Issuer
    signer: Signer
    ref: DocumentRef
    citations: tuple[str, ...]  # punctuated: each ends ";", the last (the proposal) ends "."
    articles: tuple[Article, ...]
    achievement: str
    counts: Counts
    amount_per_subject: dict[str, int]  # only when every awardee of that subject gets the same amount
    uniform_amounts: bool
    total: int
    fund: str
    executors: tuple[str, ...]
    recipients: tuple[str, ...]  # canonical Nơi nhận lines: "- Như Điều 3;" … "- Lưu: VT, VHXH."
    annex: Annex
    legal: LegalBasis | None
    warnings: tuple[str, ...] = ()

    @property
    def execution_article(self) -> int:
        return self.articles[-1].number
