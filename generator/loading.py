"""Turn a session folder (dot.toml + the approved list) into settings and rows that remember their cells.

Every text value leaves this module in NFC. Every row keeps the file, sheet, row number and column letter of each
value, so that validation can say exactly where a problem is. Problems are collected, not raised one by one.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import InputError, Location, Problem, collect
from .legal import ROUNDING_MODES, form_key
from .model import Issuer, Numbering, Session, Signer

LEVELS = ("xa", "huyen", "tinh", "so", "don-vi", "doanh-nghiep")
SORT_MODES = ("giu-nguyen", "theo-ten")

# Canonical column -> accepted header spellings, compared by form_key (no case, diacritics, spaces, punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "Số thứ tự", "TT"),
    "ho_ten": ("Họ và tên", "Họ tên", "Tên tập thể", "Họ và tên / Tên tập thể", "Họ tên / Tên tập thể",
               "Tên tập thể, cá nhân", "Tên tập thể / cá nhân"),
    "doi_tuong": ("Đối tượng", "Loại"),
    "gioi_tinh": ("Giới tính",),
    "chuc_vu": ("Chức vụ", "Chức danh"),
    "don_vi": ("Đơn vị", "Đơn vị công tác"),
    "hinh_thuc": ("Hình thức", "Hình thức khen thưởng", "Danh hiệu", "Hình thức / Danh hiệu"),
    "thanh_tich": ("Thành tích", "Thành tích khen thưởng"),
    "so_tien": ("Số tiền", "Số tiền thưởng", "Tiền thưởng"),
    "ghi_chu": ("Ghi chú",),
}
COLUMN_LABELS = {
    "stt": "STT", "ho_ten": "Họ và tên", "doi_tuong": "Đối tượng", "gioi_tinh": "Giới tính", "chuc_vu": "Chức vụ",
    "don_vi": "Đơn vị", "hinh_thuc": "Hình thức", "thanh_tich": "Thành tích", "so_tien": "Số tiền",
    "ghi_chu": "Ghi chú",
}
REQUIRED_COLUMNS = ("ho_ten", "don_vi", "hinh_thuc")
_HEADER_LOOKUP = {form_key(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
_STOP_PREFIXES = ("tongcong", "danhsachnayco", "nguoilapbieu", "xacnhancua")
_SUBJECT_SECTION = re.compile(r"^\s*([IVXLC]+|[A-Z])\s*[.)/-]?\s*(TẬP THỂ|CÁ NHÂN|HỘ GIA ĐÌNH)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    """A cell's text (NFC, trimmed) and where it came from."""

    text: str
    location: Location


