"""Turn a stock profile and the PDF's fitted boxes into the Word certificate's layout: frames, page, decorations.

The PDF draws every field in its box of the profile (templates/giay-khen/*.toml), and the decorations ([[ve]]) as
lines. The Word file must look the same, so it is laid out from the same numbers, not by flowing paragraphs:

- each field is a framed paragraph (``<w:framePr>``, positioned from the page's corner) whose geometry the template
  reads from ``c.o.<field>``: the box's x and width, the top and height of the block of lines the PDF drew (after
  vertical alignment), the line pitch, and the look (alignment, colour, bold, italic, letter spacing, underline);
  the words come with the PDF's line breaks, so Word and LibreOffice break the lines where the PDF did;
- the page takes the profile's sheet size; the decorations are DrawingML shapes (rectangles, lines, the band of
  diamonds as one custom shape) in a header, drawn behind the text on every page, once per file.

Measures in Word are twips (1/1440 inch) and, in DrawingML, EMU (1/360000 cm).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .certificate_pdf import DRAFT_MARK, DRAFT_MARK_RULE, Fitted, draft_mark_box, line_height_mm, ornament_diamonds
from .certificate_profile import Box, Profile, Shape
from .pdf_writer import font_metrics

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36000
MM_PER_PT = 25.4 / 72
HEADER_PART = "word/header-vanban-khung.xml"
HEADER_RELATIONSHIP = "rIdVanbanKhung"
HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_ALIGN = {"left": "left", "center": "center", "right": "right"}
DRAFT_FIELD = "du_thao"  # c.o.du_thao, c.texts.du_thao: the DỰ THẢO mark of a draft certificate


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def _hex(colour: tuple[float, float, float]) -> str:
    return "".join(f"{round(channel * 255):02X}" for channel in colour)


# Where and how the Word file prints one field: ``c.o.<field>`` in templates/giay-khen/template.docx. A plain
# dict: the sandbox reads a dict's keys without the attribute checks it makes on objects, and a template reads a
# dozen of them per field on every page.
#   x, y, rong, cao, dong: the frame's left and top (from the sheet's corner), width, height, line pitch, in twips;
#   can_le: left|center|right; mau: "RRGGBB"; dam, nghieng: "1" or "0"; gach_chan: "single" or "none";
#   gian_chu: letter spacing in twentieths of a point; co: the font size in half-points (as c.sizes.<field>).
WordFrame = dict[str, str | int]


def word_frame(box: Box, fitted: Fitted, profile: Profile) -> WordFrame:
    """The frame of ``box`` for the lines the PDF set in it: the block's top is where the PDF's first line starts,
    moved so that the first baseline falls where the PDF drew it."""
    return _frame(box, fitted.size, len(fitted.lines), profile.offset_x, profile.offset_y)


@lru_cache(maxsize=4096)
def _frame(box: Box, size: float, line_count: int, offset_x: float, offset_y: float) -> WordFrame:
    """Cached: most boxes hold the same lines at the same size on every page (the issuer, the signer…)."""
    line = line_height_mm(box, size)
    block = line * line_count
    top = box.y + {"top": 0.0, "middle": (box.height - block) / 2, "bottom": box.height - block}[box.valign]
    metrics = font_metrics(box.bold, box.italic)
    # The PDF centres the glyphs' height in each line; Word and LibreOffice put an exact line's extra room above
    # the glyphs (the baseline sits a descent above the line's bottom). Move the frame by the difference.
    pdf_baseline = (line - (metrics.ascent + metrics.descent) * size * MM_PER_PT) / 2 \
        + metrics.ascent * size * MM_PER_PT
    word_baseline = line - metrics.descent * size * MM_PER_PT
    top += pdf_baseline - word_baseline
    return {
        "x": _twips(box.x + offset_x), "y": _twips(top + offset_y), "rong": _twips(box.width),
        "cao": _twips(block), "dong": round(line / MM_PER_PT * 20), "can_le": _ALIGN[box.align],
        "mau": _hex(box.colour), "dam": "1" if box.bold else "0", "nghieng": "1" if box.italic else "0",
        "gach_chan": "single" if box.underline else "none", "gian_chu": round(box.letter_spacing * 20),
        "co": round(size * 2)}


def word_fields(profile: Profile, texts: dict[str, str], fitted: dict[str, Fitted], draft: bool = False,
                ) -> tuple[dict[str, str], dict[str, WordFrame | None]]:
    """The words of every field with the PDF's line breaks, and each field's frame (None: the PDF did not print
    it — no box in the profile, or no words); ``du_thao`` is the DỰ THẢO mark's, set on a draft only."""
    lines = {field: "\n".join(result.lines) for field, result in fitted.items()}
    frames: dict[str, WordFrame | None] = dict.fromkeys(texts)
    for box in profile.boxes:
        if box.field in fitted:
            frames[box.field] = word_frame(box, fitted[box.field], profile)
    frames[DRAFT_FIELD] = draft_mark_frame(profile) if draft else None
    return {**texts, **lines, DRAFT_FIELD: DRAFT_MARK}, frames


