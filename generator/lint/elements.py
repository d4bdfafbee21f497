"""Turn the blocks of a layout into the named elements of the decree: Quốc hiệu, Số, căn cứ, Nơi nhận, annexes.

Elements are found by their words first and their place second, never by a template's structure, so that a
document typed by hand in Word (a header table, tabs, or nothing at all) is understood as well as our own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .model import Block, HRule, Layout

HEADER_SEARCH = 40  # the header elements are looked for among the first blocks only

# Phụ lục III: tên loại văn bản hành chính and their abbreviations in the ký hiệu.
TYPES: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ", "BẢN GHI NHỚ": "BGN", "BẢN THỎA THUẬN": "BTT", "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM", "GIẤY GIỚI THIỆU": "GGT", "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC", "PHIẾU BÁO": "PB",
}
DASHES = "-–—‐‑−"


class _Bare(dict):
    """The str.translate table of ``loose``: combining marks dropped, đ/Đ to d/D, dashes to "-", every other
    character kept — filled in as characters are met, so that a text is translated in one pass in C."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        if unicodedata.combining(char):
            value: int | str | None = None
        elif char in "đĐ":
            value = "d" if char == "đ" else "D"
        elif char in DASHES[1:]:
            value = "-"
        else:
            value = code
        self[code] = value
        return value


_BARE = _Bare()


def loose(text: str) -> str:
    """Upper case without diacritics and with single spaces: the key elements are recognised by."""
    if text.isascii():  # nothing to decompose, drop or replace
        return " ".join(text.upper().split())
    return " ".join(unicodedata.normalize("NFD", text).translate(_BARE).upper().split())


_TYPE_KEYS = {loose(name): name for name in TYPES}


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def starts_with_dash(text: str) -> bool:
    return bool(text) and text.lstrip()[:1] in DASHES + "+•*·"


_PLACEHOLDER = re.compile(r"^\((đã ký|chữ ký|ký|ký tên|ký, ghi rõ họ tên|chữ ký, dấu|ký, đóng dấu|đã ký và "
                          r"đóng dấu)[^)]*\)$", re.IGNORECASE)
_ACADEMIC = re.compile(r"^(TS|ThS|PGS|GS|KS|BS|CN|Ths|TS\.KH|PGS\.TS|GS\.TS)\.?\s", re.UNICODE)


def is_name(text: str) -> bool:
    """A person's name: two to six capitalised words, nothing else (an academic title is allowed here)."""
    text = _ACADEMIC.sub("", text.strip())
    words = unicodedata.normalize("NFC", text).split()
    return 2 <= len(words) <= 6 and all(word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())
                                        for word in words)


@dataclass
class Annex:
    start: int  # first heading block
    number_line: int | None = None  # "Phụ lục I"
    title: list[int] = field(default_factory=list)  # "DANH SÁCH" and the lines under it
    attached: int | None = None  # "(Kèm theo Quyết định số …)"


@dataclass
class Elements:
    """Indices into ``layout.blocks`` of every element found (None or [] when absent)."""

    kind: str = "?"  # "quyet-dinh", "cong-van" or the upper-case name of another type
    quoc_hieu: int | None = None
    tieu_ngu: int | None = None
    broken: list[int] = field(default_factory=list)  # Quốc hiệu / Tiêu ngữ found only across two lines
    parent: list[int] = field(default_factory=list)
    issuer: list[int] = field(default_factory=list)
    number: int | None = None
    date: int | None = None
    subject_line: int | None = None  # V/v
    header_end: int = 0
    type_line: int | None = None
    subject: list[int] = field(default_factory=list)
    authority: list[int] = field(default_factory=list)
    citations: list[int] = field(default_factory=list)
    decide: int | None = None
    articles: list[int] = field(default_factory=list)
    addressee: int | None = None
    addressees: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    content_end: int | None = None
    recipients_label: int | None = None
    recipients: list[int] = field(default_factory=list)
    signer: list[int] = field(default_factory=list)  # title lines, in order
    signer_name: int | None = None
    beneath: list[int] = field(default_factory=list)  # lines typed under the signature (phone, address)
    annex_start: int | None = None
    annexes: list[Annex] = field(default_factory=list)


def rule_owner(layout: Layout, rule: HRule) -> int:
    """The block a rule stands under: the nearest block above it in the same column."""
    index = rule.after
    while index >= 0:
        column = layout.blocks[index].column
        if column == rule.column or "body" in (column, rule.column):
            return index
        index -= 1
    return -1


def rules_under(layout: Layout, indices: list[int]) -> list[HRule]:
    """Rules right under the given blocks, nearest first."""
    wanted = set(indices)
    found = [rule for rule in layout.rules if rule_owner(layout, rule) in wanted]
    return sorted(found, key=lambda rule: rule.y_mm if rule.y_mm is not None else 0.0)


