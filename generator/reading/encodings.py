"""Turn text typed in legacy Vietnamese fonts (TCVN3, VNI Windows, Windows-1258) into Unicode NFC.

Old spreadsheets keep text typed with 8-bit Vietnamese fonts. Excel stores each byte of such text as the
Windows-1252 character for that byte, so a .VnTime cell holding "Hà Nội" reads back as "Hµ Néi" and a
VNI-Times cell holding "Xin chào" reads back as "Xin chaøo". Nothing in the text itself says which encoding it
is in: the cell's font name is the reliable witness, character statistics are the fallback, and every
conversion is reported by the caller (thi-dua-khen-thuong.md §5: "never guess silently").

Tables (checked against glibc's TCVN5712-1 charmap and Unikey's conversion tables):

* TCVN3 is the VN3 subset of TCVN 5712:1993 that the ABC fonts (.VnTime, .VnArial …) implement: the 67
  lower-case letters with diacritics plus Ă Â Ê Ô Ơ Ư Đ, all in 0xA1–0xFE. Upper-case letters with tones have
  no code; the "H" fonts (.VnTimeH …) draw the lower-case codes as capitals. The full VN1 table, which puts
  those capitals in 0x01–0x17, 0x80–0x9F and the slots VN3 leaves empty, is available with ``vn1=True``.
* VNI Windows writes a base letter followed by a mark byte; upper-case letters take upper-case marks.
* Windows-1258 keeps tones as combining marks, which NFC composes.
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = [
    "TCVN3",
    "TCVN3_UPPER",
    "VNI",
    "VIETNAMESE_LETTERS",
    "convert_cell",
    "decode_windows_1258",
    "font_encoding",
    "guess_encoding",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]

TCVN3 = "tcvn3"
TCVN3_UPPER = "tcvn3-upper"
VNI = "vni"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------------------
# The Vietnamese alphabet
# ---------------------------------------------------------------------------------------------------------

# Every table below lists tones in this order, the order in which TCVN3 assigns its codes.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng
_VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
_PLAIN_MODIFIED = ("ă", "â", "ê", "ô", "ơ", "ư", "đ")


def _toned(vowel: str, tone: int) -> str:
    return _nfc(vowel + _TONES[tone])


_LOWER_LETTERS = tuple(_PLAIN_MODIFIED) + tuple(_toned(v, t) for v in _VOWELS for t in range(5))
# The 134 letters that plain ASCII lacks: 67 lower case and their 67 capitals.
VIETNAMESE_LETTERS: frozenset[str] = frozenset(_LOWER_LETTERS) | frozenset(c.upper() for c in _LOWER_LETTERS)


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in VIETNAMESE_LETTERS


def _upper_letter(ch: str) -> str:
    # Only letters change: str.upper() would also turn a stray "ß" or "ÿ" into something else.
    return ch.upper() if _is_letter(ch) else ch


# ---------------------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993 VN3; VN1 on request)
# ---------------------------------------------------------------------------------------------------------

# Codes of the toned lower-case letters, huyền hỏi ngã sắc nặng for each vowel.
_TCVN3_TONED = {
    "a": "\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xbb\xbc\xbd\xbe\xc6",
    "â": "\xc7\xc8\xc9\xca\xcb",
    "e": "\xcc\xce\xcf\xd0\xd1",
    "ê": "\xd2\xd3\xd4\xd5\xd6",
    "i": "\xd7\xd8\xdc\xdd\xde",
    "o": "\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xea\xeb\xec\xed\xee",
    "u": "\xef\xf1\xf2\xf3\xf4",
    "ư": "\xf5\xf6\xf7\xf8\xf9",
    "y": "\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_PLAIN = {
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
    "ă": "\xa8", "â": "\xa9", "ê": "\xaa", "ô": "\xab", "ơ": "\xac", "ư": "\xad", "đ": "\xae",
}  # fmt: skip

# VN1 adds the capitals with tones. Half of them sit on bytes 0x01–0x1F and 0x80–0x9F, which is why VN3 (and
# so every .VnTime font) leaves them out: those bytes are control codes or Windows punctuation.
_TCVN3_VN1_CAPITALS = {
    "A": "\x80\x81\x82\x83\x84",
    "Ă": "\xaf\xba\xbf\xc0\x85",
    "Â": "\xc1\xc2\xc3\xc4\x86",
    "E": "\x87\x88\x89\x8a\x8b",
    "Ê": "\xc5\xcd\xd9\xda\x8c",
    "I": "\x8d\x8e\x8f\x90\x91",
    "O": "\x92\x93\x94\x95\x96",
    "Ô": "\xdb\xe0\xf0\xff\x97",
    "Ơ": "\x98\x99\x9a\x9b\x9c",
    "U": "\x9d\x9e\x9f\x01\x02",
    "Ư": "\x04\x05\x06\x11\x12",
    "Y": "\x13\x14\x15\x16\x17",
}
# VN1 also has the five tones as combining marks, for letters it has no precomposed code for.
_TCVN3_VN1_MARKS = dict(zip("\xb0\xb1\xb2\xb3\xb4", ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323"), strict=True))


def _cp1252_char(byte: int) -> str | None:
    # Excel shows (and openpyxl returns) the Windows-1252 character for a byte, not the C1 control code.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def _excel_forms(code: str) -> tuple[str, ...]:
    """The characters a spreadsheet may hold for one legacy byte: the Latin-1 code point and its cp1252 twin."""
    byte = ord(code)
    if 0x80 <= byte <= 0x9F:
        twin = _cp1252_char(byte)
        return (code, twin) if twin is not None else (code,)
    return (code,)


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in enumerate(codes):
            letter = _toned(vowel, tone)
            decode[code] = letter
            encode[letter] = code
            # No VN3 code exists for the capital: users typed the lower-case code in an "H" font.
            encode[letter.upper()] = code
    for letter, code in _TCVN3_PLAIN.items():
        decode[code] = letter
        encode[letter] = code

    vn1_decode = dict(decode)
    vn1_encode = dict(encode)
    for vowel, codes in _TCVN3_VN1_CAPITALS.items():
        for tone, code in enumerate(codes):
            letter = _toned(vowel, tone)
            forms = _excel_forms(code)
            for form in forms:
                vn1_decode[form] = letter
            # Write what Excel would hold: the cp1252 character when the byte has one.
            vn1_encode[letter] = forms[-1]
    for code, mark in _TCVN3_VN1_MARKS.items():
        vn1_decode[code] = mark
    return decode, encode, vn1_decode, vn1_encode


_TCVN3_DECODE, _TCVN3_ENCODE, _TCVN3_VN1_DECODE, _TCVN3_VN1_ENCODE = _build_tcvn3()

# In VN3 the bytes 0x80–0x9F are Windows punctuation ("–", "“", "…"), as in any ANSI font. A cell may hold
# them as raw C1 controls (written by a program that decoded the bytes as Latin-1); show what the font showed.
_C1_TO_CP1252 = {chr(b): _cp1252_char(b) for b in range(0x80, 0xA0) if _cp1252_char(b) is not None}


def tcvn3_to_unicode(text: str, *, upper_font: bool = False, vn1: bool = False) -> str:
    """Text typed with a TCVN3 font (.VnTime, .VnArial …) as Unicode NFC.

    ``upper_font`` is for the upper-case fonts (.VnTimeH …), which draw every letter as a capital: the code of
    "ệ" becomes "Ệ" and ASCII letters are upper-cased too. ``vn1`` reads the full TCVN 5712 VN1 table, whose
    capitals with tones occupy bytes that VN3 fonts use for punctuation; leave it off for .VnTime text.
    Characters outside the table pass through unchanged.
    """
    table = _TCVN3_VN1_DECODE if vn1 else _TCVN3_DECODE
    out: list[str] = []
    for ch in text:
        converted = table.get(ch)
        if converted is None:
            converted = ch if vn1 else _C1_TO_CP1252.get(ch, ch)
        out.append(converted)
    result = _nfc("".join(out))
    if upper_font:
        result = _nfc("".join(_upper_letter(ch) for ch in result))
    return result


def unicode_to_tcvn3(text: str, *, vn1: bool = False) -> str:
    """Unicode text as a TCVN3 cell holds it (one character per font byte, cp1252 characters for 0x80–0x9F).

    Capitals with tones have no VN3 code and are written with the lower-case code, as users typed them with an
    "H" font; ``vn1`` writes their VN1 codes instead. A character that a TCVN3 cell would show as another letter
    (such as "ñ", the code of "ủ") cannot be written and raises ValueError.
    """
    table = _TCVN3_VN1_ENCODE if vn1 else _TCVN3_ENCODE
    decode = _TCVN3_VN1_DECODE if vn1 else _TCVN3_DECODE
    out: list[str] = []
    for ch in _nfc(text):
        code = table.get(ch)
        if code is None:
            if ch in decode:
                raise ValueError(f"{ch!r} cannot be written in TCVN3: its code means {decode[ch]!r}")
            code = ch
        out.append(code)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# VNI Windows
# ---------------------------------------------------------------------------------------------------------

# Mark bytes after a vowel, lower-case form then upper-case form, huyền hỏi ngã sắc nặng.
_VNI_TONE = ("øûõùï", "ØÛÕÙÏ")
_VNI_CIRCUMFLEX = ("â", "Â")
_VNI_CIRCUMFLEX_TONE = ("àåãáä", "ÀÅÃÁÄ")  # â ê ô carry the hat and the tone in one byte
_VNI_BREVE = ("ê", "Ê")
_VNI_BREVE_TONE = ("èúüéë", "ÈÚÜÉË")
# Letters that are one byte of their own.
_VNI_I_TONE = ("ìæóíò", "ÌÆÓÍÒ")
_VNI_SINGLE = {"ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "đ": "ñ", "Đ": "Ñ", "ỵ": "î", "Ỵ": "Î"}


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = dict(_VNI_SINGLE)
    for case in (0, 1):

        def fix(s: str, case: int = case) -> str:
            return s.upper() if case else s

        for base in ("a", "e", "o", "u", "y", "ơ", "ư"):
            stem = encode.get(fix(base), fix(base))
            for tone in range(5):
                letter = fix(_toned(base, tone))
                if letter not in encode:  # ỵ already has its own byte
                    encode[letter] = stem + _VNI_TONE[case][tone]
        for base in ("a", "e", "o"):
            hat = fix(_nfc(base + "\u0302"))
            encode[hat] = fix(base) + _VNI_CIRCUMFLEX[case]
            for tone in range(5):
                encode[fix(_toned(hat.lower(), tone))] = fix(base) + _VNI_CIRCUMFLEX_TONE[case][tone]
        encode[fix("ă")] = fix("a") + _VNI_BREVE[case]
        for tone in range(5):
            encode[fix(_toned("ă", tone))] = fix("a") + _VNI_BREVE_TONE[case][tone]
        for tone in range(5):
            encode[fix(_toned("i", tone))] = _VNI_I_TONE[case][tone]

    decode = {code: letter for letter, code in encode.items()}
    # Case comes from the base letter; a mark of the other case (Excel's UPPER() and PROPER() on VNI text, or a
    # half-upgraded keyboard driver) still means the same diacritic.
    for code, letter in list(decode.items()):
        if len(code) == 2:
            base, mark = code
            other = mark.lower() if mark.isupper() else mark.upper()
            decode.setdefault(base + other, letter)
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()
_VNI_LONGEST = max(len(code) for code in _VNI_DECODE)
_VNI_CHARS = frozenset(ch for code in _VNI_DECODE for ch in code if not ch.isascii())
_VNI_MARKS = frozenset(code[1] for code in _VNI_DECODE if len(code) == 2)


def _vni_tokens(text: str) -> list[tuple[str, str | None]]:
    """Split VNI text into (source, letter) pieces, longest match first; letter None for pass-through."""
    pieces: list[tuple[str, str | None]] = []
    i = 0
    while i < len(text):
        for length in range(min(_VNI_LONGEST, len(text) - i), 0, -1):
            chunk = text[i : i + length]
            letter = _VNI_DECODE.get(chunk)
            if letter is not None:
                pieces.append((chunk, letter))
                i += length
                break
        else:
            pieces.append((text[i], None))
            i += 1
    return pieces


def vni_to_unicode(text: str) -> str:
    """Text typed with a VNI Windows font (VNI-Times, VNI-Helve …) as Unicode NFC.

    "Xin chaøo caùc baïn" becomes "Xin chào các bạn". Characters outside the table pass through unchanged.
    """
    return _nfc("".join(letter if letter is not None else src for src, letter in _vni_tokens(text)))


def unicode_to_vni(text: str) -> str:
    """Unicode text as a VNI Windows cell holds it.

    A character that a VNI cell would show as part of another letter (such as "ø", the huyền mark) cannot be
    written and raises ValueError.
    """
    out: list[str] = []
    for ch in _nfc(text):
        code = _VNI_ENCODE.get(ch)
        if code is None:
            if ch in _VNI_CHARS:
                raise ValueError(f"{ch!r} cannot be written in VNI Windows: it is one of its letter or mark bytes")
            code = ch
        out.append(code)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# Windows-1258
# ---------------------------------------------------------------------------------------------------------


def decode_windows_1258(data: bytes, errors: str = "strict") -> str:
    """Windows-1258 bytes as Unicode NFC: the code page writes most tones as separate combining marks."""
    return _nfc(data.decode("cp1258", errors))


# ---------------------------------------------------------------------------------------------------------
# Telling the encoding
# ---------------------------------------------------------------------------------------------------------


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: "tcvn3", "tcvn3-upper", "vni" or None.

    ".VnTime", ".VnArial" … are TCVN3; their upper-case variants end in "H" (".VnTimeH", ".VnArial NarrowH").
    "VNI-Times", "VNI Helve" … are VNI Windows.
    """
    if not font_name:
        return None
    name = font_name.strip()
    if name.startswith(".") and name[1:3].lower() == "vn":
        return TCVN3_UPPER if name.endswith("H") else TCVN3
    if name.lower().startswith(("vni-", "vni ")):
        return VNI
    return None


