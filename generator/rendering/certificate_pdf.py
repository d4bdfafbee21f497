"""Turn the texts of a certificate and a stock profile into PDF page content: text fitted into boxes, the border.

Each field is set in its box: first on one line, shrinking the font by half a point at a time down to the box's
minimum; then wrapped onto more lines, again from the largest size down. A text that still does not fit is drawn
at the minimum size, overflowing its box, and reported by the caller (never cut off silently). Drawing writes
PDF operators directly, which is what makes thousands of certificates per second possible; pdf_writer.py turns
the streams into a file.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

from .certificate_profile import Box, Profile, Shape
from .pdf_writer import PT_PER_MM, Form, font_metrics, num, resource_name, write_pdf

MM_PER_PT = 25.4 / 72
SIZE_STEP = 0.5  # pt: how much the font shrinks per try
_EPSILON = 1e-6
FRAME_FORM = "Khung"
BACKGROUND_FORM = "Nen"


@dataclass(frozen=True)
class Fitted:
    """A text set in a box: its lines, the size used, and whether it stays inside the box."""

    lines: tuple[str, ...]
    size: float
    fits: bool
    wrapped: bool
    missing: str = ""  # characters the font has no glyph for (printed as empty boxes)


def _sizes(box: Box) -> list[float]:
    steps = max(0, math.floor((box.size - box.min_size) / SIZE_STEP + _EPSILON))
    sizes = [box.size - SIZE_STEP * i for i in range(steps + 1)]
    if sizes[-1] - box.min_size > _EPSILON:
        sizes.append(box.min_size)
    return sizes


def line_width_mm(box: Box, text: str, size: float) -> float:
    """Printed width of one line; letter spacing (Tc) follows every glyph but the last one counts for nothing."""
    em = font_metrics(box.bold, box.italic).width(text)
    return (em * size + box.letter_spacing * max(len(text) - 1, 0)) * MM_PER_PT


def line_height_mm(box: Box, size: float) -> float:
    return box.line_height * size * MM_PER_PT


def _greedy(words: list[str], word_widths: list[float], space: float, limit: float) -> list[list[int]] | None:
    """Indexes of words per line, filling each line up to ``limit`` (same units as the widths)."""
    lines: list[list[int]] = []
    current: list[int] = []
    width = 0.0
    for index, word_width in enumerate(word_widths):
        if word_width > limit + _EPSILON:
            return None  # one word wider than the box: wrapping cannot help
        if current and width + space + word_width > limit + _EPSILON:
            lines.append(current)
            current, width = [], 0.0
        width = word_width if not current else width + space + word_width
        current.append(index)
    if current:
        lines.append(current)
    return lines


def _wrap(box: Box, paragraph: str, size: float) -> list[str] | None:
    """Lines of ``paragraph`` no wider than the box, balanced so that centred lines have similar lengths."""
    words = paragraph.split()
    if not words:
        return [""]
    metrics = font_metrics(box.bold, box.italic)
    spacing = box.letter_spacing / size if size else 0.0  # in em, per glyph

    def em(text: str) -> float:
        return metrics.width(text) + spacing * len(text)

    widths = [em(word) for word in words]
    space = em(" ")
    limit = box.width / MM_PER_PT / size
    lines = _greedy(words, widths, space, limit)
    if lines is None:
        return None
    # Greedy filling leaves a short last line; the narrowest limit giving as few lines looks better centred.
    low, high = max(widths), limit
    for _ in range(12):
        middle = (low + high) / 2
        trial = _greedy(words, widths, space, middle)
        if trial is not None and len(trial) <= len(lines):
            high, lines = middle, trial
        else:
            low = middle
    return [" ".join(words[i] for i in line) for line in lines]


def fit_text(box: Box, text: str, sizes: list[float] | None = None) -> Fitted:
    """``text`` set in ``box``: one line per paragraph, shrinking; else wrapped, shrinking; else reported unfit.

    ``sizes``: the box's sizes to try, largest first, when the caller has them already (``_sizes(box)``).
    """
    paragraphs = text.split("\n")
    sizes = sizes or _sizes(box)
    # Each paragraph measured once: its width at a size is then what line_width_mm gives, to the last bit.
    metrics = font_metrics(box.bold, box.italic)
    measured = [(metrics.width(p), box.letter_spacing * max(len(p) - 1, 0)) for p in paragraphs]
    limit = box.width + _EPSILON
    for size in sizes:
        if (len(paragraphs) * line_height_mm(box, size) <= box.height + _EPSILON
                and all((em * size + spacing) * MM_PER_PT <= limit for em, spacing in measured)):
            return Fitted(tuple(paragraphs), size, True, False)
    last: list[str] = []
    for size in sizes:
        lines: list[str] = []
        for paragraph in paragraphs:
            wrapped = _wrap(box, paragraph, size)
            if wrapped is None:
                break
            lines.extend(wrapped)
        else:
            last = lines
            if len(lines) * line_height_mm(box, size) <= box.height + _EPSILON:
                return Fitted(tuple(lines), size, True, True)
    return Fitted(tuple(last or paragraphs), sizes[-1], False, bool(last))


def _colour(rgb: tuple[float, float, float], operator: str) -> str:
    return f"{num(rgb[0])} {num(rgb[1])} {num(rgb[2])} {operator}"


def draw_fitted(box: Box, fitted: Fitted, page_height: float) -> bytes:
    """PDF operators that draw ``fitted`` in ``box`` (page coordinates, no offsets)."""
    metrics = font_metrics(box.bold, box.italic)
    size = fitted.size
    line = line_height_mm(box, size)
    block = line * len(fitted.lines)
    top = box.y + {"top": 0.0, "middle": (box.height - block) / 2, "bottom": box.height - block}[box.valign]
    # The font's ascent and descent centred in each line, the baseline at the ascent.
    glyph_height = (metrics.ascent + metrics.descent) * size * MM_PER_PT
    first_baseline = top + (line - glyph_height) / 2 + metrics.ascent * size * MM_PER_PT
    ops = [_colour(box.colour, "rg"), "BT", f"/{resource_name(box.bold, box.italic)} {num(size)} Tf"]
    if box.letter_spacing:
        ops.append(f"{num(box.letter_spacing)} Tc")
    rules = []
    for index, text in enumerate(fitted.lines):
        width = line_width_mm(box, text, size)
        x = box.x + {"left": 0.0, "center": (box.width - width) / 2, "right": box.width - width}[box.align]
        baseline = first_baseline + index * line
        ops.append(f"1 0 0 1 {num(x * PT_PER_MM)} {num((page_height - baseline) * PT_PER_MM)} Tm"
                   f" <{metrics.encode(text)}> Tj")
        if box.underline and text.strip():
            # Nghị định 30: the rule under the Tiêu ngữ is as long as the text, just below the descenders.
            y = (page_height - baseline - (metrics.descent + 0.03) * size * MM_PER_PT) * PT_PER_MM
            rules.append(f"{num(x * PT_PER_MM)} {num(y)} m {num((x + width) * PT_PER_MM)} {num(y)} l S")
    if box.letter_spacing:
        ops.append("0 Tc")  # the text state outlives ET: the next box must not inherit the spacing
    ops.append("ET")
    if rules:
        ops.append(f"{_colour(box.colour, 'RG')} {num(0.05 * size)} w " + " ".join(rules))
    return ("\n".join(ops) + "\n").encode("ascii")


def _set_box(box: Box, text: str, page_height: float) -> tuple[bytes, Fitted]:
    fitted = fit_text(box, text)
    missing = font_metrics(box.bold, box.italic).missing(text) - {"\n"}
    if missing:
        fitted = replace(fitted, missing="".join(sorted(missing)))
    return draw_fitted(box, fitted, page_height), fitted


class BoxSetter:
    """``_set_box`` for one box of a page, with what does not depend on the text worked out once: the sizes to try,
    the operators before and after the lines at each size, where each line's baseline lies. Same bytes, and the
    same Fitted, as ``_set_box`` (the same expressions on the same numbers); an underlined box takes that path."""

    def __init__(self, box: Box, page_height: float) -> None:
        self.box = box
        self.page_height = page_height
        self.metrics = font_metrics(box.bold, box.italic)
        self.sizes = _sizes(box)
        self.known = frozenset(self.metrics.gid_hex)
        self._layouts: dict[tuple[float, int], tuple[str, list[str], str]] = {}

    def __call__(self, text: str) -> tuple[bytes, Fitted]:
        box = self.box
        if box.underline:
            return _set_box(box, text, self.page_height)
        metrics = self.metrics
        spacing = box.letter_spacing
        size = self.sizes[0]
        em = metrics.width(text)
        # Most texts are one line at the largest size: fit_text's first test, on the same numbers; else fit_text.
        if ("\n" not in text and line_height_mm(box, size) <= box.height + _EPSILON
                and (em * size + spacing * max(len(text) - 1, 0)) * MM_PER_PT <= box.width + _EPSILON):
            fitted = Fitted((text,), size, True, False)
        else:
            fitted = fit_text(box, text, self.sizes)
            size = fitted.size
        if not self.known.issuperset(text):
            missing = metrics.missing(text) - {"\n"}
            if missing:
                fitted = replace(fitted, missing="".join(sorted(missing)))
        layout = self._layouts.get((size, len(fitted.lines)))
        if layout is None:
            layout = self._layouts[size, len(fitted.lines)] = self._layout(size, len(fitted.lines))
        head, baselines, tail = layout
        ops = [head]
        for index, line in enumerate(fitted.lines):
            width = (metrics.width(line) * size + spacing * max(len(line) - 1, 0)) * MM_PER_PT  # line_width_mm
            if box.align == "center":
                x = box.x + (box.width - width) / 2
            elif box.align == "right":
                x = box.x + (box.width - width)
            else:
                x = box.x + 0.0
            ops.append(f"1 0 0 1 {num(x * PT_PER_MM)} {baselines[index]} Tm <{metrics.encode(line)}> Tj")
        ops.append(tail)
        return ("\n".join(ops) + "\n").encode("ascii"), fitted

    def _layout(self, size: float, count: int) -> tuple[str, list[str], str]:
        """What draw_fitted writes before the lines, each line's baseline (PDF y), and what it writes after."""
        box, metrics = self.box, self.metrics
        line = line_height_mm(box, size)
        block = line * count
        top = box.y + {"top": 0.0, "middle": (box.height - block) / 2, "bottom": box.height - block}[box.valign]
        glyph_height = (metrics.ascent + metrics.descent) * size * MM_PER_PT
        first_baseline = top + (line - glyph_height) / 2 + metrics.ascent * size * MM_PER_PT
        baselines = [num((self.page_height - (first_baseline + index * line)) * PT_PER_MM) for index in range(count)]
        head = [_colour(box.colour, "rg"), "BT", f"/{resource_name(box.bold, box.italic)} {num(size)} Tf"]
        if box.letter_spacing:
            head.append(f"{num(box.letter_spacing)} Tc")
        tail = ["0 Tc", "ET"] if box.letter_spacing else ["ET"]
        return "\n".join(head), baselines, "\n".join(tail)


