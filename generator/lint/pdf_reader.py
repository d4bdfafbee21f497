"""Turn a PDF's text layer and drawn lines into the elements of the decree's layout.

pdfium gives text objects (with font, size and position) and path objects. Objects on one baseline make a printed
line; a line with a wide gap is cut into columns (the header and signature tables); two-column zones are read
left column first, as in the DOCX; continuation lines are joined back into paragraphs. Horizontal paths (strokes,
thin filled rectangles, or the band between two nested rectangles, which is how WeasyPrint draws a border) become
rules attached to the text right above them.
"""

from __future__ import annotations

import codecs
import ctypes
import re
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass

from ..core.errors import InputError
from .limits import check_pages, check_pdf_streams, own_document
from .model import Layout
from .pdf_blocks import PageBlocks, built, joined
from .pdf_calls import PdfiumCalls
from .pdf_layout import MM, PageFacts, Piece, lines_of, prepare_page

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique|,i\b|-i\b|,bi\b|-bi\b", re.IGNORECASE)


_TEXT_BUFFER_CHARS = 4096


def _long_text_of(obj: int, calls: PdfiumCalls, text_page: int) -> str:
    """The text of a text object longer than the reused buffer: its length asked first."""
    length = calls.get_text(obj, text_page, None, 0)
    if length <= 2:
        return ""
    whole = ctypes.create_string_buffer(length)
    calls.get_text(obj, text_page, ctypes.addressof(whole), length)
    return whole.raw[:length - 2].decode("utf-16-le", errors="replace")


def _font_facts(font_address: int | None, calls: PdfiumCalls, pdfium_raw) -> tuple[str, bool, bool, bool]:  # noqa: ANN001
    """Base font name (subset prefix removed), embedded, bold, italic."""
    if not font_address:
        return "?", False, False, False
    font = calls.font_handle(font_address)
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


def _path_rules(obj: int, calls: PdfiumCalls, height_pt: float) -> tuple[list[tuple[float, float, float]],
                                                                   list[tuple[float, float, float]]]:
    """Horizontal rules (x0, x1, y in mm from the top) and vertical strokes (x, top, bottom) of one path object."""
    a, b, c, d, e, f = calls.matrix_of(obj)
    count = calls.count_segments(obj)
    points: list[list[tuple[float, float]]] = []
    subpath: list[tuple[float, float]] = []
    point, (x_at, y_at) = calls.point, calls.point_at
    move_to = calls.move_to
    # Bound once: a table's borders are one path of hundreds of segments on every page of a long list.
    get_segment, get_point, get_type = calls.get_segment, calls.segment_point, calls.segment_type
    for index in range(count):
        segment = get_segment(obj, index)
        get_point(segment, x_at, y_at)
        x_value, y_value = point
        here = ((a * x_value + c * y_value + e) / MM, (height_pt - (b * x_value + d * y_value + f)) / MM)
        if not index or get_type(segment) == move_to:
            subpath = [here]
            points.append(subpath)
        else:
            subpath.append(here)
    calls.draw_mode(obj, *calls.modes_at)
    fill_mode, stroke = calls.modes
    rules: list[tuple[float, float, float]] = []
    verticals: list[tuple[float, float, float]] = []
    if stroke:
        for subpath in points:
            for (x_a, y_a), (x_b, y_b) in zip(subpath, subpath[1:], strict=False):
                if abs(y_a - y_b) < 0.3 and abs(x_a - x_b) >= 3:
                    rules.append((min(x_a, x_b), max(x_a, x_b), (y_a + y_b) / 2))
                elif abs(x_a - x_b) < 0.3 and abs(y_a - y_b) >= 2:
                    verticals.append((x_a, min(y_a, y_b), max(y_a, y_b)))
    if fill_mode:
        boxes = []
        for subpath in points:
            xs = [x for x, _ in subpath]
            ys = [y for _, y in subpath]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
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
    with own_document() if own else nullcontext():
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
    if not streams_checked:
        check_pdf_streams(data, name)
    with OpenPdf(data, name) as pdf:
        last = len(pdf) if stop is None else min(len(pdf), stop)
        return joined_pages([pdf.page(number) for number in range(start + 1, last + 1)])


