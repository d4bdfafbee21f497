"""Turn a layout and its named elements into findings: one function per rule of Nghị định 30/2020/NĐ-CP.

References name the decree's text: Phụ lục I (thể thức và kỹ thuật trình bày), mục I (quy định chung: khổ giấy,
lề, phông chữ, số trang), mục II (the nine main elements, II.1 Quốc hiệu … II.9 Nơi nhận), mục III.1 (phụ lục);
Phụ lục III (chữ viết tắt tên loại, mẫu trình bày). A rule the decree does not state but practice does is marked
"thực tiễn văn thư" and is at most a warning.
"""

from __future__ import annotations

import math
import re

from .elements import DASHES, TYPES, Elements, find_elements, is_name, is_upper, loose, rules_under
from .model import ERROR, WARNING, Block, Finding, Layout, Span

# Element names, as the văn thư calls them.
KHO_GIAY = "Khổ giấy"
HUONG = "Hướng trình bày"
LE = "Lề trang"
PHONG = "Phông chữ"
BANG_MA = "Bảng mã chữ"
QUOC_HIEU = "Quốc hiệu"
TIEU_NGU = "Tiêu ngữ"
CHU_QUAN = "Tên cơ quan chủ quản"
CO_QUAN = "Tên cơ quan ban hành"
SO = "Số, ký hiệu"
NGAY = "Địa danh và thời gian"
TEN_LOAI = "Tên loại văn bản"
TRICH_YEU = "Trích yếu"
VV = "Trích yếu công văn (V/v)"
THAM_QUYEN = "Thẩm quyền ban hành"
CAN_CU = "Căn cứ"
QUYET_DINH = "Dòng «QUYẾT ĐỊNH:»"
DIEU = "Điều"
NOI_DUNG = "Nội dung"
KINH_GUI = "Kính gửi"
CHUC_VU = "Quyền hạn, chức vụ người ký"
HO_TEN = "Họ tên người ký"
CHU_KY = "Khối chữ ký"
NOI_NHAN = "Nơi nhận"
SO_TRANG = "Số trang"
PHU_LUC = "Phụ lục"

# References.
R_A4 = "Phụ lục I, mục I.1"
R_HUONG = "Phụ lục I, mục I.2"
R_LE = "Phụ lục I, mục I.3"
R_PHONG = "Phụ lục I, mục I.4"
R_TRANG = "Phụ lục I, mục I.7"
R_QH = "Phụ lục I, mục II.1"
R_CQ = "Phụ lục I, mục II.2"
R_SO = "Phụ lục I, mục II.3"
R_VIET_TAT = "Phụ lục III, mục I"
R_NGAY = "Phụ lục I, mục II.4"
R_TEN_LOAI = "Phụ lục I, mục II.5"
R_NOI_DUNG = "Phụ lục I, mục II.6"
R_KY = "Phụ lục I, mục II.7"
R_NOI_NHAN = "Phụ lục I, mục II.9"
R_PHU_LUC = "Phụ lục I, mục III.1"
R_MAU = "Phụ lục III, mẫu trình bày văn bản"
R_THUC_TIEN = "Thực tiễn văn thư"

QUOC_HIEU_TEXT = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU_TEXT = "Độc lập - Tự do - Hạnh phúc"
PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
_PREFIX_LIKE = re.compile(r"^(T\s*/\s*M|K\s*/\s*T|T\.?\s*M|K\.?\s*T|Q|T\.?\s*L|T\s*/\s*L|T\.?\s*U\.?\s*Q|"
                          r"T\s*/\s*U\s*Q)\s*[.:/]?$", re.IGNORECASE)
# Titles (and, after "TM.", collective bodies) a signer's lines start with; any "… TRƯỞNG" is a title too.
TITLE_STARTS = ("CHU TICH", "PHO ", "GIAM DOC", "TONG GIAM DOC", "TRUONG", "CHANH ", "BO TRUONG", "THU TRUONG",
                "HIEU TRUONG", "VIEN TRUONG", "CUC TRUONG", "VU TRUONG", "BI THU", "THU KY", "KE TOAN TRUONG",
                "CHI CUC TRUONG", "UY BAN", "HOI DONG", "BAN ", "DANG UY", "THUONG TRUC", "CHINH PHU", "THU TUONG",
                "TONG CUC TRUONG", "CHU NHIEM")
TIMES_LIKE = ("timesnewroman", "times", "liberationserif", "tinos", "nimbusrom", "texgyretermes", "vanbanserif")
_DATE = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b")