@lru_cache(maxsize=4096)
def set_box(box: Box, text: str, page_height: float) -> tuple[bytes, Fitted]:
    """Fit and draw; cached because most boxes (issuer, signer, decision line) repeat on every page."""
    return _set_box(box, text, page_height)


def _rect(x: float, y: float, width: float, height: float, page_height: float) -> str:
    return (f"{num(x * PT_PER_MM)} {num((page_height - y - height) * PT_PER_MM)} {num(width * PT_PER_MM)}"
            f" {num(height * PT_PER_MM)} re")


def _point(x: float, y: float, page_height: float) -> str:
    return f"{num(x * PT_PER_MM)} {num((page_height - y) * PT_PER_MM)}"


def ornament_diamonds(shape: Shape) -> list[tuple[float, float, float]]:
    """The diamonds of an ornamental band, (centre x, centre y, half-diagonal) in mm: evenly along each side of the
    rectangle, then a larger one at each corner. The PDF draws them, the Word file makes a shape of them."""
    radius = shape.line_width
    x0, y0, x1, y1 = shape.x, shape.y, shape.x + shape.width, shape.y + shape.height
    diamonds = []
    for start, end, fixed, horizontal in ((x0, x1, y0, True), (x0, x1, y1, True), (y0, y1, x0, False),
                                          (y0, y1, x1, False)):
        length = end - start
        count = max(1, round(length / shape.step))
        step = length / count
        for i in range(1, count):
            position = start + i * step
            diamonds.append((position, fixed, radius) if horizontal else (fixed, position, radius))
    return diamonds + [(cx, cy, radius * 2.2) for cx, cy in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]


