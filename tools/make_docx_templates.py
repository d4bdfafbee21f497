"""Turn the layout described below into templates/*/template.docx, the Word files docxtpl fills in.

Template maintainers may edit the Word files directly afterwards; this script is how the built-in ones were made,
and re-running it overwrites them. Every size and style follows Nghị định 30/2020/NĐ-CP, Phụ lục I.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
FONT = "Times New Roman"
# How rendering/docx.py finds the annex table to give it the decision's column widths.
ANNEX_TABLE_CAPTION = "danh-sach"
CENTER, JUSTIFY, LEFT, RIGHT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT)


def set_fonts(element_rpr) -> None:
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def new_document() -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    set_fonts(normal.element.get_or_add_rPr())
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing = 1.0
    for style_name in ("Table Grid",):
        set_fonts(document.styles[style_name].element.get_or_add_rPr())
    document.core_properties.author = "vanban"
    document.core_properties.title = ""
    import datetime

    fixed = datetime.datetime(2026, 1, 1, 0, 0, 0)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    document.core_properties.last_modified_by = "vanban"
    document.core_properties.revision = 1
    return document


def set_page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True


def add_page_number_header(section) -> None:
    """Page number centred in the top margin, 13 pt; the first-page header stays empty (none on page 1)."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    add_draft_mark(section.first_page_header)


def add_draft_mark(header) -> None:
    """The first-page header: empty, or the boxed, bold DỰ THẢO mark on the right when the document is a draft.

    Small enough to stay inside the top margin (header 10 mm from the edge, body at 20 mm).
    """
    header.paragraphs[0].text = ""
    start = header.paragraphs[0]
    start.add_run("{%p if d.ref.is_draft %}")
    mark = header.add_paragraph()
    mark.alignment = RIGHT
    mark.paragraph_format.space_before = mark.paragraph_format.space_after = Pt(0)
    add_run(mark, "DỰ THẢO", size=13, bold=True)
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    properties = mark._p.get_or_add_pPr()
    properties.insert(0, borders)  # schema order: pBdr before spacing, ind before jc
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), str(int(138 * 56.7)))  # the box as wide as the mark, at the right margin
    properties.find(qn("w:jc")).addprevious(indent)
    header.add_paragraph().add_run("{%p endif %}")
    # A header needs a paragraph of its own; a 1 pt one adds no height.
    rest = header.add_paragraph()
    rest.paragraph_format.space_before = rest.paragraph_format.space_after = Pt(0)
    add_run(rest, "", size=1)


def para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
         align=CENTER, before: float = 0, after: float = 0, indent_first: float | None = None,
         keep_next: bool = False):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_first is not None:
        fmt.first_line_indent = Mm(indent_first)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        add_run(paragraph, text, size=size, bold=bold, italic=italic)
    else:
        paragraph_mark_size(paragraph, size)
    return paragraph


def sized(paragraph, half_points_expression: str):
    """A header line whose size the layout decides (smaller when it would not fit on one line)."""
    for size in paragraph._p.iter(qn("w:sz")):
        size.set(qn("w:val"), "{{ " + half_points_expression + " }}")
    return paragraph


def paragraph_mark_size(paragraph, size: float) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    ppr.append(rpr)


def add_run(paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.name = FONT
    set_fonts(run._r.get_or_add_rPr())
    for node in run._r.iter(qn("w:t")):
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def tag(container, text: str):
    """A paragraph holding only a docxtpl {%p %} tag: docxtpl removes the paragraph and keeps the tag."""
    paragraph = container.add_paragraph()
    paragraph.add_run(text)
    return paragraph


def rule(container, width_expression: str) -> None:
    """A short solid rule: an empty 1 pt paragraph with a bottom border, indented to the computed width.

    ``width_expression`` is a Jinja expression giving the indent in twips on each side.
    """
    paragraph = container.add_paragraph()
    paragraph.alignment = CENTER
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    spacing = OxmlElement("w:spacing")
    for key, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "40"), ("w:lineRule", "exact")):
        spacing.set(qn(key), value)
    ppr.append(spacing)
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), "{{ " + width_expression + " }}")
    indent.set(qn("w:right"), "{{ " + width_expression + " }}")
    ppr.append(indent)
    paragraph_mark_size(paragraph, 2)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    cell_margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        cell_margins.append(margin)
    if table.style is None or table.style.name != "Table Grid":
        table._tbl.tblPr.append(cell_margins)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(round(width / 25.4 * 1440)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def clear(cell) -> None:
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def header_table(document, *, with_subject_line: bool) -> None:
    table = document.add_table(rows=2, cols=2)
    no_borders(table)
    fixed_widths(table, [62, 103])
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right, table.cell(1, 0), table.cell(1, 1)):
        clear(cell)
    tag(left, "{%p for line in doc.issuer.header_parent %}")
    sized(para(left, "{{ line }}", size=13), "layout.half_points(line)")
    tag(left, "{%p endfor %}")
    tag(left, "{%p for line in doc.issuer.lines %}")
    sized(para(left, "{{ line }}", size=13, bold=True), "layout.half_points(line)")
    tag(left, "{%p endfor %}")
    rule(left, 'layout.issuer_rule_indent')
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    rule(right, 'layout.tieu_ngu_rule_indent')
    para(table.cell(1, 0), "Số: {{ doc.ref|so_ky_hieu }}", size=13, before=6)
    if with_subject_line:
        para(table.cell(1, 0), "{{ vv }}", size=13, before=6)
    para(table.cell(1, 1), "{{ doc.issuer.place }}, {{ doc.ref.signed_on|ngay(doc.ref.year) }}", size=14,
         italic=True, before=6)