@dataclass(frozen=True)
class Row:
    """One awardee row: canonical column -> Cell; ``section_subject`` when a section row above set it."""

    cells: dict[str, Cell]
    location: Location
    section_subject: str | None = None
    letters: dict[str, str] | None = None  # canonical column -> sheet column letter

    def text(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.text if cell else ""

    def where(self, column: str) -> Location:
        cell = self.cells.get(column)
        if cell:
            return cell.location
        letter = (self.letters or {}).get(column)
        shown = f"{letter} ({COLUMN_LABELS[column]})" if letter else COLUMN_LABELS[column]
        return Location(self.location.file, self.location.sheet, self.location.row, shown)


def clean_text(value: object) -> str:
    """NFC, non-breaking and repeated spaces folded, trimmed; numbers written without a spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


# ---------------------------------------------------------------------------------------------- dot.toml


class _Settings:
    """Reads keys from a parsed dot.toml, recording a problem for each missing or malformed one."""

    def __init__(self, data: dict, file: str, problems: list[Problem]) -> None:
        self.data = data
        self.file = file
        self.problems = problems

    def _lookup(self, key: str) -> tuple[bool, object]:
        node: object = self.data
        for part in key.split("."):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return False, None
        return True, node

    def problem(self, key: str, message: str) -> None:
        # "quyet_dinh.0.so" is shown as the user sees it in the file: "[[quyet_dinh]] thứ 1, so".
        shown = re.sub(r"^(\w+)\.(\d+)\.", lambda m: f"[[{m.group(1)}]] thứ {int(m.group(2)) + 1}, ", key)
        self.problems.append(Problem(Location(self.file, key=shown), message))

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        found, value = self._lookup(key)
        if not found or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, "thiếu giá trị bắt buộc; ghi một chuỗi trong ngoặc kép, ví dụ: "
                             f'{key.split(".")[-1]} = "…"')
            return default
        if not isinstance(value, str):
            self.problem(key, "phải là một chuỗi chữ trong ngoặc kép")
            return default
        return clean_text(value)

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        found, value = self._lookup(key)
        if not found:
            if required:
                self.problem(key, 'thiếu danh sách bắt buộc; ghi dạng ["…", "…"]')
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, 'phải là danh sách chuỗi, dạng ["…", "…"]')
            return ()
        return tuple(clean_text(item) for item in value if clean_text(item))

    def day(self, key: str) -> date | None:
        found, value = self._lookup(key)
        if not found:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        self.problem(key, "phải là một ngày viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-20 (không có ngoặc kép)")
        return None

    def integer(self, key: str, required: bool = False) -> int | None:
        found, value = self._lookup(key)
        if not found:
            if required:
                self.problem(key, "thiếu số bắt buộc, ví dụ nam = 2025")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "phải là một số nguyên, không có ngoặc kép")
            return None
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(key, required=False, default=default)
        if value not in allowed:
            self.problem(key, f"giá trị «{value}» không hợp lệ; chỉ được là: {', '.join(allowed)}")
            return default
        return value


def load_session(folder: Path) -> Session:
    """Read ``dot.toml`` of a session folder; every missing or malformed key is reported at once."""
    folder = Path(folder)
    dot_file = folder / "dot.toml"
    if not folder.is_dir():
        raise InputError(f"Không tìm thấy thư mục đợt khen thưởng «{folder}».")
    if not dot_file.is_file():
        raise InputError(f"Thư mục «{folder}» không có tệp dot.toml (tệp cài đặt của đợt). "
                         "Tạo bằng lệnh: vanban new <thư mục>")
    try:
        data = tomllib.loads(dot_file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"Tệp {dot_file} không phải văn bản UTF-8; lưu lại với bảng mã UTF-8.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"Tệp {dot_file} viết sai cú pháp: {_toml_message(exc)}") from exc

    problems: list[Problem] = []
    s = _Settings(data, str(dot_file), problems)
    issuer = Issuer(
        parent=s.text("co_quan.chu_quan", required=False) or None,
        lines=s.texts("co_quan.ten"),
        abbreviation=s.text("co_quan.viet_tat"),
        place=s.text("co_quan.dia_danh"),
        level=s.choice("co_quan.cap", LEVELS, "xa"),
    )
    authority = s.text("nguoi_ky.tham_quyen")
    signer = Signer(
        authority=authority,
        authority_text=s.text("nguoi_ky.tham_quyen_viet_thuong", required=False) or sentence_case_authority(authority),
        capacity=s.text("nguoi_ky.quyen_han", required=False) or None,
        title=s.text("nguoi_ky.chuc_vu"),
        name=s.text("nguoi_ky.ho_ten"),
    )
    year = s.integer("dot.nam", required=True) or 0
    signed_on = s.day("dot.ngay")
    draft_year = s.integer("dot.nam_ky") or (signed_on.year if signed_on else year + 1)

    numbering = []
    raw_numbering = data.get("quyet_dinh", [])
    if not isinstance(raw_numbering, list):
        s.problem("quyet_dinh", "phải viết dạng [[quyet_dinh]] (mỗi hình thức một khối)")
        raw_numbering = []
    for index, _ in enumerate(raw_numbering):
        key = f"quyet_dinh.{index}"
        form = s.text(f"{key}.hinh_thuc")
        number = s.integer(f"{key}.so")
        if number is not None and number <= 0:
            s.problem(f"{key}.so", "số quyết định phải lớn hơn 0")
        numbering.append(Numbering(form, number, s.day(f"{key}.ngay")))

    list_name = s.text("danh_sach.tep")
    base_salary = s.integer("dot.luong_co_so")
    if base_salary is not None and base_salary <= 0:
        s.problem("dot.luong_co_so", "mức lương cơ sở phải là số dương, ví dụ 2340000")
    session = Session(
        name=folder.resolve().name,
        folder=folder,
        issuer=issuer,
        signer=signer,
        achievement_year=year,
        signed_on=signed_on,
        draft_year=draft_year,
        achievement=s.text("dot.thanh_tich", required=False),
        proposal=s.text("dot.de_nghi"),
        executors=s.texts("dot.thi_hanh"),
        fund=s.text("dot.quy"),
        recipients=s.texts("dot.noi_nhan", required=False),
        archive=s.text("dot.luu"),
        citations=s.texts("dot.can_cu", required=False) or None,
        base_salary_override=base_salary,
        rounding=s.choice("dot.lam_tron", ROUNDING_MODES, "len"),
        list_file=folder / list_name if list_name else folder,
        sheet=s.text("danh_sach.sheet", required=False) or None,
        sort=s.choice("danh_sach.sap_xep", SORT_MODES, "giu-nguyen"),
        numbering=tuple(numbering),
        dot_file=dot_file,
    )
    collect(problems, f"Tệp cài đặt {dot_file} chưa đúng")
    return session


_TOML_MESSAGES = (
    ("Illegal character", "ký tự không hợp lệ — thường do thiếu dấu ngoặc kép đóng chuỗi"),
    ("Expected '=' after a key", "thiếu dấu = sau tên khóa"),
    ("Invalid date", "ngày không có thật hoặc viết sai — viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-20"),
    ("Invalid value", "giá trị không hợp lệ — chuỗi phải nằm trong ngoặc kép, ngày viết dạng 2026-01-20"),
    ("Cannot overwrite a value", "một khóa được ghi hai lần"),
    ("Cannot declare", "một bảng [..] được khai báo hai lần"),
    ("Unclosed array", "danh sách [..] chưa có dấu ] đóng"),
)


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    reason = next((vi for en, vi in _TOML_MESSAGES if text.startswith(en)), "cú pháp TOML không hợp lệ")
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if match:
        return f"dòng {match.group(1)}, cột {match.group(2)}: {reason}"
    return reason


_ADMIN_NOUNS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "tỉnh", "huyện", "quận", "xã")


def sentence_case_authority(upper: str) -> str:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH' -> 'Chủ tịch Ủy ban nhân dân xã Hòa Bình' (Phụ lục II capitals).

    Only the shapes "<title> ỦY BAN NHÂN DÂN <unit noun> <name>" are recognised; anything else should be written
    in dot.toml as ``tham_quyen_viet_thuong``.
    """
    lower = upper.lower()
    words = lower.split()
    if not words:
        return ""
    result = lower[0].upper() + lower[1:]
    result = re.sub(r"\bủy ban nhân dân\b", "Ủy ban nhân dân", result)
    for noun in _ADMIN_NOUNS:
        pattern = re.compile(rf"\b({noun}) (.+)$")
        match = pattern.search(result)
        if match and "Ủy ban nhân dân" in result[: match.start()]:
            name = " ".join(word[:1].upper() + word[1:] for word in match.group(2).split())
            prefix = result[: match.start()]
            noun_text = match.group(1)
            # "Phường 15", "Thành phố Hồ Chí Minh": named after a number or a person, the noun is part of the name.
            if name[:1].isdigit() or name == "Hồ Chí Minh":
                noun_text = noun_text[:1].upper() + noun_text[1:]
            return f"{prefix}{noun_text} {name}"
    return result


# ---------------------------------------------------------------------------------------------- the list


def load_rows(session: Session) -> tuple[list[Row], list[Problem]]:
    """Read the approved list named in dot.toml into rows; problems of shape (no header…) are returned too."""
    path = session.list_file
    if not path.is_file():
        raise InputError(
            f"Không tìm thấy tệp danh sách «{path.name}» trong thư mục {session.folder}.",
            [Problem(Location(str(session.dot_file), key="danh_sach.tep"), "kiểm tra lại tên tệp")],
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet_name, grid = _read_xlsx(path, session.sheet)
    elif suffix == ".csv":
        sheet_name, grid = None, _read_csv(path)
    else:
        shown = suffix or "không có đuôi"
        raise InputError(f"Tệp danh sách «{path.name}» phải là .xlsx hoặc .csv (đang là «{shown}»).")
    return rows_from_grid(grid, str(path.name), sheet_name)


def _read_xlsx(path: Path, wanted_sheet: str | None) -> tuple[str, list[list[object]]]:
    import openpyxl  # imported here: `vanban --help` must stay fast

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(
            f"Không đọc được tệp {path.name}: tệp hỏng hoặc không phải Excel .xlsx "
            "(mở bằng Excel rồi «Lưu thành» .xlsx)."
        ) from exc
    if wanted_sheet:
        if wanted_sheet not in workbook.sheetnames:
            raise InputError(f"Tệp {path.name} không có trang tính «{wanted_sheet}»; "
                             f"các trang có: {', '.join(workbook.sheetnames)}.")
        sheet = workbook[wanted_sheet]
    else:
        sheet = next((ws for ws in workbook.worksheets if ws.max_row > 1 or ws["A1"].value is not None),
                     workbook.worksheets[0])
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    # A unit written once in a merged block applies to every row of the block.
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
                    grid[row - 1][column - 1] = value
    return sheet.title, grid


def _read_csv(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"Tệp {path.name} không phải văn bản UTF-8; mở bằng Excel và lưu lại dạng "
                         "«CSV UTF-8», hoặc dùng tệp .xlsx.") from exc
    if "\x00" in text:
        raise InputError(f"Tệp {path.name} không phải tệp CSV văn bản (có ký tự nhị phân).")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _find_header(grid: list[list[object]]) -> tuple[int, dict[int, str]] | None:
    for row_index, row in enumerate(grid[:40]):
        mapping = {}
        for column_index, value in enumerate(row):
            key = form_key(re.sub(r"\(.*?\)", "", clean_text(value)))
            if key in _HEADER_LOOKUP and _HEADER_LOOKUP[key] not in mapping.values():
                mapping[column_index] = _HEADER_LOOKUP[key]
        if "ho_ten" in mapping.values() and len(mapping) >= 3:
            return row_index, mapping
    return None


def rows_from_grid(grid: list[list[object]], file: str, sheet: str | None) -> tuple[list[Row], list[Problem]]:
    """Find the header, then read each awardee row until the table ends (Tổng cộng, signatures…)."""
    found = _find_header(grid)
    if found is None:
        raise InputError(
            f"Không tìm thấy dòng tiêu đề cột trong tệp {file}"
            + (f", trang tính «{sheet}»" if sheet else "")
            + ". Cần ít nhất các cột: Họ và tên, Đơn vị, Hình thức (tên cột không phân biệt hoa thường, dấu)."
        )
    header_index, mapping = found
    letters = {column: column_letter(index) for index, column in mapping.items()}
    problems = [
        Problem(Location(file, sheet, header_index + 1, COLUMN_LABELS[column]),
                f"thiếu cột bắt buộc «{COLUMN_LABELS[column]}» trong dòng tiêu đề")
        for column in REQUIRED_COLUMNS if column not in mapping.values()
    ]
    rows: list[Row] = []
    section_subject = None
    for row_index in range(header_index + 1, len(grid)):
        raw = grid[row_index]
        cells = {}
        for column_index, column in mapping.items():
            text = clean_text(raw[column_index]) if column_index < len(raw) else ""
            if text:
                shown = f"{column_letter(column_index)} ({COLUMN_LABELS[column]})"
                location = Location(file, sheet, row_index + 1, shown)
                cells[column] = Cell(text, location)
        if not cells:
            continue
        first_text = next(iter(cells.values())).text
        first_key = form_key(first_text)
        if "hinh_thuc" not in cells and (first_key == "cong" or first_key.startswith(_STOP_PREFIXES)):
            break
        if set(cells) <= {"stt", "ho_ten"}:
            combined = " ".join(cells[c].text for c in ("stt", "ho_ten") if c in cells)
            match = _SUBJECT_SECTION.match(combined)
            if match:
                section_subject = {"tapthe": "tap-the", "canhan": "ca-nhan",
                                   "hogiadinh": "ho-gia-dinh"}[form_key(match.group(2))]
                continue
        rows.append(Row(cells, Location(file, sheet, row_index + 1), section_subject, letters))
    return rows, problems