_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
# Vowel nuclei and the positions that may carry the tone (the main vowel; both placements of oa, oe, uy are
# in use, "hòa" and "hoà"). Loanword rhymes such as "oo" (xoong) are left out: ASCII words are never checked.
_NUCLEI: dict[str, tuple[int, ...]] = {
    **dict.fromkeys("a ă â e ê i o ô ơ u ư y".split(), (0,)),
    **dict.fromkeys("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu".split(), (0,)),
    **dict.fromkeys("oa oe uy".split(), (0, 1)),
    **dict.fromkeys("oă uâ uê uô uơ ươ iê yê".split(), (1,)),
    **dict.fromkeys("iêu yêu uôi ươi ươu uây oai oay oao oeo uya uyu".split(), (1,)),
    "uyê": (2,),
}
# Rhymes ending in a semivowel, the open diphthongs and a lone y take no final consonant.
_NO_CODA = frozenset(
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu oai oay oao oeo uây uôi uyu ươi ươu yêu ia ua ưa uya y".split()
)
_NEED_CODA = frozenset("ă â oă uâ iê yê uô ươ uyê".split())
_STOPS = frozenset(("c", "ch", "p", "t"))
_BARE_ALPHABET = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")


def _syllable_ok(word: str) -> bool:
    """Whether a word is a possible Vietnamese syllable: onset, nucleus and final consonant, one tone at most,
    on the vowel that carries it."""
    bare_chars: list[str] = []
    tone: str | None = None
    tone_at = -1
    for i, ch in enumerate(_nfc(word.lower())):
        decomposed = unicodedata.normalize("NFD", ch)
        marks = [m for m in decomposed if m in _TONES]
        if marks:
            if tone is not None or len(marks) > 1:
                return False
            tone, tone_at = marks[0], i
        bare_chars.append(_nfc("".join(m for m in decomposed if m not in _TONES)))
    bare = "".join(bare_chars)
    if not bare or len(bare) != len(bare_chars) or any(ch not in _BARE_ALPHABET for ch in bare):
        return False
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        for coda in _CODAS:
            if coda and not rhyme.endswith(coda):
                continue
            nucleus = rhyme[: len(rhyme) - len(coda)]
            places = _NUCLEI.get(nucleus)
            if places is None:
                continue
            # "quýt", "quỳnh": after "qu" a lone y is the end of the glide "uy" and may be closed.
            if coda and nucleus in _NO_CODA and not (onset == "qu" and nucleus == "y"):
                continue
            if not coda and nucleus in _NEED_CODA:
                continue
            # "qu" already holds the glide: "quo…", "quu…" are not written.
            if onset == "qu" and nucleus[0] in "ouư":
                continue
            if tone is not None and tone_at - len(onset) not in places:
                continue
            # Syllables closed by a stop only take the rising or the heavy tone.
            if coda in _STOPS and tone not in ("\u0301", "\u0323"):
                continue
            if coda in ("ch", "nh") and nucleus[-1] not in "aêiy":
                continue
            return True
    return False


