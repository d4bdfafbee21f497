"""Turn a session folder (dot.toml + the approved list) into settings and rows that remember their cells.

Every text value leaves this module in NFC. Every row keeps the file, sheet, row number and column letter of each
value, so that validation can say exactly where a problem is. Problems are collected, not raised one by one.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.errors import InputError, Location, Problem, collect
from ..core.legal import ROUNDING_MODES, form_key
from ..core.model import (
    SESSION_PROPOSAL_KEY,
    Numbering,
    Session,
    Signer,
)
from ..core.settings import ANY_KEYS, DISPATCH_SCHEMA, Settings, read_issuer, shown_key, toml_message
from ..core.text import clean_text, unprintable, unprintable_message
from ..core.vietnamese import sentence_case_authority
from ..rendering.collection import fewer_collections
from .birth_year import split_birth_year_by_gender
from .cells import Cell
from .encodings import decode_windows_1258
from .legacy_cells import Conversion, column_letter
from .legacy_cells import convert_legacy as _convert_legacy
from .shapes import decision_shape, session_forms
from .workbook import MAX_ROWS, read_sheet

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
_SUBJECT_SECTION = re.compile(r"^\s*([IVXLC]+|[A-Z])\s*[.)/-]?\s*(TẬP THỂ|CÁ NHÂN|HỘ GIA ĐÌNH)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Row:
    """One awardee row: canonical column -> its text (the columns it fills, in the sheet's order); ``section_subject``
    when a section row above set it. A Cell or a Location is made only when asked for, from the row's coordinates
    and the column's letter, not for each of the hundreds of thousands of cells of a long list."""

    texts: dict[str, str]
    coordinates: tuple[str, str | None, int]  # file, sheet, row: the Location is made only when a message asks
    section_subject: str | None = None
    letters: dict[str, str] | None = None  # canonical column -> sheet column letter
    unit_above: bool = False  # the Đơn vị comes from a "1. Tên đơn vị" section row above, not from a cell

    @property
    def location(self) -> Location:
        return Location(*self.coordinates)

    @property
    def cells(self) -> dict[str, Cell]:
        """Canonical column -> Cell, for every column the row fills."""
        return {column: Cell(text, (*self.coordinates, self.shown(column))) for column, text in self.texts.items()}

    def text(self, column: str) -> str:
        return self.texts.get(column, "")

    def where(self, column: str) -> Location:
        """The cell of ``column`` in this row, filled or not (the section row above for a unit it gave)."""
        return Location(*self.coordinates, self.shown(column))

    def shown(self, column: str) -> str:
        """What a message says of the column of ``column`` in this row: "B (Họ và tên)"."""
        if self.unit_above and column == "don_vi":
            return UNIT_ABOVE
        letter = (self.letters or {}).get(column)
        return _shown_column(letter, column) if letter else COLUMN_LABELS[column]


UNIT_ABOVE = "mục đơn vị phía trên"  # what a message says of a unit given by a section row, for its column


@functools.lru_cache(maxsize=1024)  # once per row for each message and award: "B (Họ và tên)" made once
def _shown_column(letter: str, column: str) -> str:
    return f"{letter} ({COLUMN_LABELS[column]})"


# ---------------------------------------------------------------------------------------------- dot.toml


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
        raise InputError(f"Tệp {dot_file} viết sai cú pháp: {toml_message(exc)}") from exc

    problems: list[Problem] = []
    s = Settings(data, str(dot_file), problems)
    issuer = read_issuer(s)
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
        proposal = s.text(f"{key}.de_nghi", required=False)
        numbering.append(Numbering(form, number, s.day(f"{key}.ngay"), proposal, shown_key(f"{key}.de_nghi"),
                                   decision_shape(s, key)))

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
        # The session's line may be left out only when every decision table carries its own.
        proposal=s.text(SESSION_PROPOSAL_KEY,
                        required=not numbering or not all(entry.proposal for entry in numbering)),
        # Checked when a decision uses the standard wording that needs them (building.py): an office that writes
        # its own articles, or gives no money, need not fill them.
        executors=s.texts("dot.thi_hanh", required=False),
        fund=s.text("dot.quy", required=False),
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
        templates=_templates_folder(s, folder),
        period=s.text("dot.ky", required=False),
        transitional_dossiers=bool(s.boolean("dot.ho_so_chuyen_tiep")),
        extra_forms=session_forms(s),
    )
    s.refuse_unknown(DOT_SCHEMA)
    collect(problems, f"Tệp cài đặt {dot_file} chưa đúng")
    return session


