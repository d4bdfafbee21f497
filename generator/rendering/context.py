"""Turn a document into the template context both renderers receive: the document, the wording, the layout.

The layout holds the lengths Word cannot compute (rules as long as a text), measured once here for both formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2

from ..core.metrics import FONTS_DIR, text_width_mm
from ..core.model import Decision
from .environment import PlainWording, plain_wording, wording
from .pdf_fonts import pdf_font_urls

CONTENT_WIDTH_MM = 165.0  # A4 210 mm less 30 mm left and 15 mm right margins
HEADER_LEFT_MM = 62.0
HEADER_RIGHT_MM = CONTENT_WIDTH_MM - HEADER_LEFT_MM
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
# Nghị định 30: the rules under the issuer and under the trích yếu are 1/3 to 1/2 of the text above them.
SHORT_RULE_SHARE = 0.4


@dataclass(frozen=True)
class Layout:
    issuer_rule_mm: float
    subject_rule_mm: float
    annex_rule_mm: float
    tieu_ngu_rule_mm: float
    header_sizes: dict = field(default_factory=dict)  # header line -> font size (pt), see header_sizes()

    def half_points(self, line: str) -> int:
        """(DOCX) a header line's size in half-points."""
        return round(self.header_sizes.get(line, 13.0) * 2)

    # The DOCX draws a rule as a paragraph border; these indents (twips, each side) give it the width above.
    @property
    def issuer_rule_indent(self) -> int:
        return _centring_indent(self.issuer_rule_mm, HEADER_LEFT_MM)

    @property
    def tieu_ngu_rule_indent(self) -> int:
        return _centring_indent(self.tieu_ngu_rule_mm, HEADER_RIGHT_MM)

    @property
    def subject_rule_indent(self) -> int:
        return _centring_indent(self.subject_rule_mm, CONTENT_WIDTH_MM)

    @property
    def annex_rule_indent(self) -> int:
        return _centring_indent(self.annex_rule_mm, CONTENT_WIDTH_MM)


def header_sizes(issuer) -> dict[str, float]:  # noqa: ANN001 - an Issuer
    """Font size (pt) of each header line of the issuer: 13 pt, smaller only when a line would not fit the column.

    A line of the issuer is printed as the office broke it: a wrap would split a name ("ĐẠI / BIỂU") where the
    reader does not expect it, so a long line is set smaller first, down to the decree's 12 pt.
    """
    sizes = {}
    for line, bold in [*((line, False) for line in issuer.header_parent), *((line, True) for line in issuer.lines)]:
        width = text_width_mm(line, 13, bold=bold)
        # Phụ lục I, Phần I, mục II.2: 12–13 pt. A line too long even at 12 pt wraps at a space, as any text.
        sizes[line] = 13.0 if width <= HEADER_LEFT_MM - 1 else max(12.0, round(13 * (HEADER_LEFT_MM - 1) / width, 1))
    return sizes


def _centring_indent(width_mm: float, column_mm: float) -> int:
    return max(0, round((column_mm - width_mm) / 2 / 25.4 * 1440))


def _wrapped_width(text: str, size: float, limit: float, *, bold: bool = False) -> float:
    return min(text_width_mm(text, size, bold=bold), limit)


def decision_layout(decision: Decision, subject_line: str) -> Layout:
    issuer_width = max(_wrapped_width(line, 13, HEADER_LEFT_MM, bold=True) for line in decision.issuer.lines)
    subject_width = _wrapped_width(subject_line, 14, CONTENT_WIDTH_MM, bold=True)
    return Layout(
        issuer_rule_mm=round(issuer_width * SHORT_RULE_SHARE, 1),
        subject_rule_mm=round(subject_width * SHORT_RULE_SHARE, 1),
        annex_rule_mm=30.0,
        tieu_ngu_rule_mm=round(text_width_mm(TIEU_NGU, 14, bold=True), 1),
        header_sizes=header_sizes(decision.issuer),
    )


@dataclass(frozen=True)
class ArticleParagraph:
    """One paragraph of the articles, as both formats print it: "Điều 2." and heading in bold, then the words."""

    label: str  # "Điều 2." on an article's first paragraph, "" on its other paragraphs (clauses, recipients)
    heading: str  # the article's heading, printed bold after the label: "Hiệu lực thi hành"
    text: str  # the words, plain text (the templates escape them)
    last: bool  # the decision's last paragraph before the signature: kept on the signature's page


LIST_MARK = "{danh_sach}"


