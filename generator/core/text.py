"""Turn raw values from any input (spreadsheet cells, dot.toml, text files) into clean text, and text into file names.

One rule for every input: NFC, non-breaking and repeated spaces folded, trimmed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime


def clean_text(value: object) -> str:
    """NFC, non-breaking and repeated spaces folded, trimmed; numbers written without a spurious '.0'."""
    if isinstance(value, str):
        return _clean_string(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _clean_string(str(value))


# Called for every cell of a list, whose names, units and forms repeat: a pure function of its text.
@functools.lru_cache(maxsize=65536)
def _clean_string(value: str) -> str:
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def slugify(text: str) -> str:
    """ASCII file-name slug of Vietnamese text: 'Lao động tiên tiến' -> 'lao-dong-tien-tien'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "van-ban"