class OpenPdf:
    """A PDF opened by pdfium, read one page at a time (``page``): two processes can share a long PDF's pages.
    The caller has run ``limits.check_pdf_streams`` on the data (pdfium must never meet a stream that expands too
    far). Use it in a ``with`` block: the document is closed at its end."""

    def __init__(self, data: bytes, name: str) -> None:
        # Imported here: pypdfium2 loads a native library, needed only when a PDF is actually read.
        import pypdfium2
        import pypdfium2.raw as pdfium_raw

        self.name, self.raw, self._error = name, pdfium_raw, pypdfium2.PdfiumError
        try:
            self.document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise InputError(f"{name}: tệp PDF có mật khẩu, không đọc được.") from exc
            raise InputError(f"{name}: không phải tệp PDF hợp lệ hoặc tệp bị hỏng ({message}).") from exc
        try:
            check_pages(name, len(self.document))
        except InputError:
            self.document.close()
            raise
        self.calls = PdfiumCalls(pdfium_raw)
        self.document_address = ctypes.cast(self.document.raw, ctypes.c_void_p).value
        self.text_buffer = (ctypes.c_ushort * _TEXT_BUFFER_CHARS)()
        self.text_view = memoryview(self.text_buffer).cast("B")
        self.font_cache: dict[int | None, tuple[str, bool, bool, bool]] = {}

    def __len__(self) -> int:
        return len(self.document)

    def __enter__(self) -> OpenPdf:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.document.close()

    def page(self, number: int, label: int | None = None) -> PagesRead:  # noqa: C901 - one loop, kept for speed
        """Page ``number`` (1-based) read into facts, with the fonts it uses and those it does not embed; ``label``:
        its number in the document it belongs to (pages made apart, core.early_pages), when not ``number``."""
        calls, font_cache, pdfium_raw = self.calls, self.font_cache, self.raw
        text_kind, path_kind = calls.text_kind, calls.path_kind
        # Bound once, out-parameters addressed once: a page of a long list holds a hundred text objects.
        get_text, get_bounds, get_matrix = calls.get_text, calls.get_bounds, calls.get_matrix
        get_size, get_font, get_mode = calls.get_font_size, calls.get_font, calls.render_mode
        box, box_at, matrix, matrix_at = calls.box, calls.box_at, calls.matrix, calls.matrix_at
        size, size_at = calls.size, calls.size_at
        buffer_at, view = ctypes.addressof(self.text_buffer), self.text_view
        capacity = len(self.text_buffer) * 2
        fonts: dict[str, list[str]] = {}
        unembedded: dict[str, list[str]] = {}
        label = number if label is None else label
        where = f"trang {label}"
        page = text_page = None
        try:
            page = calls.load_page(self.document_address, number - 1)
            if not page:
                raise self._error("Failed to load page.")
            width_pt, height_pt = calls.page_width(page), calls.page_height(page)
            facts = PageFacts(width_pt / MM, height_pt / MM)
            text_page = calls.load_text_page(page)
            if not text_page:
                raise self._error("Failed to load text page.")
            pieces: list[Piece] = []
            for obj, kind in calls.objects(page):
                if kind == text_kind:
                    length = get_text(obj, text_page, buffer_at, capacity)
                    if length > capacity:
                        text = _long_text_of(obj, calls, text_page)
                    else:
                        text = "" if length <= 2 else codecs.decode(view[:length - 2], "utf-16-le", "replace")
                    if not text.strip():
                        continue
                    get_bounds(obj, *box_at)
                    left, bottom, right, top = box
                    get_matrix(obj, matrix_at)
                    _, _, c, d, _, f = matrix
                    get_size(obj, size_at)
                    scale = (c * c + d * d) ** 0.5 or 1.0
                    font_address = get_font(obj)
                    facts_of_font = font_cache.get(font_address)
                    if facts_of_font is None:
                        facts_of_font = font_cache[font_address] = _font_facts(font_address, calls, pdfium_raw)
                    font, embedded, bold, italic = facts_of_font
                    if get_mode(obj) in (2, 6):
                        bold = True  # fill and stroke: a synthetic bold
                    if font not in fonts:
                        fonts[font] = [where]
                        if not embedded:
                            unembedded[font] = [where]
                    pieces.append(Piece(text, left / MM, right / MM, (height_pt - top) / MM,
                                        (height_pt - bottom) / MM, (height_pt - f) / MM, size.value * scale,
                                        bold, italic, font))
                elif kind == path_kind:
                    rules, verticals = _path_rules(obj, calls, height_pt)
                    facts.rules.extend(rules)
                    facts.verticals.extend(verticals)
        except self._error as exc:
            raise InputError(f"{self.name}: tệp PDF bị hỏng, không đọc được hết các trang ({exc}).") from exc
        finally:
            if text_page:
                calls.close_text_page(text_page)
            if page:
                calls.close_page(page)
        facts.lines = lines_of(pieces, label)
        _drop_draft_mark(facts)
        prepare_page(facts)
        return [facts], fonts, unembedded


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


@dataclass
class PdfPart:
    """Consecutive pages of a PDF read into blocks (``read_part``), to be set end to end by ``read_pdf``."""

    blocks: PageBlocks
    fonts: dict[str, list[str]]
    unembedded: dict[str, list[str]]
    pages: list[PageFacts] | None = None  # kept for a part that may have to be built again after the one before


def read_part(data: bytes, name: str, start: int, stop: int | None, own: bool = False, keep_pages: bool = False,
              ) -> PdfPart:
    """Pages ``start`` to ``stop`` (as ``read_pages``) read and turned into blocks: a long PDF is read in two
    processes at once. ``keep_pages`` for a part after the first, so that it can be built again after the first
    if a paragraph runs across the cut."""
    pages, fonts, unembedded = read_pages(data, name, start, stop, own)
    part = built(pages, start + 1)
    part.finish(keep_last=True)
    return PdfPart(part, fonts, unembedded, pages if keep_pages else None)


def read_pdf(data: bytes, name: str, pages_read: PagesRead | None = None, parts: list[PdfPart] | None = None,
             ) -> Layout:
    """The layout of a PDF with a text layer: blocks in reading order with their pages, rules, pages, fonts.
    ``pages_read``: the pages already read (``read_pages``), else they are read here; ``parts``: the whole PDF
    already read in parts (``read_part``), in page order."""
    if parts is None:
        pages, fonts, unembedded = pages_read if pages_read is not None else _read_pages(data, name)
        parts = [PdfPart(built(pages), fonts, unembedded)]
    whole = parts[0].blocks
    fonts, unembedded = joined_pages([([], part.fonts, part.unembedded) for part in parts])[1:]
    for part in parts[1:]:
        whole = joined(whole, part.blocks, part.pages)
    if not whole.has_text:
        raise InputError(f"{name}: tệp PDF không có lớp chữ (có thể là bản quét), không kiểm tra được thể thức.")
    whole.finish()
    whole.centre_numbers()
    return Layout("pdf", name, whole.blocks, whole.rules, whole.pages, fonts, unembedded, whole.not_nfc,
                  len(whole.pages))
