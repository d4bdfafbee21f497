"""Turn the rendered HTML of a decision into the annex table's body rows: each row's class and its cells' texts.

The table typesetter (annex_typesetter.py) draws rows from what the template wrote, not from the data, so that a
template maintainer's change to a cell (a different column, another class) reaches every page. Only plain cells are
understood (text, a class, a colspan); a cell holding markup, or a table this reader does not recognise, returns
None and the annex is laid out by WeasyPrint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

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


# One token of HTML: a comment, a start or end tag (attributes quoted or not), or text up to the next tag.
_TOKEN = re.compile(r"<!--.*?-->|<![A-Za-z][^>]*>|<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
                    r"|([^<]+)|(<)", re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = ("style", "script", "textarea", "title")


def _attributes(text: str) -> dict[str, str]:
    found = {}
    for match in _ATTRIBUTE.finditer(text):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found.setdefault(match.group(1).lower(), unescape(value))
    return found


def _classes(values: dict) -> str:
    return " ".join(sorted((values.get("class") or "").split()))


def annex_body_rows(html: str) -> list[Row] | None:
    """The body rows of the annex table in order, or None when the table holds anything but plain cells.

    A tokenizer of the plain HTML our templates write (tags, quoted attributes, text, comments): a thousand rows
    take milliseconds where html.parser takes a second; what it does not recognise returns None.
    """
    try:
        return _read(html)
    except _Unknown:
        return None


# A row of plain cells as our templates write it: a class or none, cells with a class and a colspan or none, text.
_PLAIN_ROW = re.compile(r'<tr(?: class="([^"<>]*)")?>((?:\s*<td(?: class="[^"<>]*")?(?: colspan="\d+")?>[^<]*</td>)*)'
                        r'\s*</tr>\s*')
_PLAIN_CELL = re.compile(r'<td(?: class="([^"<>]*)")?(?: colspan="(\d+)")?>([^<]*)</td>')


def _plain_rows(html: str, position: int, rows: list[Row]) -> int:
    """Reads rows of plain cells from ``position`` on; where the next row is not one, the tokenizer goes on."""
    while True:
        match = _PLAIN_ROW.match(html, position)
        if match is None:
            return position
        cells = []
        for cell in _PLAIN_CELL.finditer(match.group(2)):
            span = int(cell.group(2) or 1)
            if span < 1:
                raise _Unknown("colspan")
            text = _SPACES.sub(" ", unescape(cell.group(3))).strip(" ")
            cells.append(Cell(" ".join(sorted((cell.group(1) or "").split())), span, text))
        rows.append(Row(" ".join(sorted((match.group(1) or "").split())), tuple(cells)))
        position = match.end()


def _read(html: str) -> list[Row] | None:  # noqa: C901 - one small state machine
    rows: list[Row] = []
    state = "before"  # before, table, body
    row: list[Cell] | None = None
    row_classes = ""
    cell: list[str] | None = None
    cell_attrs = ("", 1)
    position = 0
    while position < len(html):
        match = _TOKEN.match(html, position)
        if match is None or match.group(5):
            raise _Unknown("a '<' that starts no tag")
        position = match.end()
        closing, tag, attributes, text = match.group(1), match.group(2), match.group(3), match.group(4)
        if tag is None:
            if text is not None:
                if cell is not None:
                    cell.append(text)
                elif state == "body" and text.strip():
                    raise _Unknown("text between cells")
            continue
        tag = tag.lower()
        if not closing and tag in _RAW_TEXT:
            end = html.lower().find(f"</{tag}", position)
            if end < 0:
                raise _Unknown(f"<{tag}> not closed")
            if cell is not None:
                raise _Unknown(f"<{tag}> inside a cell")
            position = end
            continue
        if state == "before":
            if not closing and tag == "table" and "danh-sach" in (_attributes(attributes).get("class") or "").split():
                state = "table"
            continue
        if state == "body" and row is None and not closing and tag == "tr":
            after = _plain_rows(html, match.start(), rows)  # the rows of plain cells, many at once
            if after > match.start():
                position = after
                continue
        if cell is not None and not (closing and tag in ("td", "th")):
            raise _Unknown(f"<{tag}> inside a cell")
        if not closing:
            values = _attributes(attributes)
            if tag == "table":
                raise _Unknown("a table inside the annex table")
            if state == "table" and tag == "tbody":
                state = "body"
            elif state == "body" and tag == "tr":
                row, row_classes = [], _classes(values)
            elif state == "body" and tag in ("td", "th"):
                if row is None or tag == "th" or set(values) - {"class", "colspan"}:
                    raise _Unknown("a header cell or an attribute in a body row")
                span = values.get("colspan") or "1"
                if not span.isdigit() or int(span) < 1:
                    raise _Unknown("colspan")
                cell, cell_attrs = [], (_classes(values), int(span))
            elif state == "body":
                raise _Unknown(f"<{tag}> in the table's body")
            continue
        if state != "body":
            if tag == "table":
                break
            continue
        if tag in ("td", "th"):
            text = _SPACES.sub(" ", unescape("".join(cell))).strip(" ")
            row.append(Cell(cell_attrs[0], cell_attrs[1], text))
            cell = None
        elif tag == "tr" and row is not None:
            rows.append(Row(row_classes, tuple(row)))
            row = None
        elif tag == "tbody":
            state = "table"
        elif tag == "table":
            break
    return rows or None
