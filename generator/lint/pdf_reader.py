"""Turn a PDF's text layer and drawn lines into the elements of the decree's layout.

pdfium gives text objects (with font, size and position) and path objects. Objects on one baseline make a printed
line; a line with a wide gap is cut into columns (the header and signature tables); two-column zones are read
left column first, as in the DOCX; continuation lines are joined back into paragraphs. Horizontal paths (strokes,
thin filled rectangles, or the band between two nested rectangles, which is how WeasyPrint draws a border) become
rules attached to the text right above them.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata

from ..core.errors import InputError
from .limits import check_pages, check_pdf_streams, own_document
from .model import Block, HRule, Layout, Page
from .pdf_layout import MM, Line, PageFacts, Piece, lines_of, mark_grids, reading_order, take_page_number

_MARKER = re.compile(r"^(- |– |— |\+ |• |Điều \d|Căn cứ|Theo đề nghị|Xét đề nghị|Nơi nhận|Kính gửi|Số:|V/v|\d+\. |"
                     r"[a-zđ]\) |[IVXLC]+\. |\(Kèm theo|\(Ban hành kèm theo|Phụ lục)")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|,i\b|-i\b|,bi\b|-bi\b", re.IGNORECASE)


_TEXT_BUFFER_CHARS = 4096


def _text_of(raw, pdfium_raw, text_page, buffer=None) -> str:  # noqa: ANN001 - pdfium handles
    """The text of a text object; ``buffer`` (a reused c_ushort array) saves asking for the length first."""
    if buffer is not None:
        length = pdfium_raw.FPDFTextObj_GetText(raw, text_page, buffer, len(buffer) * 2)
        if length <= len(buffer) * 2:
            if length <= 2:
                return ""
            return ctypes.string_at(buffer, length - 2).decode("utf-16-le", errors="replace")
    length = pdfium_raw.FPDFTextObj_GetText(raw, text_page, None, 0)
    if length <= 2:
        return ""
    whole = ctypes.create_string_buffer(length)
    pdfium_raw.FPDFTextObj_GetText(raw, text_page, ctypes.cast(whole, ctypes.POINTER(ctypes.c_ushort)), length)
    return whole.raw[:length - 2].decode("utf-16-le", errors="replace")


def _font_facts(raw, pdfium_raw) -> tuple[str, bool, bool, bool]:  # noqa: ANN001 - pdfium handles
    """Base font name (subset prefix removed), embedded, bold, italic."""
    font = pdfium_raw.FPDFTextObj_GetFont(raw)
    if not font:
        return "?", False, False, False
    length = pdfium_raw.FPDFFont_GetBaseFontName(font, None, 0)
    name = ""
    if length > 0:
        buffer = ctypes.create_string_buffer(length)
        pdfium_raw.FPDFFont_GetBaseFontName(font, buffer, length)
        name = buffer.value.decode("latin-1", errors="replace")
    name = re.sub(r"^[A-Z]{6}\+", "", name)
    embedded = bool(pdfium_raw.FPDFFont_GetIsEmbedded(font))
    flags = pdfium_raw.FPDFFont_GetFlags(font)
    weight = pdfium_raw.FPDFFont_GetWeight(font)
    angle = ctypes.c_int(0)
    pdfium_raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle))
    bold = bool(_BOLD_NAME.search(name)) or weight >= 600 or bool(flags & (1 << 18))
    italic = bool(_ITALIC_NAME.search(name)) or angle.value != 0 or bool(flags & (1 << 6))
    return name, embedded, bold, italic


class _Calls:
    """pdfium through its raw functions, with the out-parameters made once: a list of thousands of rows draws tens
    of thousands of objects, and pypdfium2's object wrappers cost more than the reading itself."""

    def __init__(self, pdfium_raw) -> None:  # noqa: ANN001 - the pypdfium2.raw module
        self.raw = pdfium_raw
        self.x, self.y, self.z, self.t = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self.fill, self.stroke = ctypes.c_int(0), ctypes.c_int(0)
        self.matrix = pdfium_raw.FS_MATRIX()

    def objects(self, page, depth: int = 4):  # noqa: ANN001, ANN201 - a raw page or form handle, raw objects
        """(object, type) of a page and of the form XObjects in it, as pypdfium2's get_objects(max_depth=4)."""
        yield from self._objects(page, False, 0, depth)

    def _objects(self, parent, form: bool, level: int, depth: int):  # noqa: ANN001, ANN202
        raw = self.raw
        count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
        get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
        for index in range(max(count, 0)):
            obj = get(parent, index)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            yield obj, kind
            if kind == raw.FPDF_PAGEOBJ_FORM and level < depth - 1:
                yield from self._objects(obj, True, level + 1, depth)

    def bounds(self, obj) -> tuple[float, float, float, float]:  # noqa: ANN001
        self.raw.FPDFPageObj_GetBounds(obj, ctypes.byref(self.x), ctypes.byref(self.y), ctypes.byref(self.z),
                                       ctypes.byref(self.t))
        return self.x.value, self.y.value, self.z.value, self.t.value

    def matrix_of(self, obj) -> tuple[float, float, float, float, float, float]:  # noqa: ANN001
        matrix = self.matrix
        self.raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        return matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f