def draft_mark_frame(profile: Profile) -> WordFrame:
    """The DỰ THẢO mark's frame: the PDF's outlined box (``x``, ``y``, ``rong``, ``cao``), its line set ``truoc``
    twips below the outline's top so that it falls where the PDF sets it, ``net`` the outline's rule in eighths of a
    point. A border's own spacing is not used: LibreOffice counts it twice around a frame, Word once."""
    box = draft_mark_box(profile)
    line = _frame(box, box.size, 1, profile.offset_x, profile.offset_y)
    x, y = _twips(box.x + profile.offset_x), _twips(box.y + profile.offset_y)
    rule = round(DRAFT_MARK_RULE * 20)
    return {**line, "x": x, "y": y, "rong": _twips(box.width), "cao": _twips(box.height),
            "truoc": max(0, int(line["y"]) - y - rule), "net": round(DRAFT_MARK_RULE * 8)}


# ---------------------------------------------------------------------------------------------------------------
# The page and the decorations
# ---------------------------------------------------------------------------------------------------------------

_SECTION = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.S)


def page_setup(section_xml: str, profile: Profile) -> str:
    """The template's closing body XML with its section on the profile's sheet and the decorations' header.

    The template's own page borders go: the profile's [[ve]] are the design, as in the PDF.
    """
    match = _SECTION.search(section_xml)
    if match is None:
        return section_xml
    section = match.group(0)
    section = re.sub(r"<w:pgBorders\b.*?</w:pgBorders>|<w:pgBorders\b[^>]*/>", "", section, flags=re.S)
    section = re.sub(r'<w:headerReference\b[^>]*w:type="default"[^>]*/>', "", section)
    landscape = ' w:orient="landscape"' if profile.width > profile.height else ""
    size = f'<w:pgSz w:w="{_twips(profile.width)}" w:h="{_twips(profile.height)}"{landscape}/>'
    section = re.sub(r"<w:pgSz\b[^>]*/>", "", section)
    reference = (f'<w:headerReference xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
                 f' w:type="default" r:id="{HEADER_RELATIONSHIP}"/>')
    opening = re.match(r"<w:sectPr\b[^>]*>", section)
    assert opening is not None
    # The schema's order: header references first, then (after footers) the page size.
    rest = section[opening.end():]
    after_references = re.match(r"(?:<w:(?:header|footer)Reference\b[^>]*/>)*", rest)
    split = after_references.end() if after_references else 0
    section = opening.group(0) + reference + rest[:split] + size + rest[split:]
    return section_xml[:match.start()] + section + section_xml[match.end():]


