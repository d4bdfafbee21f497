"""Turn an .xlsx file into the grid of one sheet (values and fonts) in bounded time and memory, or a Vietnamese refusal.

A workbook is a zip of XML files and may be hostile or simply broken: a member that expands to gigabytes, one cell
typed at XFD1048576 that makes the "used range" a billion cells, a hidden first sheet holding an old list. So the zip
is measured before anything is parsed (declared and actual sizes), the sheet is streamed (openpyxl's read-only mode)
keeping only the rows and columns that hold data, and the sheet read is the visible one — or the one dot.toml names —
and is said.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError

# Far above any approved list (50.000 rows are about 20 MB of XML), far below what would exhaust the machine.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
# Rows holding data, and columns read: a province's list has tens of thousands of rows and about a dozen columns.
MAX_ROWS = 200_000
MAX_COLUMNS = 100
_CHUNK = 1024 * 1024


@dataclass
class Sheet:
    """The values of a sheet's used rows (trailing blank rows dropped), their fonts, and its vertical merges."""

    title: str
    grid: list[list[object]]
    fonts: list[list[str | None]]
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row), 0-based
    skipped: list[str] = field(default_factory=list)  # other sheets, with why they were not read


def check_zip_sizes(path: Path, limit: int = MAX_UNCOMPRESSED) -> None:
    """Refuse a zip whose members expand beyond ``limit`` bytes together, as declared or as actually inflated.

    The declared sizes can lie, so each member is inflated as a stream and counted, never held in memory.
    """
    name = path.name
    too_big = (f"Tệp {name} giải nén ra quá lớn (hơn {limit // (1024 * 1024)} MB): không phải một danh sách "
               "bình thường, có thể là tệp hỏng hoặc tệp độc hại. Mở bằng Excel và lưu lại, hoặc kiểm tra nguồn tệp.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(f"Tệp {name} có {len(members)} phần bên trong: không phải tệp Excel bình thường.")
            if sum(member.file_size for member in members) > limit:
                raise InputError(too_big)
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise InputError(too_big)
    except InputError:
        raise
    except Exception as exc:  # zipfile, zlib, bz2, lzma: any failure to inflate means a damaged file
        raise InputError(f"Không đọc được tệp {name}: tệp hỏng hoặc không phải Excel .xlsx "
                         "(mở bằng Excel rồi «Lưu thành» .xlsx).") from exc


_STATES = {"hidden": "trang ẩn", "veryHidden": "trang ẩn"}


def read_sheet(path: Path, wanted: str | None) -> Sheet:
    """The sheet named ``wanted``, else the first visible sheet holding data; hidden sheets are never guessed."""
    import openpyxl  # imported here: `vanban --help` must stay fast

    check_zip_sizes(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise InputError(f"Không đọc được tệp {path.name}: tệp hỏng hoặc không phải Excel .xlsx "
                         "(mở bằng Excel rồi «Lưu thành» .xlsx).") from exc
    try:
        if wanted:
            if wanted not in workbook.sheetnames:
                raise InputError(f"Tệp {path.name} không có trang tính «{wanted}»; "
                                 f"các trang có: {', '.join(workbook.sheetnames)}.")
            candidates = [workbook[wanted]]
        else:
            candidates = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
            if not candidates:
                raise InputError(f"Tệp {path.name} không có trang tính nào đang hiện; mở bằng Excel, cho hiện trang "
                                 "danh sách, hoặc ghi tên trang vào dot.toml: [danh_sach] sheet = \"…\".")
        chosen = None
        for worksheet in candidates:
            chosen = _read_rows(worksheet, path.name)
            if chosen.grid:
                break
        if len(candidates) > 1 and chosen is not None and not chosen.grid:
            chosen = _read_rows(candidates[0], path.name)  # all blank: the first one, whose header is missing
        assert chosen is not None
        chosen.merges = _vertical_merges(workbook, chosen.title, path)
        chosen.skipped = [_skipped(ws) for ws in workbook.worksheets if ws.title != chosen.title]
        return chosen
    finally:
        workbook.close()


def _skipped(worksheet) -> str:  # noqa: ANN001 - an openpyxl worksheet
    state = _STATES.get(getattr(worksheet, "sheet_state", "visible"))
    return f"«{worksheet.title}» ({state})" if state else f"«{worksheet.title}»"


def _read_rows(worksheet, file: str) -> Sheet:  # noqa: ANN001 - an openpyxl read-only worksheet
    """Stream the rows: blank rows between data are kept (row numbers must stay right), blank rows after are not."""
    worksheet.reset_dimensions()  # the stored "used range" may claim a million rows; read what is there
    grid: list[list[object]] = []
    fonts: list[list[str | None]] = []
    pending_blank = 0
    rows_with_data = 0
    empty: list = []
    gap_filler = None
    # No column bound for openpyxl: it would pad every row to it. A row is as wide as its last cell, cut here.
    for row in worksheet.iter_rows():
        if row is gap_filler:  # openpyxl yields one shared object for every missing row: skip it without a look
            pending_blank += 1
            continue
        row = row[:MAX_COLUMNS]
        values = [cell.value for cell in row]
        if not any(value is not None and not (isinstance(value, str) and not value.strip()) for value in values):
            pending_blank += 1
            gap_filler = row
            continue
        rows_with_data += 1
        if rows_with_data > MAX_ROWS:
            raise InputError(f"Tệp {file}, trang tính «{worksheet.title}»: hơn {MAX_ROWS:,} dòng có dữ liệu — "
                             "quá dài cho một danh sách khen thưởng; tách thành nhiều đợt, hoặc xóa các dòng "
                             "thừa.".replace(",", "."))
        grid.extend([empty] * pending_blank)
        fonts.extend([empty] * pending_blank)
        pending_blank = 0
        grid.append(values)
        fonts.append([_font_name(cell) for cell in row])
    return Sheet(worksheet.title, grid, fonts)


def _font_name(cell) -> str | None:  # noqa: ANN001 - an openpyxl read-only cell
    if getattr(cell, "value", None) is None:
        return None
    font = getattr(cell, "font", None)
    return font.name if font is not None else None


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}[0-9]{1,7}):([A-Z]{1,3}[0-9]{1,7})"')


def _vertical_merges(workbook, title: str, path: Path) -> list[tuple[int, int, int]]:  # noqa: ANN001
    """Merged ranges spanning rows, 0-based. Read-only mode does not give them, and parsing the sheet's XML a second
    time would double the reading time: the <mergeCell ref="F2:F4"/> elements are found in the streamed bytes."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    worksheet = workbook[title]
    merges = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(worksheet._worksheet_path) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            last_end = 0
            for found in _MERGE.finditer(text):
                last_end = found.end()
                (first_column, first_row), (_, last_row) = (coordinate_from_string(found.group(i).decode())
                                                            for i in (1, 2))
                column = column_index_from_string(first_column)
                if last_row > first_row and column <= MAX_COLUMNS:
                    merges.append((column - 1, first_row - 1, last_row - 1))
            # An element cut by the chunk boundary is completed by the next chunk.
            tail = text[max(last_end, len(text) - 200):]
    return merges
