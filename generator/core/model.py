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

# Levels of an issuing body (`[co_quan] cap`): commune, district, province, department, unit, enterprise,
# ministry, the Government and the Prime Minister.
ISSUER_LEVELS = ("xa", "huyen", "tinh", "so", "don-vi", "doanh-nghiep", "bo", "trung-uong")


@dataclass(frozen=True)
class Issuer:
    """The issuing body (ô 2) and its place name for the date line (ô 4)."""

    parent: str | None  # the parent body in one line of text (for sentences); printed as parent_lines
    lines: tuple[str, ...]
    abbreviation: str
    place: str
    level: str
    parent_lines: tuple[str, ...] = ()  # chu_quan as the office breaks it: ["ĐOÀN ĐẠI BIỂU QUỐC HỘI", "TỈNH …"]

    @property
    def header_parent(self) -> tuple[str, ...]:
        return self.parent_lines or ((self.parent,) if self.parent else ())


@dataclass(frozen=True)
class Signer:
    """Who signs (ô 7) and in whose name the decision is made (the thẩm quyền line)."""

    authority: str  # upper case line under the trích yếu: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"
    authority_text: str  # the same in running text: "Chủ tịch Ủy ban nhân dân xã Hòa Bình"
    capacity: str | None  # "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"…
    title: str  # "PHÓ CHỦ TỊCH"
    name: str


SESSION_PROPOSAL_KEY = "dot.de_nghi"
# Placeholders an office may write in its own article, annex heading or closing line (``{so_luong}``…): data stays
# text, only these names are replaced, each by a value the build computed.
PLACEHOLDERS = {
    "so_luong": "số lượng theo đối tượng, ví dụ «02 tập thể và 15 cá nhân»",
    "so_dong": "số dòng của danh sách, ví dụ «95»",
    "hinh_thuc": "tên hình thức/danh hiệu, ví dụ «Giấy khen»",
    "ky": "kỳ thành tích, ví dụ «năm 2025» hoặc «năm học 2023 - 2024»",
    "tong_tien": "tổng số tiền thưởng, ví dụ «14.100.000»",
    "tong_tien_bang_chu": "tổng số tiền bằng chữ, ví dụ «Mười bốn triệu một trăm nghìn đồng»",
    "tham_quyen": "thẩm quyền viết trong câu, ví dụ «Chủ tịch Ủy ban nhân dân xã Hòa Bình»",
    "dieu_cuoi": "số của Điều cuối (điều thi hành), ví dụ «3»",
    "danh_sach": "(đứng riêng một đoạn) các dòng người nhận in ngay trong Điều",
}


@dataclass(frozen=True)
class ArticleSpec:
    """One Điều as the office writes it in dot.toml: an optional heading and its paragraphs (clauses)."""

    heading: str = ""  # "Hiệu lực thi hành" -> "Điều 3. Hiệu lực thi hành"
    paragraphs: tuple[str, ...] = ()  # text with {placeholders}; "{danh_sach}" alone stands for the recipients
    default: str = ""  # "trao-tang" | "tien-thuong" | "thi-hanh": the standard wording of that article


