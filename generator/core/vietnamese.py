"""Turn numbers, dates and names into Vietnamese as administrative documents write them.

The rules come from Nghị định 30/2020/NĐ-CP (dates, document numbers) and from the project's domain notes
(reading numbers aloud, alphabetical order, tone placement). Library helpers are avoided on purpose where
they are known to get these conventions wrong (Babel's date patterns cannot pad only months 1 and 2; popular
number-to-words packages read 1010 as "một nghìn lẻ mười").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date

__all__ = [
    "administrative_date",
    "amount_in_words",
    "collation_key",
    "comparison_key",
    "document_number",
    "format_money",
    "honorific",
    "name_case",
    "nfc",
    "number_in_words",
    "person_name_sort_key",
    "short_date",
    "two_digit_count",
    "upper",
]

# The văn thư writes the number and the day/month by hand after signing, so a draft keeps room for them.
DRAFT_BLANK = " " * 6

CollationKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


# ---------------------------------------------------------------------------------------------------------
# Text hygiene
# ---------------------------------------------------------------------------------------------------------

# Invisible characters pasted from the web or Word; they are not letters, and leaving them in a name makes two
# identical-looking names different.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def nfc(text: str) -> str:
    """Precomposed form: decomposed input looks the same but breaks comparison and some PDF renderers."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Upper case with every diacritic kept ("Hòa Bình" -> "HÒA BÌNH", "đ" -> "Đ")."""
    return nfc(nfc(text).upper())


def _capitalise_word(word: str) -> str:
    out: list[str] = []
    at_start = True
    for ch in word:
        if ch.isalpha():
            out.append(ch.upper() if at_start else ch.lower())
            at_start = False
        elif unicodedata.combining(ch):
            # A mark that NFC could not compose still belongs to the letter before it.
            out.append(ch)
        else:
            # Minority names such as "H'Hen" or "Y-Moan" capitalise each part.
            out.append(ch)
            at_start = True
    return "".join(out)


def name_case(text: str) -> str:
    """A person's name typed in any case, capitalised word by word, single-spaced, stripped, NFC.

    Only case and spacing change: letters and tone placement ("Hoà" / "Hòa") are kept as typed.
    """
    # str.split() without arguments also splits on non-breaking and other Unicode spaces.
    words = nfc(text).translate(_INVISIBLE).split()
    return nfc(" ".join(_capitalise_word(word) for word in words))


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ is a letter of its own, not d with a mark, so NFD leaves it alone.
    return stripped.replace("đ", "d").replace("Đ", "D")


@functools.lru_cache(maxsize=256)  # called per awardee with the few ways a gender is written
def honorific(gender: str | None) -> str:
    """"Ông" for Nam, "Bà" for Nữ, "" for anything else (collectives, blanks, unknown values)."""
    if gender is None:
        return ""
    # Spreadsheets hold "NỮ", "nu" or "Nu" as often as "Nữ"; none of them is ambiguous.
    key = _strip_diacritics(nfc(gender).translate(_INVISIBLE)).strip().casefold()
    if key == "nam":
        return "Ông"
    if key == "nu":
        return "Bà"
    return ""


# ---------------------------------------------------------------------------------------------------------
# Dates and numbers as printed
# ---------------------------------------------------------------------------------------------------------