def find_elements(layout: Layout) -> Elements:
    blocks = layout.blocks
    found = Elements()
    texts = [block.stripped for block in blocks]
    known: dict[str, str] = {}  # a long list repeats its units, positions and forms
    keys = [known.get(text) or known.setdefault(text, loose(text)) for text in texts]
    limit = min(len(blocks), HEADER_SEARCH)

    def first(predicate, start: int = 0, stop: int | None = None) -> int | None:  # noqa: ANN001
        for index in range(start, limit if stop is None else stop):
            if blocks[index].column != "grid" and predicate(index):
                return index
        return None

    def national(index: int, pattern: str) -> bool:
        return bool(re.search(pattern, keys[index]))

    def across_two(index: int, pattern: str) -> bool:
        """The text wrapped (or was broken) onto the next line of the same column."""
        following = index + 1
        return following < len(blocks) and blocks[following].column == blocks[index].column and \
            bool(re.search(pattern, keys[index] + " " + keys[following])) and not re.search(pattern, keys[following])

    for attribute, pattern in (("quoc_hieu", r"CONG HOA XA HOI CHU NGHIA VIET NAM"),
                               ("tieu_ngu", r"DOC\s*LAP\W*TU\s*DO\W*HANH\s*PHUC")):
        index = first(lambda i, pattern=pattern: national(i, pattern))
        if index is None:
            index = first(lambda i, pattern=pattern: across_two(i, pattern))
            if index is not None:
                found.broken.append(index)
        setattr(found, attribute, index)
    found.number = first(lambda i: bool(re.match(r"^SO\s*:|^SO\s+[\d.…_ ]*/", keys[i])) and "/" in texts[i])
    found.date = first(lambda i: bool(re.search(r"\bNGAY\b.*\bTHANG\b.*\bNAM\b", keys[i]))
                       and not keys[i].startswith(("CAN CU", "THEO", "XET", "(KEM THEO"))
                       and len(texts[i]) < 90 and i not in (found.number,))
    found.subject_line = first(lambda i: keys[i].startswith("V/V") or keys[i].startswith("V.V"))
    header = [index for index in (found.quoc_hieu, found.tieu_ngu, found.number, found.date, found.subject_line)
              if index is not None]
    found.header_end = max(header) + 1 if header else 0

    # Issuer: upper-case lines of the header before the Số line, outside the Quốc hiệu column.
    issuer_stop = found.number if found.number is not None else found.header_end
    candidates = [index for index in range(0, issuer_stop)
                  if index not in (found.quoc_hieu, found.tieu_ngu, found.date) and texts[index]
                  and blocks[index].column in ("left", "body") and is_upper(texts[index])]
    bold = [all(span.bold for span in blocks[i].spans if span.text.strip()) for i in candidates]
    lead = 0
    while lead < len(candidates) and not bold[lead]:
        lead += 1
    if 0 < lead < len(candidates):
        found.parent, found.issuer = candidates[:lead], candidates[lead:]
    else:
        found.issuer = candidates

    # Tên loại and trích yếu (or none: a công văn).
    position = found.header_end
    for index in range(found.header_end, min(len(blocks), found.header_end + 3)):
        if keys[index].rstrip(" .") in _TYPE_KEYS and not keys[index].endswith(":"):
            found.type_line = index
            break
        if keys[index].startswith("KINH GUI"):
            break
    if found.type_line is not None:
        found.kind = "quyet-dinh" if keys[found.type_line].rstrip(" .") == "QUYET DINH" else \
            _TYPE_KEYS[keys[found.type_line].rstrip(" .")]
        position = found.type_line + 1
        while position < len(blocks) and len(found.subject) < 3:
            text, key = texts[position], keys[position]
            if not text or is_upper(text) or key.startswith(("CAN CU", "KINH GUI", "QUYET DINH:", "THEO DE NGHI")):
                break
            if found.subject and rules_under(layout, [found.subject[-1]]):
                break
            found.subject.append(position)
            position += 1
    if found.subject_line is not None or found.type_line is None:
        found.kind = "cong-van"

    # Thẩm quyền line(s) and "QUYẾT ĐỊNH:".
    if found.kind == "quyet-dinh":
        while position < len(blocks) and is_upper(texts[position]) and not keys[position].startswith("QUYET DINH") \
                and len(found.authority) < 2:
            found.authority.append(position)
            position += 1
        for index in range(position, len(blocks)):
            if re.fullmatch(r"QUYET DINH\s*:?", keys[index]) and index != found.type_line:
                found.decide = index
                break

    # Kính gửi.
    for index in range(found.header_end, min(len(blocks), found.header_end + 12)):
        if keys[index].startswith("KINH GUI"):
            found.addressee = index
            follow = index + 1
            while follow < len(blocks) and starts_with_dash(texts[follow]):
                found.addressees.append(follow)
                follow += 1
            position = max(position, follow)
            break

    # Nơi nhận, then the annexes after it, then the signer around it.
    label_from = found.decide if found.decide is not None else found.header_end
    for index in range(label_from, len(blocks)):
        if re.match(r"^NOI NHAN\b", keys[index]) and blocks[index].column != "grid":
            found.recipients_label = index
            break
    annex_from = found.recipients_label if found.recipients_label is not None else label_from
    for index in range(annex_from + 1, len(blocks)):
        key = keys[index]
        if blocks[index].column == "grid":
            continue
        if (re.match(r"^PHU LUC\b", key) and len(key) <= 30) or \
                (key.startswith("DANH SACH") and is_upper(texts[index])):
            found.annex_start = index
            break
    main_end = found.annex_start if found.annex_start is not None else len(blocks)
    _signature(found, blocks, texts, main_end)
    _content(found, blocks, texts, keys, position)
    if found.annex_start is not None:
        _annexes(found, blocks, texts, keys)
    return found