_TCVN3_CHARS = frozenset(_TCVN3_DECODE)
_LEGACY_CHARS = _TCVN3_CHARS | _VNI_CHARS | _VNI_MARKS


def _words(text: str) -> list[str]:
    """Runs of letters and legacy code characters: a legacy symbol inside a word ("Tr­êng") stays in it."""
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch.isalpha() or ch in _LEGACY_CHARS or unicodedata.combining(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _word_ok(word: str) -> bool:
    if word.isascii():
        # Abbreviations and foreign words ("UBND", "THCS", "Microsoft") are left as they are in any encoding.
        return word.isalpha()
    if not all(_is_letter(ch) for ch in word):
        return False
    # A capital right after a small letter ("NguyÔn", "chiÕn") is how TCVN3 text looks in Latin-1: its codes
    # for small toned letters sit on the capitals.
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)):
        return False
    return _syllable_ok(word)


def _plausible(text: str) -> bool:
    return all(_word_ok(word) for word in _words(text))


def _valid_letter_count(words: list[str]) -> int:
    """Vietnamese letters that stand in plausible words: those are the ones a reader would take as Vietnamese."""
    return sum(sum(ch in VIETNAMESE_LETTERS for ch in word) for word in words if _word_ok(word))


def _unicode_only(text: str) -> bool:
    """Whether the text holds something no legacy cell can: a letter beyond Latin-1 or a combining mark."""
    return any((ord(ch) > 0xFF and ch in VIETNAMESE_LETTERS) or unicodedata.combining(ch) for ch in text)


