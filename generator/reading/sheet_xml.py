"""Turn an .xlsx workbook into its sheets, and one sheet's XML, streamed, into rows of values and fonts.

openpyxl reads what a workbook says of itself (sheets and their states, shared strings, styles, the 1900/1904
calendar); its cell reader builds an object per cell and, for a sheet without a <dimension>, parses the whole sheet
once more just to size it — seconds for a list of 50.000 rows. The cells are read here instead, with the standard
library's expat parser and nothing kept per cell but its value and font name, giving what openpyxl's read-only
reader gives (the same values, the same rows, rows as wide as their last cell), and the merged ranges found in the
same pass.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pyexpat import ExpatError, ParserCreate

from ..core.errors import InputError

_MAIN_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    "http://purl.oclc.org/ooxml/spreadsheetml/main")
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _PHONETIC, _MERGE = range(7)
_KINDS = {f"{namespace} {local}": kind for namespace in _MAIN_NAMESPACES
          for local, kind in (("row", _ROW), ("c", _CELL), ("v", _VALUE), ("is", _INLINE), ("t", _TEXT),
                              ("rPh", _PHONETIC), ("mergeCell", _MERGE))}
_CHUNK = 1024 * 1024
_LETTERS = {chr(65 + i): i + 1 for i in range(26)}


class DamagedSheet(Exception):
    """The sheet's XML cannot be read as a worksheet; ``where`` is the cell, when one is to blame."""

    def __init__(self, where: str = "") -> None:
        super().__init__(where)
        self.where = where


@dataclass(frozen=True)
class SheetEntry:
    """A sheet as the workbook lists it: its name, state (visible, hidden, veryHidden) and XML member."""

    title: str
    state: str
    member: str
    is_chart: bool = False


@dataclass
class Workbook:
    """What the cells of any sheet need to be read: the shared strings, the styles' fonts and date formats."""

    archive: zipfile.ZipFile
    sheets: list[SheetEntry]
    shared_strings: list[str]
    style_fonts: list[str | None]  # style id -> font name
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: object  # datetime of the workbook's calendar

    def close(self) -> None:
        self.archive.close()


@dataclass
class SheetRows:
    """A sheet's used rows (trailing blank rows dropped), their fonts, and every merged range spanning rows."""

    grid: list[list[object]]
    fonts: list[list[str | None]]
    merged: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row), 0-based


