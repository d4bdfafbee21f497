"""Turn what a reader found in a file into one neutral layout: blocks of text, drawn rules, pages and findings.

Both readers (DOCX and PDF) produce a ``Layout``; the element finder and the rules only ever see this model, so a
rule is written once for both formats. Lengths are millimetres, font sizes points.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "loi"
WARNING = "canh-bao"


@dataclass(frozen=True)
class Finding:
    """One departure from Nghị định 30: which element, what was found, what the decree requires, and where."""

    element: str  # Vietnamese name of the element, e.g. "Quốc hiệu", "Nơi nhận"
    found: str  # what the file holds
    required: str  # what the decree requires
    rule: str  # reference, e.g. "Phụ lục I, Phần I, mục II, khoản 4"
    severity: str  # ERROR ("loi") or WARNING ("canh-bao")
    message: str  # one clear Vietnamese sentence
    location: str = ""  # "đoạn 12", "trang 2", "phần 1"…

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A run of text with one look. ``size`` is None when the file does not say (the PDF always says)."""

    text: str
    size: float | None
    bold: bool
    italic: bool
    font: str | None
    underline: bool = False


@dataclass
class Block:
    """A line or paragraph of text as the reader saw it, with its look and its place.

    DOCX: one paragraph, or one piece of it cut at a line break or a tab (a header typed with tabs).
    PDF: consecutive printed lines joined back into a paragraph.
    """

    text: str
    spans: list[Span]
    where: str  # human location: "đoạn 12" or "trang 2"
    column: str = "body"  # "body", "left", "right" (header and signature columns) or "grid" (a data table)
    align: str | None = None  # "left", "center", "right", "both"
    new_page: bool = False  # the block starts a new page (page or section break before it, or first on a page)
    page: int | None = None  # PDF: page of the first line (1-based)
    last_page: int | None = None  # PDF: page of the last line
    container_mm: float | None = None  # DOCX: width of the cell or text column holding the paragraph
    indent_left_mm: float = 0.0
    indent_right_mm: float = 0.0
    keep_next: bool = False  # DOCX: "keep with next"
    rendered_break: bool = False  # DOCX: Word started a new page here when it last laid the file out
    cant_split_row: bool = False  # DOCX: the table row holding it may not break across pages
    x0: float | None = None  # PDF: horizontal extent of the block's lines
    x1: float | None = None
    # PDF: each printed line as (x0, top, x1, bottom, page).
    lines: list[tuple[float, float, float, float, int]] = field(default_factory=list)
    paragraph: int = 0  # index of the source paragraph (DOCX) – blocks cut from one paragraph share it
    # DOCX paragraph format, None when the file does not say: first-line indent (negative: hanging), space before
    # and after the paragraph, line spacing as a multiple of single spacing.
    first_line_mm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line_spacing: float | None = None
    cell: tuple[int, int, int] | None = None  # DOCX grid tables: (table, row, column) of the cell holding it

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class HRule:
    """A horizontal line drawn under some text: a paragraph border, a drawn shape or a PDF path."""

    after: int  # index of the block right above it (-1 when none)
    length_mm: float
    where: str
    column: str = "body"
    kind: str = "border"  # "border", "shape", "path", "underline"
    y_mm: float | None = None  # PDF: height on the page, from the top


@dataclass
class PageNumberMark:
    """A page number as printed (PDF) or as a PAGE field in a header or footer (DOCX)."""

    position: str  # "header" or "footer"
    centred: bool | None  # None when the reader cannot tell
    size: float | None
    value: str | None = None  # PDF: the printed digits


@dataclass
class Page:
    """One DOCX section or one PDF page: its paper, its margins and its page numbers."""

    where: str  # "phần 1" or "trang 1"
    width_mm: float
    height_mm: float
    first_block: int  # index of the first block on it (-1: none)
    margins_mm: tuple[float, float, float, float] | None = None  # DOCX: top, bottom, left, right
    text_box_mm: tuple[float, float, float, float] | None = None  # PDF: left, top, right, bottom of the text
    has_wide_table: bool = False
    # DOCX: the PAGE field shown on the section's first page and on its other pages; whether numbering restarts.
    first_page_number: PageNumberMark | None = None
    other_pages_number: PageNumberMark | None = None
    restarts: bool = False
    continuous: bool = False  # DOCX: the section does not start on a new page
    # PDF: the number printed on this page, if any.
    number: PageNumberMark | None = None


@dataclass
class Layout:
    """Everything the rules need from one file."""

    fmt: str  # "docx" or "pdf"
    name: str
    blocks: list[Block]
    rules: list[HRule]
    pages: list[Page]
    fonts: dict[str, list[str]] = field(default_factory=dict)  # font name -> where it is used
    unembedded_fonts: dict[str, list[str]] = field(default_factory=dict)  # PDF only
    not_nfc: list[str] = field(default_factory=list)  # where text is not in Unicode NFC (composed) form
    page_count: int | None = None  # PDF only