def _path_rules(obj, calls: _Calls, height_pt: float) -> tuple[list[tuple[float, float, float]],  # noqa: ANN001
                                                             list[tuple[float, float, float]]]:
    """Horizontal rules (x0, x1, y in mm from the top) and vertical strokes (x, top, bottom) of one path object."""
    pdfium_raw = calls.raw
    a, b, c, d, e, f = calls.matrix_of(obj)
    count = pdfium_raw.FPDFPath_CountSegments(obj)
    points: list[list[tuple[float, float]]] = []
    x, y = calls.x, calls.y
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    move_to = pdfium_raw.FPDF_SEGMENT_MOVETO
    for index in range(count):
        segment = pdfium_raw.FPDFPath_GetPathSegment(obj, index)
        pdfium_raw.FPDFPathSegment_GetPoint(segment, x_ref, y_ref)
        page_x = a * x.value + c * y.value + e
        page_y = b * x.value + d * y.value + f
        point = (page_x / MM, (height_pt - page_y) / MM)
        if not points or pdfium_raw.FPDFPathSegment_GetType(segment) == move_to:
            points.append([point])
        else:
            points[-1].append(point)
    fill_mode, stroke = calls.fill, calls.stroke
    pdfium_raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
    rules: list[tuple[float, float, float]] = []
    verticals: list[tuple[float, float, float]] = []
    boxes = []
    for subpath in points:
        xs = [point[0] for point in subpath]
        ys = [point[1] for point in subpath]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
        if stroke.value:
            for (x_a, y_a), (x_b, y_b) in zip(subpath, subpath[1:], strict=False):
                if abs(y_a - y_b) < 0.3 and abs(x_a - x_b) >= 3:
                    rules.append((min(x_a, x_b), max(x_a, x_b), (y_a + y_b) / 2))
                elif abs(x_a - x_b) < 0.3 and abs(y_a - y_b) >= 2:
                    verticals.append((x_a, min(y_a, y_b), max(y_a, y_b)))
    if fill_mode.value:
        if len(boxes) == 2:
            # A border: the band between two rectangles sharing their horizontal extent (even-odd fill).
            outer, inner = sorted(boxes, key=lambda box: (box[3] - box[1]), reverse=True)
            if abs(outer[0] - inner[0]) < 0.3 and abs(outer[2] - inner[2]) < 0.3 and outer[2] - outer[0] >= 3:
                for band_top, band_bottom in ((outer[1], inner[1]), (inner[3], outer[3])):
                    if 0.01 < band_bottom - band_top < 1.5:
                        rules.append((outer[0], outer[2], (band_top + band_bottom) / 2))
                boxes = []
        for x0, y0, x1, y1 in boxes:
            if x1 - x0 >= 3 and 0 <= y1 - y0 < 1.0:
                rules.append((x0, x1, (y0 + y1) / 2))
            elif y1 - y0 >= 2 and x1 - x0 < 1.0:
                verticals.append(((x0 + x1) / 2, y0, y1))
    return rules, verticals


PagesRead = tuple[list[PageFacts], dict[str, list[str]], dict[str, list[str]]]


