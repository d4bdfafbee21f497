"""Turn rows of text and amounts into a worksheet ready to print: A4, Times New Roman, borders, repeated header.

Every export builds its sheet through ``PrintSheet`` so that the three look alike on paper: a title block above the
table, a bordered table whose header row(s) repeat on every page, page numbers in the footer, column widths that fit
the longest text (long names wrap), and the page scaled to the paper's width only.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..rendering.docx import stable_zip

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
# Vietnamese writes "." between thousands whatever the computer's locale: "#,##0" would print 1,410,000 on an
# English system. Literal dots between digit groups keep the cell a number (sums and sorting still work).
MONEY_FORMAT = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
# Fixed document properties: the same session exported twice gives the same bytes apart from nothing.
FIXED_TIME = datetime(2020, 1, 1)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Column:
    header: str
    width_limit: int  # widest the column may get, in character widths; longer texts wrap
    align: str = "left"  # "left" | "center" | "right"
    money: bool = False
    least: float = 0  # narrowest it may get (an empty column to sign in still needs room)


def _text_width(value: object) -> float:
    """How many character widths a value takes in Times New Roman, roughly (capitals are wider)."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else f"{value:,}" if isinstance(value, int) else str(value)
    base = unicodedata.normalize("NFC", text)
    # In units of a column width (LibreOffice and Excel measure it by the default font's "0"); a little generous,
    # since a row given too few lines would cut its wrapped text off on paper.
    return sum(1.2 if ch.isupper() else 0.6 if ch.isspace() else 0.9 for ch in base)


