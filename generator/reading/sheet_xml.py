"""Turn an .xlsx workbook into its sheets, and one sheet's XML, streamed, into rows of values and fonts.

What a workbook says of itself (sheets and their states, shared strings, styles, the 1900/1904 calendar) is read by
workbook_parts.py, or by openpyxl for an unusual workbook. openpyxl's cell reader builds an object per cell and,
for a sheet without a <dimension>, parses the whole sheet once more just to size it — seconds for a list of 50.000
rows. The cells are read here instead, with the standard library's expat parser and nothing kept per cell but its
value and font name, giving what openpyxl's read-only reader gives (the same values, the same rows, rows as wide
as their last cell), and the merged ranges found in the same pass.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pyexpat import ExpatError, ParserCreate
from typing import IO

from ..core.errors import InputError
from .excel_dates import from_iso, from_serial
from .workbook_parts import parts

_MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"  # openpyxl reads no other
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
    inflated: dict[str, bytes] = field(default_factory=dict)  # members already inflated (workbook.check_zip_sizes)

    def open_member(self, member: str) -> IO[bytes]:
        """A member of the zip as a binary stream: from memory when it was inflated already."""
        data = self.inflated.get(member)
        return self.archive.open(member) if data is None else io.BytesIO(data)

    def close(self) -> None:
        self.inflated = {}
        self.archive.close()


@dataclass
class SheetRows:
    """A sheet's used rows (trailing blank rows dropped), their fonts, and every merged range spanning rows."""

    grid: list[list[object]]
    fonts: list[list[str | None]]
    merged: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row), 0-based


def open_workbook(path: object) -> Workbook:
    """The workbook's sheets, strings and styles, without touching any sheet's cells: read by workbook_parts.py,
    or by openpyxl when the workbook is unusual or damaged (openpyxl's answer, or its refusal, stands)."""
    if str(path).lower().endswith((".xlsx", ".xlsm", ".xltx", ".xltm")):  # openpyxl refuses other names first
        try:
            archive = zipfile.ZipFile(path)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - openpyxl says what is wrong with it
            return _read_by_openpyxl(path)
        try:
            sheets, strings, fonts, dates, durations, epoch = parts(archive)
            return Workbook(archive, [SheetEntry(*sheet) for sheet in sheets], strings, fonts, dates, durations,
                            epoch)
        except Exception:  # noqa: BLE001 - UnusualWorkbook or a damaged part: openpyxl reads it again
            archive.close()
    return _read_by_openpyxl(path)


def _read_by_openpyxl(path: object) -> Workbook:
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
    """The 1-based column of a cell reference ("AB12" -> 28; "$ab$12" too, as openpyxl reads it)."""
    letters = reference.rstrip("0123456789")
    column = cache.get(letters)
    if column is None:
        plain = letters.replace("$", "").upper()
        if not 1 <= len(plain) <= 3 or not all(letter in _LETTERS for letter in plain):
            raise DamagedSheet(reference)
        column = 0
        for letter in plain:
            column = column * 26 + _LETTERS[letter]
        cache[letters] = column
    return column


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class _Grid:
    """Rows as they come, into the grid: blank rows between data kept as [], blank rows after dropped."""

    def __init__(self, style_fonts: list[str | None], on_row_with_data) -> None:  # noqa: ANN001
        self.grid: list[list[object]] = []
        self.fonts: list[list[str | None]] = []
        self.style_fonts = style_fonts
        self.on_row_with_data = on_row_with_data
        self.row = 0  # the last row number read
        self.pending_blank = 0
        self.rows_with_data = 0

    def add(self, number_text: str | None, values: list[object], styles: list[int], has_data: bool,
            width: int) -> None:
        """One <row>: its number as written (None: the one after the last), its values and style ids from column A
        on, whether a value is more than spaces, and how wide the row is (its last cell, cut to the maximum)."""
        fonts, known = self.style_fonts, len(self.style_fonts)
        self.add_row(number_text, values, [None if value is None or style >= known else fonts[style]
                                           for value, style in zip(values, styles, strict=True)], has_data, width)

    def add_row(self, number_text: str | None, values: list[object], fonts: list[str | None], has_data: bool,
                width: int) -> None:
        """``add`` with each value's font already looked up (None for no value)."""
        if number_text is None:
            number = self.row + 1
        else:
            try:
                number = int(number_text)
            except ValueError:
                as_float = float(number_text)
                if not as_float.is_integer():
                    raise DamagedSheet(f"dòng {number_text}") from None
                number = int(as_float)
        expected = self.row + 1
        if number < expected:  # a row repeated or out of order: openpyxl's reader drops it too
            return
        self.row = number
        self.pending_blank += number - expected  # rows the sheet leaves out
        if not has_data:
            self.pending_blank += 1
            return
        self.rows_with_data += 1
        self.on_row_with_data(self.rows_with_data)
        if self.pending_blank:
            self.grid.extend([[]] * self.pending_blank)
            self.fonts.extend([[]] * self.pending_blank)
            self.pending_blank = 0
        if len(values) < width:  # a cell beyond the columns read still widens its row, as in openpyxl
            values.extend([None] * (width - len(values)))
            fonts.extend([None] * (width - len(fonts)))
        self.grid.append(values)
        self.fonts.append(fonts)