def page_count(data: bytes, name: str) -> int:
    """How many pages a PDF has (0 when pdfium cannot open it: reading it will say why)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def read_pages(data: bytes, name: str, start: int = 0, stop: int | None = None, own: bool = False) -> PagesRead:
    """Pages ``start`` to ``stop`` (0-based, stop excluded) read into facts, their fonts and unembedded fonts: a
    long PDF can be read in two processes at once, and the parts joined by ``joined_pages``. The caller has run
    ``limits.check_pdf_streams`` on ``data`` first (pdfium must never meet a stream that expands too far)."""
    if own:
        with own_document():
            return _read_pages(data, name, start, stop, streams_checked=True)
    return _read_pages(data, name, start, stop, streams_checked=True)


def joined_pages(parts: list[PagesRead]) -> PagesRead:
    """The parts of ``read_pages`` in page order, as if read in one go."""
    pages: list[PageFacts] = []
    fonts: dict[str, list[str]] = {}
    unembedded: dict[str, list[str]] = {}
    for part_pages, part_fonts, part_unembedded in parts:
        pages.extend(part_pages)
        for font, places in part_fonts.items():
            fonts.setdefault(font, []).extend(places)
        for font, places in part_unembedded.items():
            unembedded.setdefault(font, []).extend(places)
    return pages, fonts, unembedded


def _read_pages(data: bytes, name: str, start: int = 0, stop: int | None = None,
                streams_checked: bool = False) -> PagesRead:
    # Imported here: pypdfium2 loads a native library, needed only when a PDF is actually read.
    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    if not streams_checked:
        check_pdf_streams(data, name)
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputError(f"{name}: tệp PDF có mật khẩu, không đọc được.") from exc
        raise InputError(f"{name}: không phải tệp PDF hợp lệ hoặc tệp bị hỏng ({message}).") from exc
    pages: list[PageFacts] = []
    fonts: dict[str, list[str]] = {}
    unembedded: dict[str, list[str]] = {}
    font_cache: dict[int, tuple[str, bool, bool, bool]] = {}
    check_pages(name, len(document))
    calls = _Calls(pdfium_raw)
    size = ctypes.c_float(0)
    text_buffer = (ctypes.c_ushort * _TEXT_BUFFER_CHARS)()
    text_kind, path_kind = pdfium_raw.FPDF_PAGEOBJ_TEXT, pdfium_raw.FPDF_PAGEOBJ_PATH
    try:
        for number in range(start + 1, min(len(document), len(document) if stop is None else stop) + 1):
            page = document[number - 1]
            width_pt, height_pt = page.get_size()
            facts = PageFacts(width_pt / MM, height_pt / MM)
            text_page = page.get_textpage()
            pieces: list[Piece] = []
            where = f"trang {number}"
            for obj, kind in calls.objects(page.raw):
                if kind == text_kind:
                    text = _text_of(obj, pdfium_raw, text_page.raw, text_buffer)
                    if not text.strip():
                        continue
                    left, bottom, right, top = calls.bounds(obj)
                    a, b, c, d, e, f = calls.matrix_of(obj)
                    pdfium_raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
                    scale = (c * c + d * d) ** 0.5 or 1.0
                    key = ctypes.cast(pdfium_raw.FPDFTextObj_GetFont(obj), ctypes.c_void_p).value or 0
                    if key not in font_cache:
                        font_cache[key] = _font_facts(obj, pdfium_raw)
                    font, embedded, bold, italic = font_cache[key]
                    if pdfium_raw.FPDFTextObj_GetTextRenderMode(obj) in (2, 6):
                        bold = True  # fill and stroke: a synthetic bold
                    places = fonts.setdefault(font, [])
                    if not places or places[-1] != where:
                        places.append(where)
                    if not embedded:
                        missing = unembedded.setdefault(font, [])
                        if not missing or missing[-1] != where:
                            missing.append(where)
                    pieces.append(Piece(text, left / MM, right / MM, (height_pt - top) / MM,
                                         (height_pt - bottom) / MM, (height_pt - f) / MM, size.value * scale,
                                         bold, italic, font))
                elif kind == path_kind:
                    rules, verticals = _path_rules(obj, calls, height_pt)
                    facts.rules.extend(rules)
                    facts.verticals.extend(verticals)
            facts.lines = lines_of(pieces, number)
            _drop_draft_mark(facts)
            pages.append(facts)
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"{name}: tệp PDF bị hỏng, không đọc được hết các trang ({exc}).") from exc
    finally:
        document.close()
    return pages, fonts, unembedded


# A draft's "DỰ THẢO" mark, boxed in the top margin, is how offices mark drafts: not part of the document's format.
_DRAFT_MARK = "DỰ THẢO"
_TOP_MARGIN_MM = 20.0


def _drop_draft_mark(facts: PageFacts) -> None:
    marks = [line for line in facts.lines
             if unicodedata.normalize("NFC", line.text).strip().upper() == _DRAFT_MARK and line.bottom < _TOP_MARGIN_MM]
    for mark in marks:
        facts.lines.remove(mark)
        left, right, top, bottom = mark.x0 - 3, mark.x1 + 3, mark.top - 3, mark.bottom + 3
        facts.rules = [rule for rule in facts.rules
                       if not (left <= rule[0] and rule[1] <= right and top <= rule[2] <= bottom)]
        facts.verticals = [stroke for stroke in facts.verticals
                           if not (left <= stroke[0] <= right and top <= stroke[1] and stroke[2] <= bottom)]


def _joins(previous: Line, line: Line, right_edge: dict[str, float]) -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``previous``."""
    if previous.column != line.column or previous.grid or line.grid:
        return False
    if previous.page != line.page and previous.column != "body":
        return False
    if _MARKER.match(line.text.lstrip()):
        return False
    if abs(previous.size - line.size) > 0.6:
        return False
    if previous.page == line.page and line.baseline - previous.baseline > 1.9 * line.size / MM:
        return False
    italic_before = sum(len(p.text) for p in previous.pieces if p.italic) * 2 > len(previous.text)
    italic_now = sum(len(p.text) for p in line.pieces if p.italic) * 2 > len(line.text)
    if italic_before != italic_now:
        return False
    if previous.text.upper() == previous.text and any(ch.isalpha() for ch in previous.text):
        return False  # upper-case lines (issuer, titles) are one element per line
    edge = right_edge.get(line.column, right_edge["body"])
    left = right_edge.get(line.column + "-left", right_edge["body-left"])
    # The line above was full when the first word of this line would not have fitted at its end.
    words = line.text.split()
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    full = previous.x1 + per_char * (len(words[0]) + 1 if words else 0) >= edge - 1.0
    hanging = -2.0 < line.x0 - previous.x0 < 3.5
    if line.column != "body":
        # In a column: a centred line that wraps (the V/v line), or an item that wraps under itself.
        centred_wrap = abs(previous.centre - line.centre) < 2.0 and previous.x1 - previous.x0 >= 0.85 * (edge - left)
        return centred_wrap or (full and hanging)
    middle = (left + edge) / 2
    centred_end = abs(line.centre - middle) < 2.0 and line.x0 > left + 2 and \
        (abs(previous.centre - middle) < 2.0 or previous.x0 < left + 2)
    return full and (abs(line.x0 - left) < 2.0 or hanging or centred_end)