def signature_table(document, first_item_expression: str | None = None) -> None:
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [85, 80])
    left, right = table.cell(0, 0), table.cell(0, 1)
    clear(left)
    clear(right)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
    tag(left, "{%p for item in doc.recipients %}")
    item = para(left, "{{ item }}", size=11, align=LEFT)
    item.paragraph_format.left_indent = Mm(2.5)
    item.paragraph_format.first_line_indent = Mm(-2.5)
    tag(left, "{%p endfor %}")
    tag(right, "{%p if doc.signer.capacity %}")
    para(right, "{{ doc.signer.capacity }}", bold=True, keep_next=True)
    tag(right, "{%p endif %}")
    para(right, "{{ doc.signer.title }}", bold=True, keep_next=True)
    space = para(right, "", keep_next=True)
    space.paragraph_format.space_before = Mm(28)
    para(right, "{{ doc.signer.name }}", bold=True)
    # The signature block never starts a page alone.
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    row_pr.append(cant_split)


def annex_table(document) -> None:
    """The annex table: its columns are the decision's (d.annex.columns), so each row loops over them ({%tc %}).

    docxtpl repeats the middle cell of a {%tc for %} row; vanban then sets each column's width and alignment and
    merges the total row's "Tổng cộng" cell from the decision (rendering/docx.py), as Word has no column loop.
    """
    table = document.add_table(rows=11, cols=3)
    table.style = document.styles["Table Grid"]
    fixed_widths(table, [12, 141, 12])

    def column_loop(index: int, text: str, **options) -> None:
        row = table.rows[index]
        for cell, content in zip(row.cells, ("{%tc for col in d.annex.columns %}", text, "{%tc endfor %}"),
                                 strict=True):
            clear(cell)
            para(cell, content, size=13, **options)

    def row_tag(index: int, text: str) -> None:
        row = table.rows[index]
        merged = row.cells[0].merge(row.cells[2])
        clear(merged)
        para(merged, text, size=13, align=LEFT)

    column_loop(0, "{{ col.label }}", bold=True)
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))
    header_pr.append(OxmlElement("w:cantSplit"))
    row_tag(1, "{%tr for section in d.annex.sections %}")
    row_tag(2, "{%tr if d.annex.sectioned %}")
    section_row = table.rows[3]
    clear(section_row.cells[0])
    # A section heading never ends a page: it goes with its first row.
    para(section_row.cells[0], "{{ section.numeral }}", size=13, bold=True, keep_next=True)
    merged = section_row.cells[1].merge(section_row.cells[2])
    clear(merged)
    para(merged, "{% colspan d.annex.columns|length - 1 %}{{ section.label }} ({{ section.rows|length|hai_chu_so }})",
         size=13, bold=True, align=LEFT, keep_next=True)
    row_tag(4, "{%tr endif %}")
    row_tag(5, "{%tr for row in section.rows %}")
    data_row = table.rows[6]
    for cell, content in zip(data_row.cells, ("{%tc for col in d.annex.columns %}", "{{ lv.o(row, col) }}",
                                              "{%tc endfor %}"), strict=True):
        clear(cell)
        # The total never stands alone under a repeated header: the last row goes with it.
        keep_next_when(para(cell, content, size=13, align=LEFT), "row is sameas d.annex.sections[-1].rows[-1]")
    data_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    row_tag(7, "{%tr endfor %}")
    row_tag(8, "{%tr endfor %}")
    row_tag(9, "{%tr if d.annex.has_money %}")
    column_loop(10, "{% if col.key == 'ho_ten' %}Tổng cộng{% elif col.is_money %}{{ d.annex.total|tien }}{% endif %}",
                bold=True, align=LEFT)
    table.add_row()
    row_tag(11, "{%tr endif %}")
    # Cell paddings of the grid so text does not touch the borders.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "85")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    caption = OxmlElement("w:tblCaption")  # last in tblPr, as the schema orders it
    caption.set(qn("w:val"), ANNEX_TABLE_CAPTION)
    table._tbl.tblPr.append(caption)