def _has_codes(text: str, encoding: str) -> bool:
    """Whether the text contains code characters of the encoding that stand for some other letter."""
    if encoding == VNI:
        return any(letter is not None and letter != src for src, letter in _vni_tokens(text))
    return any(_TCVN3_DECODE.get(ch, ch) != ch for ch in text)


def _convincing(original: str, converted: str) -> bool:
    """Whether a conversion turns doubtful text into plausible Vietnamese, word by word."""
    if not _plausible(converted):
        return False
    before = _words(original)
    after = _words(converted)
    if len(before) != len(after):
        return False
    if _valid_letter_count(after) <= _valid_letter_count(before):
        return False
    # A lone converted letter ("×" read as "ì", "©" as "â") is more likely a symbol than a word.
    return any(a != b and not _word_ok(a) and sum(map(_is_letter, b)) >= 2 for a, b in zip(before, after, strict=True))


def _tcvn3_readings(text: str) -> tuple[bool, ...]:
    """The font cases (``upper_font`` values) worth trying for TCVN3 text, most likely first.

    Text typed for an "H" font has lower-case codes among capitals ("CHñ TÞCH"). With two or more ASCII letters,
    all capitals, the upper-case font comes first; a single capital ("Lª") is more often a name in title case.
    """
    ascii_letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    if not ascii_letters or any(ch.islower() for ch in ascii_letters):
        return (False,)
    return (True, False) if len(ascii_letters) >= 2 else (False, True)


