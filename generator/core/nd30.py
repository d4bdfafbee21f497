"""Turn loosely written lists into the punctuation Nghị định 30/2020/NĐ-CP prescribes.

One function per block, used by every kind of document: căn cứ lines, the Nơi nhận block and the Kính gửi block.
The user may write items with or without dashes, with or without a final ";" or ".", with stray spaces.
"""

from __future__ import annotations

import re

from .errors import InputError

_LEADING_MARKS = re.compile(r"^[\s\-–—•+*·]+")
_TRAILING_MARKS = re.compile(r"[\s;,.]+$")
_ARCHIVE = re.compile(r"^lưu\b\s*:?\s*", re.IGNORECASE)
_COPIES = re.compile(r"\(\s*\d+\s*(bản)?\s*\)$", re.IGNORECASE)


def bare_item(text: str) -> str:
    """An item without its leading dash and trailing punctuation, spaces folded."""
    text = " ".join(text.replace("\u00a0", " ").split())
    text = _LEADING_MARKS.sub("", text)
    # "./." is a document ending, never part of an item.
    text = text.replace("./.", "")
    return _TRAILING_MARKS.sub("", text)


def citation_lines(lines: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Căn cứ lines: each ends with ';' and the last one (usually "Theo đề nghị …") with '.'."""
    items = [bare_item(line) for line in lines]
    items = [item for item in items if item]
    return tuple(item + ("." if index == len(items) - 1 else ";") for index, item in enumerate(items))


def _archive_parts(text: str) -> list[str]:
    parts = []
    for part in _ARCHIVE.sub("", text).split(","):
        part = bare_item(part)
        if not part:
            continue
        copies = _COPIES.search(part)
        head = part[: copies.start()].strip() if copies else part
        tail = " (" + re.sub(r"\D", "", copies.group(0)) + ")" if copies else ""
        # The office's words as written ("Vụ TCCB", "VT-KTTH2"); an abbreviation typed all in lower case ("vhxh")
        # is a slip of the keyboard and takes its capitals. The copy count is normalised.
        parts.append((head.upper() if head == head.lower() else head) + tail)
    return parts


def recipients_block(items: list[str] | tuple[str, ...], *, first: str | None = None,
                     archive: str | None = None) -> tuple[str, ...]:
    """The Nơi nhận lines: '- item;' each, '- Lưu: VT, X.' last.

    ``first`` ("Như trên", "Như Điều 3") is put first when given; ``archive`` ("VT, VHXH") adds to any "Lưu"
    item the user wrote. Several "Lưu" items are merged. An empty list or no "Lưu" at all is refused.
    """
    others: list[str] = []
    archive_parts: list[str] = []
    for raw in items:
        item = bare_item(raw)
        if not item:
            continue
        if _ARCHIVE.match(item):
            archive_parts.extend(_archive_parts(item))
        elif item not in others:
            others.append(item)
    if archive:
        archive_parts.extend(_archive_parts(archive))
    if first:
        first = bare_item(first)
        others = [first] + [item for item in others if item.casefold() != first.casefold()]
    if not others and not archive_parts:
        raise InputError("Nơi nhận đang trống: cần ít nhất một nơi nhận và dòng «Lưu: VT, …».")
    if not archive_parts:
        raise InputError("Nơi nhận thiếu dòng «Lưu: VT, <đơn vị soạn thảo>» (ghi luu = \"VT, …\" trong cài đặt).")
    unique: list[str] = []
    for part in archive_parts:
        if part not in unique:
            unique.append(part)
    # The văn thư's copy comes first: "VT" unless the office names it its own way ("VT-KTTH2", "VT (2)").
    clerk = next((part for part in unique if re.match(r"^VT\b", part, re.IGNORECASE)), "VT")
    if clerk in unique:
        unique.remove(clerk)
    archive_item = "Lưu: " + ", ".join([clerk, *unique])
    return tuple(f"- {item};" for item in others) + (f"- {archive_item}.",)


def addressees_block(items: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Kính gửi recipients: one -> ('X.',) to stand on the 'Kính gửi:' line; several -> ('- A;', …, '- Z.')."""
    recipients = [bare_item(item) for item in items]
    recipients = [item for item in recipients if item]
    if not recipients:
        raise InputError("Kính gửi đang trống: cần ít nhất một nơi được gửi.")
    if len(recipients) == 1:
        return (recipients[0] + ".",)
    return tuple(f"- {item}" + ("." if index == len(recipients) - 1 else ";")
                 for index, item in enumerate(recipients))


def ends_document(text: str) -> str:
    """The last paragraph of a document ends with './.' exactly once."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    return _TRAILING_MARKS.sub("", text) + "./."
