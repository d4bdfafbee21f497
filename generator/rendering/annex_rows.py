"""Turn the rendered HTML of a decision into the annex table's body rows: each row's class and its cells' texts.

The table typesetter (annex_typesetter.py) draws rows from what the template wrote, not from the data, so that a
template maintainer's change to a cell (a different column, another class) reaches every page. Only plain cells are
understood (text, a class, a colspan); a cell holding markup, or a table this reader does not recognise, returns
None and the annex is laid out by WeasyPrint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SPACES = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Cell:
    classes: str
    colspan: int
    text: str  # white space collapsed as CSS ``white-space: normal`` does, trimmed


@dataclass(frozen=True)
class Row:
    classes: str
    cells: tuple[Cell, ...]

    @property
    def shape(self) -> tuple:
        """What decides how a row is laid out, apart from its words: classes and spans."""
        return (self.classes, tuple((cell.classes, cell.colspan) for cell in self.cells))


class _Unknown(Exception):
    pass


class _TableReader(HTMLParser):
    """Collects the rows of the first ``<table class="danh-sach">``'s ``<tbody>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.state = "before"  # before, table, body, after
        self.depth = 0  # nested tables inside ours: unknown
        self.row: list[Cell] | None = None
        self.row_classes = ""
        self.cell: list[str] | None = None
        self.cell_attrs: tuple[str, int] = ("", 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.state == "before":
            if tag == "table" and "danh-sach" in (values.get("class") or "").split():
                self.state = "table"
            return
        if self.state == "after":
            return
        if self.cell is not None:
            raise _Unknown(f"<{tag}> inside a cell")
        if tag == "table":
            raise _Unknown("a table inside the annex table")
        if self.state == "table" and tag == "tbody":
            self.state = "body"
        elif self.state == "body" and tag == "tr":
            self.row, self.row_classes = [], _classes(values)
        elif self.state == "body" and tag in ("td", "th") and self.row is not None:
            if tag == "th" or set(values) - {"class", "colspan"}:
                raise _Unknown("a header cell or an attribute in a body row")
            span = values.get("colspan") or "1"
            if not span.isdigit() or int(span) < 1:
                raise _Unknown("colspan")
            self.cell, self.cell_attrs = [], (_classes(values), int(span))

    def handle_endtag(self, tag: str) -> None:
        if self.state != "body":
            if self.state == "table" and tag == "table":
                self.state = "after"
            return
        if tag in ("td", "th") and self.cell is not None:
            text = _SPACES.sub(" ", "".join(self.cell)).strip(" ")
            self.row.append(Cell(self.cell_attrs[0], self.cell_attrs[1], text))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(Row(self.row_classes, tuple(self.row)))
            self.row = None
        elif tag == "tbody":
            self.state = "table"
        elif tag == "table":
            self.state = "after"

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.state == "body" and data.strip():
            raise _Unknown("text between cells")


def _classes(values: dict) -> str:
    return " ".join(sorted((values.get("class") or "").split()))


def annex_body_rows(html: str) -> list[Row] | None:
    """The body rows of the annex table in order, or None when the table holds anything but plain cells."""
    reader = _TableReader()
    try:
        reader.feed(html)
        reader.close()
    except _Unknown:
        return None
    if reader.state == "before" or not reader.rows:
        return None
    return reader.rows
