"""Turn page content streams, embedded TrueType fonts and images into the bytes of a PDF file.

A small writer of our own, because the certificates need thousands of pages per second: pages are drawn as raw
content streams (see certificate_pdf.py) in worker processes and only assembled here. Fonts are embedded once per
file as CID-keyed TrueType (Identity-H) with a ToUnicode map, so text can be searched and copied; they are
subset with the glyph ids kept, so streams drawn before the subset is known stay valid. Nothing in the output
depends on the clock: the /ID is a digest of the content and there is no /Info date, so the same inputs give
the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from ..core.metrics import FONTS_DIR

PT_PER_MM = 72 / 25.4

# (bold, italic) -> file; the same Times-metric family the decisions embed.
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
# Resource names in every page: /F0 … /F3, in this order.
FONT_STYLES = ((False, False), (True, False), (False, True), (True, True))


def resource_name(bold: bool, italic: bool) -> str:
    return f"F{FONT_STYLES.index((bold, italic))}"


class _WithDefault(dict):
    """A dict answering ``default`` for a missing key (and not storing it)."""

    def __init__(self, items: dict, default: object) -> None:
        super().__init__(items)
        self.default = default

    def __missing__(self, key: object) -> object:
        return self.default


@dataclass(frozen=True)
class FontMetrics:
    """What drawing needs from a font: glyph ids and advances per character, and the vertical metrics."""

    path: Path
    units: int
    gid_hex: dict[str, str]  # character -> 4 hex digits of its glyph id (Identity-H encoding)
    advance: dict[str, float]  # character -> advance at size 1 (in em)
    notdef_advance: float
    ascent: float  # em
    descent: float  # em, positive
    cap_height: float
    italic_angle: float
    bbox: tuple[int, int, int, int]
    postscript_name: str

    def __post_init__(self) -> None:
        # The same tables with their fallback built in: a lookup per character without a Python-level call.
        object.__setattr__(self, "_advance_or_notdef", _WithDefault(self.advance, self.notdef_advance))
        object.__setattr__(self, "_gid_or_notdef", _WithDefault(self.gid_hex, "0000"))

    def width(self, text: str) -> float:
        """Advance width of ``text`` at size 1 (em); no kerning, like every other measurement in the project."""
        return sum(map(self._advance_or_notdef.__getitem__, text))

    def encode(self, text: str) -> str:
        return "".join(map(self._gid_or_notdef.__getitem__, text))

    def missing(self, text: str) -> set[str]:
        return {ch for ch in text if ch not in self.gid_hex}


@cache
def font_metrics(bold: bool, italic: bool) -> FontMetrics:
    from fontTools.ttLib import TTFont  # imported here: only rendering needs it

    path = FONTS_DIR / FONT_FILES[(bold, italic)]
    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    glyph_ids = font.getReverseGlyphMap()
    hmtx = font["hmtx"]
    gid_hex, advance = {}, {}
    for code, glyph in font.getBestCmap().items():
        ch = chr(code)
        gid_hex[ch] = f"{glyph_ids[glyph]:04X}"
        advance[ch] = hmtx[glyph][0] / units
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    return FontMetrics(
        path=path,
        units=units,
        gid_hex=gid_hex,
        advance=advance,
        notdef_advance=hmtx[".notdef"][0] / units,
        ascent=hhea.ascent / units,
        descent=-hhea.descent / units,
        cap_height=getattr(os2, "sCapHeight", 0) / units or 0.66,
        italic_angle=float(font["post"].italicAngle),
        bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
        postscript_name=font["name"].getDebugName(6) or path.stem,
    )


def pdf_string(text: str) -> bytes:
    """A PDF literal string of plain ASCII text (names of resources, document title)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1", "replace") + b")"


@dataclass
class Image:
    """A raster image ready to embed: its stream dictionary entries and (already encoded) data."""

    width: int
    height: int
    colour_space: str
    filter: str
    data: bytes