def _ornament(shape: Shape, page_height: float) -> list[str]:
    """A band of small diamonds along a rectangle, with a larger one at each corner."""
    return [_colour(shape.colour, "rg"), *(
        f"{_point(cx, cy - r, page_height)} m {_point(cx + r, cy, page_height)} l "
        f"{_point(cx, cy + r, page_height)} l {_point(cx - r, cy, page_height)} l h f"
        for cx, cy, r in ornament_diamonds(shape))]


def frame_content(profile: Profile) -> bytes:
    """The decorations of the full design (frames, lines, ornamental bands), drawn once as a shared form."""
    height = profile.height
    ops = []
    for shape in profile.shapes:
        if shape.kind == "hoa-van":
            ops.extend(_ornament(shape, height))
            continue
        ops.append(f"{_colour(shape.colour, 'RG')} {num(shape.line_width * PT_PER_MM)} w")
        if shape.kind == "khung":
            ops.append(_rect(shape.x, shape.y, shape.width, shape.height, height) + " S")
        else:
            ops.append(f"{_point(shape.x, shape.y, height)} m "
                       f"{_point(shape.x + shape.width, shape.y + shape.height, height)} l S")
    return ("\n".join(ops) + "\n").encode("ascii")


def page_prefix(profile: Profile, *, offsets: bool, frame: bool, background: bool) -> bytes:
    """What every page draws before its own text: the background scan, the printer offsets, the border.

    The scan is drawn before the offsets move the page: it shows the phôi where it really is, and the text where
    it is meant to land, for checking on screen.
    """
    ops = []
    if background:
        ops.append(f"/{BACKGROUND_FORM} Do")
    if offsets and (profile.offset_x or profile.offset_y):
        ops.append(f"1 0 0 1 {num(profile.offset_x * PT_PER_MM)} {num(-profile.offset_y * PT_PER_MM)} cm")
    if frame and profile.shapes:
        ops.append(f"/{FRAME_FORM} Do")
    return ("\n".join(ops) + "\n").encode("ascii") if ops else b""