def decision_template() -> Document:
    document = new_document()
    body = document
    # The first paragraph of a fresh document is the set-up tag: `doc` names the document in shared partials.
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.add_run("{%p set doc = d %}")
    section = document.sections[0]
    set_page(section)
    add_page_number_header(section)
    header_table(document, with_subject_line=False)
    para(body, "QUYẾT ĐỊNH", bold=True, before=18)
    para(body, "{{ lv.trich_yeu(d) }}", bold=True)
    rule(body, 'layout.subject_rule_indent')
    para(body, "{{ d.signer.authority }}", bold=True, before=12, after=6)
    tag(body, "{%p for line in d.citations %}")
    para(body, "{{ line }}", italic=True, align=JUSTIFY, before=6, indent_first=12.7)
    tag(body, "{%p endfor %}")
    para(body, "QUYẾT ĐỊNH:", bold=True, before=12, after=6)
    tag(body, "{%p for para in dieu_doan %}")
    article = para(body, "", align=JUSTIFY, before=6, indent_first=12.7)
    add_run(article, "{{ para.label }}{% if para.heading %} {{ para.heading }}{% endif %}", bold=True)
    add_run(article, "{% if para.label and para.text %} {% endif %}{{ para.text }}")
    keep_next_when(article, "para.last")
    tag(body, "{%p endfor %}")
    para(body, "", size=6)
    signature_table(document)

    annex = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(annex)
    page_numbers = OxmlElement("w:pgNumType")
    page_numbers.set(qn("w:start"), "1")
    annex._sectPr.append(page_numbers)
    tag(body, "{%p if d.annex.heading %}")
    tag(body, "{%p for line in d.annex.heading %}")
    para(body, "{{ line }}", bold=True)
    tag(body, "{%p endfor %}")
    tag(body, "{%p else %}")
    para(body, "DANH SÁCH", bold=True)
    para(body, "{{ lv.tieu_de_danh_sach(d) }}", bold=True)
    tag(body, "{%p endif %}")
    para(body, "{{ lv.kem_theo(d) }}", italic=True)
    rule(body, 'layout.annex_rule_indent')
    para(body, "", size=6)
    annex_table(document)
    tag(body, "{%p if d.annex.has_money %}")
    para(body, "(Bằng chữ: {{ d.annex.total|bang_chu }})", italic=True, align=LEFT, before=6)
    tag(body, "{%p endif %}")
    para(body, "{{ lv.ket_thuc_danh_sach(d) }}", align=LEFT, before=6)
    return document


def keep_with_next_if_last(paragraph) -> None:
    """The last paragraph of a loop stays on the page of the signature table that follows it."""
    keep_next_when(paragraph, "loop.last")


def keep_next_when(paragraph, condition: str) -> None:
    """Keep the paragraph (or its table row) with the next one when the Jinja ``condition`` holds."""
    keep = OxmlElement("w:keepNext")
    keep.set(qn("w:val"), "{{ 'true' if " + condition + " else 'false' }}")
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, keep)


def indented(container, text: str, twips_expression: str, *, before: float = 0, hanging_expression: str = ""):
    paragraph = para(container, text, align=LEFT, before=before)
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), "{{ " + twips_expression + " }}")
    if hanging_expression:
        indent.set(qn("w:hanging"), "{{ " + hanging_expression + " }}")
    paragraph._p.get_or_add_pPr().append(indent)
    return paragraph


def dispatch_template() -> Document:
    document = new_document()
    body = document
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.add_run("{%p set doc = d %}")
    section = document.sections[0]
    set_page(section)
    add_page_number_header(section)
    header_table(document, with_subject_line=True)
    tag(body, "{%p if d.single_addressee %}")
    para(body, "Kính gửi: {{ d.addressees[0] }}", before=12, after=6)
    tag(body, "{%p else %}")
    indented(body, "Kính gửi:", "layout.kinh_gui_left_twips", before=12)
    tag(body, "{%p for line in d.addressees %}")
    indented(body, "{{ line }}", "layout.kinh_gui_items_twips", hanging_expression="layout.kinh_gui_hanging_twips")
    tag(body, "{%p endfor %}")
    tag(body, "{%p endif %}")
    para(body, "", size=6)
    tag(body, "{%p for block in d.body %}")
    paragraph = para(body, "", align=JUSTIFY, before=6, indent_first=12.7)
    for text, bold, italic in (("{%r for run in block.runs %}", False, False),
                               ("{%r if run.bold and run.italic %}", False, False),
                               ("{{ run.text }}", True, True),
                               ("{%r elif run.bold %}", False, False),
                               ("{{ run.text }}", True, False),
                               ("{%r elif run.italic %}", False, False),
                               ("{{ run.text }}", False, True),
                               ("{%r else %}", False, False),
                               ("{{ run.text }}", False, False),
                               ("{%r endif %}", False, False),
                               ("{%r endfor %}", False, False)):
        add_run(paragraph, text, bold=bold, italic=italic)
    keep_with_next_if_last(paragraph)
    tag(body, "{%p endfor %}")
    para(body, "", size=6)
    signature_table(document)
    return document


def main() -> None:
    decision_template().save(ROOT / "templates" / "quyet-dinh" / "template.docx")
    dispatch_template().save(ROOT / "templates" / "cong-van" / "template.docx")


if __name__ == "__main__":
    main()
