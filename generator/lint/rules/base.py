"""Turn a layout into the shared ground of every rule module: element names, references, helpers, the base checker.

References name the decree's text: Phụ lục I (thể thức và kỹ thuật trình bày), mục I (quy định chung: khổ giấy,
lề, phông chữ, số trang), mục II (the nine main elements, II.1 Quốc hiệu … II.9 Nơi nhận), mục III.1 (phụ lục);
Phụ lục III (chữ viết tắt tên loại, mẫu trình bày). A rule the decree does not state but practice does is marked
"thực tiễn văn thư" and is at most a warning.
"""

from __future__ import annotations

import re

from ..elements import Elements, find_elements, is_upper
from ..model import ERROR, WARNING, Finding, Layout, Span
from ..widths import text_width_mm

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

# References: the exact place in the decree. Phụ lục I, Phần I is the format of administrative documents (Phần II is
# about copies): mục I general rules (khoản 1 paper … khoản 7 page numbers), mục II the elements (khoản 1 Quốc hiệu …
# khoản 9 Nơi nhận), mục III other elements (khoản 1 annexes). Phụ lục III: abbreviations (mục I) and model forms.
_P1 = "Phụ lục I, Phần I"
R_A4 = f"{_P1}, mục I, khoản 1"
R_HUONG = f"{_P1}, mục I, khoản 2"
R_LE = f"{_P1}, mục I, khoản 3"
R_PHONG = f"{_P1}, mục I, khoản 4"
R_TRANG = f"{_P1}, mục I, khoản 7"
R_QH = f"{_P1}, mục II, khoản 1"
R_CQ = f"{_P1}, mục II, khoản 2"
R_SO = f"{_P1}, mục II, khoản 3"
R_VIET_TAT = "Phụ lục III, mục I"
R_NGAY = f"{_P1}, mục II, khoản 4"
R_TEN_LOAI = f"{_P1}, mục II, khoản 5"
R_NOI_DUNG = f"{_P1}, mục II, khoản 6"
R_KY = f"{_P1}, mục II, khoản 7"
R_NOI_NHAN = f"{_P1}, mục II, khoản 9"
R_PHU_LUC = f"{_P1}, mục III, khoản 1"
R_MAU_QD = "Phụ lục III, Mẫu 1.2 (quyết định cá biệt)"
R_MAU_CV = "Phụ lục III, Mẫu 1.5 (công văn)"
R_MAU_VB = "Phụ lục III, Mẫu 1.4 (văn bản có tên loại)"
R_MAU = R_MAU_QD
R_THUC_TIEN = "Thực tiễn văn thư"
MODEL_FORMS = {"quyet-dinh": R_MAU_QD, "cong-van": R_MAU_CV}

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
# Fonts with Times New Roman's metrics that PDFs embed in its place (name prefix, without spaces, lower case -> name).
TIMES_STAND_INS = {"liberationserif": "Liberation Serif", "tinos": "Tinos", "nimbusrom": "Nimbus Roman",
                   "texgyretermes": "TeX Gyre Termes", "vanbanserif": "VanBan Serif (Liberation Serif)",
                   "times": "Times (không phải Times New Roman)"}
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


class CheckerBase:
    """One layout, its named elements and the findings so far; every rule module adds to ``findings`` with ``add``."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.blocks = layout.blocks
        self.elements: Elements = find_elements(layout)
        self.findings: list[Finding] = []

    # -- helpers

    def add(self, element: str, found: str, required: str, rule: str, message: str, where: str = "",
            severity: str = ERROR) -> None:
        if rule == R_THUC_TIEN:
            # Office practice, not the decree's words: never more than a warning, and it says so.
            severity = WARNING
            if "thực tiễn văn thư" not in message.lower():
                message = f"{message} (thực tiễn văn thư)"
        self.findings.append(Finding(element, found, required, rule, severity, message, where))

    def text(self, index: int) -> str:
        return self.blocks[index].stripped

    def model_form(self) -> str:
        """The model form of Phụ lục III this kind of document follows."""
        return MODEL_FORMS.get(self.elements.kind, R_MAU_VB)

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
