"""Turn a font file's kerning (the pairs of its OpenType 'kern' feature) into text widths as Pango measures them.

Pango shapes with HarfBuzz, which applies the 'kern' feature's pair adjustments on top of the glyphs' advances
(the 'mark' feature only places combining marks, which the typesetter does not accept). With the same pairs a
text's width is known to Pango's rounding (1/1024 px a glyph), so the typesetter breaks lines without asking Pango
but where a decision is that close. A font whose kerning is anything but plain glyph pairs that change the first
glyph's advance gives None: the typesetter then keeps a wide margin and asks Pango.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .pdf_writer import FontMetrics, font_metrics


@dataclass(frozen=True)
class KernedFont:
    metrics: FontMetrics
    pairs: dict[tuple[str, str], float]  # (character, next character) -> change of the first one's advance, em

    def width(self, text: str) -> float:
        """Advance of ``text`` at size 1 (em), kerning included."""
        pairs = self.pairs
        total = self.metrics.width(text)
        if pairs:
            total += sum(pairs.get(pair, 0.0) for pair in zip(text, text[1:], strict=False))
        return total

    def before_space(self, ch: str) -> float:
        """How much a space after ``ch`` changes its advance (em): a line's end in Pango's paragraph."""
        return self.pairs.get((ch, " "), 0.0)


@cache
def kerned_font(bold: bool, italic: bool) -> KernedFont | None:
    from fontTools.ttLib import TTFont  # imported here: only the annex typesetter needs it

    metrics = font_metrics(bold, italic)
    font = TTFont(metrics.path, lazy=True)
    characters: dict[str, list[str]] = {}
    for code, glyph in font.getBestCmap().items():
        characters.setdefault(glyph, []).append(chr(code))
    if "GPOS" not in font:
        return KernedFont(metrics, {}) if "kern" not in font else None
    table = font["GPOS"].table
    lookup_lists = {tuple(record.Feature.LookupListIndex) for record in table.FeatureList.FeatureRecord
                    if record.FeatureTag == "kern"}
    if len(lookup_lists) > 1:
        return None  # kerning that differs by script or language
    pairs: dict[tuple[str, str], float] = {}
    for index in next(iter(lookup_lists), ()):
        lookup = table.LookupList.Lookup[index]
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 9:
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            if kind != 2 or subtable.Format != 1 or subtable.ValueFormat2 or subtable.ValueFormat1 not in (0, 4):
                return None
            for glyph, pair_set in zip(subtable.Coverage.glyphs, subtable.PairSet, strict=True):
                for record in pair_set.PairValueRecord:
                    value = getattr(record.Value1, "XAdvance", 0) or 0
                    for first in characters.get(glyph, ()):
                        for second in characters.get(record.SecondGlyph, ()):
                            # The first subtable holding a pair applies; later ones do not.
                            pairs.setdefault((first, second), value / metrics.units)
    return KernedFont(metrics, {pair: value for pair, value in pairs.items() if value})
