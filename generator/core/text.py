"""Turn raw values from any input (spreadsheet cells, dot.toml, text files) into clean text, and text into file names.

One rule for every input: NFC, non-breaking and repeated spaces folded, trimmed, and no character that cannot be
printed (control characters, which make Word refuse a file and a terminal obey an escape sequence). Readers refuse
such a character with a located message (``unprintable``); ``clean_text`` drops any that reaches it all the same.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime

# C0 controls but tab, line feed and carriage return (a line break), DEL and the C1 controls, and the noncharacters
# U+FDD0–U+FDEF (vanban marks inserted data with two of them, see LITERAL_START), U+FFFE and U+FFFF (not XML).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Data inserted into a text that is then read as markup (a dispatch's .md body) is wrapped in these two marks, so
# that the reader takes it as literal text: a unit named "**Kính gửi**" adds no bold, no paragraph, no bullet.
LITERAL_START, LITERAL_END = "\ufdd0", "\ufdd1"


# Called for every text cell of a list, whose values repeat: a pure function of its text.
@functools.lru_cache(maxsize=65536)
def unprintable(text: str) -> str | None:
    """The first character of ``text`` that cannot be printed, written as U+XXXX; None when there is none."""
    found = _UNPRINTABLE.search(text)
    return f"U+{ord(found.group(0)):04X}" if found else None


def unprintable_message(code: str) -> str:
    return (f"có ký tự điều khiển không in được ({code}), thường do chép từ phần mềm khác; xóa giá trị này và gõ "
            "lại (Word và LibreOffice không mở được văn bản có ký tự này)")


def printable(text: str) -> str:
    """Text safe to print on a terminal: each control character shown as its picture (ESC as ␛), never obeyed."""
    return _UNPRINTABLE.sub(lambda m: chr(0x2400 + ord(m.group(0))) if ord(m.group(0)) < 0x20 else "\ufffd",
                            text.replace("\r", ""))


def clean_text(value: object) -> str:
    """NFC, non-breaking and repeated spaces folded, trimmed, control characters dropped; numbers written without a
    spurious '.0'."""
    if isinstance(value, str):
        return _clean_string(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        # Digits, a sign, a point, "e", "inf", "nan", "True": nothing to clean, and an STT column of 50.000 distinct
        # numbers would only fill _clean_string's cache.
        return str(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _clean_string(str(value))


# Called for every cell of a list, whose names, units and forms repeat: a pure function of its text.
@functools.lru_cache(maxsize=65536)
def _clean_string(value: str) -> str:
    text = unicodedata.normalize("NFC", value)
    text = _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def slugify(text: str) -> str:
    """ASCII file-name slug of Vietnamese text: 'Lao động tiên tiến' -> 'lao-dong-tien-tien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "van-ban"


FILE_NAME_LENGTH = 80  # well under the 255 bytes a file system allows, with room for "-2" and the extension


def distinct_file_names(names: list[str], reserved: tuple[str, ...] = ()) -> dict[str, str]:
    """A distinct, short ASCII file name per name (a unit's certificates, its công văn): the slug cut at a word,
    numbered -2, -3… when two names give the same one (case or accents only) or a reserved name."""
    chosen: dict[str, str] = {}
    taken = set(reserved)
    for name in names:
        if name in chosen:
            continue
        base = slugify(name)
        if len(base) > FILE_NAME_LENGTH:  # cut at a word, so that no name ends in half a word
            base = base[:FILE_NAME_LENGTH + 1].rsplit("-", 1)[0]
        base = base.strip("-") or "don-vi"
        file_name, number = base, 2
        while file_name in taken:
            file_name, number = f"{base}-{number}", number + 1
        taken.add(file_name)
        chosen[name] = file_name
    return chosen

