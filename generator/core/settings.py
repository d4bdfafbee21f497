"""Turn parsed TOML settings (dot.toml, a dispatch's front matter) into checked values, or located problems.

Every reader of settings in vanban goes through ``Settings``: a missing or malformed key is recorded as a problem
naming the file and the key as the user sees it, so that every mistake of a file is reported at once.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path

from .errors import Location, Problem
from .model import ISSUER_LEVELS, Issuer
from .text import clean_text, unprintable, unprintable_message


class Settings:
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
        self.problems.append(Problem(Location(self.file, key=shown_key(key)), message))

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
        if code := unprintable(value):
            self.problem(key, unprintable_message(code))
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
        for index, item in enumerate(value):
            if code := unprintable(item):
                self.problem(key, f"dòng thứ {index + 1}: {unprintable_message(code)}")
        return tuple(clean_text(item) for item in value if clean_text(item))

    def day(self, key: str) -> date | None:
        found, value = self._lookup(key)
        if not found:
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if not YEARS[0] <= value.year <= YEARS[1]:
                self.problem(key, f"ngày {value:%d/%m/%Y} không hợp lý: năm phải từ {YEARS[0]} đến {YEARS[1]}")
                return None
            return value
        self.problem(key, "phải là một ngày viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-20 (không có ngoặc kép)")
        return None

    def integer(self, key: str, required: bool = False) -> int | None:
        """An integer within the sane range of its key (INTEGER_RANGES, by the key's last part); None otherwise."""
        found, value = self._lookup(key)
        if not found:
            if required:
                self.problem(key, "thiếu số bắt buộc, ví dụ nam = 2025")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "phải là một số nguyên, không có ngoặc kép")
            return None
        low, high = INTEGER_RANGES.get(key.rsplit(".", 1)[-1], (None, None))
        if low is not None and not low <= value <= high:
            self.problem(key, f"số {value} không hợp lý: phải từ {_grouped(low)} đến {_grouped(high)}")
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        found, value = self._lookup(key)
        if not found:
            return None
        if not isinstance(value, bool):
            self.problem(key, "chỉ ghi true hoặc false (không có ngoặc kép)")
            return None
        return value

    def tables(self, key: str) -> list[dict]:
        """An array of tables ([[key]]); anything else is a problem and reads as none."""
        found, value = self._lookup(key)
        if not found:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(key, f"phải viết dạng [[{key.split('.')[-1]}]] (mỗi mục một khối)")
            return []
        return value

    def mapping(self, key: str) -> dict[str, str]:
        """A table of texts ({ a = "…", b = "…" })."""
        found, value = self._lookup(key)
        if not found:
            return {}
        if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
            self.problem(key, 'phải là một bảng chữ, dạng { ten_khoa = "…" }')
            return {}
        return {name: clean_text(item) for name, item in value.items()}
    def refuse_unknown(self, schema: dict, prefix: str = "") -> None:
        """A problem for every key the schema does not know, with the nearest right key: a misspelt key would
        otherwise be silently ignored (a recipient list dropped, a base salary not overridden).

        ``schema``: key -> None (a value), a dict (a table), a one-dict list (an array of tables) or ANY_KEYS (a
        table whose keys are the user's own, such as form names).
        """
        node = self._lookup(prefix.rstrip("."))[1] if prefix else self.data
        self._refuse_unknown_in(node, schema, prefix)

    def _refuse_unknown_in(self, node: object, schema: dict, prefix: str) -> None:
        import difflib

        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key not in schema:
                known = list(schema)
                guess = difflib.get_close_matches(key, known, n=1)
                hint = f"; có phải «{guess[0]}»?" if guess else ""
                self.problem(f"{prefix}{key}", f"khóa không dùng được{hint} (các khóa: {', '.join(known)})")
                continue
            inner = schema[key]
            if isinstance(inner, dict) and inner is not ANY_KEYS:
                self._refuse_unknown_in(value, inner, f"{prefix}{key}.")
            elif isinstance(inner, list) and isinstance(value, list):
                for index, item in enumerate(value):
                    self._refuse_unknown_in(item, inner[0], f"{prefix}{key}.{index}.")

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(key, required=False, default=default)
        if value not in allowed:
            self.problem(key, f"giá trị «{value}» không hợp lệ; chỉ được là: {', '.join(allowed)}")
            return default
        return value


