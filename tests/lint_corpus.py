"""Turn a description of how a clerk typed a document into a correct DOCX: the format checker's precision corpus.

Each ``Typed`` names one way of writing an ND30 document in Word: the header as a borderless table or with tab stops,
rules as paragraph borders or drawn lines, one- or two-level issuer names (wrapped or not), central and local issuers,
decisions with and without an annex, dispatches to one or three addressees, the signature as a table or tabs, a line
under the signature, a one-page document without page numbers. Every document built here is correct: the checker must
not report an error on any of them (warnings are allowed and counted).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from generator.core.metrics import text_width_mm

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
LEFT_MM, RIGHT_MM = 62.0, 103.0  # header and signature columns of a 165 mm text width


@dataclass(frozen=True)
class Issuer:
    parent: tuple[str, ...]  # chủ quản lines (not bold), empty for a one-level header
    name: tuple[str, ...]  # issuer lines (bold); one string that is long wraps in its cell
    symbol: str  # ký hiệu after the type abbreviation, e.g. "UBND" or "TTg"
    place: str
    authority: str  # thẩm quyền line of a decision
    signer: tuple[str, ...]  # title lines, e.g. ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    person: str
    unit: str = "VP"  # drafting unit in "Lưu: VT, …"


ISSUERS = {
    "xa": Issuer((), ("ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"), "UBND", "Hòa Bình",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "Nguyễn Văn An", "VHXH"),
    "huyen-mot-dong": Issuer((), ("ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH",), "UBND", "Sơn Tịnh",
                             "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH", ("CHỦ TỊCH",), "Trần Minh Đức"),
    "ttg": Issuer((), ("THỦ TƯỚNG CHÍNH PHỦ",), "TTg", "Hà Nội", "THỦ TƯỚNG CHÍNH PHỦ", ("THỦ TƯỚNG",),
                  "Phạm Minh Hòa", "TĐKT"),
    "bo": Issuer((), ("BỘ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"), "BVHTTDL", "Hà Nội",
                 "BỘ TRƯỞNG BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), "Lê Thanh Bình", "TĐKT"),
    "so": Issuer(("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",), ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",), "SVHTTDL", "Quảng Ngãi",
                 "GIÁM ĐỐC SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", ("GIÁM ĐỐC",), "Võ Thị Lan", "VP"),
    "cuc": Issuer(("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",), ("CỤC TRỒNG TRỌT",), "TT", "Hà Nội",
                  "CỤC TRƯỞNG CỤC TRỒNG TRỌT", ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"), "Đỗ Văn Hải", "VP"),
    "truong": Issuer(("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",), ("TRƯỜNG TIỂU HỌC KIM ĐỒNG",), "THKĐ", "Tư Nghĩa",
                     "HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC KIM ĐỒNG", ("HIỆU TRƯỞNG",), "Huỳnh Thị Mai", "VP"),
    "tinh": Issuer((), ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"), "UBND", "Quảng Ngãi",
                   "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Hoàng Sơn", "KGVX"),
}


@dataclass(frozen=True)
class Typed:
    """One way of typing a correct document."""

    issuer: str = "xa"
    kind: str = "qd"  # "qd" (decision) or "cv" (dispatch)
    header: str = "table"  # "table" or "tabs"
    rules: str = "border"  # "border" (paragraph border) or "shape" (a drawn line)
    signature: str = "table"  # "table" or "tabs"
    annex: bool = False
    addressees: int = 3  # dispatch: 1 (on the Kính gửi line) or 3
    under_signature: str = ""  # a line typed under the signer's name (phone number, address)
    one_page: bool = False  # short and without any page number
    body_dates: bool = False  # dates in the căn cứ and body without a leading zero (practice, not the decree)
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def name(self) -> str:
        parts = [self.kind, self.issuer, self.header, self.rules, f"ky-{self.signature}"]
        if self.kind == "qd" and self.annex:
            parts.append("phu-luc")
        if self.kind == "cv":
            parts.append(f"{self.addressees}-noi")
        if self.under_signature:
            parts.append("dong-duoi-chu-ky")
        if self.one_page:
            parts.append("mot-trang")
        if self.body_dates:
            parts.append("ngay-khong-so-0")
        return "-".join(parts)


def corpus() -> list[Typed]:
    """At least forty correct documents, each typed a different way."""
    found: list[Typed] = []
    styles = [("table", "border", "table"), ("tabs", "shape", "tabs"), ("table", "shape", "tabs"),
              ("tabs", "shape", "table"), ("table", "border", "tabs")]
    for number, issuer in enumerate(ISSUERS):
        one_line_names = all(text_width_mm(line, 13, bold=True) <= LEFT_MM - 8
                             for line in ISSUERS[issuer].name + ISSUERS[issuer].parent)
        for shape, (kind, annex, addressees) in enumerate((("qd", True, 0), ("qd", False, 0), ("cv", False, 1),
                                                           ("cv", False, 3))):
            header, rules, signature = styles[(number + shape) % len(styles)]
            if header == "tabs" and not one_line_names:
                header = "table"  # a name wider than its column cannot be typed with tabs: it would run into the
                # Quốc hiệu
            found.append(Typed(issuer, kind, header, rules, signature, annex, addressees))
    found.append(Typed("xa", "qd", annex=True, under_signature="Điện thoại: 0255.3822.123"))
    found.append(Typed("so", "cv", under_signature="Địa chỉ: 125 Hùng Vương, thành phố Quảng Ngãi"))
    found.append(Typed("huyen-mot-dong", "cv", signature="tabs", under_signature="Điện thoại: 0255.3845.678"))
    found.append(Typed("xa", "cv", addressees=1, one_page=True))
    found.append(Typed("truong", "qd", one_page=True))
    found.append(Typed("ttg", "qd", annex=True, body_dates=True))
    found.append(Typed("tinh", "cv", header="tabs", rules="shape", body_dates=True))
    found.append(Typed("xa", "cv", header="tabs", rules="shape", signature="tabs", addressees=1))
    found.append(Typed("bo", "qd", header="tabs", rules="shape", annex=True))
    found.append(Typed("cuc", "qd", annex=True, signature="tabs", body_dates=True))
    return found


# ------------------------------------------------------------------------------------------------- building


class _Builder:
    def __init__(self, typed: Typed) -> None:
        self.typed = typed
        self.issuer = ISSUERS[typed.issuer]
        self.document = docx.Document()
        normal = self.document.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        fonts = normal.element.rPr.rFonts
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), "Times New Roman")
        for name in ("Header", "Table Grid"):
            self.document.styles[name].font.name = "Times New Roman"
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        if not typed.one_page:
            section.different_first_page_header_footer = True
            self._page_number(section)
        self.shape_id = 10

    # -- pieces

    @staticmethod
    def _page_number(section) -> None:  # noqa: ANN001 - a python-docx section
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "28")
        properties.append(size)
        run.append(properties)
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        simple.append(run)
        header._p.append(simple)

    def line(self, container, content: str = "", *, size: float = 14, bold: bool = False,  # noqa: ANN001
             italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, body: bool = False):  # noqa: ANN001
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        if body:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_after = Pt(6)
            paragraph.paragraph_format.line_spacing = 1.15
        if content:
            run = paragraph.add_run(content)
            run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        return paragraph

    def shape_rule(self, paragraph, width_mm: float, left_mm: float, *, relative: str = "column",  # noqa: ANN001
                   down_mm: float = 0.0) -> None:
        emu = lambda mm: str(round(mm * 36000))  # noqa: E731
        self.shape_id += 1
        xml = (
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
            '<wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0" simplePos="0" locked="0" '
            'layoutInCell="1" allowOverlap="1" relativeHeight="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="{relative}"><wp:posOffset>{emu(left_mm)}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{emu(down_mm)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{emu(width_mm)}" cy="0"/><wp:wrapNone/><wp:docPr id="{self.shape_id}" name="Line"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu(width_mm)}" cy="0"/>'
            '</a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
            '<a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData>'
            '</a:graphic></wp:anchor></w:drawing></w:r>')
        paragraph._p.append(etree.fromstring(xml))

    def rule(self, container, width_mm: float, inner_mm: float, *, offset_mm: float = 0.0) -> None:  # noqa: ANN001
        """A rule ``width_mm`` long centred in ``inner_mm`` (starting ``offset_mm`` from the column's left)."""
        if self.typed.rules == "shape":
            self.shape_rule(self.line(container, "", size=2), width_mm, offset_mm + (inner_mm - width_mm) / 2)
            return
        rule = self.line(container, "", size=2)
        rule.paragraph_format.left_indent = Mm(offset_mm + (inner_mm - width_mm) / 2)
        rule.paragraph_format.right_indent = Mm(inner_mm - width_mm - (inner_mm - width_mm) / 2)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        rule._p.get_or_add_pPr().append(borders)

    def table(self, rows: int, widths: tuple[float, ...]):  # noqa: ANN201 - a python-docx table
        table = self.document.add_table(rows=rows, cols=len(widths))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
        return table

    @staticmethod
    def tidy(table) -> None:  # noqa: ANN001
        for cell in table._cells:
            if not cell.paragraphs[0].text and len(cell.paragraphs) > 1 and not cell.paragraphs[0]._p.xpath(
                    ".//w:drawing"):
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)

    # -- parts

    def header(self) -> None:
        typed, issuer = self.typed, self.issuer
        type_code = "QĐ-" if typed.kind == "qd" else ""
        number = f"Số: {'05' if typed.kind == 'qd' else '123'}/{type_code}{issuer.symbol}"
        if typed.kind == "cv":
            number = f"Số: 123/{issuer.symbol}-{issuer.unit}"
        date = f"{issuer.place}, ngày 05 tháng 02 năm 2026"
        tieu_ngu_mm = text_width_mm(TIEU_NGU, 14, bold=True)
        longest = max(text_width_mm(line, 13, bold=True) for line in issuer.name)
        issuer_mm = min(longest, LEFT_MM - 4) * 0.4
        cell_inner = 2 * 108 / 1440 * 25.4
        if typed.header == "table":
            table = self.table(2, (LEFT_MM, RIGHT_MM))
            left, right = table.cell(0, 0), table.cell(0, 1)
            for line in issuer.parent:
                self.line(left, line, size=13)
            for line in issuer.name:
                self.line(left, line, size=13, bold=True)
            self.rule(left, issuer_mm, LEFT_MM - cell_inner)
            self.line(right, QUOC_HIEU, size=13, bold=True)
            self.line(right, TIEU_NGU, size=14, bold=True)
            self.rule(right, tieu_ngu_mm, RIGHT_MM - cell_inner)
            self.line(table.cell(1, 0), number, size=13)
            if typed.kind == "cv":
                self.line(table.cell(1, 0), "V/v gửi quyết định khen thưởng năm 2025", size=12)
            self.line(table.cell(1, 1), date, italic=True)
            self.tidy(table)
        else:
            left_centre, right_centre = LEFT_MM / 2, LEFT_MM + RIGHT_MM / 2
            rows = [(line, 13, False, None, 13, False) for line in issuer.parent]
            names = list(issuer.name)
            pairs = [QUOC_HIEU, TIEU_NGU]
            # The Quốc hiệu stands beside the first line of the header, the Tiêu ngữ beside the second.
            left_lines = [(line, False) for line in issuer.parent] + [(line, True) for line in names]
            rows = []
            for position in range(max(len(left_lines), 2)):
                left_text, left_bold = left_lines[position] if position < len(left_lines) else ("", True)
                right_text = pairs[position] if position < 2 else ""
                rows.append((left_text, left_bold, right_text, 13 if position == 0 else 14))
            for left_text, left_bold, right_text, right_size in rows:
                paragraph = self.line(self.document, "", align=WD_ALIGN_PARAGRAPH.LEFT)
                stops = paragraph.paragraph_format.tab_stops
                stops.add_tab_stop(Mm(left_centre), WD_TAB_ALIGNMENT.CENTER)
                stops.add_tab_stop(Mm(right_centre), WD_TAB_ALIGNMENT.CENTER)
                paragraph.add_run().add_tab()
                if left_text:
                    run = paragraph.add_run(left_text)
                    run.font.size, run.font.bold = Pt(13), left_bold
                if right_text:
                    paragraph.add_run().add_tab()
                    run = paragraph.add_run(right_text)
                    run.font.size, run.font.bold = Pt(right_size), True
            rules = self.line(self.document, "", size=2)
            self.shape_rule(rules, issuer_mm, left_centre - issuer_mm / 2, relative="margin")
            self.shape_rule(rules, tieu_ngu_mm, right_centre - tieu_ngu_mm / 2, relative="margin")
            paragraph = self.line(self.document, "", align=WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(left_centre), WD_TAB_ALIGNMENT.CENTER)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(right_centre), WD_TAB_ALIGNMENT.CENTER)
            paragraph.add_run().add_tab()
            paragraph.add_run(number).font.size = Pt(13)
            paragraph.add_run().add_tab()
            paragraph.add_run(date).font.italic = True
            if typed.kind == "cv":
                subject = self.line(self.document, "", align=WD_ALIGN_PARAGRAPH.LEFT)
                subject.paragraph_format.tab_stops.add_tab_stop(Mm(left_centre), WD_TAB_ALIGNMENT.CENTER)
                subject.add_run().add_tab()
                subject.add_run("V/v gửi quyết định khen thưởng").font.size = Pt(12)
        self.line(self.document, "")

    def decision(self) -> None:
        typed, issuer = self.typed, self.issuer
        self.line(self.document, "QUYẾT ĐỊNH", bold=True)
        subject = "Về việc tặng Giấy khen năm 2025"
        self.line(self.document, subject, bold=True)
        self.rule(self.document, text_width_mm(subject, 14, bold=True) * 0.4, 165)
        self.line(self.document, "")
        self.line(self.document, issuer.authority, bold=True)
        self.line(self.document, "")
        day = "5 tháng 3 năm 2024" if typed.body_dates else "15 tháng 6 năm 2022"
        citations = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                     f"Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
                     f"thi hành một số điều của Luật Thi đua, khen thưởng, sửa đổi ngày {day};",
                     "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH ngày 20 tháng 01 "
                     "năm 2026."]
        for text in citations:
            self.line(self.document, text, italic=True, body=True)
        self.line(self.document, "")
        self.line(self.document, "QUYẾT ĐỊNH:", bold=True)
        self.line(self.document, "")
        attached = " (có danh sách kèm theo)" if typed.annex else ": ông Trần Văn Ổn, bác sĩ Trạm Y tế"
        articles = [f"Tặng Giấy khen cho 02 cá nhân đã có thành tích xuất sắc trong năm 2025{attached}.",
                    "Mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 710.000 đồng theo quy định.",
                    "Chánh Văn phòng, Trưởng phòng Văn hóa - Xã hội và các cá nhân có tên tại Điều 1 chịu trách "
                    "nhiệm thi hành Quyết định này./."]
        if typed.body_dates:
            articles[1] = ("Quyết định này có hiệu lực từ ngày 5 tháng 2 năm 2026; tiền thưởng mỗi cá nhân "
                           "710.000 đồng.")
        for number, text in enumerate(articles, start=1):
            paragraph = self.line(self.document, "", body=True)
            paragraph.add_run(f"Điều {number}.").font.bold = True
            paragraph.add_run(" " + text)
            paragraph.paragraph_format.keep_with_next = number == len(articles)
        recipients = ["- Như Điều 3;", "- Thường trực HĐND;", f"- Lưu: VT, {issuer.unit}."]
        self.signature(recipients)

    def dispatch(self) -> None:
        typed = self.typed
        if typed.addressees == 1:
            self.line(self.document, "Kính gửi: Ủy ban nhân dân các xã, thị trấn.")
        else:
            label = self.line(self.document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT)
            label.paragraph_format.left_indent = Mm(30)
            offset = 30 + text_width_mm("Kính gửi", 14)
            items = ["- Phòng Văn hóa - Xã hội;", "- Trạm Y tế xã;", "- Trường Tiểu học Kim Đồng."]
            for item in items:
                paragraph = self.line(self.document, item, align=WD_ALIGN_PARAGRAPH.LEFT)
                paragraph.paragraph_format.left_indent = Mm(offset)
        self.line(self.document, "")
        day = "ngày 5 tháng 2 năm 2026" if typed.body_dates else "ngày 05 tháng 02 năm 2026"
        paragraphs = [f"Thực hiện Quyết định số 05/QĐ-UBND {day} về việc tặng Giấy khen năm 2025, Văn phòng gửi "
                      "kèm theo đây các quyết định khen thưởng để các đơn vị biết và trao cho cá nhân.",
                      "Đề nghị các đơn vị tổ chức trao thưởng trang trọng, đúng thời gian quy định./."]
        if typed.one_page:
            paragraphs = paragraphs[1:]
        for text in paragraphs:
            paragraph = self.line(self.document, text, body=True)
            paragraph.paragraph_format.keep_with_next = text.endswith("./.")
        recipients = (["- Như trên;"] if not typed.one_page else ["- Như trên;"]) + \
            [f"- Lưu: VT, {self.issuer.unit}."]
        self.signature(recipients)

    def signature(self, recipients: list[str]) -> None:
        typed, issuer = self.typed, self.issuer
        self.line(self.document, "")
        lower = [""] * 3 + [issuer.person]
        if typed.signature == "table":
            table = self.table(1, (LEFT_MM, RIGHT_MM))
            row = table.rows[0]._tr
            properties = row.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))
            left, right = table.cell(0, 0), table.cell(0, 1)
            self.line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            for item in recipients:
                self.line(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
            for title in issuer.signer:
                self.line(right, title, bold=True)
            for text in lower:
                self.line(right, text, bold=bool(text))
            if typed.under_signature:
                self.line(right, "")
                self.line(right, typed.under_signature, size=12, italic=True)
            self.tidy(table)
            return
        left_lines = [("Nơi nhận:", "label")] + [(item, "item") for item in recipients]
        right_lines = list(issuer.signer)
        for position in range(max(len(left_lines), len(right_lines))):
            paragraph = self.line(self.document, "", align=WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(LEFT_MM + RIGHT_MM / 2), WD_TAB_ALIGNMENT.CENTER)
            if position < len(left_lines):
                text, look = left_lines[position]
                run = paragraph.add_run(text)
                run.font.size = Pt(12 if look == "label" else 11)
                run.font.bold = run.font.italic = look == "label"
            if position < len(right_lines):
                paragraph.add_run().add_tab()
                paragraph.add_run(right_lines[position]).font.bold = True
        for text in lower + ([""] + [typed.under_signature] if typed.under_signature else []):
            paragraph = self.line(self.document, "", align=WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.keep_with_next = text != lower[-1]
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(LEFT_MM + RIGHT_MM / 2), WD_TAB_ALIGNMENT.CENTER)
            if text:
                paragraph.add_run().add_tab()
                run = paragraph.add_run(text)
                run.font.bold = text == issuer.person
                if text == typed.under_signature:
                    run.font.size, run.font.italic = Pt(12), True

    def annex(self) -> None:
        issuer = self.issuer
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = True
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)
        self.line(self.document, "DANH SÁCH", bold=True)
        self.line(self.document, "CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN NĂM 2025", bold=True)
        attached = self.line(self.document, f"(Kèm theo Quyết định số 05/QĐ-{issuer.symbol} ngày 05 tháng 02 năm 2026 "
                             f"của {issuer.authority.title().replace('Ủy Ban Nhân Dân', 'Ủy ban nhân dân')})",
                             italic=True)
        attached.paragraph_format.keep_with_next = True
        self.rule(self.document, 30, 165)
        self.line(self.document, "")
        table = self.document.add_table(rows=3, cols=4)
        table.style = self.document.styles["Table Grid"]
        for row, cells in enumerate((("STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền (đồng)"),
                                     ("1", "Bà Lê Thị Thủy", "Y sĩ, Trạm Y tế xã", "710.000"),
                                     ("2", "Ông Trần Văn Ổn", "Bác sĩ, Trạm Y tế xã", "710.000"))):
            for column, value in enumerate(cells):
                table.cell(row, column).text = value

    def build(self) -> bytes:
        self.header()
        if self.typed.kind == "qd":
            self.decision()
            if self.typed.annex:
                self.annex()
        else:
            self.dispatch()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def build(typed: Typed) -> bytes:
    """The DOCX of one correctly typed document."""
    return _Builder(typed).build()


def variant(typed: Typed, **changes: object) -> Typed:
    return replace(typed, **changes)
