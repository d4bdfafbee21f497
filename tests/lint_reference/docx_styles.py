"""Turn the style, theme and numbering parts of a DOCX into the look of runs and paragraphs, as Word resolves it."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .docx_package import TWIP_MM, A, to_int, toggle, w, wn


@dataclass
class RunLook:
    """Resolved run properties (a level sets only what it names; None = inherit)."""

    ascii: str | None = None
    hansi: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    vanish: bool | None = None
    underline: bool | None = None

    def over(self, other: RunLook) -> RunLook:
        """This look with ``other`` applied on top."""
        merged = RunLook(**self.__dict__)
        for key, value in other.__dict__.items():
            if value is not None:
                setattr(merged, key, value)
        return merged


@dataclass
class ParaLook:
    jc: str | None = None
    ind_left: int | None = None
    ind_right: int | None = None
    keep_next: bool | None = None
    page_break_before: bool | None = None
    border_bottom: bool | None = None
    border_top: bool | None = None
    num_id: str | None = None
    num_level: int | None = None
    first_line: int | None = None  # twips; negative for a hanging indent
    space_before: int | None = None  # twips
    space_after: int | None = None
    line: int | None = None  # 240ths of a line ("auto") or twips ("exact", "atLeast")
    line_rule: str | None = None

    def over(self, other: ParaLook) -> ParaLook:
        merged = ParaLook(**self.__dict__)
        for key, value in other.__dict__.items():
            if value is not None:
                setattr(merged, key, value)
        return merged


_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right", "both": "both",
       "distribute": "both", "justify": "both"}


class Styles:
    """styles.xml, theme fonts and numbering, resolved on demand and cached."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None,
                 numbering: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_run = RunLook()
        self.default_para = ParaLook()
        self.theme = {"major": None, "minor": None}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None:
                    self.theme[kind] = latin.get("typeface")
        if styles is not None:
            defaults = styles.find(wn.docDefaults)
            if defaults is not None:
                self.default_run = self.run_look(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
                self.default_para = self.para_look(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
            for style in styles.iter(wn.style):
                style_id = style.get(wn.styleId)
                if style_id:
                    self.by_id[style_id] = style
                    if style.get(wn.type) == "paragraph" and style.get(wn.default) in ("1", "true", "on"):
                        self.default_paragraph = style_id
        self._run_cache: dict[tuple[str, str], RunLook] = {}
        self._para_cache: dict[tuple[str, str], ParaLook] = {}
        self._para_looks: dict[tuple, ParaLook] = {}
        self._base_runs: dict[tuple, RunLook] = {}
        self._run_looks: dict[tuple, RunLook] = {}
        self.numbering = _Numbering(numbering)

    def _font(self, fonts: etree._Element, slot: str) -> str | None:
        theme = fonts.get(w(f"{slot}Theme"))
        if theme:
            return self.theme["major" if theme.startswith("major") else "minor"] or None
        return fonts.get(w(slot))

    def run_look(self, rpr: etree._Element | None) -> RunLook:
        look = RunLook()
        if rpr is None:
            return look
        fonts = rpr.find(wn.rFonts)
        if fonts is not None:
            look.ascii = self._font(fonts, "ascii")
            look.hansi = self._font(fonts, "hAnsi")
        size = rpr.find(wn.sz)
        if size is not None and size.get(wn.val):
            look.size = to_int(size.get(wn.val)) / 2
        look.bold = toggle(rpr.find(wn.b))
        look.italic = toggle(rpr.find(wn.i))
        look.caps = toggle(rpr.find(wn.caps))
        look.vanish = toggle(rpr.find(wn.vanish))
        underline = rpr.find(wn.u)
        if underline is not None:
            look.underline = underline.get(wn.val, "single") not in ("none", "0", "false")
        return look

    def para_look(self, ppr: etree._Element | None) -> ParaLook:
        look = ParaLook()
        if ppr is None:
            return look
        jc = ppr.find(wn.jc)
        if jc is not None:
            look.jc = _JC.get(jc.get(wn.val, ""), None)
        ind = ppr.find(wn.ind)
        if ind is not None:
            left = ind.get(wn.left, ind.get(wn.start))
            right = ind.get(wn.right, ind.get(wn.end))
            if left is not None:
                look.ind_left = to_int(left)
            if right is not None:
                look.ind_right = to_int(right)
            if ind.get(wn.firstLine) is not None:
                look.first_line = to_int(ind.get(wn.firstLine))
            if ind.get(wn.hanging) is not None:
                look.first_line = -to_int(ind.get(wn.hanging))
        spacing = ppr.find(wn.spacing)
        if spacing is not None:
            for attribute, name in (("space_before", "before"), ("space_after", "after"), ("line", "line")):
                if spacing.get(w(name)) is not None:
                    setattr(look, attribute, to_int(spacing.get(w(name))))
            if spacing.get(wn.line) is not None:
                look.line_rule = spacing.get(wn.lineRule, "auto")
        look.keep_next = toggle(ppr.find(wn.keepNext))
        look.page_break_before = toggle(ppr.find(wn.pageBreakBefore))
        borders = ppr.find(wn.pBdr)
        if borders is not None:
            for side in ("bottom", "top"):
                edge = borders.find(w(side))
                if edge is not None:
                    setattr(look, f"border_{side}", edge.get(wn.val, "nil") not in ("nil", "none"))
        num = ppr.find(wn.numPr)
        if num is not None:
            num_id = num.find(wn.numId)
            level = num.find(wn.ilvl)
            if num_id is not None:
                look.num_id = num_id.get(wn.val)
            if level is not None:
                look.num_level = to_int(level.get(wn.val))
        return look

    def _chain(self, style_id: str | None, seen: tuple[str, ...] = ()) -> list[etree._Element]:
        """The style and its basedOn ancestors, root first."""
        if not style_id or style_id in seen or style_id not in self.by_id:
            return []
        style = self.by_id[style_id]
        based = style.find(wn.basedOn)
        parent = based.get(wn.val) if based is not None else None
        return self._chain(parent, seen + (style_id,)) + [style]

    def style_run(self, kind: str, style_id: str | None) -> RunLook:
        key = (kind, style_id or "")
        if key not in self._run_cache:
            look = RunLook()
            for style in self._chain(style_id):
                look = look.over(self.run_look(style.find(wn.rPr)))
            self._run_cache[key] = look
        return self._run_cache[key]

    def style_para(self, style_id: str | None) -> ParaLook:
        key = ("p", style_id or "")
        if key not in self._para_cache:
            look = ParaLook()
            for style in self._chain(style_id):
                look = look.over(self.para_look(style.find(wn.pPr)))
            self._para_cache[key] = look
        return self._para_cache[key]

    # A list of thousands of rows repeats a handful of looks: each is resolved once, keyed by the XML of its
    # properties (looks are never changed once made, so sharing them is safe).
    def paragraph(self, table_style: str | None, style_id: str | None,
                   properties: etree._Element | None) -> ParaLook:
        key = (table_style, style_id, b"" if properties is None else etree.tostring(properties))
        look = self._para_looks.get(key)
        if look is None:
            look = self.default_para
            if table_style:
                look = look.over(self.style_para(table_style))
            look = look.over(self.style_para(style_id)).over(self.para_look(properties))
            self._para_looks[key] = look
        return look

    def base_run(self, table_style: str | None, style_id: str | None) -> RunLook:
        key = (table_style, style_id)
        look = self._base_runs.get(key)
        if look is None:
            look = self.default_run
            if table_style:
                look = look.over(self.style_run("t", table_style))
            look = look.over(self.style_run("p", style_id))
            self._base_runs[key] = look
        return look

    def run(self, base_run: RunLook, table_style: str | None, style_id: str | None,
                  rpr: etree._Element | None) -> RunLook:
        key = (table_style, style_id, b"" if rpr is None else etree.tostring(rpr))
        look = self._run_looks.get(key)
        if look is None:
            run_style = rpr.find(wn.rStyle) if rpr is not None else None
            look = base_run
            if run_style is not None:
                look = look.over(self.style_run("r", run_style.get(wn.val)))
            look = look.over(self.run_look(rpr))
            self._run_looks[key] = look
        return look

    def tab_position(self, style_id: str | None, properties: etree._Element | None, tabs: int, start: int) -> int:
        """Where (twips from the margin) text after ``tabs`` leading tabs starts: custom stops, then Word's default
        stops every half inch."""
        stops = sorted(self.tab_stops(style_id, properties))
        position = start
        for _ in range(tabs):
            position = next((stop for stop in stops if stop > position), (position // 720 + 1) * 720)
        return position

    def tab_stops(self, style_id: str | None, properties: etree._Element | None) -> dict[int, str]:
        stops: dict[int, str] = {}
        holders = [style.find(wn.pPr) for style in self._chain(style_id)] + [properties]
        for holder in holders:
            tabs = holder.find(wn.tabs) if holder is not None else None
            for tab in tabs if tabs is not None else []:
                position = to_int(tab.get(wn.pos))
                if tab.get(wn.val) == "clear":
                    stops.pop(position, None)
                else:
                    stops[position] = tab.get(wn.val, "left")
        return stops

    def centre_tab(self, style_id: str | None, properties: etree._Element | None, width_twips: int) -> bool | None:
        """Whether the paragraph's tab stops hold a centre stop in the middle of the text column (None: no stops)."""
        stops = self.tab_stops(style_id, properties)
        if not stops:
            return None
        return any(kind == "center" and abs(position - width_twips / 2) * TWIP_MM < 8
                   for position, kind in stops.items())


class _Numbering:
    """Bullets and simple counters of Word lists, so that a '-' typed as a list bullet is seen as '- '."""

    _ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract = {a.get(wn.abstractNumId): a for a in root.iter(wn.abstractNum)}
        for num in root.iter(wn.num):
            ref = num.find(wn.abstractNumId)
            definition = abstract.get(ref.get(wn.val) if ref is not None else None)
            if definition is None:
                continue
            for level in definition.iter(wn.lvl):
                fmt = level.find(wn.numFmt)
                text = level.find(wn.lvlText)
                start = level.find(wn.start)
                self.levels[(num.get(wn.numId), to_int(level.get(wn.ilvl)))] = (
                    fmt.get(wn.val, "decimal") if fmt is not None else "decimal",
                    text.get(wn.val, "") if text is not None else "",
                    to_int(start.get(wn.val), 1) if start is not None else 1,
                )

    def _format(self, value: int, fmt: str) -> str:
        if fmt in ("upperRoman", "lowerRoman"):
            out = ""
            for number, letters in self._ROMAN:
                while value >= number:
                    out += letters
                    value -= number
            return out if fmt == "upperRoman" else out.lower()
        if fmt in ("lowerLetter", "upperLetter"):
            letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
            return letter if fmt == "lowerLetter" else letter.upper()
        return str(value)

    def label(self, num_id: str | None, level: int | None) -> str:
        if not num_id or num_id == "0":
            return ""
        level = level or 0
        definition = self.levels.get((num_id, level))
        if definition is None:
            return ""
        fmt, text, start = definition
        if fmt == "bullet":
            # Symbol-font bullets are private-use characters; only a typed dash matters to the rules.
            return (text if text in ("-", "–", "—", "+", "•") else "•") + " "
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= level:
            counters.append(0)
        counters[level] = counters[level] + 1 if counters[level] else start
        del counters[level + 1:]
        label = text
        for index in range(level + 1):
            lvl = self.levels.get((num_id, index))
            value = counters[index] if index < len(counters) and counters[index] else (lvl[2] if lvl else 1)
            label = label.replace(f"%{index + 1}", self._format(value, lvl[0] if lvl else "decimal"))
        return label + " "