def _guess(text: str) -> str | None:
    if not text or text.isascii() or _unicode_only(text) or _plausible(text):
        return None
    found: list[str] = []
    if _has_codes(text, TCVN3):
        for upper_font in _tcvn3_readings(text):
            if _convincing(text, tcvn3_to_unicode(text, upper_font=upper_font)):
                found.append(TCVN3_UPPER if upper_font else TCVN3)
                break
    if _has_codes(text, VNI) and _convincing(text, vni_to_unicode(text)):
        found.append(VNI)
    # Both readings plausible ("ñy" is "ủy" in TCVN3 and "đy" in VNI): too doubtful to pick one.
    return found[0] if len(found) == 1 else None


def guess_encoding(text: str) -> str | None:
    """Guess "tcvn3" or "vni" for clearly legacy-encoded Vietnamese text; None otherwise.

    For cells whose font says nothing (CSV, unstyled cells). The text must contain code characters of the
    encoding, must not already read as Vietnamese, and converting it must give plausible Vietnamese (every word
    a possible syllable, with one tone at most, on the right vowel) with more letters standing in Vietnamese
    words than before. Text that is already Vietnamese Unicode or ASCII, or that both encodings could explain,
    gets None.
    """
    guessed = _guess(text)
    return TCVN3 if guessed == TCVN3_UPPER else guessed