def _signer_like(text: str) -> bool:
    return bool(text) and ((is_upper(text) and len(text) <= 80 and text[-1] not in ";,") or is_name(text)
                           or bool(_PLACEHOLDER.match(text)))


def _signature(found: Elements, blocks: list[Block], texts: list[str], main_end: int) -> None:
    signer: list[int] = []
    if found.recipients_label is not None:
        label = found.recipients_label
        for index in range(label + 1, main_end):
            block, text = blocks[index], texts[index]
            if not text:
                continue
            if block.column == "right" or (block.column == "body" and not starts_with_dash(text)
                                          and _signer_like(text)):
                signer.append(index)
            else:
                found.recipients.append(index)
        # A signer typed above the Nơi nhận (no table): upper-case lines and a name right before the label.
        index = label - 1
        before: list[int] = []
        while index > found.header_end and _signer_like(texts[index]) and \
                not texts[index].startswith(("QUYẾT ĐỊNH", "Điều")):
            before.insert(0, index)
            index -= 1
        if before and (not signer or blocks[before[0]].column == "right"):
            signer = before + signer
        start = min([label] + signer)
    else:
        index = main_end - 1
        while index > found.header_end and (not texts[index] or _signer_like(texts[index])):
            if texts[index]:
                signer.insert(0, index)
            index -= 1
        start = signer[0] if signer else main_end
    names = [index for index in signer if is_name(texts[index])]
    found.signer_name = names[-1] if names else None
    # Below the signer's name (in its column) or below the "Lưu" line: an office's phone number or address, not a
    # title and not a recipient.
    if found.signer_name is not None:
        below = [index for index in signer if index > found.signer_name and not is_upper(texts[index])]
        found.beneath += below
        signer = [index for index in signer if index not in below]
    archive = next((position for position, index in enumerate(found.recipients)
                    if re.match(r"^-?\s*Lưu\b", texts[index], re.IGNORECASE)), None)
    if archive is not None:
        after = [index for index in found.recipients[archive + 1:] if not starts_with_dash(texts[index])]
        found.beneath += after
        found.recipients = [index for index in found.recipients if index not in after]
    found.signer = [index for index in signer if index != found.signer_name and not _PLACEHOLDER.match(texts[index])]
    # The content ends with the last text block before the signature area.
    index = start - 1
    while index >= 0 and (not texts[index] or index in signer):
        index -= 1
    if index >= max(found.header_end, 0) and index not in (found.quoc_hieu, found.tieu_ngu, found.date):
        found.content_end = index


def _content(found: Elements, blocks: list[Block], texts: list[str], keys: list[str], position: int) -> None:
    end = found.content_end
    if end is None:
        return
    if found.kind == "quyet-dinh" and found.decide is not None:
        start = found.authority[-1] + 1 if found.authority else \
            (found.subject[-1] + 1 if found.subject else position)
        found.citations = [index for index in range(start, found.decide) if texts[index]]
        for index in range(found.decide + 1, end + 1):
            if re.match(r"^DIEU\s*\d+", keys[index]) and blocks[index].column != "grid":
                found.articles.append(index)
        body_from = found.decide + 1
    else:
        body_from = position
        if found.addressee is not None:
            body_from = max(body_from, (found.addressees[-1] if found.addressees else found.addressee) + 1)
    found.body = [index for index in range(body_from, end + 1) if texts[index] and blocks[index].column != "grid"]


def _annexes(found: Elements, blocks: list[Block], texts: list[str], keys: list[str]) -> None:
    index = found.annex_start
    current: Annex | None = None
    while index is not None and index < len(blocks):
        key, text = keys[index], texts[index]
        if blocks[index].column == "grid" or not text:
            index += 1
            continue
        if re.match(r"^PHU LUC\b", key) and len(key) <= 30:
            current = Annex(index, number_line=index)
            found.annexes.append(current)
        elif key.startswith("DANH SACH") and is_upper(text) and (current is None or current.title):
            current = Annex(index)
            current.title.append(index)
            found.annexes.append(current)
        elif current is not None and current.attached is None and not current.title and is_upper(text):
            current.title.append(index)
        elif current is not None and current.attached is None and current.title and is_upper(text) and \
                index == current.title[-1] + 1:
            current.title.append(index)
        # "(Kèm theo Quyết định …)", or as many offices write it "(Ban hành kèm theo Quyết định …)".
        elif current is not None and current.attached is None and key.startswith(
                ("(KEM THEO", "KEM THEO", "(BAN HANH KEM THEO", "BAN HANH KEM THEO")):
            current.attached = index
        index += 1
