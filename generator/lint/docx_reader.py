"""Turn a DOCX into the elements of the decree's layout: blocks of text with their look, rules, sections.

The XML is read directly (lxml, no python-docx objects) so that a ten-page file is read in a few milliseconds, and
so that every way Word stores a look is resolved the way Word resolves it: document defaults, table style,
paragraph style chain, character style chain, then direct formatting; theme fonts; caps; bullets of lists.
A header typed with tabs instead of a table is cut at the tabs, so its two columns are seen as two blocks.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from lxml import etree

from ..core.errors import InputError
from .model import Block, HRule, Layout, Page, PageNumberMark, Span

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

TWIP_MM = 25.4 / 1440
EMU_MM = 1 / 36000
DEFAULT_CELL_MARGIN = 108  # twips, Word's default left and right cell margin
DEFAULT_FONT = "Times New Roman"  # what Word uses when no level names a font
DEFAULT_SIZE = 10.0  # points, Word's size when no level gives one
_PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _on(element: etree._Element | None) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): True, False, or None when absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def _int(value: str | None, default: int = 0) -> int:
    if value is None:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------- properties


@dataclass
class RunLook:
    """Resolved run properties (a level sets only what it names; None = inherit)."""

    ascii: str | None = None
    hansi: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    vanish: bool | None = None
    underline: bool | None = None

    def over(self, other: RunLook) -> RunLook:
        """This look with ``other`` applied on top."""
        merged = RunLook(**self.__dict__)
        for key, value in other.__dict__.items():
            if value is not None:
                setattr(merged, key, value)
        return merged


@dataclass
class ParaLook:
    jc: str | None = None
    ind_left: int | None = None
    ind_right: int | None = None
    keep_next: bool | None = None
    page_break_before: bool | None = None
    border_bottom: bool | None = None
    border_top: bool | None = None
    num_id: str | None = None
    num_level: int | None = None

    def over(self, other: ParaLook) -> ParaLook:
        merged = ParaLook(**self.__dict__)
        for key, value in other.__dict__.items():
            if value is not None:
                setattr(merged, key, value)
        return merged


_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right", "both": "both",
       "distribute": "both", "justify": "both"}


class Styles:
    """styles.xml, theme fonts and numbering, resolved on demand and cached."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None,
                 numbering: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_run = RunLook()
        self.default_para = ParaLook()
        self.theme = {"major": None, "minor": None}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None:
                    self.theme[kind] = latin.get("typeface")
        if styles is not None:
            defaults = styles.find(w("docDefaults"))
            if defaults is not None:
                self.default_run = self.run_look(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
                self.default_para = self.para_look(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
            for style in styles.iter(w("style")):
                style_id = style.get(w("styleId"))
                if style_id:
                    self.by_id[style_id] = style
                    if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                        self.default_paragraph = style_id
        self._run_cache: dict[tuple[str, str], RunLook] = {}
        self._para_cache: dict[tuple[str, str], ParaLook] = {}
        self.numbering = _Numbering(numbering)

    def _font(self, fonts: etree._Element, slot: str) -> str | None:
        theme = fonts.get(w(f"{slot}Theme"))
        if theme:
            return self.theme["major" if theme.startswith("major") else "minor"] or None
        return fonts.get(w(slot))

    def run_look(self, rpr: etree._Element | None) -> RunLook:
        look = RunLook()
        if rpr is None:
            return look
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            look.ascii = self._font(fonts, "ascii")
            look.hansi = self._font(fonts, "hAnsi")
        size = rpr.find(w("sz"))
        if size is not None and size.get(w("val")):
            look.size = _int(size.get(w("val"))) / 2
        look.bold = _on(rpr.find(w("b")))
        look.italic = _on(rpr.find(w("i")))
        look.caps = _on(rpr.find(w("caps")))
        look.vanish = _on(rpr.find(w("vanish")))
        underline = rpr.find(w("u"))
        if underline is not None:
            look.underline = underline.get(w("val"), "single") not in ("none", "0", "false")
        return look

    def para_look(self, ppr: etree._Element | None) -> ParaLook:
        look = ParaLook()
        if ppr is None:
            return look
        jc = ppr.find(w("jc"))
        if jc is not None:
            look.jc = _JC.get(jc.get(w("val"), ""), None)
        ind = ppr.find(w("ind"))
        if ind is not None:
            left = ind.get(w("left"), ind.get(w("start")))
            right = ind.get(w("right"), ind.get(w("end")))
            if left is not None:
                look.ind_left = _int(left)
            if right is not None:
                look.ind_right = _int(right)
        look.keep_next = _on(ppr.find(w("keepNext")))
        look.page_break_before = _on(ppr.find(w("pageBreakBefore")))
        borders = ppr.find(w("pBdr"))
        if borders is not None:
            for side in ("bottom", "top"):
                edge = borders.find(w(side))
                if edge is not None:
                    setattr(look, f"border_{side}", edge.get(w("val"), "nil") not in ("nil", "none"))
        num = ppr.find(w("numPr"))
        if num is not None:
            num_id = num.find(w("numId"))
            level = num.find(w("ilvl"))
            if num_id is not None:
                look.num_id = num_id.get(w("val"))
            if level is not None:
                look.num_level = _int(level.get(w("val")))
        return look

    def _chain(self, style_id: str | None, seen: tuple[str, ...] = ()) -> list[etree._Element]:
        """The style and its basedOn ancestors, root first."""
        if not style_id or style_id in seen or style_id not in self.by_id:
            return []
        style = self.by_id[style_id]
        based = style.find(w("basedOn"))
        parent = based.get(w("val")) if based is not None else None
        return self._chain(parent, seen + (style_id,)) + [style]

    def style_run(self, kind: str, style_id: str | None) -> RunLook:
        key = (kind, style_id or "")
        if key not in self._run_cache:
            look = RunLook()
            for style in self._chain(style_id):
                look = look.over(self.run_look(style.find(w("rPr"))))
            self._run_cache[key] = look
        return self._run_cache[key]

    def style_para(self, style_id: str | None) -> ParaLook:
        key = ("p", style_id or "")
        if key not in self._para_cache:
            look = ParaLook()
            for style in self._chain(style_id):
                look = look.over(self.para_look(style.find(w("pPr"))))
            self._para_cache[key] = look
        return self._para_cache[key]


class _Numbering:
    """Bullets and simple counters of Word lists, so that a '-' typed as a list bullet is seen as '- '."""

    _ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract = {a.get(w("abstractNumId")): a for a in root.iter(w("abstractNum"))}
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            definition = abstract.get(ref.get(w("val")) if ref is not None else None)
            if definition is None:
                continue
            for level in definition.iter(w("lvl")):
                fmt = level.find(w("numFmt"))
                text = level.find(w("lvlText"))
                start = level.find(w("start"))
                self.levels[(num.get(w("numId")), _int(level.get(w("ilvl"))))] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(w("val"), "") if text is not None else "",
                    _int(start.get(w("val")), 1) if start is not None else 1,
                )

    def _format(self, value: int, fmt: str) -> str:
        if fmt in ("upperRoman", "lowerRoman"):
            out = ""
            for number, letters in self._ROMAN:
                while value >= number:
                    out += letters
                    value -= number
            return out if fmt == "upperRoman" else out.lower()
        if fmt in ("lowerLetter", "upperLetter"):
            letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
            return letter if fmt == "lowerLetter" else letter.upper()
        return str(value)

    def label(self, num_id: str | None, level: int | None) -> str:
        if not num_id or num_id == "0":
            return ""
        level = level or 0
        definition = self.levels.get((num_id, level))
        if definition is None:
            return ""
        fmt, text, start = definition
        if fmt == "bullet":
            # Symbol-font bullets are private-use characters; only a typed dash matters to the rules.
            return (text if text in ("-", "–", "—", "+", "•") else "•") + " "
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(0)
        counters[level] = counters[level] + 1 if counters[level] else start
        del counters[level + 1:]
        label = text
        for index in range(level + 1):
            lvl = self.levels.get((num_id, index))
            value = counters[index] if index < len(counters) and counters[index] else (lvl[2] if lvl else 1)
            label = label.replace(f"%{index + 1}", self._format(value, lvl[0] if lvl else "decimal"))
        return label + " "


# ---------------------------------------------------------------------------------------------- package


class _Package:
    def __init__(self, data: bytes, name: str) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
            raise InputError(f"{name}: không phải tệp DOCX hợp lệ (không mở được gói zip: {exc}). "
                             "Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại thành .docx.") from exc
        self.name = name
        self.document_part = self._main_part()

    def _main_part(self) -> str:
        rels = self.xml("_rels/.rels", required=False)
        if rels is not None:
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "word/document.xml").lstrip("/")
        return "word/document.xml"

    def xml(self, part: str, *, required: bool = True) -> etree._Element | None:
        try:
            raw = self.zip.read(part)
        except KeyError as exc:
            if required:
                raise InputError(f"{self.name}: tệp DOCX thiếu phần {part} (tệp hỏng hoặc không phải văn bản "
                                 "Word).") from exc
            return None
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, ValueError,
                NotImplementedError) as exc:
            raise InputError(f"{self.name}: tệp DOCX bị hỏng, không đọc được phần {part} ({exc}).") from exc
        try:
            return etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
        except etree.XMLSyntaxError as exc:
            if required:
                raise InputError(f"{self.name}: phần {part} của tệp DOCX bị hỏng ({exc}).") from exc
            return None

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type suffix, part path) of a part."""
        rels_path = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        rels = self.xml(rels_path, required=False)
        found: dict[str, tuple[str, str]] = {}
        if rels is None:
            return found
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(part), target))
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found


# ---------------------------------------------------------------------------------------------- reading


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
    def __init__(self, package: _Package) -> None:
        self.package = package
        part = package.document_part
        self.document = package.xml(part)
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
        self.fonts: dict[str, list[str]] = {}
        self.not_nfc: list[str] = []
        self.paragraph_count = 0
        self.pending_page_break = False
        self.last_block_in: dict[str, int] = {}  # container key -> index of its last block
        body = self.document.find(w("body"))
        if body is None:
            raise InputError(f"{package.name}: tệp DOCX không có phần thân văn bản (w:body).")
        self.body = body
        self.sections = self._sections(body)
        self.section = 0
        self.table_count = 0

    # -- sections

    def _sections(self, body: etree._Element) -> list[_Section]:
        elements = [p.find(f"{w('pPr')}/{w('sectPr')}") for p in body.iter(w("p"))]
        elements = [element for element in elements if element is not None]
        final = body.find(w("sectPr"))
        elements.append(final if final is not None else etree.Element(w("sectPr")))
        sections = []
        for index, element in enumerate(elements):
            section = _Section(element, index)
            size = element.find(w("pgSz"))
            if size is not None:
                section.width = _int(size.get(w("w")), section.width)
                section.height = _int(size.get(w("h")), section.height)
            margins = element.find(w("pgMar"))
            if margins is not None:
                section.margins = (abs(_int(margins.get(w("top")), 1440)), abs(_int(margins.get(w("bottom")), 1440)),
                                   _int(margins.get(w("left"), margins.get(w("start"))), 1800),
                                   _int(margins.get(w("right"), margins.get(w("end"))), 1800),
                                   _int(margins.get(w("gutter")), 0))
            section.title_page = bool(_on(element.find(w("titlePg"))))
            numbering = element.find(w("pgNumType"))
            section.restarts = numbering is not None and numbering.get(w("start")) is not None
            kind = element.find(w("type"))
            if kind is not None:
                section.start_type = kind.get(w("val"), "nextPage")
            for tag, target in (("headerReference", section.headers), ("footerReference", section.footers)):
                for reference in element.findall(w(tag)):
                    rel = self.relations.get(reference.get(f"{{{R}}}id", ""))
                    if rel:
                        target[reference.get(w("type"), "default")] = rel[1]
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
        self._content(self.body, body_container, table_style=None)

    def _content(self, parent: etree._Element, container: _Container, table_style: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("p"):
                self._paragraph(child, container, table_style)
            elif tag == w("tbl"):
                self._table(child, container)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self._content(content, container, table_style)
            elif tag in (w("customXml"), w("ins")):
                self._content(child, container, table_style)

    def _table(self, table: etree._Element, container: _Container) -> None:
        self.table_count += 1
        number = self.table_count
        properties = table.find(w("tblPr"))
        style_id = None
        margins = [DEFAULT_CELL_MARGIN, DEFAULT_CELL_MARGIN]
        style_element = properties.find(w("tblStyle")) if properties is not None else None
        if style_element is not None:
            style_id = style_element.get(w("val"))
            for style in self.styles._chain(style_id):
                margins = self._cell_margins(style.find(w("tblPr")), margins)
        margins = self._cell_margins(properties, margins)
        grid = [_int(column.get(w("w"))) for column in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        columns = len(grid)
        if sum(grid) * TWIP_MM > 170:
            self.sections[min(self.section, len(self.sections) - 1)].wide_table = True
        for row_index, row in enumerate(table.findall(w("tr")), start=1):
            row_properties = row.find(w("trPr"))
            cant_split = row_properties is not None and bool(_on(row_properties.find(w("cantSplit"))))
            grid_index = 0
            for cell in row.findall(w("tc")):
                cell_properties = cell.find(w("tcPr"))
                span = 1
                width = None
                cell_margins = list(margins)
                if cell_properties is not None:
                    span_element = cell_properties.find(w("gridSpan"))
                    if span_element is not None:
                        span = max(1, _int(span_element.get(w("val")), 1))
                    width_element = cell_properties.find(w("tcW"))
                    if width_element is not None and width_element.get(w("type"), "dxa") == "dxa":
                        width = _int(width_element.get(w("w"))) or None
                    cell_margins = self._cell_margins(cell_properties.find(w("tcMar")), cell_margins,
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
        holder = element.find(w("tblCellMar")) if element.tag != w("tcMar") else element
        if holder is None:
            return margins
        result = list(margins)
        for index, names in enumerate(((tag_left, "start"), (tag_right, "end"))):
            for name in names:
                side = holder.find(w(name))
                if side is not None and side.get(w("type"), "dxa") == "dxa":
                    result[index] = _int(side.get(w("w")), result[index])
                    break
        return result

    def _paragraph(self, paragraph: etree._Element, container: _Container, table_style: str | None) -> None:
        self.paragraph_count += 1
        number = self.paragraph_count
        where = f"đoạn {number}"
        section = self.sections[min(self.section, len(self.sections) - 1)]
        properties = paragraph.find(w("pPr"))
        style_element = properties.find(w("pStyle")) if properties is not None else None
        style_id = style_element.get(w("val")) if style_element is not None else self.styles.default_paragraph
        para_look = self.styles.default_para
        if table_style:
            para_look = para_look.over(self.styles.style_para(table_style))
        para_look = para_look.over(self.styles.style_para(style_id)).over(self.styles.para_look(properties))
        base_run = self.styles.default_run
        if table_style:
            base_run = base_run.over(self.styles.style_run("t", table_style))
        base_run = base_run.over(self.styles.style_run("p", style_id))

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
            rpr = run.find(w("rPr"))
            run_style = rpr.find(w("rStyle")) if rpr is not None else None
            look = base_run
            if run_style is not None:
                look = look.over(self.styles.style_run("r", run_style.get(w("val"))))
            look = look.over(self.styles.run_look(rpr))
            if look.vanish:
                continue
            for node in run:
                tag = node.tag
                text = None
                if tag == w("t"):
                    text = node.text or ""
                elif tag == w("tab"):
                    pieces.append([])
                    separators.append("tab")
                elif tag in (w("br"), w("cr")):
                    if node.get(w("type")) == "page":
                        if any(span.text.strip() for span in pieces[-1]):
                            pieces.append([])
                            separators.append("break")
                        page_break_at.add(len(pieces) - 1)
                    elif node.get(w("type")) != "column":
                        pieces.append([])
                        separators.append("break")
                elif tag == w("noBreakHyphen"):
                    text = "-"
                elif tag == w("sym"):
                    char = node.get(w("char"), "")
                    try:
                        text = chr(int(char, 16)) if char else ""
                    except ValueError:
                        text = ""
                elif tag == w("lastRenderedPageBreak"):
                    # Where Word broke the page when it last laid the document out.
                    if not any(span.text.strip() for span in pieces[-1]):
                        rendered_at.add(len(pieces) - 1)
                elif tag in (w("drawing"), w("pict")) or tag == f"{{{MC}}}AlternateContent":
                    shapes.extend(self._shapes(node, section))
                    text_boxes.extend(node.iter(w("txbxContent")))
                if text:
                    if look.caps:
                        text = text.upper()
                    if any(ord(ch) > 127 for ch in text):
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
        columns: list[str] = []
        line_pieces: list[int] = []
        for index in range(len(pieces) + 1):
            if index == len(pieces) or (index > 0 and separators[index - 1] == "break"):
                filled = [i for i in line_pieces if "".join(span.text for span in pieces[i]).strip()]
                for i in line_pieces:
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
            self._content(box, _Container(f"{container.key}/box{number}", _box_width(box), container.column), None)
        if properties is not None and properties.find(w("sectPr")) is not None:
            self.section += 1

    def _previous_block(self, container: _Container, produced: list[int]) -> int:
        if produced:
            return produced[0] - 1
        return self.last_block_in.get(container.key, len(self.blocks) - 1)

    def _block(self, spans: list[Span], where: str, column: str, align: str | None, number: int,
               container: _Container, width_twips: int, indent_left: float, indent_right: float,
               keep_next: bool) -> Block:
        raw = "".join(span.text for span in spans)
        text = unicodedata.normalize("NFC", raw)
        if text != raw and where not in self.not_nfc:
            self.not_nfc.append(where)
        text = text.replace("\u00a0", " ").replace("\u00ad", "")
        clean = []
        for span in spans:
            font = span.font or DEFAULT_FONT
            if span.text.strip():
                self.fonts.setdefault(font, [])
                if where not in self.fonts[font]:
                    self.fonts[font].append(where)
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
            if tag == w("r"):
                yield child
            elif tag in (w("hyperlink"), w("ins"), w("smartTag"), w("fldSimple"), w("customXml"), w("dir"),
                         w("bdo")):
                yield from self._runs(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self._runs(content)

    def _shapes(self, node: etree._Element, section: _Section) -> list[tuple[float, float | None, bool]]:
        """Horizontal lines drawn as shapes: length mm, centre mm from the left margin when positioned, and
        whether it is drawn at the very top of its paragraph (so under the paragraph before)."""
        found: list[tuple[float, float | None, bool]] = []
        for fallback in list(node.iter(f"{{{MC}}}Fallback")):
            fallback.getparent().remove(fallback)  # the Choice already holds the same drawing
        for holder in list(node.iter(f"{{{WP}}}anchor")) + list(node.iter(f"{{{WP}}}inline")):
            geometry = holder.find(f".//{{{A}}}prstGeom")
            extent = holder.find(f"{{{WP}}}extent")
            if geometry is None or extent is None:
                continue
            width = _int(extent.get("cx")) * EMU_MM
            height = _int(extent.get("cy")) * EMU_MM
            shape = geometry.get("prst", "")
            if not (shape in ("line", "straightConnector1") or (shape == "rect" and height < 0.8)):
                continue
            if width < 3 or height > 1.5:
                continue  # not a horizontal rule
            if not _outlined(holder):
                continue  # a shape without an outline draws nothing
            centre = None
            position = holder.find(f"{{{WP}}}positionH")
            if position is not None:
                offset = position.find(f"{{{WP}}}posOffset")
                relative = position.get("relativeFrom", "column")
                if offset is not None and offset.text:
                    left = _int(offset.text) * EMU_MM
                    if relative == "page":
                        left -= section.margins[2] * TWIP_MM
                    centre = left + width / 2
            top = False
            vertical = holder.find(f"{{{WP}}}positionV")
            if vertical is not None and vertical.get("relativeFrom", "paragraph") in ("paragraph", "line"):
                offset = vertical.find(f"{{{WP}}}posOffset")
                top = offset is not None and _int(offset.text) * EMU_MM < 2.0
            found.append((width, centre, top))
        for line in node.iter(f"{{{V}}}line"):
            start = _vml_point(line.get("from", "0,0"))
            end = _vml_point(line.get("to", "0,0"))
            if line.get("stroked", "t").lower() in ("f", "false"):
                continue
            if start and end and abs(end[1] - start[1]) < 1.5 and abs(end[0] - start[0]) >= 3:
                style = _vml_style(line.get("style", ""))
                left = style.get("margin-left", 0.0) + min(start[0], end[0])
                found.append((abs(end[0] - start[0]), left + abs(end[0] - start[0]) / 2,
                              style.get("margin-top", 0.0) + min(start[1], end[1]) < 2.0))
        for shape in list(node.iter(f"{{{V}}}shape")) + list(node.iter(f"{{{V}}}rect")):
            style = _vml_style(shape.get("style", ""))
            width, height = style.get("width"), style.get("height", 0.0)
            connector = shape.get("type", "").endswith("_x0000_t32")
            if width and width >= 3 and (connector or height < 0.8) and not shape.findall(f".//{{{V}}}textbox"):
                found.append((width, style.get("margin-left", 0.0) + width / 2, style.get("margin-top", 0.0) < 2.0))
        return found

    # -- headers and footers

    def _centre_tab(self, style_id: str | None, properties: etree._Element | None, width_twips: int) -> bool | None:
        """Whether the paragraph's tab stops hold a centre stop in the middle of the text column (None: no stops)."""
        stops: dict[int, str] = {}
        holders = [style.find(w("pPr")) for style in self.styles._chain(style_id)] + [properties]
        for holder in holders:
            tabs = holder.find(w("tabs")) if holder is not None else None
            for tab in tabs if tabs is not None else []:
                position = _int(tab.get(w("pos")))
                if tab.get(w("val")) == "clear":
                    stops.pop(position, None)
                else:
                    stops[position] = tab.get(w("val"), "left")
        if not stops:
            return None
        return any(kind == "center" and abs(position - width_twips / 2) * TWIP_MM < 8
                   for position, kind in stops.items())

    def page_number(self, part: str | None, position: str, width_twips: int) -> PageNumberMark | None:
        if not part:
            return None
        root = self.package.xml(part, required=False)
        if root is None:
            return None
        for paragraph in root.iter(w("p")):
            has_field = any(_PAGE_FIELD.search(node.get(w("instr"), "")) for node in paragraph.iter(w("fldSimple")))
            instructions = "".join(node.text or "" for node in paragraph.iter(w("instrText")))
            has_field = has_field or bool(_PAGE_FIELD.search(instructions))
            texts = "".join(node.text or "" for node in paragraph.iter(w("t")))
            literal = not has_field and texts.strip().isdigit()
            if not (has_field or literal):
                continue
            properties = paragraph.find(w("pPr"))
            style_element = properties.find(w("pStyle")) if properties is not None else None
            style_id = style_element.get(w("val")) if style_element is not None else self.styles.default_paragraph
            look = self.styles.default_para.over(self.styles.style_para(style_id)).over(
                self.styles.para_look(properties))
            frame = properties.find(w("framePr")) if properties is not None else None
            centred: bool | None = look.jc == "center"
            if frame is not None and frame.get(w("xAlign")) == "center":
                centred = True
            elif not centred and paragraph.find(f"{w('r')}/{w('tab')}") is not None:
                # Word's own "Header" style centres with a tab stop in the middle of the line.
                centred = self._centre_tab(style_id, properties, width_twips)
            run_look = self.styles.default_run.over(self.styles.style_run("p", style_id))
            size = None
            for run in paragraph.iter(w("r")):
                if run.find(w("t")) is not None or run.find(w("instrText")) is not None:
                    size = run_look.over(self.styles.run_look(run.find(w("rPr")))).size or DEFAULT_SIZE
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