def open_workbook(path: object) -> Workbook:
    """The workbook's sheets, strings and styles, read by openpyxl without touching any sheet's cells."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(path, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        workbook = reader.wb
        apply_stylesheet(reader.archive, workbook)
        fonts = list(workbook._fonts)
        style_fonts = [fonts[style.fontId].name if style.fontId < len(fonts) else None
                       for style in workbook._cell_styles]
        sheets = [SheetEntry(sheet.name, sheet.state or "visible", relation.target, "chartsheet" in relation.Type)
                  for sheet, relation in reader.parser.find_sheets() if relation.target in reader.valid_files]
        return Workbook(reader.archive, sheets, reader.shared_strings, style_fonts,
                        frozenset(workbook._date_formats), frozenset(workbook._timedelta_formats), workbook.epoch)
    except BaseException:
        reader.archive.close()
        raise


def _column(reference: str, cache: dict[str, int]) -> int:
    """The 1-based column of a cell reference ("AB12" -> 28)."""
    letters = reference.rstrip("0123456789")
    column = cache.get(letters)
    if column is None:
        if not 1 <= len(letters) <= 3 or not all(letter in _LETTERS for letter in letters):
            raise DamagedSheet(reference)
        column = 0
        for letter in letters:
            column = column * 26 + _LETTERS[letter]
        cache[letters] = column
    return column


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def read_rows(workbook: Workbook, entry: SheetEntry, max_columns: int, on_row_with_data) -> SheetRows:  # noqa: ANN001, C901
    """Stream the sheet's rows as openpyxl's read-only reader yields them, cut to ``max_columns``: blank rows between
    data are kept (row numbers must stay right), blank rows after are not. ``on_row_with_data(count)`` is called
    for each row holding data, to refuse a list too long while reading it."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    strings, style_fonts = workbook.shared_strings, workbook.style_fonts
    date_styles, timedelta_styles, epoch = workbook.date_styles, workbook.timedelta_styles, workbook.epoch
    kinds = _KINDS
    columns: dict[str, int] = {}
    grid: list[list[object]] = []
    fonts: list[list[str | None]] = []
    merges: list[str] = []
    empty: list = []
    # One row's cells as (column, value, style id) and the state of the element being read.
    state = {"row": 0, "pending_blank": 0, "rows_with_data": 0}
    cells: list[tuple[int, object, int]] = []
    cell: list = [None, None, 0, 0]  # reference, type, style id, column
    value_parts: list[str] = []
    inline_parts: list[str] = []
    target: list[list[str] | None] = [None]
    inline: list[bool] = [False, False, False]  # inside <is>, inside <rPh>, an <is> was seen in this cell
    row_attributes: list[dict] = [{}]

    def start(name: str, attributes: dict) -> None:
        kind = kinds.get(name)
        if kind is None:
            return
        if kind == _CELL:
            cell[0] = attributes.get("r")
            cell[1] = attributes.get("t", "n")
            style = attributes.get("s")
            cell[2] = int(style) if style else 0
            value_parts.clear()
            inline_parts.clear()
            inline[2] = False
        elif kind == _VALUE:
            target[0] = value_parts
        elif kind == _TEXT:
            if inline[0] and not inline[1]:
                target[0] = inline_parts
        elif kind == _INLINE:
            inline[0] = inline[2] = True
        elif kind == _PHONETIC:
            inline[1] = True
        elif kind == _ROW:
            row_attributes[0] = attributes
            cells.clear()
            cell[3] = 0
        elif kind == _MERGE:
            merges.append(attributes.get("ref", ""))

    def end(name: str) -> None:
        kind = kinds.get(name)
        if kind is None:
            return
        if kind == _VALUE or kind == _TEXT:
            target[0] = None
        elif kind == _CELL:
            reference = cell[0]
            column = cell[3] = _column(reference, columns) if reference else cell[3] + 1
            if column > max_columns:
                cells.append((column, None, 0))  # only its position counts: it may end the row
                return
            data_type = cell[1]
            if data_type == "inlineStr":
                value = "".join(inline_parts) if inline[2] else None
            else:
                value = "".join(value_parts) or None
                if value is not None:
                    try:
                        value = _typed(value, data_type, cell[2])
                    except (ValueError, IndexError, TypeError) as exc:
                        raise DamagedSheet(reference or "") from exc
            cells.append((column, value, cell[2]))
        elif kind == _INLINE:
            inline[0] = False
        elif kind == _PHONETIC:
            inline[1] = False
        elif kind == _ROW:
            _end_row()

    def _typed(text: str, data_type: str, style: int) -> object:
        if data_type == "s":
            return strings[int(text)]
        if data_type == "n":
            number = _number(text)
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # what openpyxl gives for a date beyond the calendar
            return number
        if data_type == "b":
            return bool(int(text))
        if data_type == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)

    def _end_row() -> None:
        number_text = row_attributes[0].get("r")
        if number_text is None:
            number = state["row"] + 1
        else:
            try:
                number = int(number_text)
            except ValueError:
                as_float = float(number_text)
                if not as_float.is_integer():
                    raise DamagedSheet(f"dòng {number_text}") from None
                number = int(as_float)
        expected = state["row"] + 1
        if number < expected:  # a row repeated or out of order: openpyxl's reader drops it too
            return
        state["row"] = number
        state["pending_blank"] += number - expected  # rows the sheet leaves out
        if not cells:
            state["pending_blank"] += 1
            return
        # As wide as its last cell; cells written out of order (no program does) are all read all the same.
        width = min(max(column for column, _, _ in cells), max_columns)
        values: list[object] = [None] * width
        styles = [0] * width
        has_data = False
        for column, value, style in cells:
            if column <= max_columns:
                values[column - 1] = value
                styles[column - 1] = style
                if value is not None and not has_data and not (isinstance(value, str) and not value.strip()):
                    has_data = True
        if not has_data:
            state["pending_blank"] += 1
            return
        state["rows_with_data"] += 1
        on_row_with_data(state["rows_with_data"])
        if state["pending_blank"]:
            grid.extend([empty] * state["pending_blank"])
            fonts.extend([empty] * state["pending_blank"])
            state["pending_blank"] = 0
        grid.append(values)
        fonts.append([None if value is None or style >= len(style_fonts) else style_fonts[style]
                      for value, style in zip(values, styles, strict=True)])

    def refuse_doctype(*_: object) -> None:
        raise DamagedSheet()  # a worksheet never declares entities: one that does is hostile

    parser = ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = 65536
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_doctype

    def text(data: str) -> None:
        collecting = target[0]
        if collecting is not None:
            collecting.append(data)

    parser.CharacterDataHandler = text
    try:
        with workbook.archive.open(entry.member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ExpatError as exc:
        raise DamagedSheet() from exc
    return SheetRows(grid, fonts, _vertical(merges, columns, max_columns))


def _vertical(references: list[str], cache: dict[str, int], max_columns: int) -> list[tuple[int, int, int]]:
    """The merged ranges spanning rows, 0-based, from their references ("F2:F4")."""
    found = []
    for reference in references:
        first, _, last = reference.partition(":")
        try:
            column = _column(first, cache)
            first_row = int(first[len(first.rstrip("0123456789")):])
            last_row = int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        except (DamagedSheet, ValueError):
            continue  # a merge that names no cells is a layout matter, not a list's
        if last_row > first_row and column <= max_columns:
            found.append((column - 1, first_row - 1, last_row - 1))
    return found


def refuse_damaged(file: str, sheet: str, damage: DamagedSheet) -> InputError:
    """The Vietnamese refusal of a sheet whose XML is broken, naming the cell when one is to blame."""
    where = f", ô {damage.where}" if damage.where and not damage.where.startswith("dòng") else (
        f", {damage.where}" if damage.where else "")
    return InputError(f"Không đọc được tệp {file}, trang tính «{sheet}»{where}: tệp hỏng hoặc không phải Excel .xlsx "
                      "(mở bằng Excel rồi «Lưu thành» .xlsx).")