@dataclass(frozen=True)
class DecisionShape:
    """What an office may say of one decision beyond its number (``[[quyet_dinh]]``); empty means the default."""

    subject_line: str = ""  # trich_yeu: "Về việc tặng thưởng Cờ thi đua của Chính phủ"
    period: str = ""  # ky: "năm học 2023 - 2024"; empty: the session's
    citations: tuple[str, ...] | None = None  # can_cu of this decision
    articles: tuple[ArticleSpec, ...] | None = None  # dieu: the articles, replacing the standard ones
    executors: tuple[str, ...] | None = None  # thi_hanh of this decision
    recipients: tuple[str, ...] | None = None  # noi_nhan of this decision, in the office's order
    as_above: bool = True  # them_nhu_dieu: add "Như Điều N" first when the office did not place it
    placement: str = ""  # danh_sach: "kem-theo" | "trong-dieu" | "" (inline for a few recipients without money)
    columns: tuple[str, ...] | None = None  # cot: annex columns, from ANNEX_COLUMNS
    column_labels: tuple[tuple[str, str], ...] = ()  # ten_cot: {ho_ten = "Tên xã, phường"}
    sectioned: bool | None = None  # chia_muc: "I. TẬP THỂ" rows; None: when the list has several subjects or always
    annex_heading: tuple[str, ...] = ()  # tieu_de_danh_sach: the annex's heading lines
    annex_reference: str = ""  # kem_theo: the "(Kèm theo Quyết định số …)" line's opening words
    annex_closing: str = ""  # ket_thuc: the line under the list, e.g. "Ấn định danh sách {so_dong} xã./."


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
    shape: DecisionShape = DecisionShape()


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
    period: str = ""  # [dot] ky: "năm học 2023 - 2024"; empty: "năm <nam>"
    extra_forms: tuple = ()  # [[hinh_thuc]]: the office's own forms (legal.FormSpec), beside the catalogue's
    # [dot] ho_so_chuyen_tiep: the dossiers were received before a new decree took effect, so its transitional
    # clause keeps the old rates and decree (data/danh-muc/chuyen-tiep.toml)
    transitional_dossiers: bool = False

    @property
    def period_text(self) -> str:
        return self.period or f"năm {self.achievement_year}"

    def numbering_for(self, form: str) -> Numbering:
        """Number, date and proposal line of the decision for ``form``, the session's where the table is silent."""
        for entry in self.numbering:
            if form_key(entry.form) == form_key(form):
                if entry.proposal:
                    return Numbering(form, entry.number, entry.signed_on or self.signed_on, entry.proposal,
                                     entry.proposal_key, entry.shape)
                return Numbering(form, entry.number, entry.signed_on or self.signed_on, self.proposal,
                                 shape=entry.shape)
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
    # The name cell and the Số tiền cell, read as ``source`` and ``amount_source``: a Location, or the (file, sheet,
    # row, column) it is made of when a message asks (a list of 50.000 awardees need not make 50.000 Locations).
    source_at: Location | tuple[str, str | None, int, str]
    amount_at: Location | tuple[str, str | None, int, str] | None = None

    @property
    def source(self) -> Location:
        """The name cell: what a message about the awardee as a whole points at."""
        at = self.source_at
        return at if isinstance(at, Location) else Location(*at)

    @property
    def amount_source(self) -> Location | None:
        """The Số tiền cell, so that a message about the amount points at it."""
        at = self.amount_at
        return at if at is None or isinstance(at, Location) else Location(*at)


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
    kind: str  # "award" | "money" | "execution" | "text" (the office's own words)
    heading: str = ""  # "Hiệu lực thi hành": printed "Điều 3. Hiệu lực thi hành", its text below
    paragraphs: tuple[str, ...] = ()  # "text": the office's paragraphs, placeholders filled


@dataclass(frozen=True)
class AnnexRow:
    index: int
    honorific: str
    name: str
    position_unit: str
    amount: int
    note: str
    award: Award


# Columns an annex may show (cot = [...] in [[quyet_dinh]]): key -> default heading, width in mm.
ANNEX_COLUMNS = {
    "stt": ("STT", 12.0),
    "ho_ten": ("Họ và tên / Tên tập thể", 52.0),
    "chuc_vu_don_vi": ("Chức vụ, đơn vị", 56.0),
    "chuc_vu": ("Chức vụ", 40.0),
    "don_vi": ("Đơn vị", 50.0),
    "thanh_tich": ("Thành tích", 60.0),
    "so_tien": ("Số tiền (đồng)", 27.0),
    "ghi_chu": ("Ghi chú", 18.0),
}


@dataclass(frozen=True)
class AnnexColumn:
    key: str  # from ANNEX_COLUMNS
    label: str
    width_mm: float

    @property
    def is_money(self) -> bool:
        return self.key == "so_tien"


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
    columns: tuple[AnnexColumn, ...] = ()
    sectioned: bool = True  # section rows "I. TẬP THỂ (02)" between the rows
    heading: tuple[str, ...] = ()  # the office's heading lines; empty: "DANH SÁCH" and the standard line
    reference: str = ""  # the opening of the "(Kèm theo Quyết định số …)" line; empty: "Kèm theo"
    closing: str = ""  # the line under the list, placeholders filled; empty: "Danh sách này có …./."

    @property
    def has_money(self) -> bool:
        return any(column.is_money for column in self.columns)

    @property
    def rows(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    @property
    def span_before_money(self) -> int:
        """Columns left of the money column: the "Tổng cộng" cell spans them (all but STT)."""
        keys = [column.key for column in self.columns]
        return keys.index("so_tien") if "so_tien" in keys else len(keys)


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
    period: str = ""  # "năm 2025", "năm học 2023 - 2024": everywhere the year of the deed is printed
    subject_line: str = ""  # the office's trích yếu; empty: the standard wording
    inline: tuple[str, ...] = ()  # recipients printed inside Điều 1 (no annex), one line each, punctuated

    @property
    def execution_article(self) -> int:
        return self.articles[-1].number

    @property
    def has_annex(self) -> bool:
        return not self.inline


@dataclass(frozen=True)
class Certificate:
    """One certificate to print, decided but not formatted; templates see it as ``c`` (with ``c.decision``)."""

    register_number: int  # Số sổ
    award: Award
    decision_index: int  # into the session's decisions (kept as an index: workers must not receive whole decisions)
    certificate: str  # catalogue name of the certificate: "Giấy khen", "Bằng chứng nhận"…
    honorific: str
    position_unit: str