def _outlined(holder: etree._Element) -> bool:
    """Whether a DrawingML shape draws its outline: its own line properties, or the theme line of its style."""
    outline = holder.find(f".//{{{A}}}ln")
    if outline is not None:
        return outline.find(f"{{{A}}}noFill") is None
    reference = holder.find(f".//{{{A}}}lnRef")
    return reference is not None and reference.get("idx", "0") != "0"


def _box_width(box: etree._Element) -> int | None:
    """Inner width (twips) of the text box holding ``box``: the drawing's extent less its insets."""
    node = box.getparent()
    while node is not None:
        if node.tag in (f"{{{WP}}}anchor", f"{{{WP}}}inline"):
            extent = node.find(f"{{{WP}}}extent")
            body = node.find(".//{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}bodyPr")
            if extent is None:
                return None
            insets = 91440 * 2  # Word's default left and right insets, EMU
            if body is not None:
                insets = _int(body.get("lIns"), 91440) + _int(body.get("rIns"), 91440)
            return round((_int(extent.get("cx")) - insets) * EMU_MM / TWIP_MM)
        if node.tag in (f"{{{V}}}shape", f"{{{V}}}rect"):
            width = _vml_style(node.get("style", "")).get("width")
            return round((width - 5.08) / TWIP_MM) if width else None
        node = node.getparent()
    return None


