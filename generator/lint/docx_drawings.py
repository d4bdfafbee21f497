"""Turn drawings in a DOCX (DrawingML and VML shapes, text boxes) into horizontal rules and box widths."""

from __future__ import annotations

import re

from lxml import etree

from .docx_package import EMU_MM, MC, TWIP_MM, WP, A, V, to_int


def drawn_lines(node: etree._Element, left_margin_twips: int) -> list[tuple[float, float | None, bool]]:
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
        width = to_int(extent.get("cx")) * EMU_MM
        height = to_int(extent.get("cy")) * EMU_MM
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
                left = to_int(offset.text) * EMU_MM
                if relative == "page":
                    left -= left_margin_twips * TWIP_MM
                centre = left + width / 2
        top = False
        vertical = holder.find(f"{{{WP}}}positionV")
        if vertical is not None and vertical.get("relativeFrom", "paragraph") in ("paragraph", "line"):
            offset = vertical.find(f"{{{WP}}}posOffset")
            top = offset is not None and to_int(offset.text) * EMU_MM < 2.0
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


def _outlined(holder: etree._Element) -> bool:
    """Whether a DrawingML shape draws its outline: its own line properties, or the theme line of its style."""
    outline = holder.find(f".//{{{A}}}ln")
    if outline is not None:
        return outline.find(f"{{{A}}}noFill") is None
    reference = holder.find(f".//{{{A}}}lnRef")
    return reference is not None and reference.get("idx", "0") != "0"


def box_width(box: etree._Element) -> int | None:
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
                insets = to_int(body.get("lIns"), 91440) + to_int(body.get("rIns"), 91440)
            return round((to_int(extent.get("cx")) - insets) * EMU_MM / TWIP_MM)
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
