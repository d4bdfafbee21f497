"""Turn a line of text into its printed width, from the bundled Times-metric font.

Word has no "rule as long as the text" primitive, so the DOCX templates get the rule widths computed here;
the PDF uses the same numbers so both formats draw the same rules.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parents[2] / "templates" / "_shared" / "fonts"
_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
MM_PER_PT = 25.4 / 72


@cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont  # imported here: only rendering needs it

    font = TTFont(FONTS_DIR / _FILES[(bold, italic)], lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    return widths, font["head"].unitsPerEm, hmtx[".notdef"][0]


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set on one line (no kerning: Word and WeasyPrint differ by less than a stroke)."""
    import unicodedata

    widths, units, fallback = _advances(bold, italic)
    total = sum(widths.get(ord(ch), fallback) for ch in unicodedata.normalize("NFC", text))
    return total / units * size_pt * MM_PER_PT
