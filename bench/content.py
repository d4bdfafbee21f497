"""Turn a session folder into the peers' input: the exact annex (or certificates) vanban lays out, as JSON.

Read from vanban's own HTML of the decision, so that the peers in bench/peers/ typeset the same words in the same
columns. Run by bench/run.py before timing (never timed itself).
"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class AnnexReader(HTMLParser):
    """Collects the annex section of a decision's HTML: paragraphs by class, the table's widths and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.in_annex = False
        self.paragraphs: list[tuple[str, str]] = []
        self.widths: list[float] = []
        self.header: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []  # (row class, cells)
        self._text: list[str] | None = None
        self._paragraph_class = ""
        self._row: list[str] | None = None
        self._row_class = ""
        self._span = 1
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "section" and attributes.get("class") == "annex":
            self.in_annex = True
        if not self.in_annex:
            return
        if tag == "p":
            self._text, self._paragraph_class = [], attributes.get("class", "")
        elif tag == "col":
            self.widths.append(float(attributes["style"].split(":")[1].strip().removesuffix("mm")))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row, self._row_class = [], attributes.get("class", "")
        elif tag in ("td", "th"):
            self._text, self._span = [], int(attributes.get("colspan", 1))

    def handle_endtag(self, tag: str) -> None:
        if not self.in_annex:
            return
        if tag == "p" and self._text is not None:
            self.paragraphs.append((self._paragraph_class, "".join(self._text).strip()))
            self._text = None
        elif tag in ("td", "th") and self._row is not None and self._text is not None:
            self._row.extend(["".join(self._text).strip()] + [""] * (self._span - 1))
            self._text = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self.header = self._row
            else:
                self.rows.append((self._row_class, self._row))
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "section":
            self.in_annex = False

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def annex_content(folder: Path) -> dict:
    """The one decision's annex of the session in ``folder``, as the peers read it."""
    from generator import pipeline
    from generator.rendering.context import decision_context
    from generator.rendering.environment import environment
    from generator.rendering.pdf import render_html

    checked = pipeline.check(folder)
    decision = checked.decisions[0]
    env = environment()
    html = render_html(env, "quyet-dinh/template.html", decision_context(decision, env))
    reader = AnnexReader()
    reader.feed(html)
    paragraphs = reader.paragraphs
    money = next((i for i, label in enumerate(reader.header) if "tiền" in label.lower()), None)
    rows = [cells for kind, cells in reader.rows if kind != "tong"]
    total = next((cells for kind, cells in reader.rows if kind == "tong"), None)
    return {
        "titles": [text for kind, text in paragraphs if kind == "annex-title"],
        "reference": next(text for kind, text in paragraphs if kind == "kem-theo"),
        "widths": reader.widths,
        "header": reader.header,
        "money_column": money,
        "rows": rows,
        "total_row": total,
        "in_words": next((text for kind, text in paragraphs if kind == "bang-chu"), ""),
        "closing": next(text for kind, text in paragraphs if kind == "ket-thuc"),
    }


def certificate_content(folder: Path, profile_name: str = "a4-ngang-phoi") -> dict:
    """Every certificate of the session as vanban prints it on the stock (overlay): the boxes and their words."""
    from generator import pipeline
    from generator.documents import certificates as certificate_plan
    from generator.rendering import certificates as drawing

    checked = pipeline.check(folder)
    templates = (pipeline.BUILTIN_TEMPLATES,)
    profile, mode, settings = certificate_plan.resolve(checked, profile_name, "overlay", templates)
    renderer = drawing.Renderer(profile, mode, list(checked.decisions), templates, docx=False)
    boxes = [box for box in profile.boxes if not box.preprinted]
    pages = []
    for certificate in certificate_plan.plan(checked, settings):
        view = drawing.CertificateView(certificate, checked.decisions[certificate.decision_index], {}, {})
        texts = renderer.texts(view)
        pages.append([texts.get(box.field, "") for box in boxes])
    return {
        "width": profile.width, "height": profile.height,
        "boxes": [{"x": b.x, "y": b.y, "width": b.width, "height": b.height, "size": b.size, "bold": b.bold,
                   "italic": b.italic, "align": b.align, "valign": b.valign,
                   "colour": [round(c * 255) for c in b.colour]} for b in boxes],
        "pages": pages,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    what = sys.argv[3] if len(sys.argv) > 3 else "annex"
    content = annex_content(Path(sys.argv[1])) if what == "annex" else certificate_content(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