# Every key dot.toml may hold (see data/vi-du/dot.toml); any other is a typing mistake, refused with the nearest key.
DOT_SCHEMA = {
    "co_quan": {"chu_quan": None, "ten": None, "viet_tat": None, "dia_danh": None, "cap": None},
    "nguoi_ky": {"tham_quyen": None, "tham_quyen_viet_thuong": None, "quyen_han": None, "chuc_vu": None,
                 "ho_ten": None},
    "dot": {"nam": None, "ngay": None, "nam_ky": None, "thanh_tich": None, "de_nghi": None, "thi_hanh": None,
            "quy": None, "noi_nhan": None, "luu": None, "can_cu": None, "luong_co_so": None, "lam_tron": None,
            "ky": None, "ho_so_chuyen_tiep": None},
    "danh_sach": {"tep": None, "sheet": None, "sap_xep": None},
    "quyet_dinh": [{"hinh_thuc": None, "so": None, "ngay": None, "de_nghi": None, "trich_yeu": None, "ky": None,
                    "can_cu": None, "thi_hanh": None, "noi_nhan": None, "them_nhu_dieu": None, "danh_sach": None,
                    "cot": None, "ten_cot": ANY_KEYS, "chia_muc": None, "tieu_de_danh_sach": None, "kem_theo": None,
                    "ket_thuc": None, "dieu": [{"tieu_de": None, "noi_dung": None, "mac_dinh": None}]}],
    "hinh_thuc": [{"ten": None, "loai": None, "doi_tuong": None, "chung_nhan": None, "bi_danh": None,
                   "he_so": [{"tu_ngay": None, "den_ngay": None, "ca_nhan": None, "tap_the": None,
                              "ho_gia_dinh": None, "nguon": None}]}],
    "so_dang_ky": {"danh_so": None},
    "mau": {"thu_muc": None},
    "giay_khen": {"so_so_bat_dau": ANY_KEYS, "ho_so": None, "che_do": None},
    "cong_van": {**DISPATCH_SCHEMA, "moi_don_vi": None, "so_don_vi": ANY_KEYS},
}


def _templates_folder(settings: Settings, folder: Path) -> Path | None:
    name = settings.text("mau.thu_muc", required=False)
    if not name:
        return None
    path = (folder / name).resolve()
    if not path.is_dir():
        settings.problem("mau.thu_muc", f"không tìm thấy thư mục mẫu «{name}» (tính từ thư mục của đợt)")
        return None
    return path


# ---------------------------------------------------------------------------------------------- the list


_ENCODING_NAMES = {"windows-1258": "Windows-1258"}


@dataclass(frozen=True)
class EncodingNote:
    """A whole file that was not UTF-8 and was read in a guessed code page.

    The guess is right for a Vietnamese Windows "CSV", but a file saved on another code page would come through
    with wrong letters that no cell-level check can see, so the user is told to look at the names (never guess
    silently, thi-dua-khen-thuong.md §5).
    """

    file: str
    encoding: str  # "windows-1258"
    accented_cells: int  # cells holding a letter outside ASCII: the ones a wrong guess would damage

    def describe(self) -> str:
        name = _ENCODING_NAMES.get(self.encoding, self.encoding)
        return (f"Tệp {self.file} không phải UTF-8: đã đọc theo bảng mã {name} ({self.accented_cells} ô có dấu); "
                "kiểm tra lại tên người.")


@dataclass(frozen=True)
class Loaded:
    """What the loader read: the awardee rows, problems of shape, and what the user should be told."""

    rows: list[Row]
    problems: list[Problem]
    ignored_columns: list[str]
    conversions: list[Conversion]
    sheet: str | None
    notes: list[EncodingNote] = field(default_factory=list)  # file-level: a code page other than UTF-8
    skipped_sheets: list[str] = field(default_factory=list)  # the workbook's other sheets, "«Cũ» (trang ẩn)"