def background_form(profile: Profile, image) -> Form:  # noqa: ANN001 - pdf_writer.Image
    """The scanned blank, stretched to the sheet."""
    content = (f"q {num(profile.width * PT_PER_MM)} 0 0 {num(profile.height * PT_PER_MM)} 0 0 cm /Im0 Do Q\n"
               .encode("ascii"))
    return Form(BACKGROUND_FORM, content, image)


DRAFT_MARK = "DỰ THẢO"
DRAFT_MARK_RULE = 0.75  # pt, the outline of the mark's box


def draft_mark_box(profile: Profile) -> Box:
    """Where a draft certificate carries its DỰ THẢO mark: a 34 × 9 mm box near the sheet's top right corner, in
    the PDF and in the Word file alike."""
    width, height = 34.0, 9.0
    return Box("du_thao", profile.width - width - 8.0, 6.0, width, height, 13, 10, "center", "middle", (0, 0, 0),
               True, False, 0, 1.1, False, False)
_DRAWN_PER_BOX = 2048
# The zlib header of a stream of 32 KiB window (any level): what a reader checks before inflating.
_ZLIB_HEADER = b"\x78\x9c"
_FINAL_EMPTY_BLOCK = b"\x03\x00"
PAGE_LEVEL = 1  # measured: a third less time than level 6 for pages a seventh larger


class PageDeflater:
    """zlib streams of page contents from one long-lived compressor, without setting one up for every page.

    A full flush after each page resets the compressor's history, so every page is deflated on its own: a
    stream is the zlib header, the page's blocks up to the flush, an empty final block and the page's Adler-32,
    which is what zlib.compress would write (bytes may differ, the inflated content does not).
    """

    def __init__(self, level: int = PAGE_LEVEL) -> None:
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, -15)

    def __call__(self, content: bytes) -> bytes:
        compressor = self._compressor
        return b"".join((_ZLIB_HEADER, compressor.compress(content), compressor.flush(zlib.Z_FULL_FLUSH),
                         _FINAL_EMPTY_BLOCK, zlib.adler32(content).to_bytes(4, "big")))


# The words a decision prints on every one of its certificates (the issuer, the decision line, the signer…): drawn
# into streams that every page of the decision shares (pdf_writer.py), rather than into each page. A page keeps the
# profile's order, which is also the order a reader reads it in: what is shared is the run of these boxes before the
# first box of the certificate's own words (with the draft mark) and the run after its last; the boxes between are
# the page's own. Which fields these are only decides how a page is split: a shared stream is found by its content,
# so a field whose words differ from certificate to certificate gives a stream per page, printed all the same.
SHARED_FIELDS = frozenset({"quoc_hieu", "tieu_ngu", "co_quan", "tang", "ten_giay", "quyet_dinh", "noi_ngay",
                           "chuc_vu_ky", "nguoi_ky"})
SHARED_LEVEL = 6  # a shared stream is deflated once per decision: the smallest output is worth its time
_SHARED_KEPT = 256
_HEAD, _OWN, _TAIL = 0, 1, 2