def _join_text(before: str, after: str) -> str:
    if before.endswith("\x02"):
        before = before[:-1] + "-"
        # A hyphen between two words ("Văn hóa - Xã hội") keeps its spaces; one inside a word does not.
        return before + (" " if before[:-1].endswith(" ") else "") + after.lstrip()
    if before.endswith("-") and len(before) > 1 and not before[-2].isspace():
        return before + after.lstrip()
    return before.rstrip() + " " + after.lstrip()


def read_pdf(data: bytes, name: str, pages_read: PagesRead | None = None) -> Layout:
    """The layout of a PDF with a text layer: blocks in reading order with their pages, rules, pages, fonts.
    ``pages_read``: the pages already read (``read_pages``), else they are read here."""
    pages, fonts, unembedded = pages_read if pages_read is not None else _read_pages(data, name)
    if not any(facts.lines for facts in pages):
        raise InputError(f"{name}: tệp PDF không có lớp chữ (có thể là bản quét), không kiểm tra được thể thức.")
    blocks: list[Block] = []
    block_lines: list[list[Line]] = []
    layout_pages: list[Page] = []
    not_nfc: list[str] = []
    rules: list[HRule] = []
    previous: Line | None = None
    number_centres: dict[int, float] = {}
    for number, facts in enumerate(pages, start=1):
        centre = take_page_number(facts)
        if centre is not None:
            number_centres[number] = centre
        mark_grids(facts)
        ordered = reading_order(facts)
        body = [line for line in ordered if line.column == "body" and not line.grid]
        right_edge = {"body": max((line.x1 for line in body), default=facts.width - 15),
                      "body-left": min((line.x0 for line in body), default=30.0)}
        for side in ("left", "right"):
            members = [line for line in ordered if line.column == side]
            if members:
                right_edge[side] = max(line.x1 for line in members)
                right_edge[side + "-left"] = min(line.x0 for line in members)
        text_lines = [line for line in facts.lines]
        box = None
        if text_lines:
            box = (min(line.x0 for line in text_lines), min(line.top for line in text_lines),
                   max(line.x1 for line in text_lines), max(line.bottom for line in text_lines))
        first_block = -1
        first_line = True
        for line in ordered:
            raw = line.text
            text = unicodedata.normalize("NFC", raw)
            if text != raw and f"trang {number}" not in not_nfc:
                not_nfc.append(f"trang {number}")
            if previous is not None and block_lines and _joins(previous, line, right_edge) and \
                    (previous.page == line.page or _is_last_body_line(previous, pages)):
                block = blocks[-1]
                block.text = _join_text(block.text, text.replace("\u00a0", " "))
                block.spans.extend(line.spans())
                block.x0 = min(block.x0 or line.x0, line.x0)
                block.x1 = max(block.x1 or line.x1, line.x1)
                block.last_page = number
                block.lines.append((line.x0, line.top, line.x1, line.bottom, number))
                block_lines[-1].append(line)
                if first_line:
                    first_block = len(blocks) - 1
            else:
                if first_line:
                    first_block = len(blocks)
                align = _alignment(line, right_edge)
                blocks.append(Block(text=text.replace("\u00a0", " "), spans=line.spans(), where=f"trang {number}",
                                    column=line.column, align=align, new_page=first_line,
                                    page=number, last_page=number, x0=line.x0, x1=line.x1,
                                    lines=[(line.x0, line.top, line.x1, line.bottom, number)]))
                block_lines.append([line])
            previous = line
            first_line = False
        for x0, x1, y in facts.rules:
            if any(top - 0.6 <= y <= bottom + 0.6 for top, bottom in facts.grid_bands):
                continue  # a border of a drawn table, not a rule under some text
            rules.append(HRule(_block_above(blocks, number, x0, x1, y), x1 - x0, f"trang {number}",
                               _rule_column(blocks, number, x0, x1, y), "path", y))
        layout_pages.append(Page(where=f"trang {number}", width_mm=facts.width, height_mm=facts.height,
                                 first_block=first_block, text_box_mm=box,
                                 has_wide_table=bool(facts.grid_bands) and box is not None and box[2] - box[0] > 170,
                                 number=facts.number))
    for block in blocks:
        block.text = " ".join(block.text.replace("\x02", "-").split())
        if len(block.lines) > 1 and block.column == "body":
            right = max(line[2] for line in block.lines)
            if all(abs(line[2] - right) < 2 for line in block.lines[:-1]):
                block.align = "both"
    # A page number is centred between the margins of the document's text (or on the page).
    boxes = [page.text_box_mm for page in layout_pages if page.text_box_mm]
    if boxes:
        middle = (min(box[0] for box in boxes) + max(box[2] for box in boxes)) / 2
        for number, centre in number_centres.items():
            mark = layout_pages[number - 1].number
            if mark is not None:
                mark.centred = abs(centre - middle) < 5 or abs(centre - layout_pages[number - 1].width_mm / 2) < 3
    return Layout("pdf", name, blocks, rules, layout_pages, fonts, unembedded, not_nfc, len(pages))