def _vml_length(value: str) -> float | None:
    """A VML length ("12pt", "1.5in", "3cm", "20mm", "100px", bare number = px) in millimetres."""
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*(pt|in|cm|mm|px|emu)?\s*", value)
    if not match:
        return None
    number = float(match.group(1))
    unit = match.group(2) or "px"
    return number * {"pt": 25.4 / 72, "in": 25.4, "cm": 10.0, "mm": 1.0, "px": 25.4 / 96, "emu": EMU_MM}[unit]


def _vml_point(value: str) -> tuple[float, float] | None:
    parts = value.split(",")
    if len(parts) != 2:
        return None
    x, y = _vml_length(parts[0] or "0"), _vml_length(parts[1] or "0")
    return None if x is None or y is None else (x, y)


def _vml_style(style: str) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in style.split(";"):
        if ":" in item:
            key, value = item.split(":", 1)
            length = _vml_length(value)
            if length is not None:
                values[key.strip().lower()] = length
    return values


def read_docx(data: bytes, name: str) -> Layout:
    """The layout of a DOCX: blocks in reading order (table cells row by row), rules, sections and fonts."""
    package = _Package(data, name)
    reader = _Reader(package)
    try:
        reader.read()
        pages = reader.pages()
    except RecursionError as exc:
        raise InputError(f"{name}: tệp DOCX lồng bảng quá sâu, không đọc được.") from exc
    return Layout("docx", name, reader.blocks, reader.rules, pages, reader.fonts, {}, reader.not_nfc)
