"""Turn the full certificate design described below into templates/giay-khen/template.docx, filled by docxtpl.

One page per certificate on A4 landscape with a gold page border, in the order of the full design
(templates/giay-khen/a4-ngang-day-du.toml): Quốc hiệu and Tiêu ngữ, the issuer in red, TẶNG, the certificate name
large in red, the awardee, chức vụ and đơn vị, the achievement, then decision and Số sổ bottom left and place,
date, signer bottom right. ``c.texts.<field>`` holds the words the macros of templates/giay-khen/loi-van.j2 gave
for the PDF (plain text, escaped here by the XML template; "\n" becomes a line break), and ``c.sizes.<field>``
the size the PDF's shrink-to-fit settled on (half-points), so a long name is as small in Word as in the PDF.
Re-running this script overwrites the template.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx_templates import add_run, clear, fixed_widths, new_document, no_borders, para, tag  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "giay-khen" / "template.docx"
RED = RGBColor(0xC0, 0x00, 0x00)
GOLD = "C9A227"
CENTER, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
# Default sizes (half-points) when the PDF did not set a field (an empty field is not drawn).
DEFAULT_SIZES = {"co_quan": 30, "ten_giay": 84, "ho_ten": 44, "chuc_vu_don_vi": 28, "thanh_tich": 28,
                 "quyet_dinh": 24, "so_so": 24, "noi_ngay": 26, "chuc_vu_ky": 26, "nguoi_ky": 28}


def templated_size(run, field: str) -> None:
    """The run's size becomes a Jinja expression: the size the PDF chose for this certificate's field."""
    expression = f"{{{{ c.sizes.{field}|default({DEFAULT_SIZES[field]}) }}}}"
    rpr = run._r.get_or_add_rPr()
    for name in ("w:sz", "w:szCs"):
        element = rpr.find(qn(name))
        if element is None:
            element = OxmlElement(name)
            rpr.append(element)
        element.set(qn("w:val"), expression)


def letter_spacing(run, points: float) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(points * 20)))
    run._r.get_or_add_rPr().append(spacing)


def field(container, macro: str, *, size: float, bold: bool = False, italic: bool = False, red: bool = False,
          align=CENTER, before: float = 0, sized: bool = False, spacing: float = 0, underline: bool = False):
    paragraph = para(container, "", size=size, align=align, before=before)
    run = add_run(paragraph, f"{{{{ c.texts.{macro} }}}}", size=size, bold=bold, italic=italic)
    if red:
        run.font.color.rgb = RED
    if underline:
        run.font.underline = True
    if spacing:
        letter_spacing(run, spacing)
    if sized:
        templated_size(run, macro)
    return paragraph


def page_setup(section) -> None:
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.orientation = 1  # landscape
    section.top_margin, section.bottom_margin = Mm(20), Mm(16)
    section.left_margin, section.right_margin = Mm(30), Mm(30)
    section.header_distance = section.footer_distance = Mm(8)
    # A gold thick-thin border 10 mm inside the sheet, on every page of the section.
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "thickThinMediumGap"), ("w:sz", "36"), ("w:space", "28"),
                           ("w:color", GOLD)):
            edge.set(qn(key), value)
        borders.append(edge)
    section._sectPr.find(qn("w:pgMar")).addnext(borders)


def certificate_template():
    document = new_document()
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.add_run("{%p for c in certificates %}")
    page_setup(document.sections[0])
    body = document
    quoc_hieu = field(body, "quoc_hieu", size=13, bold=True)
    # Every certificate starts a page; on the first one Word and LibreOffice add no blank page.
    quoc_hieu.paragraph_format.page_break_before = True
    field(body, "tieu_ngu", size=14, bold=True, underline=True)
    field(body, "co_quan", size=15, bold=True, red=True, before=24, sized=True)
    field(body, "tang", size=14, bold=True, before=6)
    field(body, "ten_giay", size=42, bold=True, red=True, before=4, sized=True, spacing=3)
    field(body, "ho_ten", size=22, bold=True, italic=True, before=6, sized=True)
    field(body, "chuc_vu_don_vi", size=14, before=6, sized=True)
    field(body, "thanh_tich", size=14, before=4, sized=True)
    para(body, "", size=10, before=30)

    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [117, 120])
    left, right = table.cell(0, 0), table.cell(0, 1)
    clear(left)
    clear(right)
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    field(left, "quyet_dinh", size=12, align=LEFT, sized=True)
    field(left, "so_so", size=12, align=LEFT, sized=True)
    field(right, "noi_ngay", size=13, italic=True, sized=True)
    field(right, "chuc_vu_ky", size=13, bold=True, sized=True)
    space = para(right, "", size=13)
    space.paragraph_format.space_before = Mm(22)  # room for the signature and the seal
    field(right, "nguoi_ky", size=14, bold=True, sized=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    tag(body, "{%p endfor %}")
    # Word wants a paragraph after the last table; a 1 pt one never adds a page.
    closing = para(body, "", size=1)
    closing.paragraph_format.line_spacing = Pt(1)
    return document


def main() -> None:
    certificate_template().save(TARGET)
    print(f"Đã ghi {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