def _is_last_body_line(line: Line, pages: list[PageFacts]) -> bool:
    facts = pages[line.page - 1]
    return line.bottom >= max(item.bottom for item in facts.lines) - 0.5


def _alignment(line: Line, right_edge: dict[str, float]) -> str:
    left = right_edge.get("body-left", line.x0)
    right = right_edge["body"]
    if line.column != "body":
        return "center"
    if abs(line.x0 - left) < 2 and abs(line.x1 - right) < 2:
        return "both"
    if abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 2 and line.x0 > left + 2:
        return "center"
    if line.x0 > left + 2 and abs(line.x1 - right) < 2:
        return "right"
    return "left"


def _block_above(blocks: list[Block], page: int, x0: float, x1: float, y: float) -> int:
    """Index of the block whose line sits right above the rule and overlaps it horizontally (-1 if none)."""
    best, best_bottom = -1, -1.0
    for index, block in enumerate(blocks):
        for line_x0, _top, line_x1, bottom, line_page in block.lines:
            if line_page != page or bottom > y + 0.8 or y - bottom > 10:
                continue
            if min(x1, line_x1) - max(x0, line_x0) <= 0:
                continue
            if bottom > best_bottom:
                best, best_bottom = index, bottom
    return best


def _rule_column(blocks: list[Block], page: int, x0: float, x1: float, y: float) -> str:
    index = _block_above(blocks, page, x0, x1, y)
    return blocks[index].column if index >= 0 else "body"