class PrintSheet:
    """One worksheet filled from the top: title lines, then a bordered table, then lines under it."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[Column], *, landscape: bool = False,
                 row_height: float = 0) -> None:
        self.sheet: Worksheet = workbook.active
        self.sheet.title = title
        self.columns = list(columns)
        self.row = 1
        self.landscape = landscape
        self._widths = [_text_width(column.header) / 1.6 for column in self.columns]  # headers wrap on two lines
        self._header_rows: list[int] = []
        self._lines: list[tuple[int, str, int]] = []  # merged lines: row, text, size (their height is set last)
        # Table rows: row -> (text, first column, last column) of each cell, for heights that fit wrapped text.
        # LibreOffice does not grow a row for wrapped text by itself when it opens an .xlsx.
        self._cells: dict[int, list[tuple[object, int, int]]] = {}
        self.row_height = row_height  # least height of a table row in points (room to sign, for the accountant)

    @property
    def width(self) -> int:
        return len(self.columns)

    def _cell(self, row: int, column: int, value: object, *, bold: bool = False, italic: bool = False,
              size: int = FONT_SIZE, align: str = "left", wrap: bool = True, border: bool = False,
              money: bool = False) -> None:
        cell = self.sheet.cell(row=row, column=column, value=value)
        cell.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
        if border:
            cell.border = _BORDER
        if money:
            cell.number_format = MONEY_FORMAT

    def line(self, text: str, *, bold: bool = False, italic: bool = False, size: int = FONT_SIZE,
             align: str = "center") -> None:
        """A line across the whole table width (title, subtitle, amount in words)."""
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        self._cell(self.row, 1, text, bold=bold, italic=italic, size=size, align=align)
        self._lines.append((self.row, text, size))
        self.row += 1

    def blank(self) -> None:
        self.row += 1

    def header(self, *rows: Sequence[str | None], merges: Sequence[tuple[int, int, int, int]] = ()) -> None:
        """Header rows of the table (bold, centred, bordered), repeated at the top of every printed page.

        ``merges``: (first row, first column, last row, last column), counted from 1 inside the header block.
        """
        top = self.row
        for values in rows:
            for column, value in enumerate(values, start=1):
                self._cell(self.row, column, value, bold=True, align="center", border=True)
            self._cells[self.row] = [(value, column, column) for column, value in enumerate(values, start=1)]
            self._header_rows.append(self.row)
            self.row += 1
        for first_row, first_column, last_row, last_column in merges:
            if first_row == last_row:  # a heading over several columns wraps over all of them
                self._cells[top + first_row - 1] = [
                    (value, first, last_column if first == first_column else first)
                    for value, first, _ in self._cells[top + first_row - 1]
                    if not first_column < first <= last_column]
            self.sheet.merge_cells(start_row=top + first_row - 1, start_column=first_column,
                                   end_row=top + last_row - 1, end_column=last_column)

    def record(self, values: Sequence[object], *, bold: bool = False, italic: bool = False) -> None:
        """One bordered row of the table; column widths follow the longest text up to each column's limit."""
        for index, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            self._cell(self.row, index + 1, value, bold=bold, italic=italic, align=column.align, border=True,
                       money=column.money and isinstance(value, int))
            width = _text_width(format_amount(value) if column.money and isinstance(value, int) else value)
            self._widths[index] = max(self._widths[index], width)
        self._cells[self.row] = [(value, column, column) for column, value in enumerate(values, start=1)]
        self._cells[self.row].append(("", 1, 1))  # marks a record: it gets at least row_height
        self.row += 1

    def band(self, text: str, *, first: int = 1, last: int | None = None, values: Sequence[tuple[int, object]] = (),
             bold: bool = True, italic: bool = False) -> None:
        """A bordered table row whose text spans columns ``first``..``last`` (a unit's name, "Cộng", "Tổng cộng"),
        with other cells (column number, value) filled, e.g. a subtotal."""
        last = last or self.width
        for column in range(1, self.width + 1):
            self._cell(self.row, column, None, border=True)
        self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
        self._cell(self.row, first, text, bold=bold, italic=italic, border=True,
                   align="center" if first > 1 or last < self.width else "left")
        for column, value in values:
            spec = self.columns[column - 1]
            self._cell(self.row, column, value, bold=bold, italic=italic, align=spec.align, border=True,
                       money=spec.money and isinstance(value, int))
        self._cells[self.row] = [(text, first, last)] + [(format_amount(value) if isinstance(value, int) else value,
                                                         column, column) for column, value in values]
        self.row += 1

    def signatures(self, titles: Sequence[tuple[int, int, str]]) -> None:
        """Signature headings under the table: (first column, last column, title) each with "(Ký, ghi rõ họ tên)"."""
        self.blank()
        for first, last, title in titles:
            self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
            self._cell(self.row, first, title, bold=True, align="center")
            self.sheet.merge_cells(start_row=self.row + 1, start_column=first, end_row=self.row + 1, end_column=last)
            self._cell(self.row + 1, first, "(Ký, ghi rõ họ tên)", italic=True, align="center")
        self.row += 2

    def table_width(self) -> float:
        return sum(self._final_widths())

    def _final_widths(self) -> list[float]:
        return [min(column.width_limit, max(4.0, column.least, width * 1.1 + 2))
                for column, width in zip(self.columns, self._widths, strict=True)]

    def finish(self) -> None:
        """Column widths, paper, margins, repeated header, page numbers."""
        sheet = self.sheet
        for index, width in enumerate(self._final_widths(), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)
        # A merged row does not grow by itself: give long lines the height of the lines they wrap into.
        table_width = self.table_width()
        for row, text, size in self._lines:
            lines = int(_text_width(text) * size / FONT_SIZE // (table_width * 0.95)) + 1
            sheet.row_dimensions[row].height = 17 * lines * size / FONT_SIZE
        widths = self._final_widths()
        for row, cells in self._cells.items():
            lines = 1
            for value, first, last in cells:
                room = sum(widths[first - 1:last]) - 1
                lines = max(lines, math.ceil(_text_width(value) / room) if value not in (None, "") else 1)
            least = self.row_height if cells[-1] == ("", 1, 1) else 0
            sheet.row_dimensions[row].height = max(least, 15.75 * lines + 2)
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if self.landscape else "portrait"
        # Scale to the paper's width only: a long list runs on over as many pages as it needs.
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.page_margins.left = sheet.page_margins.right = 0.6
        sheet.page_margins.top = sheet.page_margins.bottom = 0.7
        sheet.print_options.horizontalCentered = True
        if self._header_rows:
            sheet.print_title_rows = f"{self._header_rows[0]}:{self._header_rows[-1]}"
        sheet.oddFooter.center.text = "Trang &P/&N"
        sheet.oddFooter.center.font = FONT_NAME
        sheet.oddFooter.center.size = 10
        sheet.sheet_view.showGridLines = False


def format_amount(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.properties.creator = "vanban"
    workbook.properties.created = FIXED_TIME
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file; the same session gives the same bytes (openpyxl stamps the time of saving, zip members too)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    parts = zipfile.ZipFile(buffer)
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in parts.infolist():
            data = parts.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME.strftime(
                    "%Y-%m-%dT%H:%M:%SZ").encode(), data)
            target.writestr(info.filename, data)
    return stable_zip(fixed.getvalue())