@fewer_collections()  # a list of 50.000 rows is a million young objects: the collector would walk them again and again
def load_rows(session: Session) -> Loaded:
    """Read the approved list named in dot.toml into rows; problems of shape (no header…) are returned too."""
    path = session.list_file
    if not path.is_file():
        raise InputError(
            f"Không tìm thấy tệp danh sách «{path.name}» trong thư mục {session.folder}.",
            [Problem(Location(str(session.dot_file), key="danh_sach.tep"), "kiểm tra lại tên tệp")],
        )
    suffix = path.suffix.lower()
    file_encoding = "utf-8"  # an .xlsx stores Unicode whatever the fonts: only a csv can be in a code page
    fonts: list[list[str | None]] | None
    skipped_sheets: list[str] = []
    if suffix in (".xlsx", ".xlsm"):
        sheet = read_sheet(path, session.sheet)
        sheet_name, grid, fonts, skipped_sheets = sheet.title, sheet.grid, sheet.fonts, sheet.skipped
        _fill_vertical_merges(grid, sheet.merges)
    elif suffix == ".csv":
        sheet_name, fonts = None, None
        grid, file_encoding = _read_csv(path)
    else:
        shown = suffix or "không có đuôi"
        raise InputError(f"Tệp danh sách «{path.name}» phải là .xlsx hoặc .csv (đang là «{shown}»).")
    conversions = _convert_legacy(grid, fonts, sheet_name or path.name)
    loaded = replace(rows_from_grid(grid, path.name, sheet_name, conversions), skipped_sheets=skipped_sheets)
    if file_encoding in ("utf-8", "utf-16"):  # Unicode either way: nothing was guessed
        return loaded
    return replace(loaded, notes=[EncodingNote(path.name, file_encoding, _accented_cells(grid))])


def _accented_cells(grid: list[list[object]]) -> int:
    return sum(1 for row in grid for value in row
               if isinstance(value, str) and any(ch.isalpha() and not ch.isascii() for ch in value))


def _fill_vertical_merges(grid: list[list[object]], merges: list[tuple[int, int, int]]) -> None:
    """A unit written once in a vertically merged block applies to every row of the block; a row merged across
    (a section title) keeps its text in the first cell only. A header cell merged down into the rows below it
    (F3:F6) names a column: it is never copied into data cells."""
    found = _find_header(grid)
    header_last = found[1] if found else -1
    for column, first, last in merges:
        if first <= header_last or first >= len(grid):
            continue
        value = grid[first][column] if column < len(grid[first]) else None
        for row_number in range(first + 1, min(last, len(grid) - 1) + 1):
            row = grid[row_number]
            if column >= len(row):
                row = grid[row_number] = [*row, *([None] * (column + 1 - len(row)))]
            row[column] = value


def _read_csv(path: Path) -> tuple[list[list[object]], str]:
    """The rows of a csv file and the encoding it was read in ("utf-8", "utf-16" with its BOM, "windows-1258")."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" and some exports write UTF-16 with a byte order mark.
        try:
            return _csv_rows(path, raw.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"Tệp {path.name} bắt đầu như văn bản UTF-16 nhưng hỏng ở giữa; mở bằng Excel và lưu "
                             "lại dạng «CSV UTF-8», hoặc dùng tệp .xlsx.") from exc
    if b"\x00" in raw:
        raise InputError(f"Tệp {path.name} không phải tệp CSV văn bản (có ký tự nhị phân); "
                         "nếu là tệp Excel, đổi đuôi thành .xlsx.")
    encoding = "utf-8"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Excel saves "CSV" in the Windows code page; for Vietnamese Windows that is 1258.
        try:
            text = decode_windows_1258(raw)
            encoding = "windows-1258"
        except UnicodeDecodeError as exc:
            raise InputError(f"Tệp {path.name} không đọc được bằng bảng mã UTF-8 hay Windows-1258; mở bằng Excel "
                             "và lưu lại dạng «CSV UTF-8», hoặc dùng tệp .xlsx.") from exc
    return _csv_rows(path, text), encoding


def _csv_rows(path: Path, text: str) -> list[list[object]]:
    """The rows of a csv text; line endings may be mixed (\\r\\n, \\n, \\r), as when lists are pasted together."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise InputError(f"Tệp {path.name}: hơn {MAX_ROWS:,} dòng — quá dài cho một danh sách khen thưởng; "
                                 "tách thành nhiều đợt.".replace(",", "."))
    except csv.Error as exc:
        raise InputError(f"Tệp {path.name}, dòng {reader.line_num}: không đọc được dòng này như CSV (thường do một "
                         "dấu ngoặc kép \" không đóng); mở bằng Excel và lưu lại dạng «CSV UTF-8».") from exc
    return rows


