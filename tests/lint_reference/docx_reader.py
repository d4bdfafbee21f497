"""Turn a DOCX into the elements of the decree's layout: blocks of text with their look, rules, sections.

The XML is read directly (lxml, no python-docx objects) so that a ten-page file is read in a few milliseconds, and
so that every way Word stores a look is resolved the way Word resolves it: document defaults, table style,
paragraph style chain, character style chain, then direct formatting; theme fonts; caps; bullets of lists.
A header typed with tabs instead of a table is cut at the tabs, so its two columns are seen as two blocks.
The zip package is opened in docx_package, looks are resolved in docx_styles, drawn rules found in docx_drawings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from generator.core.errors import InputError
from generator.lint.docx_body import body_outline, body_pieces
from generator.lint.docx_drawings import box_width, drawn_lines
from generator.lint.docx_package import (
    DEFAULT_CELL_MARGIN,
    DEFAULT_FONT,
    DEFAULT_SIZE,
    MC,
    PAGE_FIELD,
    TWIP_MM,
    Package,
    R,
    to_int,
    toggle,
    w,
    wn,
)
from generator.lint.docx_styles import ParaLook, Styles
from generator.lint.limits import check_paragraphs
from generator.lint.model import Block, HRule, Layout, Page, PageNumberMark, Span

# ---------------------------------------------------------------------------------------------- reading


_CELL = re.compile(r"t(\d+)r(\d+)c(\d+)$")  # the container key of a table cell


@dataclass
class _Section:
    element: etree._Element
    index: int
    width: int = 11906
    height: int = 16838
    margins: tuple[int, int, int, int, int] = (1440, 1440, 1800, 1800, 0)  # top, bottom, left, right, gutter
    title_page: bool = False
    restarts: bool = False
    start_type: str = "nextPage"
    headers: dict[str, str] = field(default_factory=dict)  # "default"/"first"/"even" -> part
    footers: dict[str, str] = field(default_factory=dict)
    first_block: int = -1
    wide_table: bool = False

    @property
    def text_width_twips(self) -> int:
        top, bottom, left, right, gutter = self.margins
        return self.width - left - right - gutter


@dataclass
class _Container:
    """Where paragraphs sit: the page body or one table cell."""

    key: str
    width_twips: int | None  # None: the section text width
    column: str
    cant_split: bool = False


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = part = package.document_part
        self.relations = package.relations(part)
        by_type: dict[str, str] = {}
        for rel_type, path in self.relations.values():
            by_type.setdefault(rel_type, path)
        theme = package.xml(by_type["theme"], required=False) if "theme" in by_type else None
        self.styles = Styles(package.xml(by_type["styles"], required=False) if "styles" in by_type else None,
                             theme,
                             package.xml(by_type["numbering"], required=False) if "numbering" in by_type else None)
        self.blocks: list[Block] = []
        self.rules: list[HRule] = []
        # Places as dicts used as ordered sets: membership must stay O(1) for documents of 100.000 paragraphs.
        self.fonts: dict[str, dict[str, None]] = {}
        self.not_nfc: dict[str, None] = {}
        self.paragraph_count = 0
        self.pending_page_break = False
        self.last_block_in: dict[str, int] = {}  # container key -> index of its last block
        # The body is read in pieces (docx_body): a decision's annex can hold tens of thousands of rows.
        section_elements, paragraphs = body_outline(package, part)
        check_paragraphs(package.name, paragraphs)
        self.sections = self._sections(section_elements)
        self.section = 0
        self.table_count = 0

    # -- sections

    def _sections(self, elements: list[etree._Element]) -> list[_Section]:
        sections = []
        for index, element in enumerate(elements):
            section = _Section(element, index)
            size = element.find(wn.pgSz)
            if size is not None:
                section.width = to_int(size.get(wn.w), section.width)
                section.height = to_int(size.get(wn.h), section.height)
            margins = element.find(wn.pgMar)
            if margins is not None:
                section.margins = (abs(to_int(margins.get(wn.top), 1440)),
                                   abs(to_int(margins.get(wn.bottom), 1440)),
                                   to_int(margins.get(wn.left, margins.get(wn.start)), 1800),
                                   to_int(margins.get(wn.right, margins.get(wn.end)), 1800),
                                   to_int(margins.get(wn.gutter), 0))
            section.title_page = bool(toggle(element.find(wn.titlePg)))
            numbering = element.find(wn.pgNumType)
            section.restarts = numbering is not None and numbering.get(wn.start) is not None
            kind = element.find(wn.type)
            if kind is not None:
                section.start_type = kind.get(wn.val, "nextPage")
            for tag, target in (("headerReference", section.headers), ("footerReference", section.footers)):
                for reference in element.findall(w(tag)):
                    rel = self.relations.get(reference.get(f"{{{R}}}id", ""))
                    if rel:
                        target[reference.get(wn.type, "default")] = rel[1]
            sections.append(section)
        # A section without a header of some kind shows the previous section's one (Word's "link to previous").
        for previous, section in zip(sections, sections[1:], strict=False):
            for kind, part in previous.headers.items():
                section.headers.setdefault(kind, part)
            for kind, part in previous.footers.items():
                section.footers.setdefault(kind, part)
        return sections

    # -- walking

    def read(self) -> None:
        body_container = _Container("body", None, "body")
        for element, rows in body_pieces(self.package, self.part):
            if rows is None:
                self._content([element], body_container, table_style=None)
            else:
                self._table(element, body_container, rows)

    def _content(self, parent: etree._Element, container: _Container, table_style: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == wn.p:
                self._paragraph(child, container, table_style)
            elif tag == wn.tbl:
                self._table(child, container)
            elif tag == wn.sdt:
                content = child.find(wn.sdtContent)
                if content is not None:
                    self._content(content, container, table_style)
            elif tag in (wn.customXml, wn.ins):
                self._content(child, container, table_style)

    def _table(self, table: etree._Element, container: _Container, rows: Iterator | None = None) -> None:
        self.table_count += 1
        number = self.table_count
        properties = table.find(wn.tblPr)
        style_id = None
        margins = [DEFAULT_CELL_MARGIN, DEFAULT_CELL_MARGIN]
        style_element = properties.find(wn.tblStyle) if properties is not None else None
        if style_element is not None:
            style_id = style_element.get(wn.val)
            for style in self.styles._chain(style_id):
                margins = self._cell_margins(style.find(wn.tblPr), margins)
        margins = self._cell_margins(properties, margins)
        grid = [to_int(column.get(wn.w)) for column in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        columns = len(grid)
        if sum(grid) * TWIP_MM > 170:
            self.sections[min(self.section, len(self.sections) - 1)].wide_table = True
        for row_index, row in enumerate(table.findall(wn.tr) if rows is None else rows, start=1):
            row_properties = row.find(wn.trPr)
            cant_split = row_properties is not None and bool(toggle(row_properties.find(wn.cantSplit)))
            grid_index = 0
            for cell in row.findall(wn.tc):
                cell_properties = cell.find(wn.tcPr)
                span = 1
                width = None
                cell_margins = list(margins)
                if cell_properties is not None:
                    span_element = cell_properties.find(wn.gridSpan)
                    if span_element is not None:
                        span = max(1, to_int(span_element.get(wn.val), 1))
                    width_element = cell_properties.find(wn.tcW)
                    if width_element is not None and width_element.get(wn.type, "dxa") == "dxa":
                        width = to_int(width_element.get(wn.w)) or None
                    cell_margins = self._cell_margins(cell_properties.find(wn.tcMar), cell_margins,
                                                      tag_left="left", tag_right="right")
                if width is None and grid:
                    width = sum(grid[grid_index:grid_index + span]) or None
                if columns >= 3:
                    column = "grid"
                elif columns == 2:
                    column = "left" if grid_index == 0 else "right"
                else:
                    column = container.column
                inner = _Container(f"{container.key}/t{number}r{row_index}c{grid_index}",
                                   None if width is None else width - cell_margins[0] - cell_margins[1],
                                   column, cant_split)
                self._content(cell, inner, style_id)
                grid_index += span

    def _cell_margins(self, element: etree._Element | None, margins: list[int], *, tag_left: str = "left",
                      tag_right: str = "right") -> list[int]:
        if element is None:
            return margins
        holder = element.find(wn.tblCellMar) if element.tag != wn.tcMar else element
        if holder is None:
            return margins
        result = list(margins)
        for index, names in enumerate(((tag_left, "start"), (tag_right, "end"))):
            for name in names:
                side = holder.find(w(name))
                if side is not None and side.get(wn.type, "dxa") == "dxa":
                    result[index] = to_int(side.get(wn.w), result[index])
                    break
        return result

    def _paragraph(self, paragraph: etree._Element, container: _Container, table_style: str | None) -> None:
        self.paragraph_count += 1
        number = self.paragraph_count
        where = f"đoạn {number}"
        section = self.sections[min(self.section, len(self.sections) - 1)]
        properties = paragraph.find(wn.pPr)
        style_element = properties.find(wn.pStyle) if properties is not None else None
        style_id = style_element.get(wn.val) if style_element is not None else self.styles.default_paragraph
        para_look = self.styles.paragraph(table_style, style_id, properties)
        base_run = self.styles.base_run(table_style, style_id)

        if para_look.page_break_before:
            self.pending_page_break = True
        if section.first_block < 0 and self.section > 0 and section.start_type in ("nextPage", "oddPage",
                                                                                    "evenPage"):
            self.pending_page_break = True

        pieces: list[list[Span]] = [[]]
        separators: list[str] = []  # what ended each piece: "tab" or "break"
        page_break_at: set[int] = set()
        rendered_at: set[int] = set()
        text_boxes: list[etree._Element] = []
        shapes: list[tuple[float, float | None, bool]] = []  # length mm, centre mm from the margin, at the top
        label = self.styles.numbering.label(para_look.num_id, para_look.num_level)
        if label:
            look = base_run
            pieces[-1].append(Span(label, look.size or DEFAULT_SIZE, bool(look.bold), bool(look.italic),
                                   look.hansi or look.ascii or DEFAULT_FONT))
        for run in self._runs(paragraph):
            look = self.styles.run(base_run, table_style, style_id, run.find(wn.rPr))
            if look.vanish:
                continue
            for node in run:
                tag = node.tag
                text = None
                if tag == wn.t:
                    text = node.text or ""
                elif tag == wn.tab:
                    pieces.append([])
                    separators.append("tab")
                elif tag in (wn.br, wn.cr):
                    if node.get(wn.type) == "page":
                        if any(span.text.strip() for span in pieces[-1]):
                            pieces.append([])
                            separators.append("break")
                        page_break_at.add(len(pieces) - 1)
                    elif node.get(wn.type) != "column":
                        pieces.append([])
                        separators.append("break")
                elif tag == wn.noBreakHyphen:
                    text = "-"
                elif tag == wn.sym:
                    char = node.get(wn.char, "")
                    try:
                        text = chr(int(char, 16)) if char else ""
                    except ValueError:
                        text = ""
                elif tag == wn.lastRenderedPageBreak:
                    # Where Word broke the page when it last laid the document out.
                    if not any(span.text.strip() for span in pieces[-1]):
                        rendered_at.add(len(pieces) - 1)
                elif tag in (wn.drawing, wn.pict) or tag == f"{{{MC}}}AlternateContent":
                    shapes.extend(drawn_lines(node, section.margins[2]))
                    text_boxes.extend(node.iter(wn.txbxContent))
                if text:
                    if look.caps:
                        text = text.upper()
                    if not text.isascii():
                        font = look.hansi or look.ascii or DEFAULT_FONT
                    else:
                        font = look.ascii or look.hansi or DEFAULT_FONT
                    pieces[-1].append(Span(text, look.size or DEFAULT_SIZE, bool(look.bold), bool(look.italic),
                                           font, bool(look.underline)))
        width_twips = container.width_twips if container.width_twips is not None else section.text_width_twips
        indent_left = (para_look.ind_left or 0) * TWIP_MM
        indent_right = (para_look.ind_right or 0) * TWIP_MM
        # Cut the paragraph into printed lines (at line breaks) and each line into tab-separated columns: with two
        # or more pieces on a line, the first is the left column and the others the right one.
        # A line holding one piece pushed by tabs past the middle of the page (a signer's line or a line under the
        # signature typed with tabs) is in the right column too: the tab stops say where it is printed.
        columns: list[str] = []
        line_pieces: list[int] = []
        for index in range(len(pieces) + 1):
            if index == len(pieces) or (index > 0 and separators[index - 1] == "break"):
                filled = [i for i in line_pieces if "".join(span.text for span in pieces[i]).strip()]
                tabbed_right = (len(filled) == 1 and container.column == "body" and filled[0] != line_pieces[0]
                                and self.styles.tab_position(style_id, properties, filled[0] - line_pieces[0],
                                                       para_look.ind_left or 0) > 0.45 * width_twips)
                for i in line_pieces:
                    if tabbed_right:
                        columns.append("right")
                        continue
                    columns.append("body" if len(filled) < 2 or container.column != "body" else
                                   ("left" if i == filled[0] else "right"))
                line_pieces = []
            if index < len(pieces):
                line_pieces.append(index)
        produced: list[int] = []
        for index, spans in enumerate(pieces):
            if index in page_break_at:
                self.pending_page_break = True
            if not "".join(span.text for span in spans).strip():
                continue
            column = columns[index] if columns[index] != "body" else container.column
            align = None if column != container.column else (para_look.jc or "left")
            block = self._block(spans, where, column, align, number, container, width_twips,
                                indent_left, indent_right, bool(para_look.keep_next))
            block.rendered_break = index in rendered_at
            self._paragraph_format(block, para_look, container)
            produced.append(len(self.blocks))
            self.blocks.append(block)
            self.last_block_in[container.key] = len(self.blocks) - 1
        # Rules: a bottom border draws under the paragraph, a top border above it; an empty paragraph with a
        # border is the usual way to draw a rule of a given length in Word.
        if para_look.border_top or para_look.border_bottom:
            length = max(0.0, width_twips * TWIP_MM - indent_left - indent_right)
            previous = self._previous_block(container, produced)
            if para_look.border_top:
                self.rules.append(HRule(previous, length, where, container.column, "border"))
            if para_look.border_bottom:
                anchor = produced[-1] if produced else previous
                self.rules.append(HRule(anchor, length, where, container.column, "border"))
        for length, centre, top in shapes:
            # A line drawn at the top of a paragraph with text stands under the paragraph before it.
            anchor = produced[-1] if produced and not top else self._previous_block(container, produced)
            column = container.column
            if column == "body" and centre is not None:
                column = "left" if centre < width_twips * TWIP_MM / 2 else "right"
            self.rules.append(HRule(anchor, length, where, column, "shape"))
        # A text box holds paragraphs of its own (a header or a signature typed in boxes): read them here.
        for box in text_boxes:
            self._content(box, _Container(f"{container.key}/box{number}", box_width(box), container.column), None)
        if properties is not None and properties.find(wn.sectPr) is not None:
            self.section += 1

    def _previous_block(self, container: _Container, produced: list[int]) -> int:
        if produced:
            return produced[0] - 1
        return self.last_block_in.get(container.key, len(self.blocks) - 1)

    @staticmethod
    def _paragraph_format(block: Block, look: ParaLook, container: _Container) -> None:
        """Indent, spacing and line spacing of the paragraph, for the rules on the body (Word's defaults: 0, single)."""
        block.first_line_mm = (look.first_line or 0) * TWIP_MM
        block.space_before_pt = (look.space_before or 0) / 20
        block.space_after_pt = (look.space_after or 0) / 20
        if look.line is None or look.line_rule in (None, "auto"):
            block.line_spacing = (look.line or 240) / 240
        else:
            size = next((span.size for span in block.spans if span.size), DEFAULT_SIZE)
            # An exact or minimum line height in points, compared with Times New Roman's single line (1.15 em).
            block.line_spacing = look.line / 20 / (size * 1.15)
        cell = _CELL.search(container.key) if block.column == "grid" else None
        if cell:
            block.cell = (int(cell.group(1)), int(cell.group(2)), int(cell.group(3)))

    def _block(self, spans: list[Span], where: str, column: str, align: str | None, number: int,
               container: _Container, width_twips: int, indent_left: float, indent_right: float,
               keep_next: bool) -> Block:
        raw = "".join(span.text for span in spans)
        text = unicodedata.normalize("NFC", raw)
        if text != raw:
            self.not_nfc.setdefault(where)
        text = text.replace("\u00a0", " ").replace("\u00ad", "")
        clean = []
        for span in spans:
            font = span.font or DEFAULT_FONT
            if span.text.strip():
                self.fonts.setdefault(font, {}).setdefault(where)
            clean.append(Span(unicodedata.normalize("NFC", span.text).replace("\u00a0", " "), span.size, span.bold,
                              span.italic, font, span.underline))
        section = self.sections[min(self.section, len(self.sections) - 1)]
        if section.first_block < 0:
            section.first_block = len(self.blocks)
        block = Block(text=" ".join(text.split()), spans=clean, where=where, column=column, align=align,
                      new_page=self.pending_page_break, container_mm=width_twips * TWIP_MM,
                      indent_left_mm=indent_left, indent_right_mm=indent_right, keep_next=keep_next,
                      cant_split_row=container.cant_split, paragraph=number)
        self.pending_page_break = False
        return block

    def _runs(self, paragraph: etree._Element):
        """The runs of a paragraph in order, through hyperlinks, insertions, fields and content controls."""
        for child in paragraph:
            tag = child.tag
            if tag == wn.r:
                yield child
            elif tag in (wn.hyperlink, wn.ins, wn.smartTag, wn.fldSimple, wn.customXml, wn.dir,
                         wn.bdo):
                yield from self._runs(child)
            elif tag == wn.sdt:
                content = child.find(wn.sdtContent)
                if content is not None:
                    yield from self._runs(content)


    def page_number(self, part: str | None, position: str, width_twips: int) -> PageNumberMark | None:
        if not part:
            return None
        root = self.package.xml(part, required=False)
        if root is None:
            return None
        for paragraph in root.iter(wn.p):
            has_field = any(PAGE_FIELD.search(node.get(wn.instr, "")) for node in paragraph.iter(wn.fldSimple))
            instructions = "".join(node.text or "" for node in paragraph.iter(wn.instrText))
            has_field = has_field or bool(PAGE_FIELD.search(instructions))
            texts = "".join(node.text or "" for node in paragraph.iter(wn.t))
            literal = not has_field and texts.strip().isdigit()
            if not (has_field or literal):
                continue
            properties = paragraph.find(wn.pPr)
            style_element = properties.find(wn.pStyle) if properties is not None else None
            style_id = style_element.get(wn.val) if style_element is not None else self.styles.default_paragraph
            look = self.styles.default_para.over(self.styles.style_para(style_id)).over(
                self.styles.para_look(properties))
            frame = properties.find(wn.framePr) if properties is not None else None
            centred: bool | None = look.jc == "center"
            if frame is not None and frame.get(wn.xAlign) == "center":
                centred = True
            elif not centred and paragraph.find(f"{w('r')}/{w('tab')}") is not None:
                # Word's own "Header" style centres with a tab stop in the middle of the line.
                centred = self.styles.centre_tab(style_id, properties, width_twips)
            run_look = self.styles.default_run.over(self.styles.style_run("p", style_id))
            size = None
            for run in paragraph.iter(wn.r):
                if run.find(wn.t) is not None or run.find(wn.instrText) is not None:
                    size = run_look.over(self.styles.run_look(run.find(wn.rPr))).size or DEFAULT_SIZE
                    break
            return PageNumberMark(position, centred, size, texts.strip() or None)
        return None

    def pages(self) -> list[Page]:
        pages = []
        for section in self.sections:
            top, bottom, left, right, gutter = section.margins
            first_kind = "first" if section.title_page else "default"
            width = section.text_width_twips
            first = self.page_number(section.headers.get(first_kind), "header", width) or \
                self.page_number(section.footers.get(first_kind), "footer", width)
            other = self.page_number(section.headers.get("default"), "header", width) or \
                self.page_number(section.footers.get("default"), "footer", width)
            pages.append(Page(
                where=(f"thiết lập trang, phần {section.index + 1}" if len(self.sections) > 1 else
                       "thiết lập trang"),
                width_mm=section.width * TWIP_MM, height_mm=section.height * TWIP_MM,
                first_block=section.first_block,
                margins_mm=(top * TWIP_MM, bottom * TWIP_MM, (left + gutter) * TWIP_MM, right * TWIP_MM),
                has_wide_table=section.wide_table, first_page_number=first, other_pages_number=other,
                restarts=section.restarts, continuous=section.start_type == "continuous"))
        return pages


def read_docx(data: bytes, name: str) -> Layout:
    """The layout of a DOCX: blocks in reading order (table cells row by row), rules, sections and fonts."""
    package = Package(data, name)
    reader = _Reader(package)
    try:
        reader.read()
        pages = reader.pages()
    except RecursionError as exc:
        raise InputError(f"{name}: tệp DOCX lồng bảng quá sâu, không đọc được.") from exc
    fonts = {font: list(places) for font, places in reader.fonts.items()}
    return Layout("docx", name, reader.blocks, reader.rules, pages, fonts, {}, list(reader.not_nfc))
