"""Turn a sample of the annex laid out by WeasyPrint into the geometry the table typesetter repeats on its pages.

Nothing here is a constant of the template: page size and margins, the table's columns and borders, the header row
as drawn, each kind of body row's cells (position, width, font, alignment, line height, baseline) and where a page
must end are read from the boxes of a continuation page (a page that shows only the repeated header and rows) of
the sample. Anything the typesetter does not know how to repeat (another border style, a vertical alignment other
than top, a font other than the embedded one, a rotated or differently sized page…) makes ``read_geometry`` return
None, and the annex is laid out by WeasyPrint. Lengths are CSS pixels, y downwards, as in WeasyPrint's boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_ALIGNS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right"}


class UnknownLayout(Exception):
    """The sample shows something the typesetter does not repeat: WeasyPrint lays the annex out."""


@dataclass(frozen=True)
class Font:
    bold: bool
    italic: bool
    size: float  # px


@dataclass(frozen=True)
class CellSpec:
    """One cell of a kind of row: where its lines go and how they are set."""

    content_x: float
    width: float  # the line length the words are broken at
    align: str  # left, center, right
    wrap: bool  # white-space allows breaking lines
    font: Font
    line_height: float
    baseline: float  # from the row's top to the first line's baseline
    style: object  # WeasyPrint's computed style of the cell's text, for Pango


@dataclass(frozen=True)
class RowSpec:
    cells: tuple[CellSpec, ...]
    extra: float  # row height minus its tallest cell's lines (borders, paddings)
    avoid_break_before: bool
    avoid_break_after: bool
    edges: tuple[float, ...]  # x of the vertical grid lines along the row


@dataclass(frozen=True)
class Text:
    x: float
    baseline: float
    text: str
    font: Font


@dataclass
class Geometry:
    page_width: float
    page_height: float
    columns: list[float]  # x of each vertical grid line, the table's right edge last
    border: float  # width of every grid line
    table_top: float  # y of the header's top grid line on a continuation page
    header_rows: list[tuple[float, float, tuple[float, ...]]]  # each header row: top, bottom (from table_top), edges
    header_texts: list[Text]
    number_centre: float  # x of the page number's centre
    number_baseline: float
    number_font: Font
    body_top: float  # y of the first row on a continuation page
    limit: float  # a row stays on the page when its bottom is at most this (WeasyPrint's own test, with its fudge)
    shapes: dict[tuple, RowSpec] = field(default_factory=dict)

    def fits(self, bottom: float) -> bool:
        return not bottom > self.limit * (1 + 1e-9)


def _font(style, family: str) -> Font:  # noqa: ANN001 - a WeasyPrint style
    if tuple(style["font_family"]) != (family,) or style["font_weight"] not in (400, 700):
        raise UnknownLayout("a font other than the embedded one")
    if style["font_style"] not in ("normal", "italic") or style["letter_spacing"] != "normal":
        raise UnknownLayout("font style or letter spacing")
    if style["word_spacing"] not in (0, "normal") or style["text_transform"] != "none":
        raise UnknownLayout("word spacing or text transform")
    if style["text_decoration_line"] != "none" or style["text_indent"].value != 0 or style["hyphens"] == "auto":
        raise UnknownLayout("decoration, indent or automatic hyphenation")
    if not _black(style["color"]):
        raise UnknownLayout("a colour other than black")
    return Font(style["font_weight"] == 700, style["font_style"] == "italic", style["font_size"])


def _black(colour) -> bool:  # noqa: ANN001 - a tinycss2 colour
    return tuple(colour.to("srgb").coordinates) == (0, 0, 0) and colour.alpha == 1


def _text_boxes(box) -> list:  # noqa: ANN001 - a WeasyPrint box
    from weasyprint.formatting_structure.boxes import TextBox

    return [child for child in box.descendants() if isinstance(child, TextBox)]


def _check_cell_box(cell) -> None:  # noqa: ANN001 - a TableCellBox
    style = cell.style
    for side in ("top", "right", "bottom", "left"):
        if style[f"border_{side}_style"] != "solid":
            raise UnknownLayout("a border other than solid")
        if not _black(style[f"border_{side}_color"]):
            raise UnknownLayout("a border colour other than black")
    background = style["background_color"]
    if background.alpha != 0 or any(image[0] != "none" for image in style["background_image"]):
        raise UnknownLayout("a cell background")


def _row_spec(row, family: str) -> RowSpec:  # noqa: ANN001 - a TableRowBox
    from weasyprint.formatting_structure.boxes import LineBox

    cells: list[CellSpec | None] = []
    measured: dict[tuple, tuple[float, float]] = {}  # (size, line-height setting) -> (line height, baseline)
    pending = []
    for cell in row.children:
        _check_cell_box(cell)
        style = cell.style
        if style["vertical_align"] != "top" or style["direction"] != "ltr":
            raise UnknownLayout("vertical alignment other than top")
        if style["overflow_wrap"] != "normal" or style["word_break"] != "normal":
            raise UnknownLayout("words broken inside")
        if style["white_space"] not in ("normal", "nowrap"):
            raise UnknownLayout("preserved white space")  # the rows are read with white space collapsed
        align = _ALIGNS.get(style["text_align_all"])
        if align is None or (style["text_align_last"] not in ("auto", style["text_align_all"])):
            raise UnknownLayout("justified or unknown alignment")
        lines = [child for child in cell.children if isinstance(child, LineBox)]
        if len(lines) != len(cell.children):
            raise UnknownLayout("a cell with blocks inside")
        texts = _text_boxes(cell)
        text_style = texts[0].style if texts else style
        font = _font(text_style, family)
        key = (font.size, str(style["line_height"]))
        if lines:
            line_height = lines[0].height
            baseline = texts[0].position_y + texts[0].baseline - row.position_y
            measured.setdefault(key, (line_height, baseline))
        pending.append((cell, key, font, text_style))
    for cell, key, font, text_style in pending:
        if key not in measured:
            raise UnknownLayout("an empty column whose line height is not seen elsewhere in the row")
        line_height, baseline = measured[key]
        cells.append(CellSpec(cell.content_box_x(), cell.width, _ALIGNS[cell.style["text_align_all"]],
                              cell.style["white_space"] == "normal", font, line_height,
                              baseline, text_style))
    contents = [len([c for c in cell.children if isinstance(c, LineBox)]) * spec.line_height
                for cell, spec in zip(row.children, cells, strict=True)]
    return RowSpec(tuple(cells), row.height - max(contents, default=0.0),
                   row.style["break_before"] == "avoid", row.style["break_after"] == "avoid", _edges(row))


def _edges(row) -> tuple[float, ...]:  # noqa: ANN001 - a TableRowBox
    """x of the vertical grid lines along a row: each cell's left edge, the last cell's right edge."""
    cells = row.children
    return tuple(cell.position_x for cell in cells) + (cells[-1].position_x + cells[-1].margin_width(),)


def _cell_lines(cell) -> list[str]:  # noqa: ANN001 - a TableCellBox
    from weasyprint.formatting_structure.boxes import LineBox

    return ["".join(box.text for box in _text_boxes(line)) for line in cell.children if isinstance(line, LineBox)]


def sample_rows(document, table_class: str = "danh-sach") -> list[list[tuple[object, list[list[str]], float, float]]]:  # noqa: ANN001
    """Per page of the sample: its body rows as (row box, each cell's lines, top, height)."""
    from weasyprint.formatting_structure.boxes import TableBox, TableRowGroupBox

    pages = []
    for page in document.pages:
        rows = []
        for box in page._page_box.descendants():
            if isinstance(box, TableBox) and table_class in (box.element.get("class") or "").split():
                for group in box.children:
                    if isinstance(group, TableRowGroupBox) and not group.is_header and not group.is_footer:
                        rows.extend((row, [_cell_lines(cell) for cell in row.children], row.position_y, row.height)
                                    for row in group.children)
        pages.append(rows)
    return pages


def _table_on(page, table_class: str):  # noqa: ANN001, ANN202 - WeasyPrint boxes
    from weasyprint.formatting_structure.boxes import TableBox

    tables = [box for box in page._page_box.descendants()
              if isinstance(box, TableBox) and table_class in (box.element.get("class") or "").split()]
    if len(tables) != 1:
        raise UnknownLayout("the annex table is not on the page once")
    return tables[0]


def read_geometry(document, continuation: int, family: str, number: int,  # noqa: ANN001 - weasyprint.Document
                  table_class: str = "danh-sach") -> Geometry:
    """The geometry of the sample's page ``continuation`` (a page with the repeated header, rows, ``number``)."""
    from weasyprint.formatting_structure.boxes import MarginBox, TableRowGroupBox

    page = document.pages[continuation]
    page_box = page._page_box
    if page_box.style["transform"]:
        raise UnknownLayout("a transformed page")
    table = _table_on(page, table_class)
    if table.style["border_collapse"] != "collapse" or table.style["direction"] != "ltr":
        raise UnknownLayout("separate borders")
    groups = [group for group in table.children if isinstance(group, TableRowGroupBox)]
    if len(groups) != 2 or not groups[0].is_header or groups[1].is_header or groups[1].is_footer:
        raise UnknownLayout("not one header and one body")
    header, body = groups
    widths = set()
    for row in header.children:
        for cell in row.children:
            _check_cell_box(cell)
            widths.update((cell.border_top_width, cell.border_right_width, cell.border_bottom_width,
                           cell.border_left_width))
    for row in body.children:
        for cell in row.children:
            widths.update((cell.border_top_width, cell.border_left_width, cell.border_right_width))
    if len(widths) != 1:
        raise UnknownLayout("borders of different widths")
    border = 2 * widths.pop()  # each cell holds half of a collapsed border
    top = header.children[0].position_y
    header_rows = [(row.position_y - top, row.position_y + row.height - top, _edges(row)) for row in header.children]
    texts = [Text(box.position_x, box.position_y + box.baseline - top, box.text, _font(box.style, family))
             for box in _text_boxes(header)]
    margin_texts = [(box, child) for child in page_box.children if isinstance(child, MarginBox)
                    for box in _text_boxes(child) if box.text.strip()]
    if len(margin_texts) != 1 or margin_texts[0][0].text != str(number):
        raise UnknownLayout("the page number is not the only text in the margins")
    shown = margin_texts[0][0]
    geometry = Geometry(
        page_width=page.width, page_height=page.height,
        columns=list(table.column_positions) + [table.column_positions[-1] + table.column_widths[-1]],
        border=border, table_top=top, header_rows=header_rows, header_texts=texts,
        number_centre=shown.position_x + shown.width / 2, number_baseline=shown.position_y + shown.baseline,
        number_font=_font(shown.style, family), body_top=body.children[0].position_y,
        limit=page_box.content_box_y() + page_box.height - _bottom_space(page))
    return geometry


def _bottom_space(page) -> float:  # noqa: ANN001 - a WeasyPrint page
    """What WeasyPrint keeps free under the rows: nothing, unless a box repeats its bottom decoration on each page.

    Table rows break against the page's content bottom minus the bottom space the enclosing boxes pass down, which
    grows only for boxes with ``box-decoration-break: clone`` (layout/block.py): such a page is not repeated here.
    """
    if any(box.style["box_decoration_break"] == "clone" for box in page._page_box.descendants()):
        raise UnknownLayout("box-decoration-break: clone")
    return 0.0


def learn_shapes(geometry: Geometry, rows: list, html_rows: list, family: str) -> None:
    """Record each kind of row seen in the sample (rows boxes paired with their HTML rows)."""
    for (box, _, _, _), html_row in zip(rows, html_rows, strict=True):
        if html_row.shape not in geometry.shapes:
            geometry.shapes[html_row.shape] = _row_spec(box, family)