class PageDrawer:
    """Draws certificate pages for one profile and mode; remembers which characters each font must embed.

    Each box keeps the operators it drew per text, so a text repeated from page to page (the issuer, the decision
    line, the signer) is fitted and encoded once. A page is three streams, which a reader draws one after the
    other as one: the head and the tail its decision prints on every page (see SHARED_FIELDS), each deflated once
    per distinct content and shared, and between them its own words, joined and deflated per page.
    """

    def __init__(self, profile: Profile, mode: str, shared_fields: frozenset[str] = SHARED_FIELDS) -> None:
        self.profile = profile
        self.boxes = profile.printed_boxes(mode)
        self.characters: dict[tuple[bool, bool], set[str]] = {}
        self._drawn: list[dict[str, tuple[bytes, Fitted]]] = [{} for _ in self.boxes]
        self._setters = [BoxSetter(box, profile.height) for box in self.boxes]
        shared = [box.field in shared_fields for box in self.boxes]
        head = shared.index(False) if False in shared else len(shared)
        tail = len(shared) - (shared[::-1].index(False) if False in shared else len(shared))
        tail = max(head, tail)
        self._part = [_HEAD if index < head else _TAIL if index >= tail else _OWN for index in range(len(shared))]
        self._shared: dict[bytes, bytes] = {}  # content of a shared stream -> deflated
        self._deflate = PageDeflater()

    def page(self, texts: dict[str, str], draft: bool = False) -> tuple[tuple[bytes, bytes, bytes],
                                                                           dict[str, Fitted]]:
        """The deflated content streams of one page, (shared head, own, shared tail) with b"" for a shared one
        that draws nothing, and how each field was set; ``draft`` adds the DỰ THẢO mark (in the head)."""
        parts: tuple[list[bytes], list[bytes], list[bytes]] = ([], [], [])
        fitted_boxes = {}
        if draft:
            parts[_HEAD].append(self._draft_mark())
        for box, drawn, setter, part in zip(self.boxes, self._drawn, self._setters, self._part, strict=True):
            text = texts[box.field]
            if not text.strip():
                continue
            found = drawn.get(text)
            if found is None:
                if len(drawn) >= _DRAWN_PER_BOX:
                    drawn.clear()  # texts that never repeat (the Số sổ) must not pile up
                found = drawn[text] = setter(text)
                # Recorded when first drawn: a chunk's characters, gathered over every chunk, are complete.
                self.characters.setdefault((box.bold, box.italic), set()).update(text)
            parts[part].append(found[0])
            fitted_boxes[box.field] = found[1]
        head, own, tail = parts
        return ((self._shared_stream(b"".join(head)), self._deflate(b"".join(own)),
                 self._shared_stream(b"".join(tail))), fitted_boxes)

    def _shared_stream(self, content: bytes) -> bytes:
        """``content`` deflated by zlib.compress: the same bytes in whichever process draws it."""
        if not content:
            return b""
        found = self._shared.get(content)
        if found is None:
            if len(self._shared) >= _SHARED_KEPT:
                self._shared.clear()
            found = self._shared[content] = zlib.compress(content, SHARED_LEVEL)
        return found

    def _draft_mark(self) -> bytes:
        """A boxed, bold DỰ THẢO in the top right corner, as on a draft decision: this certificate is not issued."""
        box = draft_mark_box(self.profile)
        ops, _ = set_box(box, DRAFT_MARK, self.profile.height)
        self.characters.setdefault((True, False), set()).update(DRAFT_MARK)
        outline = _rect(box.x, box.y, box.width, box.height, self.profile.height)
        return f"q 0 G {num(DRAFT_MARK_RULE)} w {outline} S Q\n".encode("ascii") + ops


# ---------------------------------------------------------------------------------------------------------
# Calibration page
# ---------------------------------------------------------------------------------------------------------


def _label(box: Box, text: str, x: float, y: float, page_height: float, characters: dict) -> str:
    """A small regular text at (x, y) = baseline, in mm."""
    metrics = font_metrics(False, False)
    characters.setdefault((False, False), set()).update(text)
    return (f"BT /{resource_name(False, False)} {num(box.size)} Tf {_point(x, y, page_height)} Td"
            f" <{metrics.encode(text)}> Tj ET")