_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def decorations_header(profile: Profile) -> bytes:
    """A header part drawing the profile's decorations behind the text, positioned from the page's corner."""
    shapes = [_shape(index, shape, profile) for index, shape in enumerate(profile.shapes, start=1)]
    runs = "".join(f"<w:r>{shape}</w:r>" for shape in shapes if shape)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {_NAMESPACES}><w:p><w:pPr>'
            f'<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr>'
            f"</w:pPr>{runs}</w:p></w:hdr>").encode()


def _shape(index: int, shape: Shape, profile: Profile) -> str:
    colour = _hex(shape.colour)
    if shape.kind == "hoa-van":
        return _ornament(index, shape, profile, colour)
    outline = (f'<a:ln w="{_emu(shape.line_width)}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
               f"</a:ln>")
    x, y, width, height = shape.x, shape.y, shape.width, shape.height
    flips = ""
    if shape.kind == "duong":
        flips = (' flipH="1"' if width < 0 else "") + (' flipV="1"' if height < 0 else "")
        x, y = min(x, x + width), min(y, y + height)
        width, height = abs(width), abs(height)
    geometry = "rect" if shape.kind == "khung" else "line"
    properties = (f'<wps:spPr><a:xfrm{flips}><a:off x="0" y="0"/><a:ext cx="{_emu(width)}" cy="{_emu(height)}"/>'
                  f'</a:xfrm><a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom><a:noFill/>{outline}</wps:spPr>')
    return _anchored(index, x + profile.offset_x, y + profile.offset_y, width, height, properties)


def _ornament(index: int, shape: Shape, profile: Profile, colour: str) -> str:
    """The band of diamonds the PDF draws (certificate_pdf._ornament), as one shape of many closed paths."""
    corner = shape.line_width * 2.2
    x0, y0, x1, y1 = shape.x, shape.y, shape.x + shape.width, shape.y + shape.height
    left, top = x0 - corner, y0 - corner
    diamonds = ornament_diamonds(shape)
    width, height = x1 - x0 + 2 * corner, y1 - y0 + 2 * corner

    def point(x: float, y: float) -> str:
        return f'<a:pt x="{_emu(x - left)}" y="{_emu(y - top)}"/>'

    path = "".join(
        f"<a:moveTo>{point(cx, cy - r)}</a:moveTo><a:lnTo>{point(cx + r, cy)}</a:lnTo>"
        f"<a:lnTo>{point(cx, cy + r)}</a:lnTo><a:lnTo>{point(cx - r, cy)}</a:lnTo><a:close/>"
        for cx, cy, r in diamonds)
    properties = (f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{_emu(width)}" cy="{_emu(height)}"/></a:xfrm>'
                  f'<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
                  f'<a:pathLst><a:path w="{_emu(width)}" h="{_emu(height)}">{path}</a:path></a:pathLst></a:custGeom>'
                  f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>')
    return _anchored(index, left + profile.offset_x, top + profile.offset_y, width, height, properties)


def _anchored(index: int, x: float, y: float, width: float, height: float, properties: str) -> str:
    return (
        f'<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{index}" '
        f'behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{_emu(x)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{_emu(y)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{_emu(width)}" cy="{_emu(height)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{9000 + index}" name="Trang trí {index}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:cNvSpPr/>{properties}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        f"</w:drawing>")


def with_header_part(name: str, data: bytes) -> bytes:
    """A package part, given the decorations' header: its relationship, its content type."""
    if name == "word/_rels/document.xml.rels":
        relationship = (f'<Relationship Id="{HEADER_RELATIONSHIP}" Type="{HEADER_TYPE}" '
                        f'Target="{HEADER_PART.removeprefix("word/")}"/>')
        return data.replace(b"</Relationships>", relationship.encode("utf-8") + b"</Relationships>")
    if name == "[Content_Types].xml":
        override = f'<Override PartName="/{HEADER_PART}" ContentType="{HEADER_CONTENT_TYPE}"/>'
        return data.replace(b"</Types>", override.encode("utf-8") + b"</Types>")
    return data