def _header_mapping(cells: list[object]) -> tuple[dict[int, str], dict[int, str]]:
    mapping: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for column_index, value in enumerate(cells):
        text = clean_text(value)
        key = form_key(re.sub(r"\(.*?\)", "", text))
        if key in _HEADER_LOOKUP and _HEADER_LOOKUP[key] not in mapping.values():
            mapping[column_index] = _HEADER_LOOKUP[key]
        elif text:
            unknown[column_index] = text
    return mapping, unknown


def _find_header(grid: list[list[object]]) -> tuple[int, int, dict[int, str], list[str]] | None:
    """(first header row, last header row, column mapping, ignored column names); headers may span two rows."""
    for row_index, row in enumerate(grid[:40]):
        mapping, unknown = _header_mapping(row)
        if "ho_ten" in mapping.values() and len(mapping) >= 3:
            last = row_index
            if row_index + 1 < len(grid):
                # A header over two rows: "Khen thưởng" above "Hình thức | Số tiền".
                below, below_unknown = _header_mapping(grid[row_index + 1])
                new = {i: c for i, c in below.items() if c not in mapping.values() and i not in mapping}
                if new and not any(_looks_like_data(v) for v in grid[row_index + 1]):
                    mapping.update(new)
                    for index in new:
                        unknown.pop(index, None)
                    unknown.update({i: t for i, t in below_unknown.items() if i not in mapping})
                    last = row_index + 1
            ignored = [text for index, text in sorted(unknown.items()) if index not in mapping]
            return row_index, last, mapping, list(dict.fromkeys(ignored))
    return None


def _looks_like_data(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_UNIT_SECTION = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(\S.*?)\s*(\(\s*\d+[^)]*\))?\s*$")
_GROUP_SECTION = re.compile(r"^\s*([A-ZĐ]|[IVXLC]+)\s*[.)]\s*\S")
_STOP_TEXT = re.compile(r"^(tổng cộng|cộng|danh sách này có|người lập|xác nhận|thủ trưởng|.*, ngày\b)", re.I)


def _section(texts: dict[str, str]) -> tuple[str, str] | None:
    """('subject', 'tap-the') or ('unit', name) or ('group', text) for a section row; None for an awardee row."""
    if len(texts) > 2 or not set(texts) <= {"stt", "ho_ten"}:  # an awardee row: most rows, said at once
        return None
    stt = texts.get("stt", "")
    name = texts.get("ho_ten", "")
    if stt and name and not re.search(r"[.)]$", stt):
        combined = f"{stt}. {name}"
    else:
        combined = " ".join(filter(None, (stt, name)))
    subject = _SUBJECT_SECTION.match(combined)
    if subject:
        return "subject", {"tapthe": "tap-the", "canhan": "ca-nhan", "hogiadinh": "ho-gia-dinh"}[
            form_key(subject.group(2))]
    # A numbered unit heading is written in one cell ("1. Trường Tiểu học Kim Đồng (05 cá nhân)"), never as an
    # awardee row with its number in the STT column: that would be a row whose other columns were forgotten.
    unit = _UNIT_SECTION.match(name) if not stt else None
    if unit:
        return "unit", unit.group(2)
    if (stt and re.fullmatch(r"[A-ZĐ]|[IVXLC]+", stt)) or _GROUP_SECTION.match(name):
        return "group", combined
    return None