def load_image(path: Path) -> Image:
    """A JPEG is embedded as it is (DCTDecode); anything else Pillow reads becomes RGB, deflated."""
    from PIL import Image as PILImage  # imported here: only a preview with --background needs it

    with PILImage.open(path) as picture:
        picture.load()
        if picture.format == "JPEG" and picture.mode in ("RGB", "L"):
            space = "DeviceRGB" if picture.mode == "RGB" else "DeviceGray"
            return Image(picture.width, picture.height, space, "DCTDecode", path.read_bytes())
        rgb = picture.convert("RGB")
        return Image(rgb.width, rgb.height, "DeviceRGB", "FlateDecode", zlib.compress(rgb.tobytes(), 6))


@dataclass
class PdfFile:
    """Objects of one PDF being written, numbered in the order they are added."""

    objects: list[bytes] = field(default_factory=list)

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def set(self, number: int, body: bytes) -> None:
        self.objects[number - 1] = body

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def add_stream(self, entries: bytes, data: bytes) -> int:
        return self.add(b"<<" + entries + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream")

    def serialise(self, root: int, identifier: bytes) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number)
            out.write(body)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        hexid = identifier.hex().encode()
        out.write(b"trailer\n<</Size %d /Root %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(self.objects) + 1, root, hexid, hexid, xref))
        return out.getvalue()


def _to_unicode_cmap(pairs: Sequence[tuple[int, str]]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):  # a bfchar block holds at most 100 entries
        block = pairs[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for gid, ch in block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


_PROGRAMS: dict[tuple[bool, bool, frozenset[str]], bytes] = {}


def subset_font_program(bold: bool, italic: bool, characters: frozenset[str]) -> bytes:
    """The font file cut down to ``characters`` (glyph ids kept), without a timestamp that would vary; remembered,
    or given by ``remember_font_programs`` (what another process cut with this same code)."""
    key = (bold, italic, characters)
    program = _PROGRAMS.get(key)
    if program is None:
        program = _PROGRAMS[key] = _subset_font_program(bold, italic, characters)
    return program


def remember_font_programs(programs: dict[tuple[bool, bool, frozenset[str]], bytes]) -> None:
    """Programs ``subset_font_program`` gave in another process (a drawing worker), for this one to use."""
    _PROGRAMS.update(programs)


def _subset_font_program(bold: bool, italic: bool, characters: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    metrics = font_metrics(bold, italic)
    font = TTFont(metrics.path, recalcTimestamp=False, lazy=True)
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.hinting = False  # printed at high resolution: hints only add bytes
    options.layout_features = []  # the PDF places every glyph itself; no shaping tables needed
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and names the licence asks for
    options.drop_tables += ["FFTM"]  # a FontForge timestamp the subsetter cannot handle (and would log about)
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]  # layout is the PDF's: dropped unread, which halves the time
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in characters if ch in metrics.gid_hex])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class _EmbeddedFont:
    """The serialised parts of one embedded font; computed once and shared by every file of a build."""

    name: bytes
    program: bytes  # deflated
    program_length: int
    descriptor: bytes  # without its /FontFile2 reference
    widths: bytes
    to_unicode: bytes  # deflated
    default_width: int  # /DW: the advance of .notdef


_EMBEDDED: dict[tuple[bool, bool, frozenset[str]], _EmbeddedFont] = {}


def embedded_font(bold: bool, italic: bool, characters: frozenset[str]) -> _EmbeddedFont:
    """The font of this style cut down to ``characters``, serialised; remembered, or given by
    ``remember_embedded_fonts`` (what a drawing worker made with this same code: this process then needs neither
    the font tools nor the font's metrics)."""
    key = (bold, italic, characters)
    font = _EMBEDDED.get(key)
    if font is None:
        font = _EMBEDDED[key] = _embedded_font(bold, italic, characters)
    return font


def remember_embedded_fonts(fonts: dict[tuple[bool, bool, frozenset[str]], _EmbeddedFont]) -> None:
    """Fonts ``embedded_font`` gave in another process (a drawing worker), for this one to use."""
    _EMBEDDED.update(fonts)


