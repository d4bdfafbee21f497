"""Turn a rendered decision body's annex table into the decision's layout: column widths, alignments, the merged
"Tổng cộng" cell, or no annex section at all (used by docx for the whole body and by docx_stream row by row)."""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANNEX_TABLE_CAPTION = "danh-sach"  # tblCaption of the annex table in quyet-dinh/template.docx
TWIPS_PER_MM = 1440 / 25.4
_ALIGNMENT = {"stt": "center", "so_tien": "right"}


def shape_annex(body, decision, *, data_rows: bool = True) -> None:  # noqa: ANN001 - a w:body element, a Decision
    """Give the annex what Word cannot compute from a template: the decision's column widths and alignments, the
    merged "Tổng cộng" cell; and no annex page at all when the recipients stand in Điều 1.

    ``data_rows=False``: the table holds every row but the data rows (docx_stream writes those, each through
    shape_annex_row), so the rows are told apart without them.
    """
    if not decision.has_annex:
        _drop_last_section(body)
        return
    table = annex_table(body)
    if table is None:  # an office's template without the caption: its table is laid out as it drew it
        return
    widths = annex_widths(decision)
    grid = table.find(f"{W}tblGrid")
    for old in list(grid):
        grid.remove(old)
    for width in widths:
        _child(grid, "gridCol").set(f"{W}w", str(width))
    rows = table.findall(f"{W}tr")
    kinds = ["header"]
    for section in decision.annex.sections:
        kinds += (["section"] if decision.annex.sectioned else []) + ["data"] * (len(section.rows) if data_rows else 0)
    if decision.annex.has_money:
        kinds.append("total")
    for row, kind in zip(rows, kinds, strict=False):
        shape_annex_row(row, kind, widths, decision)


def annex_table(body):  # noqa: ANN001, ANN201 - a w:body element, its w:tbl or None
    """The annex table: the one whose caption (alt text title) is ANNEX_TABLE_CAPTION."""
    return next((tbl for tbl in body.iter(f"{W}tbl")
                 if tbl.find(f"{W}tblPr/{W}tblCaption[@{W}val='{ANNEX_TABLE_CAPTION}']") is not None), None)


def annex_widths(decision) -> list[int]:  # noqa: ANN001 - a Decision
    """The annex columns' widths in twips, as the decision chose them in millimetres."""
    return [round(column.width_mm * TWIPS_PER_MM) for column in decision.annex.columns]


def shape_annex_row(row, kind: str, widths: list[int], decision) -> None:  # noqa: ANN001 - a w:tr, a Decision
    """One annex row ("header", "section", "data" or "total"): its cells' widths, its data cells' alignment."""
    columns = decision.annex.columns
    if kind == "total":
        _merge_total_label(row, decision.annex.span_before_money)
    start = 0
    for cell in row.findall(f"{W}tc"):
        span_element = cell.find(f"{W}tcPr/{W}gridSpan")
        span = int(span_element.get(f"{W}val")) if span_element is not None else 1
        width = sum(widths[start:start + span])
        properties = cell.find(f"{W}tcPr")
        if properties is None:
            properties = _child(cell, "tcPr", first=True)
        cell_width = properties.find(f"{W}tcW")
        if cell_width is None:
            cell_width = _child(properties, "tcW", first=True)
        elif properties.index(cell_width) != 0:  # the schema orders tcW before gridSpan (Word checks it)
            properties.remove(cell_width)
            properties.insert(0, cell_width)
        cell_width.set(f"{W}w", str(width))
        cell_width.set(f"{W}type", "dxa")
        if kind in ("data", "total") and span == 1:
            alignment = _ALIGNMENT.get(columns[start].key, "left")
            for paragraph_properties in cell.iter(f"{W}pPr"):
                justification = paragraph_properties.find(f"{W}jc")
                if justification is None:
                    justification = _child(paragraph_properties, "jc")
                justification.set(f"{W}val", alignment)
        start += span


def _merge_total_label(row, span_before_money: int) -> None:  # noqa: ANN001 - a w:tr element
    """"Tổng cộng" spans the columns between STT and the money column, as the HTML's colspan does."""
    cells = row.findall(f"{W}tc")
    merged = span_before_money - 1
    if merged <= 1 or len(cells) < span_before_money:
        return
    for cell in cells[2:span_before_money]:
        row.remove(cell)
    properties = cells[1].find(f"{W}tcPr")
    if properties is None:
        properties = _child(cells[1], "tcPr", first=True)
    _child(properties, "gridSpan").set(f"{W}val", str(merged))


def _drop_last_section(body) -> None:  # noqa: ANN001 - a w:body element
    """Remove the document's last section (the annex): its content, and the break that started it."""
    breaks = [paragraph for paragraph in body.findall(f"{W}p") if paragraph.find(f"{W}pPr/{W}sectPr") is not None]
    if not breaks:
        return
    last_break = breaks[-1]
    previous_properties = last_break.find(f"{W}pPr/{W}sectPr")
    final_properties = body.find(f"{W}sectPr")
    children = list(body)
    for element in children[children.index(last_break) + 1:]:
        if element is not final_properties:
            body.remove(element)
    # The main section's own settings (header with page numbers, margins) become the document's.
    last_break.find(f"{W}pPr").remove(previous_properties)
    if final_properties is not None:
        body.replace(final_properties, previous_properties)
    else:
        body.append(previous_properties)
    if not "".join(last_break.itertext()).strip():
        body.remove(last_break)


def _child(parent, name: str, *, first: bool = False):  # noqa: ANN001, ANN202 - lxml elements
    from lxml import etree

    element = etree.Element(f"{W}{name}")
    if first:
        parent.insert(0, element)
    else:
        parent.append(element)
    return element