def read_rows(workbook: Workbook, entry: SheetEntry, max_columns: int, on_row_with_data) -> SheetRows:  # noqa: ANN001
    """Stream the sheet's rows as openpyxl yields them, cut to ``max_columns``: blank rows between data are kept (row
    numbers must stay right), blank rows after are not. ``on_row_with_data(count)`` is called for each row holding
    data, to refuse a list too long while reading it.

    sheet_scan.read_sheet_rows reads the usual shapes faster and comes here for anything else: expat has the last
    word on every unusual or damaged sheet.
    """
    out = _Grid(workbook.style_fonts, on_row_with_data)
    merges: list[str] = []
    letters_cache: dict[str, int] = {}
    parser = make_parser(workbook, out, max_columns, merges, letters_cache)
    try:
        with workbook.open_member(entry.member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except ExpatError as exc:
        raise DamagedSheet() from exc
    return SheetRows(out.grid, out.fonts, _vertical(merges, letters_cache, max_columns))


def cell_value(workbook: Workbook, data_type: str, value_text: str | None, inline_seen: bool,
               inline_text: str | None, style: int, reference: str | None) -> object:
    """A cell's value from its type, the text of its <v> (None: none or empty), whether it holds an <is> and that
    string's text, and its style id (dates are numbers in a date style), as openpyxl reads it."""
    if data_type == "inlineStr":
        return (inline_text or "") if inline_seen else None
    if not value_text:
        return None
    if data_type == "s":
        try:
            return workbook.shared_strings[int(value_text)]
        except (ValueError, IndexError) as exc:
            raise DamagedSheet(reference or "") from exc
    if data_type == "n" and style not in workbook.date_styles:
        try:
            return _number(value_text)
        except ValueError as exc:
            raise DamagedSheet(reference or "") from exc
    return _typed(workbook, value_text, data_type, style, reference)


def _typed(workbook: Workbook, text: str, data_type: str, style: int, reference: str | None) -> object:
    try:
        if data_type == "n":  # a date or a time, by its style
            number = _number(text)
            try:
                return from_serial(number, workbook.epoch, style in workbook.timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"  # what openpyxl gives for a date beyond the calendar
        if data_type == "b":
            return bool(int(text))
        if data_type == "d":
            return from_iso(text)
    except (ValueError, TypeError) as exc:
        raise DamagedSheet(reference or "") from exc
    return text  # "str" (a formula's text), "e" (an error such as #N/A)


def make_parser(workbook: Workbook, out: _Grid, max_columns: int, merges: list[str],  # noqa: C901
                letters_cache: dict[str, int]):  # noqa: ANN201 - a pyexpat parser
    """An expat parser whose handlers put the sheet's rows into ``out`` and its merged ranges into ``merges``.

    Called for every element of a sheet of a million: the handlers keep their state in closure variables and compare
    names by identity (the parser interns them into the constants below).
    """
    main = _MAIN_NAMESPACE
    row_tag, cell_tag, value_tag, inline_tag, text_tag, phonetic_tag, merge_tag = (
        f"{main} {local}" for local in ("row", "c", "v", "is", "t", "rPh", "mergeCell"))
    style_ids: dict[str, int] = {}
    digits = "0123456789"

    row_attributes: dict = {}
    row_values: list[object] = []
    row_styles: list[int] = []
    has_data = False
    last_column = widest = 0
    cell_attributes: dict = {}
    value_text: str | None = None
    inline_text: str | None = None
    collecting = 0  # 1: a <v>, 2: a <t> of an inline string
    in_inline = in_phonetic = inline_seen = False

    def start(name: str, attributes: dict) -> None:
        nonlocal cell_attributes, value_text, inline_text, inline_seen, collecting, in_inline, in_phonetic
        nonlocal row_attributes, row_values, row_styles, has_data, last_column, widest
        if name is cell_tag:
            cell_attributes = attributes
            value_text = inline_text = None
            inline_seen = False
        elif name is value_tag:
            collecting = 1
        elif name is text_tag:
            if in_inline and not in_phonetic:
                collecting = 2
        elif name is inline_tag:
            in_inline = inline_seen = True
        elif name is row_tag:
            row_attributes = attributes
            row_values, row_styles = [], []
            has_data = False
            last_column = widest = 0
        elif name is phonetic_tag:
            in_phonetic = True
        elif name is merge_tag:
            merges.append(attributes.get("ref", ""))

    def text(data: str) -> None:
        nonlocal value_text, inline_text
        if collecting == 1:
            value_text = data if value_text is None else value_text + data
        elif collecting == 2:
            inline_text = data if inline_text is None else inline_text + data

    def end(name: str) -> None:
        nonlocal collecting, in_inline, in_phonetic, last_column, widest, has_data
        if name is cell_tag:
            attributes = cell_attributes
            reference = attributes.get("r")
            if reference:
                column = letters_cache.get(reference.rstrip(digits)) or _column(reference, letters_cache)
            else:
                column = last_column + 1
            last_column = column
            if column > widest:
                widest = column
            if column > max_columns:
                return
            style_text = attributes.get("s")
            style = 0
            if style_text:
                style = style_ids.get(style_text)
                if style is None:
                    style = style_ids[style_text] = _style_id(style_text, reference)
            value = cell_value(workbook, attributes.get("t", "n"), value_text, inline_seen, inline_text, style,
                               reference)
            known = len(row_values)
            if column > known:
                if column > known + 1:  # cells left out before this one
                    row_values.extend([None] * (column - 1 - known))
                    row_styles.extend([0] * (column - 1 - known))
                row_values.append(value)
                row_styles.append(style)
            else:  # written after a cell to its right (no program does): placed all the same
                row_values[column - 1] = value
                row_styles[column - 1] = style
            if not has_data and value is not None and not (isinstance(value, str) and not value.strip()):
                has_data = True
        elif name is value_tag or name is text_tag:
            collecting = 0
        elif name is inline_tag:
            in_inline = False
        elif name is row_tag:
            out.add(row_attributes.get("r"), row_values, row_styles, has_data, min(widest, max_columns))
        elif name is phonetic_tag:
            in_phonetic = False

    def refuse_doctype(*_: object) -> None:
        raise DamagedSheet()  # a worksheet never declares entities: one that does is hostile

    # Every name the handlers compare is interned into these very objects, so that `is` can compare them.
    names = {name: name for name in (row_tag, cell_tag, value_tag, inline_tag, text_tag, phonetic_tag, merge_tag)}
    parser = ParserCreate(namespace_separator=" ", intern=names)
    parser.buffer_text = True
    parser.buffer_size = 65536
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse_doctype
    return parser


def _style_id(text: str, reference: str | None) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise DamagedSheet(reference or "") from exc


def _vertical(references: list[str], cache: dict[str, int], max_columns: int) -> list[tuple[int, int, int]]:
    """The merged ranges spanning rows, 0-based, from their references ("F2:F4")."""
    found = []
    for reference in references:
        first, _, last = reference.partition(":")
        try:
            column = _column(first, cache)
            first_row = int(first[len(first.rstrip("0123456789")):])
            last_row = int(last[len(last.rstrip("0123456789")):])
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