def _embedded_font(bold: bool, italic: bool, characters: frozenset[str]) -> _EmbeddedFont:
    metrics = font_metrics(bold, italic)
    program = subset_font_program(bold, italic, characters)
    # The six-letter subset tag is derived from the content, so the same characters give the same name.
    digest = hashlib.sha256(program).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    name = f"{tag}+{metrics.postscript_name}".encode("ascii")
    flags = 2 | 4 | (64 if italic else 0)  # serif, symbolic (glyphs outside the standard set), italic
    scale = 1000 / metrics.units
    bbox = " ".join(str(round(v * scale)) for v in metrics.bbox)
    descriptor = (
        b"<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s] /ItalicAngle %s /Ascent %d"
        b" /Descent %d /CapHeight %d /StemV %d"
        % (name, flags, bbox.encode(), f"{metrics.italic_angle:g}".encode(), round(metrics.ascent * 1000),
           -round(metrics.descent * 1000), round(metrics.cap_height * 1000), 120 if bold else 80))
    pairs: dict[int, str] = {}
    for ch in sorted(characters):
        if ch in metrics.gid_hex:
            pairs.setdefault(int(metrics.gid_hex[ch], 16), ch)
    widths = b" ".join(b"%d [%d]" % (gid, round(metrics.advance[ch] * 1000)) for gid, ch in sorted(pairs.items()))
    return _EmbeddedFont(name, zlib.compress(program, 9), len(program), descriptor, widths,
                         zlib.compress(_to_unicode_cmap(sorted(pairs.items())), 9),
                         round(metrics.notdef_advance * 1000))


def prepare_fonts(characters: dict[tuple[bool, bool], frozenset[str]]) -> None:
    """Subset and serialise the fonts for ``characters`` now, for a writer made later with the very same sets
    (remembered by their content: a writer given other sets subsets those)."""
    for (bold, italic), used in characters.items():
        if used:
            embedded_font(bold, italic, used)


def _add_font(pdf: PdfFile, bold: bool, italic: bool, characters: frozenset[str], base_name: str | None = None,
              ) -> int:
    """The font's objects; ``base_name`` replaces the font's PostScript name after the subset tag."""
    font = embedded_font(bold, italic, characters)
    if base_name is not None:
        name = font.name.split(b"+")[0] + b"+" + base_name.encode("ascii")
        font = replace(font, name=name, descriptor=font.descriptor.replace(b"/FontName /%s " % font.name,
                                                                           b"/FontName /%s " % name, 1))
    font_file = pdf.add_stream(b"/Filter /FlateDecode /Length1 %d" % font.program_length, font.program)
    descriptor = pdf.add(font.descriptor + b" /FontFile2 %d 0 R>>" % font_file)
    cid_font = pdf.add(
        b"<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering "
        b"(Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap /Identity>>"
        % (font.name, descriptor, font.default_width, font.widths))
    to_unicode = pdf.add_stream(b"/Filter /FlateDecode", font.to_unicode)
    return pdf.add(b"<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R]"
                   b" /ToUnicode %d 0 R>>" % (font.name, cid_font, to_unicode))


@dataclass(frozen=True)
class Form:
    """A drawing shared by many pages (the border of the full design, a scanned background), as a Form XObject."""

    name: str  # resource name, e.g. "Khung"
    content: bytes  # uncompressed content stream in page coordinates
    image: Image | None = None  # an image the form draws as /Im0