def rows_from_grid(grid: list[list[object]], file: str, sheet: str | None,  # noqa: C901 - one loop, kept whole
                   conversions: list[Conversion] | None = None) -> Loaded:
    """Find the header, then read each awardee row until the table ends (Tổng cộng, signatures…)."""
    split_birth_year_by_gender(grid)
    found = _find_header(grid)
    if found is None:
        raise InputError(
            f"Không tìm thấy dòng tiêu đề cột trong tệp {file}"
            + (f", trang tính «{sheet}»" if sheet else "")
            + ". Cần ít nhất các cột: Họ và tên, Đơn vị, Hình thức (tên cột không phân biệt hoa thường, dấu)."
        )
    header_first, header_last, mapping, ignored = found
    letters = {column: column_letter(index) for index, column in mapping.items()}
    problems = [
        Problem(Location(file, sheet, header_first + 1, COLUMN_LABELS[column]),
                f"thiếu cột bắt buộc «{COLUMN_LABELS[column]}» trong dòng tiêu đề")
        for column in REQUIRED_COLUMNS if column not in mapping.values() and column != "don_vi"
    ]
    rows: list[Row] = []
    section_subject: str | None = None
    section_unit: str | None = None
    after_blank = False
    columns = list(mapping.items())
    # Each distinct text is cleaned once: a text as typed -> its clean text. A text holding an unprintable character
    # is kept apart (-> its clean text, the character), since each cell holding it gets its own message.
    clean: dict[str, str] = {}
    flagged: dict[str, tuple[str, str | None]] = {}
    numbers: dict[tuple[type, float], str] = {}  # (type, value) of a float cell -> its clean text
    clean_of = clean.get  # only text keys: no number, date or truth value is equal to one
    for row_index in range(header_last + 1, len(grid)):
        raw = grid[row_index]
        width = len(raw)
        texts = {}
        for column_index, column in columns:
            if column_index >= width:
                continue
            value = raw[column_index]
            if value is None:
                continue
            text = clean_of(value)
            if text is None:
                if isinstance(value, str):
                    text, code = flagged.get(value) or (clean_text(value), unprintable(value))
                    if code:
                        flagged[value] = (text, code)
                        if text:
                            where = Location(file, sheet, row_index + 1, _shown_column(letters[column], column))
                            problems.append(Problem(where, unprintable_message(code)))
                    else:
                        clean[value] = text
                elif value.__class__ is int:  # its digits: what clean_text gives, cheaper than remembering it
                    text = str(value)
                elif value.__class__ is float:  # amounts repeat; keyed by type: 1 == 1.0
                    key = (value.__class__, value)
                    text = numbers.get(key) or numbers.setdefault(key, clean_text(value))
                else:  # a date, a truth value: equal values may print differently (time zones), so each on its own
                    text = clean_text(value)
            if text:
                texts[column] = text
        if not texts:
            after_blank = after_blank or bool(rows)
            continue
        if "hinh_thuc" not in texts and _STOP_TEXT.match(next(iter(texts.values()))):
            break
        if after_blank and not ({"hinh_thuc", "don_vi", "doi_tuong"} & set(texts)):
            break  # signatures and notes under the table, after a blank row
        after_blank = False
        section = _section(texts) if len(texts) <= 2 else None  # an awardee row fills more than two columns
        if section:
            kind, value = section
            if kind == "subject":
                section_subject = value
            elif kind == "unit":
                section_unit = value
            continue
        unit_above = bool(section_unit) and "don_vi" not in texts
        if unit_above:
            texts["don_vi"] = section_unit
        rows.append(Row(texts, (file, sheet, row_index + 1), section_subject, letters, unit_above))
    if "don_vi" not in mapping.values() and not any("don_vi" in row.texts for row in rows):
        problems.append(Problem(Location(file, sheet, header_first + 1, COLUMN_LABELS["don_vi"]),
                                "thiếu cột bắt buộc «Đơn vị» trong dòng tiêu đề (hoặc các dòng mục "
                                "«1. Tên đơn vị» phía trên mỗi nhóm)"))
    return Loaded(rows, problems, ignored, list(conversions or []), sheet)
