"""Turn an uploaded file into the session's approved list, and an edited row of the page into the list's cells.

The stored name is always danh-sach.xlsx or danh-sach.csv (never the name the browser sent), the type is checked
by content, and the file it replaces is kept in ban-cu/: nothing the office made is deleted or silently replaced.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

ALLOWED = (".xlsx", ".csv")
HISTORY = "ban-cu"


class UploadRefused(Exception):
    """A Vietnamese message saying why the file was not taken."""


def checked_upload(filename: str, data: bytes, limit: int) -> str:
    """The suffix to store the upload under (".xlsx" or ".csv"), or UploadRefused with what to do."""
    name = filename or ""
    if not name or "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise UploadRefused(f"Tên tệp «{name}» không hợp lệ: chọn trực tiếp tệp danh sách (.xlsx hoặc .csv), tên "
                            "không chứa đường dẫn.")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise UploadRefused(f"Tệp «{name}» không phải danh sách: chỉ nhận tệp Excel .xlsx hoặc .csv "
                            "(tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx).")
    if len(data) > limit:
        raise UploadRefused(f"Tệp «{name}» quá lớn ({_size(len(data))}); giới hạn là {_size(limit)}.")
    if not data:
        raise UploadRefused(f"Tệp «{name}» rỗng.")
    if suffix == ".xlsx" and not _is_workbook(data):
        raise UploadRefused(f"Tệp «{name}» có đuôi .xlsx nhưng không phải bảng tính Excel; mở bằng Excel rồi lưu "
                            "lại dạng .xlsx.")
    if suffix == ".csv" and (b"\x00" in data or data[:4] == b"PK\x03\x04"):
        raise UploadRefused(f"Tệp «{name}» có đuôi .csv nhưng không phải văn bản; lưu bảng tính dạng CSV UTF-8.")
    return suffix


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB".replace(".", ",")


def _is_workbook(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def keep_previous(folder: Path, name: str) -> None:
    """Copy the list about to change into ban-cu/ with a running number."""
    current = folder / name
    if not current.is_file():
        return
    history = folder / HISTORY
    history.mkdir(exist_ok=True)
    number = len(list(history.iterdir())) + 1
    shutil.copy2(current, history / f"{number:03d}-{current.name}")


def store_upload(folder: Path, suffix: str, data: bytes) -> str:
    """Write the upload as danh-sach<suffix>, keeping what it replaces; returns the stored name."""
    name = f"danh-sach{suffix}"
    keep_previous(folder, name)
    staging = folder / f".{name}.dang-ghi"
    staging.write_bytes(data)
    staging.replace(folder / name)
    return name


def edit_row(path: Path, sheet: str | None, row: int, values: dict[str, str]) -> None:
    """Write the edited cells (column letter -> text) of one sheet row, keeping the previous file in ban-cu/."""
    keep_previous(path.parent, path.name)
    if path.suffix.lower() == ".csv":
        _edit_csv(path, row, values)
    else:
        _edit_xlsx(path, sheet, row, values)


def _edit_xlsx(path: Path, sheet: str | None, row: int, values: dict[str, str]) -> None:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.load_workbook(path)
    sheet_ = workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
    for letter, text in values.items():
        cell = sheet_[f"{letter}{row}"]
        cell.value = text or None
        # A cell typed in a TCVN3/VNI font now holds Unicode: the font must say so, or it would be converted again.
        name = (cell.font.name or "") if cell.font else ""
        if name.startswith((".Vn", "VNI")):
            cell.font = Font(name="Times New Roman", size=cell.font.size, bold=cell.font.bold)
    staging = path.with_name(f".{path.name}.dang-ghi")
    workbook.save(staging)
    staging.replace(path)


def _edit_csv(path: Path, row: int, values: dict[str, str]) -> None:
    from openpyxl.utils import column_index_from_string

    raw = path.read_bytes()
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1258"), "utf-8-sig"  # saved back as UTF-8: the loader reads both
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    while len(rows) < row:
        rows.append([])
    line = rows[row - 1]
    for letter, value in values.items():
        index = column_index_from_string(letter) - 1
        while len(line) <= index:
            line.append("")
        line[index] = value
    out = io.StringIO()
    csv.writer(out, dialect, lineterminator="\n").writerows(rows)
    staging = path.with_name(f".{path.name}.dang-ghi")
    staging.write_bytes(out.getvalue().encode(encoding))
    staging.replace(path)