def write_pdf(pages: Iterable[bytes], *, page_size_pt: tuple[float, float],
              characters: dict[tuple[bool, bool], frozenset[str]], forms: Sequence[Form] = (),
              prefix: bytes = b"", title: str = "",
              shared: Sequence[tuple[bytes, bytes]] | None = None,
              font_names: dict[tuple[bool, bool], str] | None = None) -> tuple[bytes, int]:
    """A PDF whose pages have the given (already deflated) content streams; returns (bytes, page count).

    ``characters`` lists, per (bold, italic) style, every character the streams draw: the fonts are embedded
    as subsets of exactly those. All pages share one resource dictionary (fonts and ``forms``) and, when given,
    one ``prefix`` stream drawn before each page's own (printer offsets, the border): a page's /Contents is then
    the array [prefix, page], which a reader concatenates. ``shared``, a pair per page, are deflated streams drawn
    before and after the page's own, each distinct one written once (see PageFileWriter.write). ``font_names``:
    the name each (bold, italic) font goes by, instead of its PostScript name.
    """
    writer = PageFileWriter(page_size_pt=page_size_pt, characters=characters, forms=forms, prefix=prefix,
                            font_names=font_names)
    return writer.write(pages, title, shared)


_STREAM_END = len(b"\nendstream\nendobj\n")