def administrative_date(day: date | None, year: int | None = None) -> str:
    """"ngày 05 tháng 02 năm 2026": NĐ 30 pads days below 10 and months 1 and 2 only.

    Months 1 and 2 are padded so that nobody can add a digit by hand ("tháng 1" -> "tháng 11").
    Without a day the document is a draft: blanks for the văn thư and the given year.
    """
    if day is None:
        if year is None:
            raise ValueError("a draft date needs its year")
        return f"ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {year}"
    if year is not None and year != day.year:
        # Silently preferring one of two different years would print a wrong legal date.
        raise ValueError(f"year {year} does not match the date {day.isoformat()}")
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    """"20/01/2026": certificates use the compact form, always two digits."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass; a True slipping through would print "01" or "một".
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def document_number(number: int | None) -> str:
    """"05", "10", "123"; a draft (None) leaves blanks for the văn thư."""
    if number is None:
        return DRAFT_BLANK
    _require_int(number, "document number")
    if number < 1:
        raise ValueError(f"document numbers start at 01, got {number}")
    return f"{number:02d}"


def two_digit_count(n: int) -> str:
    """"03 tập thể", "12 cá nhân", "2.000 cá nhân": two digits at least, thousands grouped with "."."""
    _require_int(n, "count")
    if n < 0:
        raise ValueError(f"a count cannot be negative, got {n}")
    return f"{n:02d}" if n < 1000 else format_money(n)


def grouped(n: int) -> str:
    """"50.000 lượt", "7 giấy": a count as Vietnamese writes it, thousands grouped with ".", no padding."""
    return format_money(n)


def format_money(amount: int) -> str:
    """"1.410.000": Vietnamese uses "." between thousands."""
    _require_int(amount, "amount")
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------------------
# Numbers in words
# ---------------------------------------------------------------------------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_ZERO_TENS = ("linh", "lẻ")
_FOURS = ("bốn", "tư")
_BILLION = 10**9
# Below a billion, groups of three digits carry these units; above it "tỷ" repeats (see _read).
_GROUP_UNITS = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _unit_after_tens(unit: int, tens: int, four: str) -> str:
    if unit == 1 and tens >= 2:
        return "mốt"
    if unit == 5:
        return "lăm"
    if unit == 4 and tens >= 2:
        return four
    return _DIGITS[unit]


def _read_group(value: int, full: bool, zero_tens: str, four: str) -> list[str]:
    """One group of three digits; ``full`` groups (not the leading one) always say their hundreds."""
    hundreds, tens, unit = value // 100, value // 10 % 10, value % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[unit])
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append(_unit_after_tens(unit, tens, four))
    else:
        words += [_DIGITS[tens], "mươi"]
        if unit:
            words.append(_unit_after_tens(unit, tens, four))
    return words


def _read_below_billion(n: int, leading: bool, zero_tens: str, four: str) -> list[str]:
    words: list[str] = []
    for size, unit_word in _GROUP_UNITS:
        group = n // size % 1000
        if group == 0:
            continue
        words += _read_group(group, full=not leading, zero_tens=zero_tens, four=four)
        if unit_word:
            words.append(unit_word)
        leading = False
    return words


def _read(n: int, leading: bool, zero_tens: str, four: str) -> list[str]:
    # Counting in tỷ: the number of tỷ is itself read as a number, so 1.500.000.000.000 is
    # "một nghìn năm trăm tỷ" and 10^18 "một tỷ tỷ", never "một nghìn tỷ năm trăm tỷ".
    if n >= _BILLION:
        billions, rest = divmod(n, _BILLION)
        words = _read(billions, leading, zero_tens, four) + ["tỷ"]
        if rest:
            words += _read_below_billion(rest, False, zero_tens, four)
        return words
    return _read_below_billion(n, leading, zero_tens, four)


def number_in_words(n: int, *, zero_tens: str = "linh", four: str = "bốn") -> str:
    """Lower-case reading of a non-negative integer: 1010 -> "một nghìn không trăm mười".

    ``zero_tens`` is "linh" (North, default) or "lẻ" (South) for a zero tens digit after hundreds;
    ``four`` is "bốn" (default) or "tư" for a unit 4 after a tens digit of 2 or more. Pick one house style.
    """
    _require_int(n, "number")
    if n < 0:
        raise ValueError(f"cannot read a negative number in words: {n}")
    if zero_tens not in _ZERO_TENS:
        raise ValueError(f"zero_tens must be one of {_ZERO_TENS}, got {zero_tens!r}")
    if four not in _FOURS:
        raise ValueError(f"four must be one of {_FOURS}, got {four!r}")
    if n == 0:
        return _DIGITS[0]
    return " ".join(_read(n, True, zero_tens, four))


def amount_in_words(amount: int, *, zero_tens: str = "linh", four: str = "bốn") -> str:
    """"Bảy trăm mười nghìn đồng": the text inside "(Bằng chữ: …)", first letter upper case."""
    words = number_in_words(amount, zero_tens=zero_tens, four=four)
    return f"{words[0].upper()}{words[1:]} đồng"


# ---------------------------------------------------------------------------------------------------------
# Comparing and sorting names
# ---------------------------------------------------------------------------------------------------------

# Tone marks as NFD writes them, weighted in dictionary order: ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TONE_MARK_BY_WEIGHT = {weight: mark for mark, weight in _TONES.items()}
_NO_TONE = 0

# The Vietnamese alphabet, with the Latin letters it lacks (f j w z) at their Latin places.
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Primary weights are flat ints so that keys of different texts always compare without a TypeError; the space
# weighs less than any letter so that a shorter word sorts first ("an b" < "anh").
_SPACE = 1
_SYMBOL_BASE = 0x10  # then by code point
_DIGIT_BASE = 0x200000
_LETTER_BASE = 0x300000
_OTHER_LETTER_BASE = 0x400000  # letters outside the alphabet (ñ, ç, ß…), after it, by code point


def _clusters(text: str) -> list[tuple[str, list[int]]]:
    """Split into base characters with their non-tone marks recomposed, and the tones found on each."""
    clusters: list[tuple[list[str], list[int]]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            chars, tones = clusters[-1]
            if ch in _TONES:
                tones.append(_TONES[ch])
            else:
                chars.append(ch)
        elif ch in _TONES:
            # A tone mark with nothing before it: keep it visible rather than dropping data.
            clusters.append(([], [_TONES[ch]]))
        else:
            clusters.append(([ch], []))
    return [(nfc("".join(chars)), tones) for chars, tones in clusters]


def _is_letter(base: str) -> bool:
    return bool(base) and base[0].isalpha()


def _syllable_tones(clusters: list[tuple[str, list[int]]]) -> list[int]:
    """The tone of every run of letters, wherever in the run the mark was placed (hoà = hòa)."""
    tones: list[int] = []
    in_run = False
    for base, marks in clusters:
        if _is_letter(base):
            if not in_run:
                tones.append(_NO_TONE)
                in_run = True
            if marks:
                # A syllable carries one tone; should a typo put two, the last one decides.
                tones[-1] = marks[-1]
        else:
            in_run = False
    return tones


# Called once per cell or row with values that repeat (names, units, forms): a pure function of its text.
@functools.lru_cache(maxsize=65536)
def comparison_key(text: str) -> str:
    """A key for finding duplicates: "Nguyễn Thị Hoà" and "nguyễn  thị hòa" match, "Hòa" and "Hóa" do not.

    Case and runs of whitespace are ignored, and each syllable's tone is recorded once, after its letters,
    so the old and new placements in oa, oe, uy ("hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe") give the same key.
    """
    clusters = _clusters(nfc(text).translate(_INVISIBLE).casefold())
    pieces: list[str] = []
    run_tones: list[int] = []
    in_run = False

    def close_run() -> None:
        pieces.extend(_TONE_MARK_BY_WEIGHT[t] for t in run_tones)
        run_tones.clear()

    for base, marks in clusters:
        if _is_letter(base):
            in_run = True
            pieces.append(base)
            run_tones.extend(marks)
            continue
        if in_run:
            close_run()
            in_run = False
        if base.isspace():
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
        else:
            pieces.append(base)
            pieces.extend(_TONE_MARK_BY_WEIGHT[t] for t in marks)
    if in_run:
        close_run()
    return "".join(pieces).strip(" ")


def _primary_weight(base: str) -> list[int]:
    lower = base.lower()
    if lower in _LETTER_RANK:
        return [_LETTER_BASE + _LETTER_RANK[lower]]
    if lower.isspace():
        return [_SPACE]
    if len(lower) == 1 and lower.isdigit():
        return [_DIGIT_BASE + unicodedata.digit(lower, 0)]
    if _is_letter(lower):
        return [_OTHER_LETTER_BASE + ord(ch) for ch in lower]
    return [_SYMBOL_BASE + ord(ch) for ch in lower]


def collation_key(text: str) -> CollationKey:
    """Sort key in Vietnamese alphabetical order: a < ă < â < b … d < đ … o < ô < ơ … u < ư … y.

    Letters decide first, case-insensitively, over the whole string; only when they tie do tones decide,
    syllable by syllable (ngang < huyền < hỏi < ngã < sắc < nặng); then lower case before upper case; the NFC
    text breaks any remaining tie so that sorting is deterministic. NFC and NFD input give the same key.
    """
    text = nfc(text).translate(_INVISIBLE)
    clusters = _clusters(text.strip())
    primary: list[int] = []
    tertiary: list[int] = []
    for base, _marks in clusters:
        if base.isspace():
            # Runs of spaces count once, so "Lê  Văn" sorts as "Lê Văn".
            if primary and primary[-1] == _SPACE:
                continue
            primary.append(_SPACE)
            continue
        primary.extend(_primary_weight(base))
        if _is_letter(base):
            tertiary.append(1 if base == base.lower() else 2)
    secondary = [tone + 1 for tone in _syllable_tones(clusters)]
    return tuple(primary), tuple(secondary), tuple(tertiary), text


def person_name_sort_key(full_name: str) -> tuple:
    """Sort key for "by name": tên (last word), then họ (first word), then tên đệm (the words between).

    Each part is compared whole (letters, then tones) before the next, as a secretary sorting the "Tên" column and
    then the "Họ" column in Excel would: "Trần Thu Hà" comes before "Lê Thị Hạ" (Hà < Hạ).
    """
    words = nfc(full_name).translate(_INVISIBLE).split()
    given = words[-1] if words else ""
    family = words[0] if len(words) >= 2 else ""
    middle = " ".join(words[1:-1])
    # Each part without its text tie-breaker, so "Hoà" and "Hòa" tie and the next part decides.
    parts = [collation_key(part)[:3] for part in (given, family, middle)]
    return (*parts, " ".join(words))


# ---------------------------------------------------------------------------------------------- authorities


_ADMIN_NOUNS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "tỉnh", "huyện", "quận", "xã")
# Kinds of bodies whose name follows (Phụ lục II: the kind and the words of the name take a capital): "Trường THCS
# Tân Phú", "Sở Nội vụ", "Công ty Cổ phần …".
_BODY_NOUNS = ("tổng công ty", "công ty", "trung tâm", "bệnh viện", "học viện", "ngân hàng", "liên đoàn", "trường",
               "viện", "sở", "ban", "phòng", "cục", "chi cục", "vụ", "hội", "đoàn", "bộ")
# Names written with capitals inside a sentence, whatever surrounds them.
_PROPER = {"chính phủ": "Chính phủ", "quốc hội": "Quốc hội", "ủy ban nhân dân": "Ủy ban nhân dân",
           "hội đồng nhân dân": "Hội đồng nhân dân", "thủ tướng chính phủ": "Thủ tướng Chính phủ"}
# A school's level ends the kind of its name; what follows is a proper name: "Trường Tiểu học Kim Đồng".
_SCHOOL_LEVELS = ("trung học phổ thông", "trung học cơ sở", "tiểu học và trung học cơ sở", "tiểu học", "mầm non",
                  "mẫu giáo", "trung học", "phổ thông dân tộc nội trú", "phổ thông dân tộc bán trú")
# Abbreviations that contain a vowel, so that the rule below does not see them.
_ABBREVIATIONS = {"UBND", "HĐND", "MTTQ", "TNHH", "THCS", "THPT", "TH", "MN", "CP", "VN", "TW", "QĐND", "CAND"}
_VOWELS = set("aăâeêioôơuưyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _is_abbreviation(word: str) -> bool:
    """'THCS', 'HĐND': capitals without a vowel (or a known one) stay capitals in a sentence."""
    return word in _ABBREVIATIONS or (len(word) >= 2 and word.isupper() and not (set(word.lower()) & _VOWELS))


def _title(words: list[str]) -> list[str]:
    return [word if word.isupper() else word[:1].upper() + word[1:] for word in words]


def sentence_case_authority(upper: str) -> str:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH' -> 'Chủ tịch Ủy ban nhân dân xã Hòa Bình' (Phụ lục II capitals).

    Recognised: the title, then a body — Ủy ban nhân dân, Chính phủ, a school, department or company (its kind and
    its name capitalised, abbreviations such as THCS kept) — then a place ("xã Hòa Bình"). Anything else should be
    written in dot.toml as ``tham_quyen_viet_thuong``.
    """
    original = upper.split()
    if not original:
        return ""
    words = [word if _is_abbreviation(word) else word.lower() for word in original]
    text = " ".join(words)
    for lower, proper in _PROPER.items():
        text = re.sub(rf"\b{lower}\b", proper, text)
    words = text.split()
    inside_proper = set()
    for proper in _PROPER.values():
        size = len(proper.split())
        for start in range(len(words) - size + 1):
            if words[start:start + size] == proper.split():
                inside_proper.update(range(start, start + size))
    # A body's kind, then its name up to a place noun: "trường thcs tân phú" -> "Trường THCS Tân Phú".
    for index, word in enumerate(words):
        if index == 0 or index in inside_proper:
            continue
        two = " ".join(words[index:index + 2]).lower()
        noun_length = 2 if two in _BODY_NOUNS else 1 if word.lower() in _BODY_NOUNS else 0
        if not noun_length:
            continue
        end = index + noun_length
        while end < len(words) and " ".join(words[end:end + 2]).lower() not in _ADMIN_NOUNS \
                and words[end].lower() not in _ADMIN_NOUNS:
            end += 1
        name = words[index + noun_length:end]
        # "Sở Nội vụ", "Trường Trung học cơ sở": the first word of the name takes a capital; a name after an
        # abbreviation is a proper name ("THCS Tân Phú"), all its words do.
        level = next((len(lv.split()) for lv in _SCHOOL_LEVELS if " ".join(name).lower().startswith(lv + " ")), 0)
        if name and any(_is_abbreviation(w) for w in name):
            first = next(i for i, w in enumerate(name) if _is_abbreviation(w))
            name = name[:first + 1] + _title(name[first + 1:])
        elif level:
            name = _title(name[:1]) + name[1:level] + _title(name[level:])
        elif name:
            name = _title(name[:1]) + name[1:]
        words = words[:index] + _title(words[index:index + 1]) + words[index + 1:index + noun_length] + name + \
            words[end:]
        break
    result = " ".join(words)
    result = result[:1].upper() + result[1:]
    for noun in _ADMIN_NOUNS:
        match = re.search(rf"\b({noun}) (.+)$", result)
        if match and match.start() > 0:
            name = " ".join(_title(match.group(2).split()))
            noun_text = match.group(1)
            # "Phường 15", "Thành phố Hồ Chí Minh": named after a number or a person, the noun is part of the name.
            if name[:1].isdigit() or name == "Hồ Chí Minh":
                noun_text = noun_text[:1].upper() + noun_text[1:]
            return f"{result[: match.start()]}{noun_text} {name}"
    return result