def _num(value: float, digits: int = 1) -> str:
    """A number as Vietnamese writes it: decimal comma, no useless zeros ("25,4", "13", "10,5")."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(round(value))
    return text.replace(".", ",")


def _fmt_size(sizes: set[float]) -> str:
    return ", ".join(f"{_num(size)} pt" for size in sorted(sizes))


def _fmt_range(low: float, high: float) -> str:
    return f"{_num(low)} pt" if low == high else f"{_num(low)}–{_num(high)} pt"


def _ending(text: str) -> str:
    """How a line ends, for a message: «;», «,» or "không có dấu"."""
    last = text.rstrip()[-1:] if text.strip() else ""
    return "không có dấu câu ở cuối" if not last or last.isalnum() or last in ")\"»" else f"kết thúc bằng «{last}»"


def _visible(spans: list[Span]) -> list[Span]:
    return [span for span in spans if span.text.strip()]


def _look(bold: bool | None, italic: bool | None) -> str:
    parts = []
    if italic is not None:
        parts.append("nghiêng" if italic else "đứng")
    if bold is not None:
        parts.append("đậm" if bold else "không đậm")
    return ", ".join(parts)


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return "«" + (text if len(text) <= limit else text[:limit - 1] + "…") + "»"


class Checker:
    """Runs every rule over one layout; each rule adds findings with ``add``."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.blocks = layout.blocks
        self.elements: Elements = find_elements(layout)
        self.findings: list[Finding] = []

    # -- helpers

    def add(self, element: str, found: str, required: str, rule: str, message: str, where: str = "",
            severity: str = ERROR) -> None:
        self.findings.append(Finding(element, found, required, rule, severity, message, where))

    def text(self, index: int) -> str:
        return self.blocks[index].stripped

    def style(self, index: int, element: str, rule: str, *, sizes: tuple[float, float] | None = None,
              bold: bool | None = None, italic: bool | None = None, upper: bool | None = None,
              spans: list[Span] | None = None, name: str | None = None) -> None:
        """Size range and bold/italic/upper case of a block (or of some of its spans); ``name`` for messages."""
        block = self.blocks[index]
        name = name or element
        visible = _visible(spans if spans is not None else block.spans)
        if not visible:
            return
        if sizes is not None:
            low, high = sizes
            found = {span.size for span in visible if span.size is not None}
            wrong = {size for size in found if not low - 0.05 <= size <= high + 0.05}
            if wrong:
                self.add(element, f"cỡ chữ {_fmt_size(found)}", f"cỡ chữ {_fmt_range(low, high)}", rule,
                         f"{name} phải có cỡ chữ {_fmt_range(low, high)}, đang là {_fmt_size(found)}.",
                         block.where)
        want_bold = bold
        want_italic = italic
        bad_bold = want_bold is not None and any(span.bold != want_bold for span in visible)
        bad_italic = want_italic is not None and any(span.italic != want_italic for span in visible)
        if bad_bold or bad_italic:
            def state(values: list[bool], yes: str, no: str) -> str:
                if all(values):
                    return yes
                if not any(values):
                    return no
                return f"có chỗ {no}"
            found_parts = []
            if want_italic is not None:
                found_parts.append(state([span.italic for span in visible], "nghiêng", "đứng"))
            if want_bold is not None:
                found_parts.append(state([span.bold for span in visible], "đậm", "không đậm"))
            required = _look(want_bold, want_italic)
            self.add(element, "chữ " + ", ".join(found_parts), "chữ " + required, rule,
                     f"{name} phải trình bày chữ {required}.", block.where)
        if upper is not None:
            text = "".join(span.text for span in visible)
            if upper and not is_upper(text):
                self.add(element, _quote(text), "chữ in hoa", rule, f"{name} phải viết bằng chữ in hoa.",
                         block.where)

    def text_width(self, index: int, *, clip: bool = True) -> float:
        """Printed width of a one-line block: measured (PDF) or computed from the Times metrics (DOCX)."""
        block = self.blocks[index]
        if block.x0 is not None and block.x1 is not None and len(block.lines) == 1:
            return block.x1 - block.x0
        from ..core.metrics import text_width_mm

        visible = _visible(block.spans)
        total = 0.0
        for span in visible:
            total += text_width_mm(span.text, span.size or 14, bold=span.bold, italic=span.italic)
        # Spaces around the visible spans are not part of the line.
        width = total if visible else 0.0
        if block.container_mm and clip:
            width = min(width, block.container_mm - block.indent_left_mm - block.indent_right_mm)
        return width

    # -- the rules

    def run(self) -> list[Finding]:
        self.page()
        self.fonts()
        self.page_numbers()
        self.national_title()
        self.issuer()
        self.number()
        self.date_line()
        self.draft()
        self.type_and_subject()
        self.citations()
        self.articles()
        self.body()
        self.addressees()
        self.recipients()
        self.signer()
        self.signature_place()
        self.annexes()
        self.dates_in_text()
        return self.findings

    def page(self) -> None:
        for page in self.layout.pages:
            width, height = page.width_mm, page.height_mm
            short, long = sorted((width, height))
            if abs(short - 210) > 1.5 or abs(long - 297) > 1.5:
                self.add(KHO_GIAY, f"{_num(width, 0)} × {_num(height, 0)} mm", "A4 (210 × 297 mm)", R_A4,
                         "Văn bản phải trình bày trên khổ giấy A4 (210 × 297 mm).", page.where)
            if width > height + 1:
                if page.has_wide_table:
                    self.add(HUONG, "trang nằm ngang", "trình bày theo chiều dài khổ A4", R_HUONG,
                             "Trang nằm ngang chỉ dùng cho bảng, biểu rộng; hãy kiểm tra lại.", page.where, WARNING)
                else:
                    self.add(HUONG, "trang nằm ngang", "trình bày theo chiều dài khổ A4 (trang đứng)", R_HUONG,
                             "Văn bản phải trình bày theo chiều dài của khổ A4 (trang đứng).", page.where)
            if page.margins_mm is not None:
                names = ("trên", "dưới", "trái", "phải")
                ranges = ((20, 25), (20, 25), (30, 35), (15, 20))
                for name, value, (low, high) in zip(names, page.margins_mm, ranges, strict=True):
                    if not low - 0.3 <= value <= high + 0.3:
                        self.add(LE, f"lề {name} {_num(value)} mm", f"lề {name} {low}–{high} mm", R_LE,
                                 f"Lề {name} phải cách mép giấy {low}–{high} mm, đang là {_num(value)} mm.",
                                 page.where)
            if page.text_box_mm is not None:
                left, top, right, bottom = page.text_box_mm
                checks = (("trái", left, 30, left < 30 - 1.0), ("phải", width - right, 15, width - right < 15 - 1.0),
                          ("trên", top, 20, top < 20 - 1.0), ("dưới", height - bottom, 20, height - bottom < 20 - 1.0))
                for name, value, low, bad in checks:
                    if bad and width < height + 1:
                        self.add(LE, f"chữ cách mép {name} {_num(value)} mm", f"lề {name} tối thiểu {low} mm", R_LE,
                                 f"Chữ nằm lấn vào lề {name}: lề {name} phải tối thiểu {low} mm.", page.where)

    def fonts(self) -> None:
        layout = self.layout
        for font, places in sorted(layout.fonts.items()):
            plain = re.sub(r"[\s\-_,]", "", font).lower()
            if layout.fmt == "docx":
                good = plain == "timesnewroman"
            else:
                good = any(name in plain for name in TIMES_LIKE)
            if not good:
                shown = ", ".join(places[:5]) + (" …" if len(places) > 5 else "")
                self.add(PHONG, f"phông {font} ({shown})", "phông Times New Roman", R_PHONG,
                         f"Văn bản phải dùng phông chữ Times New Roman; đang có chữ phông {font}.", places[0])
        for font, places in sorted(layout.unembedded_fonts.items()):
            self.add(PHONG, f"phông {font} không được nhúng", "phông chữ được nhúng vào tệp PDF", R_PHONG,
                     f"Phông {font} không được nhúng trong PDF: máy khác có thể hiển thị sai chữ Việt.", places[0])
        if layout.not_nfc:
            shown = ", ".join(layout.not_nfc[:5])
            self.add(BANG_MA, f"chữ tổ hợp (dấu tách rời) ở {shown}", "Unicode dựng sẵn (NFC), TCVN 6909:2001",
                     R_PHONG, "Chữ Việt phải gõ bằng Unicode dựng sẵn; có chỗ đang dùng dấu tổ hợp tách rời.",
                     layout.not_nfc[0])

    def page_numbers(self) -> None:
        if self.layout.fmt == "docx":
            self._docx_page_numbers()
        else:
            self._pdf_page_numbers()

    def _number_look(self, mark, where: str) -> None:  # noqa: ANN001 - PageNumberMark
        if mark.position == "footer":
            self.add(SO_TRANG, "số trang ở chân trang", "số trang canh giữa trong lề trên", R_TRANG,
                     "Số trang phải đặt canh giữa trong phần lề trên, không đặt ở chân trang.", where)
        elif mark.centred is False:
            self.add(SO_TRANG, "số trang không canh giữa", "số trang canh giữa theo chiều ngang", R_TRANG,
                     "Số trang phải được canh giữa theo chiều ngang trong phần lề trên.", where)
        elif mark.centred is None:
            self.add(SO_TRANG, "số trang đặt bằng tab", "số trang canh giữa theo chiều ngang", R_TRANG,
                     "Không xác định được số trang có canh giữa hay không (đặt bằng tab); hãy kiểm tra lại.", where,
                     WARNING)
        if mark.size is not None and not 12.95 <= mark.size <= 14.05:
            self.add(SO_TRANG, f"cỡ chữ {_num(mark.size)} pt", "cỡ chữ 13–14 pt", R_TRANG,
                     f"Số trang phải có cỡ chữ 13–14 pt, đang là {_num(mark.size)} pt.", where)

    def _docx_page_numbers(self) -> None:
        pages = self.layout.pages
        if not pages:
            return
        first = pages[0]
        if first.first_page_number is not None:
            self.add(SO_TRANG, "trang 1 có số trang", "không hiển thị số trang thứ nhất", R_TRANG,
                     "Không được hiển thị số trang ở trang thứ nhất (chọn «Different First Page» cho đầu trang).",
                     first.where)
        if first.other_pages_number is not None:
            self._number_look(first.other_pages_number, first.where)
        elif self._estimated_pages() > 1:
            self.add(SO_TRANG, "không có số trang", "đánh số trang từ trang 2, canh giữa lề trên", R_TRANG,
                     "Văn bản có thể dài hơn một trang nhưng không có số trang ở đầu trang.", first.where, WARNING)
        annex_starts = {annex.start for annex in self.elements.annexes}
        for page in pages[1:]:
            if page.continuous:
                continue
            starts_annex = page.first_block in annex_starts or (
                self.elements.annex_start is not None and page.first_block == self.elements.annex_start)
            if not starts_annex:
                continue
            if page.first_page_number is not None:
                self.add(SO_TRANG, "trang đầu của phụ lục có số trang", "không hiển thị số trang đầu của phụ lục",
                         R_PHU_LUC, "Trang đầu của phụ lục không nên hiện số trang (số trang phụ lục đánh riêng).",
                         page.where, WARNING)
            if not page.restarts:
                self.add(SO_TRANG, "phụ lục đánh số trang tiếp theo văn bản", "số trang phụ lục đánh riêng từ 1",
                         R_PHU_LUC, "Số trang của phụ lục phải được đánh riêng (bắt đầu lại từ 1).", page.where,
                         WARNING)

    def _estimated_pages(self) -> float:
        """A rough page count of a DOCX (Word does not store one we can trust): lines × line height."""
        from ..core.metrics import text_width_mm

        page = self.layout.pages[0]
        top, bottom, _, _ = page.margins_mm or (20, 20, 30, 15)
        usable = page.height_mm - top - bottom
        height = 0.0
        for block in self.blocks:
            size = next((span.size for span in block.spans if span.size), 14.0)
            width = max(10.0, (block.container_mm or 165) - block.indent_left_mm - block.indent_right_mm)
            lines = max(1, math.ceil(text_width_mm(block.text, size) / width)) if block.column != "grid" else 1
            height += lines * size * 1.15 * 25.4 / 72
        return height / usable if usable > 0 else 1.0

    def _pdf_page_numbers(self) -> None:
        pages = self.layout.pages
        annex_pages = set()
        for annex in self.elements.annexes:
            block = self.blocks[annex.start]
            if block.new_page and block.page:
                annex_pages.add(block.page)
        expected = 0
        for number, page in enumerate(pages, start=1):
            expected = 1 if (number == 1 or number in annex_pages) else expected + 1
            mark = page.number
            if number == 1:
                if mark is not None:
                    self.add(SO_TRANG, f"trang 1 có số trang «{mark.value}»", "không hiển thị số trang thứ nhất",
                             R_TRANG, "Không được hiển thị số trang ở trang thứ nhất.", page.where)
                continue
            if number in annex_pages:
                if mark is not None:
                    self.add(SO_TRANG, f"trang đầu của phụ lục có số trang «{mark.value}»",
                             "không hiển thị số trang đầu của phụ lục", R_PHU_LUC,
                             "Trang đầu của phụ lục không nên hiện số trang (số trang phụ lục đánh riêng).",
                             page.where, WARNING)
                continue
            if mark is None:
                if page.first_block >= 0:
                    self.add(SO_TRANG, "không có số trang", "số trang canh giữa trong lề trên", R_TRANG,
                             "Từ trang thứ hai, văn bản phải có số trang canh giữa trong phần lề trên.", page.where)
                continue
            self._number_look(mark, page.where)
            if mark.value and mark.value.isdigit() and int(mark.value) != expected:
                self.add(SO_TRANG, f"số trang «{mark.value}»", f"số trang «{expected}»", R_TRANG,
                         f"Số trang không liên tục: trang này phải mang số {expected}.", page.where, WARNING)

    def national_title(self) -> None:
        found = self.elements
        if found.quoc_hieu is None:
            self.add(QUOC_HIEU, "không có", QUOC_HIEU_TEXT, R_QH, "Văn bản thiếu Quốc hiệu.")
        else:
            index = found.quoc_hieu
            text = self._one_line(index, QUOC_HIEU, QUOC_HIEU_TEXT)
            if text != QUOC_HIEU_TEXT:
                self.add(QUOC_HIEU, _quote(text), _quote(QUOC_HIEU_TEXT), R_QH,
                         f"Quốc hiệu phải ghi đúng {_quote(QUOC_HIEU_TEXT)}.", self.blocks[index].where)
            self.style(index, QUOC_HIEU, R_QH, sizes=(12, 13), bold=True, italic=False)
        if found.tieu_ngu is None:
            self.add(TIEU_NGU, "không có", TIEU_NGU_TEXT, R_QH, "Văn bản thiếu Tiêu ngữ.")
            return
        index = found.tieu_ngu
        block = self.blocks[index]
        text = self._one_line(index, TIEU_NGU, TIEU_NGU_TEXT)
        if text != TIEU_NGU_TEXT:
            if any(dash in text for dash in DASHES[1:]):
                message = "Giữa các cụm từ của Tiêu ngữ phải dùng gạch nối (-) có cách chữ, không dùng gạch ngang dài."
            elif re.search(r"\S-|-\S", text):
                message = "Gạch nối giữa các cụm từ của Tiêu ngữ phải có cách chữ trước và sau."
            else:
                message = f"Tiêu ngữ phải ghi đúng {_quote(TIEU_NGU_TEXT)} (chữ đầu của mỗi cụm từ viết hoa)."
            self.add(TIEU_NGU, _quote(text), _quote(TIEU_NGU_TEXT), R_QH, message, block.where)
        self.style(index, TIEU_NGU, R_QH, sizes=(13, 14), bold=True, italic=False)
        broken = index in found.broken
        rules = rules_under(self.layout, [index, index + 1] if broken else [index])
        text_width = self.text_width(index)
        if not rules:
            underlined = [span for span in _visible(block.spans) if span.underline]
            if underlined and len(underlined) == len(_visible(block.spans)):
                self.add(TIEU_NGU, "Tiêu ngữ gạch chân", "đường kẻ ngang, nét liền dưới Tiêu ngữ", R_QH,
                         "Dưới Tiêu ngữ nên là một đường kẻ ngang nét liền, không phải gạch chân chữ.", block.where,
                         WARNING)
            else:
                self.add(TIEU_NGU, "không có đường kẻ dưới Tiêu ngữ",
                         f"đường kẻ ngang, nét liền, dài bằng dòng chữ ({_num(text_width, 0)} mm)", R_QH,
                         "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ.",
                         block.where)
            return
        rule = rules[0]
        if broken:
            return  # the length of a rule under a text on two lines means nothing
        ratio = rule.length_mm / text_width if text_width else 1.0
        if not 0.9 <= ratio <= 1.12:
            self.add(TIEU_NGU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                     f"dài bằng dòng chữ Tiêu ngữ ({_num(text_width)} mm)", R_QH,
                     "Đường kẻ dưới Tiêu ngữ phải dài bằng dòng chữ "
                     f"({'ngắn' if ratio < 1 else 'dài'} hơn {_num(abs(rule.length_mm - text_width), 0)} mm).",
                     rule.where)
        elif not 0.96 <= ratio <= 1.05:
            self.add(TIEU_NGU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                     f"dài bằng dòng chữ Tiêu ngữ ({_num(text_width)} mm)", R_QH,
                     "Đường kẻ dưới Tiêu ngữ lệch nhẹ so với độ dài dòng chữ.", rule.where, WARNING)

    def _one_line(self, index: int, element: str, expected: str) -> str:
        """The element's text; an error when it is printed (PDF) or will be (DOCX) on two lines."""
        block = self.blocks[index]
        text = " ".join(self.text(index).split())
        if index in self.elements.broken:
            text = text + " " + " ".join(self.text(index + 1).split())
            self.add(element, f"{_quote(self.text(index))} / {_quote(self.text(index + 1))}",
                     f"{_quote(expected)} trên một dòng", R_QH, f"{element} phải trình bày trên một dòng.",
                     block.where)
            self.style(index + 1, element, R_QH, sizes=(12, 13) if element == QUOC_HIEU else (13, 14), bold=True)
        elif block.container_mm and block.align is not None:
            room = block.container_mm - block.indent_left_mm - block.indent_right_mm
            width = self.text_width(index, clip=False)
            if width > room + 0.5:
                self.add(element, f"dòng chữ dài {_num(width)} mm trong ô rộng {_num(room)} mm",
                         f"{_quote(expected)} trên một dòng", R_QH,
                         f"{element} không vừa một dòng nên sẽ bị xuống dòng; hãy nới rộng cột chứa nó.",
                         block.where)
        return text

    def issuer(self) -> None:
        found = self.elements
        for index in found.parent:
            self.style(index, CHU_QUAN, R_CQ, sizes=(12, 13), bold=False, italic=False, upper=True)
        if not found.issuer:
            self.add(CO_QUAN, "không có", "tên cơ quan ban hành, chữ in hoa, đậm", R_CQ,
                     "Văn bản thiếu tên cơ quan, tổ chức ban hành văn bản (góc trên bên trái).")
            return
        for index in found.issuer:
            self.style(index, CO_QUAN, R_CQ, sizes=(12, 13), bold=True, italic=False, upper=True)
        last = self.blocks[found.issuer[-1]]
        rules = rules_under(self.layout, found.issuer)
        if not rules:
            self.add(CO_QUAN, "không có đường kẻ dưới tên cơ quan",
                     "đường kẻ ngang, nét liền, dài 1/3–1/2 dòng chữ, đặt cân đối", R_CQ,
                     "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ.",
                     last.where)
            return
        rule = rules[0]
        widths = [self.text_width(index) for index in found.issuer]
        ratios = [rule.length_mm / width for width in widths if width > 0]
        if not ratios:
            return
        if any(0.31 <= ratio <= 0.52 for ratio in ratios):
            return
        longest = max(widths)
        share = rule.length_mm / longest
        severity = ERROR if share > 0.8 or share < 0.15 else WARNING
        self.add(CO_QUAN, f"đường kẻ dài {_num(rule.length_mm)} mm ({share:.0%} dòng chữ)",
                 f"từ 1/3 đến 1/2 dòng chữ ({_num(longest / 3, 0)}–{_num(longest / 2, 0)} mm)", R_CQ,
                 "Đường kẻ dưới tên cơ quan ban hành phải dài từ 1/3 đến 1/2 dòng chữ.", rule.where, severity)

    def number(self) -> None:
        found = self.elements
        if found.number is None:
            self.add(SO, "không có", "Số: 05/QĐ-UBND (hoặc «Số:      /QĐ-UBND» khi chưa ký)", R_SO,
                     "Văn bản thiếu số, ký hiệu.")
            return
        index = found.number
        block = self.blocks[index]
        text = block.stripped
        self.style(index, SO, R_SO, sizes=(13, 13), bold=False, italic=False)
        match = re.match(r"^(S\S*)(\s*)(:?)(.*)$", text)
        if not match:
            return
        word, _, colon, rest = match.groups()
        if word.rstrip(":") != "Số":
            self.add(SO, _quote(text), "«Số:» (chữ «Số» in thường, sau có dấu hai chấm)", R_SO,
                     "Chữ «Số» phải viết in thường (chữ S hoa), sau có dấu hai chấm.", block.where)
        if not colon and not word.endswith(":"):
            self.add(SO, _quote(text), "«Số:» có dấu hai chấm", R_SO, "Sau chữ «Số» phải có dấu hai chấm.",
                     block.where)
        if "/" not in rest:
            self.add(SO, _quote(text), "số/ký hiệu, ngăn cách bằng gạch chéo (/)", R_SO,
                     "Giữa số và ký hiệu văn bản phải có dấu gạch chéo (/).", block.where)
            return
        number, symbol = rest.split("/", 1)
        digits = number.strip()
        if digits and (number.endswith(" ") or symbol.startswith(" ")):
            self.add(SO, _quote(text), "không cách chữ quanh dấu /", R_SO,
                     "Giữa số, dấu gạch chéo (/) và ký hiệu không được cách chữ.", block.where)
        if digits and not re.fullmatch(r"[.…_]+", digits):
            if not digits.isdigit():
                self.add(SO, _quote(text), "số bằng chữ số Ả Rập", R_SO,
                         "Số của văn bản phải ghi bằng chữ số Ả Rập.", block.where)
            else:
                value = int(digits)
                if value < 10 and digits != f"{value:02d}":
                    self.add(SO, f"số «{digits}»", f"số «{value:02d}»", R_SO,
                             f"Số nhỏ hơn 10 phải ghi thêm số 0 phía trước: «{value:02d}».", block.where)
                elif value >= 10 and digits.startswith("0"):
                    self.add(SO, f"số «{digits}»", f"số «{value}»", R_SO,
                             f"Chỉ số nhỏ hơn 10 mới ghi thêm số 0 phía trước: «{value}».", block.where)
        symbol = symbol.strip()
        if " " in symbol:
            self.add(SO, f"ký hiệu «{symbol}»", "ký hiệu không có khoảng trắng, các nhóm nối bằng gạch nối (-)",
                     R_SO, "Các nhóm chữ viết tắt trong ký hiệu nối với nhau bằng gạch nối (-), không cách chữ.",
                     block.where)
        parts = [part for part in re.split(r"\s*[-–—]\s*", symbol) if part]
        if any(dash in symbol for dash in DASHES[1:]):
            self.add(SO, f"ký hiệu «{symbol}»", "gạch nối (-) giữa các nhóm chữ viết tắt", R_SO,
                     "Giữa các nhóm chữ viết tắt của ký hiệu phải dùng gạch nối (-).", block.where)
        if not parts:
            return
        abbreviations = set(TYPES.values())
        if found.kind == "cong-van":
            if any(part.upper() == "CV" for part in parts):
                self.add(SO, f"ký hiệu «{symbol}»", "công văn: viết tắt tên cơ quan - đơn vị soạn thảo (không có «CV»)",
                         R_SO, "Ký hiệu của công văn không có chữ viết tắt tên loại, không dùng «CV».", block.where)
            elif parts[0] in abbreviations and len(parts) > 1:
                self.add(SO, f"ký hiệu «{symbol}»", "công văn: viết tắt tên cơ quan - đơn vị soạn thảo", R_SO,
                         f"Ký hiệu bắt đầu bằng «{parts[0]}» (chữ viết tắt tên loại) nhưng văn bản là công văn.",
                         block.where, WARNING)
        elif found.type_line is not None:
            type_name = " ".join(self.text(found.type_line).upper().split())
            expected = next((abbr for name, abbr in TYPES.items() if loose(name) == loose(type_name)), None)
            if expected and parts[0] != expected:
                self.add(SO, f"ký hiệu «{symbol}»", f"«{expected}-…» (viết tắt của {type_name.lower()})", R_VIET_TAT,
                         f"Ký hiệu của {type_name.lower()} phải bắt đầu bằng «{expected}».", block.where)
        for part in parts[1:]:
            if part != part.upper():
                self.add(SO, f"ký hiệu «{symbol}»", "chữ viết tắt tên cơ quan, đơn vị in hoa", R_SO,
                         "Chữ viết tắt tên cơ quan, đơn vị trong ký hiệu phải in hoa.", block.where)
                break

    def date_line(self) -> None:
        found = self.elements
        if found.date is None:
            self.add(NGAY, "không có", "<Địa danh>, ngày … tháng … năm …", R_NGAY,
                     "Văn bản thiếu địa danh và thời gian ban hành.")
            return
        index = found.date
        block = self.blocks[index]
        text = block.stripped
        self.style(index, NGAY, R_NGAY, sizes=(13, 14), italic=True, bold=False)
        match = re.match(r"^(?P<place>.*?)(?P<comma>\s*,)?\s*(?P<ngay>[Nn]gày)\s*(?P<d>[\d.…_]*)\s*tháng\s*"
                         r"(?P<m>[\d.…_]*)\s*năm\s*(?P<y>[\d.…_]*)\s*\.?$", text)
        if not match:
            self.add(NGAY, _quote(text), "<Địa danh>, ngày DD tháng M năm YYYY", R_NGAY,
                     "Dòng địa danh và thời gian phải có dạng «<Địa danh>, ngày … tháng … năm …».", block.where)
            return
        place = match.group("place").strip()
        if not place:
            self.add(NGAY, _quote(text), "<Địa danh>, ngày …", R_NGAY, "Thiếu địa danh trước ngày tháng.",
                     block.where)
        elif not match.group("comma"):
            self.add(NGAY, _quote(text), f"«{place}, ngày …» (dấu phẩy sau địa danh)", R_NGAY,
                     "Sau địa danh phải có dấu phẩy.", block.where)
        if match.group("ngay") == "Ngày":
            self.add(NGAY, _quote(text), "«ngày» viết thường", R_NGAY,
                     "Chữ «ngày» sau địa danh viết thường.", block.where, WARNING)
        self._check_date_numbers(match.group("d"), match.group("m"), NGAY, block, R_NGAY)
        year = match.group("y")
        if year and year.isdigit() and len(year) != 4:
            self.add(NGAY, f"năm «{year}»", "năm ghi đủ bốn chữ số", R_NGAY, "Năm phải ghi đầy đủ bốn chữ số.",
                     block.where)
        generic = re.match(r"^(Xã|Huyện|Tỉnh|Thị trấn|Thị xã|Phường|Quận|Thành phố)\s+(\S+)", place)
        if generic and not generic.group(2)[0].isdigit() and place != "Thành phố Hồ Chí Minh":
            self.add(NGAY, f"địa danh «{place}»", "tên riêng của địa danh, không kèm danh từ chung", R_NGAY,
                     f"Địa danh thường ghi tên riêng, không kèm «{generic.group(1)}» (trừ tên bằng số hoặc tên "
                     "người).", block.where, WARNING)

    def draft(self) -> None:
        """A draft leaves both the number and the date blank for the văn thư; one without the other is odd."""
        found = self.elements
        if found.number is None or found.date is None:
            return
        number = re.match(r"^\S+\s*:?\s*([^/]*)/", self.text(found.number))
        date = re.search(r"ngày\s*([\d.…_]*)\s*tháng\s*([\d.…_]*)\s", self.text(found.date))
        if not number or not date:
            return
        number_blank = not number.group(1).strip(" .…_")
        date_blank = not date.group(1).strip(".…_") and not date.group(2).strip(".…_")
        if number_blank and not date_blank:
            self.add(NGAY, "số để trống nhưng ngày tháng đã ghi", "bản dự thảo để trống cả số và ngày tháng",
                     R_THUC_TIEN, "Số văn bản còn để trống (dự thảo) nhưng ngày tháng đã ghi; văn thư điền cả hai sau "
                     "khi ký.", self.blocks[found.date].where, WARNING)
        elif date_blank and not number_blank:
            self.add(SO, "số đã ghi nhưng ngày tháng để trống", "số và ngày tháng cùng ghi khi văn bản được ký",
                     R_THUC_TIEN, "Số văn bản đã ghi nhưng ngày tháng còn để trống.", self.blocks[found.number].where,
                     WARNING)

    def _check_date_numbers(self, day: str, month: str, element: str, block: Block, rule: str) -> None:
        if day and day.isdigit():
            value = int(day)
            if not 1 <= value <= 31:
                self.add(element, f"ngày «{day}»", "ngày từ 01 đến 31", rule, "Ngày không hợp lệ.", block.where)
            elif value < 10 and day != f"{value:02d}":
                self.add(element, f"ngày «{day}»", f"ngày «{value:02d}»", rule,
                         f"Ngày nhỏ hơn 10 phải ghi thêm số 0 phía trước: «ngày {value:02d}».", block.where)
            elif value >= 10 and day.startswith("0"):
                self.add(element, f"ngày «{day}»", f"ngày «{value}»", rule, "Ngày ghi thừa số 0.", block.where)
        if month and month.isdigit():
            value = int(month)
            if not 1 <= value <= 12:
                self.add(element, f"tháng «{month}»", "tháng từ 01 đến 12", rule, "Tháng không hợp lệ.", block.where)
            elif value <= 2 and month != f"{value:02d}":
                self.add(element, f"tháng «{month}»", f"tháng «{value:02d}»", rule,
                         f"Tháng 1 và tháng 2 phải ghi thêm số 0 phía trước: «tháng {value:02d}».", block.where)
            elif value > 2 and month != str(value):
                self.add(element, f"tháng «{month}»", f"tháng «{value}»", rule,
                         f"Chỉ tháng 1, 2 mới ghi thêm số 0: phải ghi «tháng {value}», không ghi «tháng {month}».",
                         block.where)

    def type_and_subject(self) -> None:
        found = self.elements
        if found.kind == "cong-van":
            if found.subject_line is None:
                if found.addressee is not None:
                    self.add(VV, "không có", "«V/v …» dưới số, ký hiệu", R_TEN_LOAI,
                             "Công văn phải có trích yếu «V/v …» dưới số, ký hiệu.")
                else:
                    self.add(TEN_LOAI, "không có tên loại và trích yếu", "tên loại (QUYẾT ĐỊNH…) và trích yếu, "
                             "hoặc «V/v …» của công văn", R_TEN_LOAI,
                             "Không tìm thấy tên loại văn bản và trích yếu nội dung.")
                return
            index = found.subject_line
            text = self.text(index)
            if not text.startswith("V/v "):
                self.add(VV, _quote(text), "bắt đầu bằng «V/v »", R_TEN_LOAI,
                         "Trích yếu công văn bắt đầu bằng chữ «V/v» (V hoa, v thường) và một khoảng trắng.",
                         self.blocks[index].where)
            self.style(index, VV, R_TEN_LOAI, sizes=(12, 13), bold=False, italic=False)
            return
        index = found.type_line
        if index is None:
            return
        self.style(index, TEN_LOAI, R_TEN_LOAI, sizes=(13, 14), bold=True, italic=False, upper=True)
        if not found.subject:
            self.add(TRICH_YEU, "không có", "trích yếu nội dung dưới tên loại", R_TEN_LOAI,
                     "Thiếu trích yếu nội dung dưới tên loại văn bản.", self.blocks[index].where)
        else:
            for line in found.subject:
                self.style(line, TRICH_YEU, R_TEN_LOAI, sizes=(13, 14), bold=True, italic=False)
            rules = rules_under(self.layout, found.subject)
            last = self.blocks[found.subject[-1]]
            if not rules:
                self.add(TRICH_YEU, "không có đường kẻ dưới trích yếu",
                         "đường kẻ ngang, nét liền, dài 1/3–1/2 dòng chữ", R_TEN_LOAI,
                         "Dưới trích yếu phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ.", last.where)
            else:
                widths = [self.text_width(line) for line in found.subject]
                rule = rules[0]
                if not any(width and 0.31 <= rule.length_mm / width <= 0.52 for width in widths):
                    longest = max(widths)
                    self.add(TRICH_YEU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                             f"từ 1/3 đến 1/2 dòng chữ ({_num(longest / 3, 0)}–{_num(longest / 2, 0)} mm)", R_TEN_LOAI,
                             "Đường kẻ dưới trích yếu phải dài từ 1/3 đến 1/2 dòng chữ.", rule.where, WARNING)
        for line in found.authority:
            self.style(line, THAM_QUYEN, R_NOI_DUNG, sizes=(13, 14), bold=True, upper=True)
        if found.kind == "quyet-dinh":
            if found.decide is None:
                self.add(QUYET_DINH, "không có", "«QUYẾT ĐỊNH:» trước các điều", R_MAU,
                         "Quyết định phải có dòng «QUYẾT ĐỊNH:» giữa phần căn cứ và các điều.")
            else:
                self.style(found.decide, QUYET_DINH, R_MAU, sizes=(13, 14), bold=True)

    def citations(self) -> None:
        found = self.elements
        lines = found.citations
        for position, index in enumerate(lines):
            block = self.blocks[index]
            text = block.stripped
            self.style(index, CAN_CU, R_NOI_DUNG, sizes=(13, 14), italic=True)
            last = position == len(lines) - 1
            wanted = "." if last else ";"
            if not text.endswith(wanted):
                self.add(CAN_CU, f"{_quote(text[-40:], 45)} {_ending(text)}",
                         f"kết thúc bằng «{wanted}»", R_NOI_DUNG,
                         "Căn cứ cuối cùng phải kết thúc bằng dấu chấm (.)." if last else
                         "Mỗi căn cứ phải xuống dòng và kết thúc bằng dấu chấm phẩy (;).", block.where)

    def articles(self) -> None:
        found = self.elements
        if found.kind == "quyet-dinh" and found.decide is not None and not found.articles:
            self.add(DIEU, "không có điều nào", "Điều 1., Điều 2., …", R_NOI_DUNG,
                     "Sau «QUYẾT ĐỊNH:» phải là các điều «Điều 1.», «Điều 2.», …",
                     self.blocks[found.decide].where)
        expected = 1
        for index in found.articles:
            block = self.blocks[index]
            match = re.match(r"^(Điều|ĐIỀU|điều)\s*(\d+)\s*([.:]?)(\s*)", block.stripped)
            if not match:
                continue
            word, number, mark, space = match.groups()
            label = f"Điều {number}."
            if word != "Điều" or mark != "." or (not space and match.end() < len(block.stripped)):
                self.add(DIEU, _quote(match.group(0).strip()), f"«{label}»", R_NOI_DUNG,
                         f"Nhãn điều phải ghi «{label}» (chữ «Điều», số thứ tự, dấu chấm).", block.where)
            if int(number) != expected:
                self.add(DIEU, f"«Điều {number}» sau «Điều {expected - 1}»" if expected > 1 else f"«Điều {number}»",
                         f"«Điều {expected}»", R_NOI_DUNG,
                         f"Các điều phải đánh số liên tục: điều này phải là Điều {expected}.", block.where)
            expected = int(number) + 1
            # The label "Điều N." is bold.
            label_spans, taken = [], 0
            for span in block.spans:
                if taken >= len(match.group(0).strip()):
                    break
                stripped = span.text if label_spans else span.text.lstrip()
                if stripped:
                    label_spans.append(span)
                    taken += len(stripped)
            self.style(index, DIEU, R_NOI_DUNG, bold=True, spans=label_spans, name=f"Nhãn «Điều {number}.»")

    def body(self) -> None:
        found = self.elements
        for index in found.body:
            self.style(index, NOI_DUNG if index not in found.articles else DIEU, R_NOI_DUNG, sizes=(13, 14))
        if found.content_end is None:
            return
        block = self.blocks[found.content_end]
        text = block.stripped
        if not text.endswith("./."):
            self.add(NOI_DUNG, f"đoạn cuối kết thúc bằng {_quote(text[-30:], 32)}", "kết thúc bằng «./.»", R_MAU,
                     "Phần nội dung văn bản phải kết thúc bằng dấu «./.».", block.where)

    def addressees(self) -> None:
        found = self.elements
        if found.addressee is None:
            return
        block = self.blocks[found.addressee]
        text = block.stripped
        match = re.match(r"^Kính gửi(\s*:)?\s*(.*)$", text)
        if not match:
            self.add(KINH_GUI, _quote(text), "«Kính gửi:»", R_NOI_NHAN, "Phải ghi đúng «Kính gửi:».", block.where)
            return
        if not match.group(1):
            self.add(KINH_GUI, _quote(text), "«Kính gửi:» (có dấu hai chấm)", R_NOI_NHAN,
                     "Sau «Kính gửi» phải có dấu hai chấm.", block.where)
        self.style(found.addressee, KINH_GUI, R_NOI_NHAN, sizes=(13, 14))
        same_line = match.group(2).strip()
        if same_line:
            if found.addressees:
                self.add(KINH_GUI, "một nơi nhận trên dòng «Kính gửi» và thêm các dòng gạch đầu dòng",
                         "một nơi: cùng dòng; nhiều nơi: mỗi nơi một dòng «- …;»", R_NOI_NHAN,
                         "Gửi nhiều nơi thì «Kính gửi:» đứng riêng, mỗi nơi một dòng có gạch đầu dòng.", block.where)
            elif not same_line.endswith("."):
                self.add(KINH_GUI, f"{_quote(same_line)} {_ending(same_line)}", "kết thúc bằng dấu chấm (.)",
                         R_NOI_NHAN,
                         "Gửi một nơi thì tên nơi nhận viết cùng dòng với «Kính gửi:» và kết thúc bằng dấu chấm.",
                         block.where)
            return
        if not found.addressees:
            self.add(KINH_GUI, "«Kính gửi:» không có nơi nhận", "tên cơ quan, đơn vị được gửi", R_NOI_NHAN,
                     "Sau «Kính gửi:» phải ghi tên cơ quan, tổ chức, cá nhân nhận văn bản.", block.where)
            return
        items = found.addressees
        if len(items) == 1:
            item = self.blocks[items[0]]
            self.add(KINH_GUI, "một nơi nhận viết xuống dòng", f"«Kính gửi: {item.stripped.lstrip(DASHES + ' ')}»",
                     R_NOI_NHAN, "Gửi một nơi thì tên nơi nhận viết cùng dòng với «Kính gửi:».", item.where,
                     WARNING)
        for position, index in enumerate(items):
            item = self.blocks[index]
            text = item.stripped
            if not text.startswith("- "):
                self.add(KINH_GUI, _quote(text), "bắt đầu bằng gạch đầu dòng «- »", R_NOI_NHAN,
                         "Mỗi nơi được gửi bắt đầu bằng gạch đầu dòng (-) và một khoảng trắng.", item.where)
            self.style(index, KINH_GUI, R_NOI_NHAN, sizes=(13, 14))
            last = position == len(items) - 1
            wanted = "." if last else ";"
            if not text.endswith(wanted):
                self.add(KINH_GUI, f"{_quote(text)} {_ending(text)}", f"kết thúc bằng «{wanted}»",
                         R_NOI_NHAN, "Dòng cuối cùng của Kính gửi phải kết thúc bằng dấu chấm (.)." if last else
                         "Mỗi dòng Kính gửi (trừ dòng cuối) phải kết thúc bằng dấu chấm phẩy (;).", item.where)
        self._dash_alignment(block, [self.blocks[index] for index in items])

    def _dash_alignment(self, label: Block, items: list[Block]) -> None:
        """The recipients' dashes stand under the colon of "Kính gửi:" (a warning: hard to measure exactly)."""
        from ..core.metrics import text_width_mm

        size = next((span.size for span in label.spans if span.size), 14.0)
        offset = text_width_mm("Kính gửi", size)
        if label.x0 is not None:
            colon = label.x0 + offset
            starts = [item.x0 for item in items if item.x0 is not None]
        elif label.align == "left" and all(item.align in ("left", "both") for item in items):
            colon = label.indent_left_mm + offset
            starts = [item.indent_left_mm for item in items]
        else:
            return
        if starts and any(abs(start - colon) > 3 for start in starts):
            self.add(KINH_GUI, "gạch đầu dòng không thẳng dưới dấu hai chấm", "các gạch đầu dòng thẳng hàng dưới "
                     "dấu hai chấm của «Kính gửi:»", R_NOI_NHAN,
                     "Các gạch đầu dòng của Kính gửi nên thẳng hàng với nhau, dưới dấu hai chấm.", items[0].where,
                     WARNING)

    def recipients(self) -> None:
        found = self.elements
        if found.recipients_label is None:
            self.add(NOI_NHAN, "không có", "«Nơi nhận:» và các nơi nhận, dòng cuối «- Lưu: VT, ….»", R_NOI_NHAN,
                     "Văn bản thiếu phần Nơi nhận.")
            return
        label = self.blocks[found.recipients_label]
        if label.stripped != "Nơi nhận:":
            self.add(NOI_NHAN, _quote(label.stripped), "«Nơi nhận:»", R_NOI_NHAN,
                     "Phải ghi «Nơi nhận:» (chữ in thường, sau có dấu hai chấm) trên một dòng riêng.", label.where)
        self.style(found.recipients_label, NOI_NHAN, R_NOI_NHAN, sizes=(12, 12), bold=True, italic=True,
                   name="Chữ «Nơi nhận:»")
        items = found.recipients
        if not items:
            self.add(NOI_NHAN, "không có nơi nhận nào", "các nơi nhận, dòng cuối «- Lưu: VT, ….»", R_NOI_NHAN,
                     "Dưới «Nơi nhận:» phải liệt kê các nơi nhận và dòng «- Lưu: VT, …».", label.where)
            return
        archive = re.compile(r"^-?\s*Lưu\b", re.IGNORECASE)
        for position, index in enumerate(items):
            block = self.blocks[index]
            text = block.stripped
            last = position == len(items) - 1
            if not text.startswith("- "):
                self.add(NOI_NHAN, _quote(text), "bắt đầu bằng gạch đầu dòng «- » sát lề trái", R_NOI_NHAN,
                         "Mỗi nơi nhận bắt đầu bằng gạch đầu dòng (-) và một khoảng trắng.", block.where)
            self.style(index, NOI_NHAN, R_NOI_NHAN, sizes=(11, 11), bold=False, italic=False,
                       name="Các dòng nơi nhận")
            if not last and not text.endswith(";"):
                self.add(NOI_NHAN, f"{_quote(text)} {_ending(text)}", "kết thúc bằng «;»", R_NOI_NHAN,
                         "Mỗi nơi nhận (trừ dòng cuối) phải kết thúc bằng dấu chấm phẩy (;).", block.where)
        last_block = self.blocks[items[-1]]
        last_text = last_block.stripped
        archive_items = [index for index in items if archive.match(self.text(index))]
        if not archive_items:
            self.add(NOI_NHAN, f"dòng cuối {_quote(last_text)}", "dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»",
                     R_NOI_NHAN, "Nơi nhận thiếu dòng «- Lưu: VT, …» (lưu tại Văn thư và đơn vị soạn thảo).",
                     last_block.where)
        else:
            if archive_items[-1] != items[-1]:
                self.add(NOI_NHAN, f"dòng cuối {_quote(last_text)}", "dòng cuối là «- Lưu: VT, ….»", R_NOI_NHAN,
                         "Dòng «- Lưu: VT, …» phải là dòng cuối cùng của Nơi nhận.",
                         self.blocks[archive_items[-1]].where)
            archive_text = self.text(archive_items[-1])
            if not re.match(r"^-\s*Lưu\s*:\s*VT\b", archive_text):
                self.add(NOI_NHAN, _quote(archive_text), "«- Lưu: VT, <đơn vị soạn thảo>.»", R_NOI_NHAN,
                         "Dòng lưu phải ghi «Lưu:» (có dấu hai chấm), tiếp theo là «VT» (Văn thư).",
                         self.blocks[archive_items[-1]].where)
        if not last_text.endswith("."):
            self.add(NOI_NHAN, f"{_quote(last_text)} {_ending(last_text)}", "kết thúc bằng dấu chấm (.)",
                     R_NOI_NHAN, "Dòng cuối cùng của Nơi nhận phải kết thúc bằng dấu chấm (.).", last_block.where)
        texts = [self.text(index).lstrip(DASHES + " ") for index in items]
        if found.addressee is not None:
            same = [position for position, text in enumerate(texts) if re.match(r"^Như trên\b", text)]
            if not same:
                self.add(NOI_NHAN, "không có «- Như trên;»", "dòng đầu «- Như trên;»", R_NOI_NHAN,
                         "Văn bản có phần Kính gửi thì Nơi nhận phải có «- Như trên;» (các nơi đã ghi ở Kính gửi).",
                         label.where)
            elif same[0] != 0:
                self.add(NOI_NHAN, "«- Như trên;» không ở dòng đầu", "dòng đầu «- Như trên;»", R_NOI_NHAN,
                         "«- Như trên;» nên là dòng đầu của Nơi nhận.", self.blocks[items[same[0]]].where, WARNING)
        if found.kind == "quyet-dinh" and found.articles:
            numbers = {}
            for index in found.articles:
                match = re.match(r"^\S+\s*(\d+)", self.text(index))
                if match:
                    numbers[int(match.group(1))] = index
            executing = [number for number, index in numbers.items() if "thi hành" in self.text(index)]
            cited = [(position, int(match.group(1))) for position, text in enumerate(texts)
                     if (match := re.match(r"^Như (?:Điều|điều)\s*(\d+)", text))]
            for position, number in cited:
                if number not in numbers:
                    self.add(NOI_NHAN, f"«Như Điều {number}»", "điều có trong quyết định", R_NOI_NHAN,
                             f"Nơi nhận ghi «Như Điều {number}» nhưng quyết định không có Điều {number}.",
                             self.blocks[items[position]].where)
                elif executing and number != executing[-1]:
                    self.add(NOI_NHAN, f"«Như Điều {number}»", f"«Như Điều {executing[-1]}»", R_NOI_NHAN,
                             f"Điều giao trách nhiệm thi hành là Điều {executing[-1]}, Nơi nhận phải ghi "
                             f"«Như Điều {executing[-1]}».", self.blocks[items[position]].where)
            if executing and not cited and not any(text.startswith("Như trên") for text in texts):
                self.add(NOI_NHAN, "không có «- Như Điều …;»", f"«- Như Điều {executing[-1]};»", R_NOI_NHAN,
                         f"Quyết định giao thi hành tại Điều {executing[-1]}: Nơi nhận phải có "
                         f"«- Như Điều {executing[-1]};».", label.where)

    def signer(self) -> None:
        found = self.elements
        titles = found.signer
        if not titles:
            self.add(CHUC_VU, "không có", "quyền hạn và chức vụ người ký, chữ in hoa, đậm", R_KY,
                     "Không tìm thấy quyền hạn, chức vụ của người ký.")
        else:
            for index in titles:
                self.style(index, CHUC_VU, R_KY, sizes=(13, 14), bold=True, italic=False, upper=True)
            first = self.text(titles[0])
            token = first.split()[0] if first.split() else ""
            rest_of_first = first[len(token):].strip()
            prefix = None
            if token in PREFIXES:
                prefix = token
            elif _PREFIX_LIKE.match(token) or re.match(r"^(THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA ỦY QUYỀN|QUYỀN)\b",
                                                       first.upper()):
                self.add(CHUC_VU, _quote(first), "TM., KT., Q., TL. hoặc TUQ. (in hoa, có dấu chấm)", R_KY,
                         "Quyền hạn của người ký viết tắt đúng một trong: TM., KT., Q., TL., TUQ.",
                         self.blocks[titles[0]].where)
                prefix = "?"
            lines = [rest_of_first] if prefix else [first]
            lines += [self.text(index) for index in titles[1:]]
            if prefix in ("TM.", "KT.", "TL.", "TUQ.") and len(titles) < 2:
                self.add(CHUC_VU, _quote(first), f"«{prefix} …» rồi dòng chức vụ của người ký", R_KY,
                         f"Sau «{prefix} …» phải có dòng chức vụ của người ký.", self.blocks[titles[0]].where)
            if prefix == "KT." and len(titles) >= 2:
                deputy = loose(self.text(titles[1]))
                if not (deputy.startswith("PHO ") or deputy.startswith("THU TRUONG") or deputy.startswith("KT.")):
                    self.add(CHUC_VU, _quote(self.text(titles[1])), "chức vụ cấp phó (PHÓ …, THỨ TRƯỞNG)", R_KY,
                             "Ký thay (KT.) thì dòng dưới là chức vụ của cấp phó ký thay.",
                             self.blocks[titles[1]].where, WARNING)
            for line, index in zip(lines, titles, strict=False):
                key = loose(line)
                key = re.sub(r"^(TM|KT|Q|TL|TUQ)\.\s*", "", key)
                if key and not key.startswith(TITLE_STARTS) and not key.endswith("TRUONG"):
                    self.add(CHUC_VU, _quote(line), "chức vụ hoặc tên tập thể lãnh đạo (CHỦ TỊCH, GIÁM ĐỐC…)", R_KY,
                             "Không nhận ra chức vụ của người ký; hãy kiểm tra lại.", self.blocks[index].where,
                             WARNING)
            if prefix == "TM." and found.authority and loose(self.text(found.authority[0])).startswith("CHU TICH"):
                self.add(CHUC_VU, _quote(first), "«CHỦ TỊCH» hoặc «KT. CHỦ TỊCH» (thẩm quyền của Chủ tịch)",
                         "Điều 13; Phụ lục I, mục II.7",
                         "Thẩm quyền ghi là Chủ tịch nhưng người ký lại ký thay mặt tập thể (TM.).",
                         self.blocks[titles[0]].where, WARNING)
        if found.signer_name is None:
            self.add(HO_TEN, "không có", "họ và tên người ký, chữ in thường, đậm", R_KY,
                     "Không tìm thấy họ tên người ký.")
            return
        index = found.signer_name
        self.style(index, HO_TEN, R_KY, sizes=(13, 14), bold=True, italic=False)
        name = self.text(index)
        if re.match(r"^(TS|ThS|PGS|GS|KS|BS|CN|Ths)\.?\s", name):
            self.add(HO_TEN, _quote(name), "chỉ họ và tên, không ghi học hàm, học vị", R_KY,
                     "Trước họ tên người ký không ghi học hàm, học vị.", self.blocks[index].where)
        elif not is_name(name):
            self.add(HO_TEN, _quote(name), "họ và tên, chữ đầu mỗi tiếng viết hoa", R_KY,
                     "Họ tên người ký viết chữ in thường, chữ đầu mỗi tiếng viết hoa.", self.blocks[index].where,
                     WARNING)

    def signature_place(self) -> None:
        found = self.elements
        if not found.signer:
            return
        first = self.blocks[found.signer[0]]
        if self.layout.fmt == "pdf":
            end = self.blocks[found.content_end] if found.content_end is not None else None
            if end is not None and end.last_page is not None and first.page is not None and end.last_page < first.page:
                self.add(CHU_KY, f"khối chữ ký ở đầu trang {first.page}, không có nội dung đi kèm",
                         "khối chữ ký cùng trang với đoạn cuối của nội dung", R_THUC_TIEN,
                         "Khối chữ ký bị tách riêng sang trang sau; phải đi cùng ít nhất đoạn cuối của nội dung.",
                         first.where)
            if found.signer_name is not None:
                name = self.blocks[found.signer_name]
                if name.page != first.page:
                    self.add(CHU_KY, f"chức vụ ở trang {first.page}, họ tên ở trang {name.page}",
                             "chức vụ, chữ ký và họ tên trên cùng một trang", R_THUC_TIEN,
                             "Chức vụ và họ tên người ký bị tách sang hai trang.", name.where)
            if found.recipients_label is not None:
                label = self.blocks[found.recipients_label]
                if label.page != first.page:
                    self.add(NOI_NHAN, f"«Nơi nhận:» ở trang {label.page}, chức vụ người ký ở trang {first.page}",
                             "«Nơi nhận:» ngang hàng với dòng quyền hạn, chức vụ", R_NOI_NHAN,
                             "«Nơi nhận:» phải ngang hàng với dòng quyền hạn, chức vụ của người ký.", label.where,
                             WARNING)
            return
        # DOCX: Word decides the pages; the file can only ask it to keep things together, and may remember where
        # Word broke the pages the last time it laid the document out.
        starts = [first] + ([self.blocks[found.recipients_label]] if found.recipients_label is not None else [])
        if any(block.rendered_break for block in starts):
            self.add(CHU_KY, "khối chữ ký ở đầu một trang mới (theo lần Word dàn trang gần nhất)",
                     "khối chữ ký cùng trang với đoạn cuối của nội dung", R_THUC_TIEN,
                     "Lần lưu gần nhất, Word đặt khối chữ ký riêng ở đầu trang sau; hãy kéo theo ít nhất đoạn cuối "
                     "của nội dung.", first.where, WARNING)
        kept = first.cant_split_row or all(self.blocks[index].keep_next for index in found.signer)
        end = self.blocks[found.content_end] if found.content_end is not None else None
        if end is not None and not end.keep_next and not kept:
            self.add(CHU_KY, "không có thiết lập giữ khối chữ ký với đoạn trước",
                     "khối chữ ký không đứng riêng một trang", R_THUC_TIEN,
                     "Nên đặt «Keep with next» cho đoạn cuối và «không ngắt dòng bảng» cho khối chữ ký để chữ ký "
                     "không bị tách riêng sang trang sau.", first.where, WARNING)
        elif end is not None and not end.keep_next:
            self.add(CHU_KY, "đoạn cuối của nội dung không «Keep with next»",
                     "đoạn cuối đi cùng trang với khối chữ ký", R_THUC_TIEN,
                     "Nên đặt «Keep with next» cho đoạn cuối của nội dung để khối chữ ký không đứng riêng một trang.",
                     end.where, WARNING)

    def annexes(self) -> None:
        found = self.elements
        if not found.annexes:
            return
        mentioned = any("kèm theo" in self.text(index).lower() for index in found.body + found.articles)
        if not mentioned:
            self.add(PHU_LUC, "nội dung không nhắc đến phụ lục", "chỉ dẫn về phụ lục trong nội dung", R_PHU_LUC,
                     "Văn bản có phụ lục thì nội dung phải có chỉ dẫn về phụ lục (ví dụ «có danh sách kèm theo»).",
                     self.blocks[found.annexes[0].start].where, WARNING)
        main_number = self._number_value()
        for annex in found.annexes:
            start = self.blocks[annex.start]
            if not start.new_page:
                self.add(PHU_LUC, f"phụ lục bắt đầu giữa trang: {_quote(start.stripped)}", "phụ lục bắt đầu trang mới",
                         R_PHU_LUC, "Phụ lục phải bắt đầu ở một trang mới (chèn ngắt trang hoặc ngắt phần trước nó).",
                         start.where)
            if annex.number_line is not None:
                self.style(annex.number_line, PHU_LUC, R_PHU_LUC, sizes=(13, 14), bold=True,
                           name="Dòng «Phụ lục …»")
            for index in annex.title:
                self.style(index, PHU_LUC, R_PHU_LUC, sizes=(13, 14), bold=True, upper=True, name="Tên phụ lục")
            if annex.attached is None:
                self.add(PHU_LUC, "không có dòng «(Kèm theo …)»", "«(Kèm theo Quyết định số … ngày … của …)»",
                         R_PHU_LUC, "Dưới tên phụ lục phải ghi phụ lục kèm theo văn bản nào (số, ngày, cơ quan).",
                         start.where)
                continue
            index = annex.attached
            block = self.blocks[index]
            text = block.stripped
            self.style(index, PHU_LUC, R_PHU_LUC, sizes=(13, 14), italic=True, name="Dòng «(Kèm theo …)»")
            if not (text.startswith("(") and text.endswith(")")):
                self.add(PHU_LUC, _quote(text), "«(Kèm theo …)» trong ngoặc đơn", R_PHU_LUC,
                         "Dòng «Kèm theo …» của phụ lục đặt trong ngoặc đơn.", block.where)
            cited = re.search(r"\bsố\s+(\d+)\s*/\s*(\S+)", text)
            if cited and main_number is not None and int(cited.group(1)) != main_number:
                self.add(PHU_LUC, f"kèm theo văn bản số {cited.group(1)}", f"số {main_number:02d} (số của văn bản)",
                         R_PHU_LUC, "Số văn bản ghi ở dòng «Kèm theo» khác với số của văn bản.", block.where)
            if not rules_under(self.layout, [index]):
                self.add(PHU_LUC, "không có đường kẻ dưới dòng «(Kèm theo …)»", "một đường kẻ ngắn, nét liền",
                         R_THUC_TIEN, "Dưới dòng «(Kèm theo …)» thường có một đường kẻ ngắn.", block.where, WARNING)

    def _number_value(self) -> int | None:
        if self.elements.number is None:
            return None
        match = re.search(r":\s*(\d+)\s*/", self.text(self.elements.number))
        return int(match.group(1)) if match else None

    def dates_in_text(self) -> None:
        """Dates written in full elsewhere (căn cứ, nội dung, phụ lục) follow the same zero-padding rule."""
        found = self.elements
        names = {index: CAN_CU for index in found.citations}
        for annex in found.annexes:
            if annex.attached is not None:
                names[annex.attached] = PHU_LUC
        for index, block in enumerate(self.blocks):
            if index == found.date or block.column == "grid":
                continue
            element = names.get(index, NOI_DUNG)
            for match in _DATE.finditer(block.stripped):
                self._check_date_numbers(match.group(1), match.group(2), element, block, R_NGAY)


def check_layout(layout: Layout) -> list[Finding]:
    """Every finding for one file, errors first, in reading order within each severity."""
    findings = Checker(layout).run()
    unique: list[Finding] = []
    for finding in findings:
        if finding not in unique:
            unique.append(finding)
    return sorted(unique, key=lambda finding: 0 if finding.is_error else 1)