def calibration_page(profile: Profile) -> bytes:
    """One page: every box outlined and named, millimetre rulers along the top and left edges, crosshairs.

    Everything is shifted by the profile's offsets, as the certificates will be: printed on a blank phôi and held
    to the light, it shows how far the print lands from the pre-printed design.
    """
    width, height = profile.width, profile.height
    characters: dict[tuple[bool, bool], set[str]] = {}
    small = Box("", 0, 0, 1, 1, 6, 6, "left", "top", (0, 0, 0), False, False, 0, 1.15, False, False)
    label = Box("", 0, 0, 1, 1, 7, 7, "left", "top", (0, 0, 0), False, False, 0, 1.15, False, False)
    ops = [f"1 0 0 1 {num(profile.offset_x * PT_PER_MM)} {num(-profile.offset_y * PT_PER_MM)} cm"]

    # Rulers: a tick every mm, longer every 5 mm, numbered every 10 mm.
    ops.append("0 0 0 RG 0.25 w")
    for mm in range(0, int(width) + 1):
        length = 5.0 if mm % 10 == 0 else 3.0 if mm % 5 == 0 else 1.5
        ops.append(f"{_point(mm, 0, height)} m {_point(mm, length, height)} l S")
        if mm % 10 == 0 and 0 < mm < width - 4:
            ops.append(_label(small, str(mm), mm + 0.4, 7.5, height, characters))
    for mm in range(0, int(height) + 1):
        length = 5.0 if mm % 10 == 0 else 3.0 if mm % 5 == 0 else 1.5
        ops.append(f"{_point(0, mm, height)} m {_point(length, mm, height)} l S")
        if mm % 10 == 0 and 0 < mm < height - 2:
            ops.append(_label(small, str(mm), 5.6, mm + 1.0, height, characters))

    # Crosshairs near the four corners and at the centre, each with its coordinates.
    ops.append("0 0 0 RG 0.3 w")
    for cx, cy in ((20, 20), (width - 20, 20), (20, height - 20), (width - 20, height - 20), (width / 2, height / 2)):
        ops.append(f"{_point(cx - 6, cy, height)} m {_point(cx + 6, cy, height)} l S")
        ops.append(f"{_point(cx, cy - 6, height)} m {_point(cx, cy + 6, height)} l S")
        r = 3 * PT_PER_MM
        px, py = cx * PT_PER_MM, (height - cy) * PT_PER_MM
        k = 0.5523 * r  # Bézier approximation of a circle
        ops.append(f"{num(px + r)} {num(py)} m {num(px + r)} {num(py + k)} {num(px + k)} {num(py + r)} {num(px)} "
                   f"{num(py + r)} c {num(px - k)} {num(py + r)} {num(px - r)} {num(py + k)} {num(px - r)} {num(py)} c"
                   f" {num(px - r)} {num(py - k)} {num(px - k)} {num(py - r)} {num(px)} {num(py - r)} c {num(px + k)}"
                   f" {num(py - r)} {num(px + r)} {num(py - k)} {num(px + r)} {num(py)} c S")
        ops.append(_label(small, f"({cx:g}; {cy:g})", cx + 3.5, cy - 3.5, height, characters))

    # Boxes: what this profile prints solid and red, what the phôi already carries dashed and grey.
    for box in profile.boxes:
        if box.preprinted:
            ops.append("0.55 0.55 0.55 RG 0.4 w [2 1.5] 0 d")
        else:
            ops.append("0.85 0 0 RG 0.5 w [] 0 d")
        ops.append(_rect(box.x, box.y, box.width, box.height, height) + " S")
        ops.append("0.85 0 0 rg" if not box.preprinted else "0.45 0.45 0.45 rg")
        name = f"o.{box.field}" + (" (in sẵn)" if box.preprinted else "")
        ops.append(_label(label, name, box.x + 0.8, box.y + 2.9, height, characters))
        ops.append("0 0 0 rg")

    note = (f"Trang căn chỉnh – hồ sơ {profile.name}: {width:g}×{height:g} mm, lech_x = {profile.offset_x:g} mm, "
            f"lech_y = {profile.offset_y:g} mm. In lên một phôi trắng, soi đèn, đo độ lệch rồi sửa lech_x, lech_y.")
    ops.append(_label(label, note, 12, height - 4, height, characters))
    content = zlib.compress(("\n".join(ops) + "\n").encode("ascii"), 6)
    data, _ = write_pdf([content], page_size_pt=(width * PT_PER_MM, height * PT_PER_MM),
                        characters={style: frozenset(chars) for style, chars in characters.items()},
                        title=f"calibration {profile.name}")
    return data