def _foreign_to(text: str, encoding: str) -> bool:
    """Whether the text holds Vietnamese letters that the legacy encoding could not have produced."""
    if _unicode_only(text):
        return True
    if encoding == VNI:
        # A mark byte with no vowel to sit on ("là" has "à" after "l") means the text was typed in Unicode.
        stray = any(letter is None and src in VIETNAMESE_LETTERS for src, letter in _vni_tokens(text))
    else:
        stray = any(ch in VIETNAMESE_LETTERS and ch not in _TCVN3_CHARS for ch in text)
    return stray and _plausible(text)


# Called once per cell or row with values that repeat (names, units, forms): a pure function of its text.
@functools.lru_cache(maxsize=65536)
def convert_cell(text: str, font_name: str | None) -> tuple[str, str | None]:
    """A cell's text as Unicode NFC, and the legacy encoding it was converted from (None if no conversion changed it).

    The font name decides first. Text that is already Unicode Vietnamese is kept even in a legacy font (users
    re-type cells without changing the font). Without a telling font, ``guess_encoding`` decides; TCVN3 text
    typed for an upper-case font (lower-case codes among ASCII capitals, "CHñ TÞCH") is read as such and
    reported as "tcvn3-upper".
    """
    encoding = font_encoding(font_name)
    if encoding is not None and _foreign_to(text, encoding):
        return _nfc(text), None
    if encoding is None:
        encoding = _guess(text)
        if encoding is None:
            return _nfc(text), None
    if encoding == VNI:
        converted = vni_to_unicode(text)
    else:
        converted = tcvn3_to_unicode(text, upper_font=encoding == TCVN3_UPPER)
    if converted == text:
        return converted, None
    return converted, encoding