class PageFileWriter:
    """Writes many PDFs that share page size, fonts, forms and prefix (the certificates of a build, per unit).

    What every such file holds before its pages (fonts, forms, resources, the prefix) is serialised once; a file
    is then its catalog and page tree, that block, and for each page its stream and its page object, in the
    order ``write_pdf`` has always numbered them.
    """

    def __init__(self, *, page_size_pt: tuple[float, float], characters: dict[tuple[bool, bool], frozenset[str]],
                 forms: Sequence[Form] = (), prefix: bytes = b"",
                 font_names: dict[tuple[bool, bool], str] | None = None) -> None:
        pdf = PdfFile()
        pdf.reserve()  # 1: the catalog
        pdf.reserve()  # 2: the page tree
        font_entries = []
        for bold, italic in FONT_STYLES:
            used = characters.get((bold, italic))
            if used:
                font_entries.append(b"/%s %d 0 R" % (resource_name(bold, italic).encode(),
                                                     _add_font(pdf, bold, italic, used,
                                                               (font_names or {}).get((bold, italic)))))
        width, height = page_size_pt
        self.box = b"[0 0 %s %s]" % (_num(width), _num(height))
        form_entries = []
        for form in forms:
            resources = b""
            if form.image is not None:
                image = form.image
                number = pdf.add_stream(
                    b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s /BitsPerComponent 8"
                    b" /Filter /%s" % (image.width, image.height, image.colour_space.encode(), image.filter.encode()),
                    image.data)
                resources = b" /Resources <</XObject <</Im0 %d 0 R>>>>" % number
            number = pdf.add_stream(b"/Type /XObject /Subtype /Form /BBox %s%s /Filter /FlateDecode"
                                    % (self.box, resources), zlib.compress(form.content, 6))
            form_entries.append(b"/%s %d 0 R" % (form.name.encode(), number))
        self.resources = pdf.add(b"<</Font <<%s>> /XObject <<%s>>>>" % (b" ".join(font_entries),
                                                                       b" ".join(form_entries)))
        self.shared = pdf.add_stream(b"/Filter /FlateDecode", zlib.compress(prefix, 6)) if prefix else None
        self.prefix = prefix
        # The objects after the catalog and the page tree, as bytes, with their offsets from the block's start.
        block, offsets = [], []
        position = 0
        for number, body in enumerate(pdf.objects[2:], start=3):
            offsets.append(position)
            part = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            block.append(part)
            position += len(part)
        self.block = b"".join(block)
        self.block_offsets = offsets
        self.first_page_object = len(pdf.objects) + 1
        digest_tail = [repr(sorted(characters.get(style, ()))).encode() for style in FONT_STYLES]
        for form in forms:
            digest_tail.append(form.content)
            if form.image is not None:
                digest_tail.append(form.image.data)
        self.digest_tail = b"".join(digest_tail)

    def write(self, pages: Iterable[bytes], title: str = "",
              shared: Sequence[tuple[bytes, bytes]] | None = None) -> tuple[bytes, int]:
        """The file of ``pages`` (deflated content streams) and its page count; ``title`` goes into the /ID.

        ``shared``: for each page, two deflated streams drawn before and after its own (b"" for none), each the same
        for many pages (the words of their decision). Each distinct one is written once, just before the first page
        drawing it, and every page drawing it refers to it: /Contents [prefix, before, page, after].
        """
        streams = pages if isinstance(pages, list) else list(pages)
        count = len(streams)
        first = self.first_page_object
        if shared is None:
            shared = [(b"", b"")] * count
        # Object numbers first: a page's new shared streams take the numbers before its content stream.
        numbered: dict[bytes, int] = {b"": 0}
        new_shared: list[tuple[bytes, ...]] = []  # per page, the shared streams written just before it
        references: list[tuple[int, int]] = []  # per page, the numbers of its shared streams (0: none)
        page_numbers: list[int] = []
        number = first
        for before, after in shared:
            new: tuple[bytes, ...] = ()
            if before not in numbered:
                numbered[before] = number
                number += 1
                new = (before,)
            if after not in numbered:
                numbered[after] = number
                number += 1
                new += (after,)
            new_shared.append(new)
            references.append((numbered[before], numbered[after]))
            page_numbers.append(number + 1)
            number += 2
        kids = b" ".join(b"%d 0 R" % page for page in page_numbers)
        catalog = b"1 0 obj\n<</Type /Catalog /Pages 2 0 R /Lang (vi-VN)>>\nendobj\n"
        tree = b"2 0 obj\n<</Type /Pages /MediaBox %s /Count %d /Kids [%s]>>\nendobj\n" % (self.box, count, kids)
        head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        parts = [head, catalog, tree, self.block]
        offsets = [len(head), len(head) + len(catalog)]
        start = len(head) + len(catalog) + len(tree)
        offsets.extend(start + offset for offset in self.block_offsets)
        position = start + len(self.block)
        digest = hashlib.sha256(title.encode() + self.prefix)
        page_object = (b"<</Type /Page /Parent 2 0 R /Resources %d 0 R /Contents [%d 0 R %%d 0 R]>>"
                       % (self.resources, self.shared) if self.shared
                       else b"<</Type /Page /Parent 2 0 R /Resources %d 0 R /Contents %%d 0 R>>" % self.resources)
        start_contents = b"<</Type /Page /Parent 2 0 R /Resources %d 0 R /Contents [%s" % (
            self.resources, b"%d 0 R " % self.shared if self.shared else b"")
        with_both = start_contents.replace(b"%", b"%%") + b"%d 0 R %d 0 R %d 0 R]>>"
        with_before = start_contents.replace(b"%", b"%%") + b"%d 0 R %d 0 R]>>"
        with_after = with_before
        number = first
        append, note = parts.append, offsets.append
        for stream, (before, after), new in zip(streams, references, new_shared, strict=True):
            for common in new:
                digest.update(b"shared %d " % number)
                digest.update(common)
                opening = b"%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n" % (number, len(common))
                note(position)
                append(opening)
                append(common)
                append(b"\nendstream\nendobj\n")
                position += len(opening) + len(common) + _STREAM_END
                number += 1
            digest.update(stream)
            opening = b"%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n" % (number, len(stream))
            if not (before or after):
                contents = page_object % number
            elif before and after:
                contents = with_both % (before, number, after)
            elif before:
                contents = with_before % (before, number)
            else:
                contents = with_after % (number, after)
            page = b"\nendstream\nendobj\n%d 0 obj\n%s\nendobj\n" % (number + 1, contents)
            note(position)
            append(opening)
            append(stream)
            append(page)
            position += len(opening) + len(stream)
            note(position + _STREAM_END)
            position += len(page)
            number += 2
        digest.update(self.digest_tail)
        hexid = digest.digest()[:16].hex().encode()
        size = len(offsets) + 1
        parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        parts.append(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        parts.append(b"trailer\n<</Size %d /Root 1 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
                     % (size, hexid, hexid, position))
        return b"".join(parts), count


def _num(value: float) -> bytes:
    """A number as PDF writes it: at most 3 decimals, no trailing zeros, no exponent."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode()


def num(value: float) -> str:
    return _num(value).decode()