def session_path(folder: Path, written: str) -> Path:
    """A path written in dot.toml, wherever the command runs from: relative to the session folder (the one rule for
    every path of dot.toml: danh_sach.tep, mau.thu_muc, giay_khen.ho_so); an absolute path or ~ is kept."""
    path = Path(written).expanduser()
    return path if path.is_absolute() else Path(folder) / path
# Sane ranges of the integers of the settings, by the key's last part: a year typed as -5 or a number of
# 9223372036854775807 is a mistake to report, not a value to print.
YEARS = (1945, 2099)
INTEGER_RANGES = {
    "nam": YEARS,
    "nam_ky": YEARS,
    "so": (1, 999_999),
    "luong_co_so": (1, 100_000_000),
    "so_so_bat_dau": (1, 99_999_999),
}
ANY_KEYS: dict = {}  # a table whose keys are the user's own (see Settings.refuse_unknown)

# What a dispatch's settings may hold (its front matter, or [cong_van] of dot.toml without moi_don_vi).
DISPATCH_SCHEMA = {
    "so": None, "ngay": None, "nam": None, "ky_hieu": None, "trich_yeu": None, "kinh_gui": None, "noi_nhan": None,
    "luu": None,
    "co_quan": {"chu_quan": None, "ten": None, "viet_tat": None, "dia_danh": None, "cap": None},
    "nguoi_ky": {"quyen_han": None, "chuc_vu": None, "ho_ten": None},
}


def _grouped(number: int) -> str:
    """'999.999' for a count, '2099' for a year (Vietnamese thousands separator, not in years)."""
    return f"{number:,}".replace(",", ".") if number >= 10_000 else str(number)


def shown_key(key: str) -> str:
    """A dotted key as the user sees it in the file: "quyet_dinh.0.so" -> "[[quyet_dinh]] thứ 1, so"."""
    return re.sub(r"^(\w+)\.(\d+)\.", lambda m: f"[[{m.group(1)}]] thứ {int(m.group(2)) + 1}, ", key)


_TOML_MESSAGES = (
    ("Illegal character", "ký tự không hợp lệ — thường do thiếu dấu ngoặc kép đóng chuỗi"),
    ("Expected '=' after a key", "thiếu dấu = sau tên khóa"),
    ("Invalid date", "ngày không có thật hoặc viết sai — viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-20"),
    ("Invalid value", "giá trị không hợp lệ — chuỗi phải nằm trong ngoặc kép, ngày viết dạng 2026-01-20"),
    ("Cannot overwrite a value", "một khóa được ghi hai lần"),
    ("Cannot declare", "một bảng [..] được khai báo hai lần"),
    ("Unclosed array", "danh sách [..] chưa có dấu ] đóng"),
    ("Expected newline or end of document", "sau giá trị còn chữ thừa; mỗi dòng ghi một khóa = một giá trị"),
)


def toml_message(exc: tomllib.TOMLDecodeError, source: str | None = None) -> str:
    """The parser's English as a Vietnamese message with its line; the usual slips are named with their fix.

    ``source``: the text that was parsed; when not given it is taken from the parser (see _parsed_source).
    """
    text = str(exc)
    reason = next((vi for en, vi in _TOML_MESSAGES if text.startswith(en)), "cú pháp TOML không hợp lệ")
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if not match:
        return reason
    line_number, column = int(match.group(1)), int(match.group(2))
    source = source if source is not None else _parsed_source(exc)
    lines = source.replace("\r\n", "\n").split("\n") if source is not None else []
    if 0 < line_number <= len(lines):
        line = _without_comment(lines[line_number - 1])
        slip = _slip(line, column)
        if slip:
            return f"dòng {line_number}, cột {column} («{line.strip()}»): {slip}"
    return f"dòng {line_number}, cột {column}: {reason}"


