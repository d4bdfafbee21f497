"""Turn an .xlsx file into the grid of one sheet (values and fonts) in bounded time and memory, or a Vietnamese refusal.

A workbook is a zip of XML files and may be hostile or simply broken: a member that expands to gigabytes, one cell
typed at XFD1048576 that makes the "used range" a billion cells, a hidden first sheet holding an old list. So the zip
is measured before anything is parsed (declared and actual sizes), the sheet is streamed (sheet_scan.py, else
sheet_xml.py) keeping only the rows and columns that hold data, and the sheet read is the visible one — or the one
dot.toml names — and is said.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InputError
from .sheet_scan import read_sheet_rows
from .sheet_xml import DamagedSheet, SheetEntry, Workbook, open_workbook, refuse_damaged

# Far above any approved list (50.000 rows are about 20 MB of XML), far below what would exhaust the machine.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
# Rows holding data, and columns read: a province's list has tens of thousands of rows and about a dozen columns.
MAX_ROWS = 200_000
MAX_COLUMNS = 100
_CHUNK = 1024 * 1024
# A workbook of at most this many bytes inflated is kept in memory by the size check, for the sheet reader: as
# much as sheet_scan.py holds at once for a list read in two halves.
_KEEP_INFLATED = 64 * 1024 * 1024


@dataclass
class Sheet:
    """The values of a sheet's used rows (trailing blank rows dropped), their fonts, and its vertical merges."""

    title: str
    grid: list[list[object]]
    fonts: list[list[str | None]]
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row), 0-based
    skipped: list[str] = field(default_factory=list)  # other sheets, with why they were not read


def check_zip_sizes(path: Path, limit: int = MAX_UNCOMPRESSED, keep: int = 0) -> dict[str, bytes]:
    """Refuse a zip whose members expand beyond ``limit`` bytes together, as declared or as actually inflated.

    The declared sizes can lie, so each member is inflated as a stream and counted. When they declare ``keep``
    bytes or fewer together, the inflated members are returned (member -> bytes), so that the sheet read next is
    not inflated a second time; otherwise nothing is held in memory and {} is returned.
    """
    name = path.name
    too_big = (f"Tệp {name} giải nén ra quá lớn (hơn {limit // (1024 * 1024)} MB): không phải một danh sách "
               "bình thường, có thể là tệp hỏng hoặc tệp độc hại. Mở bằng Excel và lưu lại, hoặc kiểm tra nguồn tệp.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(f"Tệp {name} có {len(members)} phần bên trong: không phải tệp Excel bình thường.")
            declared = sum(member.file_size for member in members)
            if declared > limit:
                raise InputError(too_big)
            total = 0
            inflated: dict[str, bytes] | None = {} if declared <= keep else None
            for member in members:
                chunks = []
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise InputError(too_big)
                        if inflated is not None:
                            chunks.append(chunk)
                if inflated is not None:  # a name written twice: the last one, as ZipFile.open gives
                    inflated[member.filename] = b"".join(chunks)
            return inflated or {}
    except InputError:
        raise
    except Exception as exc:  # zipfile, zlib, bz2, lzma: any failure to inflate means a damaged file
        raise InputError(f"Không đọc được tệp {name}: tệp hỏng hoặc không phải Excel .xlsx "
                         "(mở bằng Excel rồi «Lưu thành» .xlsx).") from exc


_STATES = {"hidden": "trang ẩn", "veryHidden": "trang ẩn"}
_DAMAGED = "Không đọc được tệp {}: tệp hỏng hoặc không phải Excel .xlsx (mở bằng Excel rồi «Lưu thành» .xlsx)."


def read_sheet(path: Path, wanted: str | None) -> Sheet:
    """The sheet named ``wanted``, else the first visible sheet holding data; hidden sheets are never guessed."""
    inflated = check_zip_sizes(path, keep=_KEEP_INFLATED)
    try:
        workbook = open_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise InputError(_DAMAGED.format(path.name)) from exc
    workbook.inflated = inflated
    try:
        sheets = [entry for entry in workbook.sheets if not entry.is_chart]
        if wanted:
            named = [entry for entry in workbook.sheets if entry.title == wanted]
            if not named:
                raise InputError(f"Tệp {path.name} không có trang tính «{wanted}»; "
                                 f"các trang có: {', '.join(entry.title for entry in workbook.sheets)}.")
            if named[0].is_chart:
                raise InputError(f"Trang «{wanted}» của tệp {path.name} là một biểu đồ, không phải bảng danh sách; "
                                 "ghi tên trang danh sách vào dot.toml: [danh_sach] sheet = \"…\".")
            candidates = named[:1]
        else:
            candidates = [entry for entry in sheets if entry.state == "visible"]
            if not candidates:
                raise InputError(f"Tệp {path.name} không có trang tính nào đang hiện; mở bằng Excel, cho hiện trang "
                                 "danh sách, hoặc ghi tên trang vào dot.toml: [danh_sach] sheet = \"…\".")
        chosen = None
        for entry in candidates:
            chosen = _read(workbook, entry, path.name)
            if chosen.grid:
                break
        if len(candidates) > 1 and chosen is not None and not chosen.grid:
            chosen = _read(workbook, candidates[0], path.name)  # all blank: the first one, whose header is missing
        assert chosen is not None
        chosen.skipped = [_skipped(entry) for entry in sheets if entry.title != chosen.title]
        return chosen
    finally:
        workbook.close()


def _skipped(entry: SheetEntry) -> str:
    state = _STATES.get(entry.state)
    return f"«{entry.title}» ({state})" if state else f"«{entry.title}»"


def _read(workbook: Workbook, entry: SheetEntry, file: str) -> Sheet:
    """One sheet's rows, fonts and vertical merges; a list too long or a damaged sheet is refused in Vietnamese."""

    def count(rows_with_data: int) -> None:
        if rows_with_data > MAX_ROWS:
            raise InputError(f"Tệp {file}, trang tính «{entry.title}»: hơn {MAX_ROWS:,} dòng có dữ liệu — "
                             "quá dài cho một danh sách khen thưởng; tách thành nhiều đợt, hoặc xóa các dòng "
                             "thừa.".replace(",", "."))

    try:
        rows = read_sheet_rows(workbook, entry, MAX_COLUMNS, count)
    except DamagedSheet as damage:
        raise refuse_damaged(file, entry.title, damage) from damage
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:  # a member listed but missing or cut
        raise InputError(_DAMAGED.format(file)) from exc
    return Sheet(entry.title, rows.grid, rows.fonts, rows.merged)