def article_paragraphs(decision: Decision, lv: PlainWording) -> tuple[ArticleParagraph, ...]:
    """The articles in print order: the standard wording (loi-van.j2) or the office's, recipients where they stand."""
    entries: list[tuple[str, str, str]] = []
    for article in decision.articles:
        if article.kind == "text":
            texts: list[str] = []
            for paragraph in article.paragraphs:
                texts.extend(decision.inline if paragraph.strip() == LIST_MARK else [paragraph])
        else:
            texts = [lv.dieu(article, decision)]
            if article.kind == "award":
                texts.extend(decision.inline)
        label = f"Điều {article.number}."
        if article.heading:
            entries.append((label, article.heading, ""))
            entries.extend(("", "", text) for text in texts)
        else:
            entries.append((label, "", texts[0] if texts else ""))
            entries.extend(("", "", text) for text in texts[1:])
    return tuple(ArticleParagraph(label, heading, text, index == len(entries) - 1)
                 for index, (label, heading, text) in enumerate(entries))


def decision_context(decision: Decision, env: jinja2.Environment) -> dict:
    lv = wording(env)
    return {
        "d": decision,
        "lv": lv,
        "dieu_doan": article_paragraphs(decision, plain_wording(env)),
        "vv": None,
        "layout": decision_layout(decision, plain_wording(env).trich_yeu(decision)),
        "assets": {"fonts": FONTS_DIR.as_uri(), "font": pdf_font_urls()},
    }


KINH_GUI = "Kính gửi"


@dataclass(frozen=True)
class DispatchLayout:
    issuer_rule_mm: float
    tieu_ngu_rule_mm: float
    kinh_gui_left_mm: float  # the centred Kính gửi block starts here
    kinh_gui_indent_mm: float  # the recipients' dashes stand under the colon of "Kính gửi:"
    kinh_gui_hanging_mm: float  # a long recipient continues under its words, not under its dash
    header_sizes: dict = field(default_factory=dict)  # header line -> font size (pt), see header_sizes()

    def half_points(self, line: str) -> int:
        """(DOCX) a header line's size in half-points."""
        return round(self.header_sizes.get(line, 13.0) * 2)

    @property
    def kinh_gui_text_mm(self) -> float:
        return round(self.kinh_gui_indent_mm + self.kinh_gui_hanging_mm, 1)

    @property
    def issuer_rule_indent(self) -> int:
        return _centring_indent(self.issuer_rule_mm, HEADER_LEFT_MM)

    @property
    def tieu_ngu_rule_indent(self) -> int:
        return _centring_indent(self.tieu_ngu_rule_mm, HEADER_RIGHT_MM)

    @property
    def kinh_gui_left_twips(self) -> int:
        return round(self.kinh_gui_left_mm / 25.4 * 1440)

    @property
    def kinh_gui_items_twips(self) -> int:
        return round((self.kinh_gui_left_mm + self.kinh_gui_text_mm) / 25.4 * 1440)

    @property
    def kinh_gui_hanging_twips(self) -> int:
        return round(self.kinh_gui_hanging_mm / 25.4 * 1440)


def dispatch_layout(dispatch) -> DispatchLayout:  # noqa: ANN001 - a dispatch.Dispatch
    issuer_width = max(_wrapped_width(line, 13, HEADER_LEFT_MM, bold=True) for line in dispatch.issuer.lines)
    indent = text_width_mm(KINH_GUI, 14)
    widest = max(text_width_mm(line, 14) for line in dispatch.addressees)
    block = min(max(text_width_mm(KINH_GUI + ":", 14), indent + widest), CONTENT_WIDTH_MM)
    return DispatchLayout(
        issuer_rule_mm=round(issuer_width * SHORT_RULE_SHARE, 1),
        tieu_ngu_rule_mm=round(text_width_mm(TIEU_NGU, 14, bold=True), 1),
        kinh_gui_left_mm=round(max(0.0, (CONTENT_WIDTH_MM - block) / 2), 1),
        kinh_gui_indent_mm=round(indent, 1),
        kinh_gui_hanging_mm=round(text_width_mm("- ", 14), 1),
        header_sizes=header_sizes(dispatch.issuer),
    )


def dispatch_context(dispatch, env: jinja2.Environment) -> dict:  # noqa: ANN001 - a dispatch.Dispatch
    return {
        "d": dispatch,
        "lv": wording(env),
        "vv": f"V/v {dispatch.subject}",
        "layout": dispatch_layout(dispatch),
        "assets": {"fonts": FONTS_DIR.as_uri(), "font": pdf_font_urls()},
    }