def _parsed_source(exc: BaseException) -> str | None:
    """The text tomllib was parsing when it raised ``exc`` (its ``loads`` keeps it in ``src``).

    Python 3.14 gives it as ``exc.doc``; before that only the parser's frame holds it. Without it the message
    still has its line, only without the named slip.
    """
    doc = getattr(exc, "doc", None)
    if isinstance(doc, str):
        return doc
    trace = exc.__traceback__
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_name == "loads" and "tomllib" in frame.f_code.co_filename:
            found = frame.f_locals.get("src")
            return found if isinstance(found, str) else None
        trace = trace.tb_next
    return None


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_THOUSANDS = re.compile(r"-?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_BARE_WORDS = ("true", "false", "inf", "nan")


def _without_comment(line: str) -> str:
    """The line up to a "#" that is not inside quotes (a comment may itself hold quotes)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index].rstrip()
    return line.rstrip()


def _slip(line: str, column: int) -> str | None:
    """What went wrong on a line of TOML that the parser refused, said with the fix; None when not a known slip."""
    key, equals, value = line.partition("=")
    if not equals:
        return None
    key = key.strip()
    value = value.strip()
    if value.count('"') % 2 == 1:
        if value.startswith('"') or value.startswith("["):
            fixed = f'{value.rstrip()}"' if value.startswith('"') else None
            return ("chuỗi chữ thiếu dấu ngoặc kép đóng; mỗi chữ viết giữa hai dấu ngoặc kép"
                    + (f", sửa thành: {key} = {fixed}" if fixed else ' "…"'))
        return f'chuỗi chữ thiếu dấu ngoặc kép mở, sửa thành: {key} = "{value.strip(chr(34))}"'
    day = _DAY_MONTH_YEAR.fullmatch(value)
    if day:
        iso = f"{day.group(3)}-{int(day.group(2)):02d}-{int(day.group(1)):02d}"
        return (f"viết ngày dạng {iso} (NĂM-THÁNG-NGÀY, không có ngoặc kép), sửa thành: {key} = {iso}")
    day = _YEAR_MONTH_DAY.fullmatch(value)
    if day and (len(day.group(2)) == 1 or len(day.group(3)) == 1):
        iso = f"{day.group(1)}-{int(day.group(2)):02d}-{int(day.group(3)):02d}"
        return f"viết ngày dạng {iso} (tháng và ngày đủ hai chữ số), sửa thành: {key} = {iso}"
    if _THOUSANDS.fullmatch(value):
        digits = re.sub(r"[.,]", "", value)
        return f"viết số liền, không có dấu phân cách hàng nghìn: {key} = {digits}"
    if _DECIMAL_COMMA.fullmatch(value):
        return f"số thập phân dùng dấu chấm: {key} = {value.replace(',', '.')}"
    if value and (value[0].isalpha() or value[0] == "_") and value.split()[0].lower() not in _BARE_WORDS:
        return f'chữ phải nằm trong ngoặc kép, sửa thành: {key} = "{value}"'
    if value.startswith("[") and 0 < column <= len(line) and line[column - 1].isalpha():
        word = re.match(r"[^,\]]+", line[column - 1:]).group(0).strip()
        return f'mỗi chữ trong danh sách phải nằm trong ngoặc kép: "{word}"'
    return None


def read_issuer(settings: Settings) -> Issuer:
    """``[co_quan]`` of dot.toml or of a dispatch's front matter: the issuing body and its place name."""
    parent_lines = settings.texts("co_quan.chu_quan", required=False)
    return Issuer(
        parent=" ".join(parent_lines) or None,
        parent_lines=parent_lines,
        lines=settings.texts("co_quan.ten"),
        abbreviation=settings.text("co_quan.viet_tat"),
        place=settings.text("co_quan.dia_danh"),
        level=settings.choice("co_quan.cap", ISSUER_LEVELS, "xa"),
    )
