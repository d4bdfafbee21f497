"""Turn annex.json into a PDF with plain WeasyPrint (no vanban): the same table, written as the simplest HTML.

Run: python bench/peers/weasyprint_annex.py annex.json out.pdf
"""

import json
import sys
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[1] / "templates" / "_shared" / "fonts"

CSS = """
@font-face { font-family: "Serif"; src: url("%(fonts)s/LiberationSerif-Regular.ttf"); }
@font-face { font-family: "Serif"; font-weight: bold; src: url("%(fonts)s/LiberationSerif-Bold.ttf"); }
@font-face { font-family: "Serif"; font-style: italic; src: url("%(fonts)s/LiberationSerif-Italic.ttf"); }
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font-family: "Serif"; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
html { font-family: "Serif"; font-size: 14pt; line-height: 1.2; }
p { margin: 0; } .c { text-align: center; font-weight: bold; } .i { font-style: italic; text-align: center; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; margin-top: 10pt; font-size: 13pt; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }
tr { break-inside: avoid; } td.r { text-align: right; } td.s { text-align: center; }
"""


def html(data: dict) -> str:
    money = data["money_column"]
    cls = ["s" if x == 0 else ("r" if x == money else "") for x in range(len(data["widths"]))]
    parts = [f"<!DOCTYPE html><html lang=vi><meta charset=utf-8><style>{CSS % {'fonts': FONTS}}</style>"]
    parts += [f"<p class=c>{escape(line)}</p>" for line in data["titles"]]
    parts.append(f"<p class=i>{escape(data['reference'])}</p><table><colgroup>")
    parts += [f"<col style='width:{w}mm'>" for w in data["widths"]]
    parts.append("</colgroup><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in data["header"]) + "</tr></thead>")
    for row in data["rows"] + ([data["total_row"]] if data["total_row"] else []):
        cells = "".join(f"<td class='{c}'>{escape(v)}</td>" for c, v in zip(cls, row, strict=True))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table>")
    if data["in_words"]:
        parts.append(f"<p class=i>{escape(data['in_words'])}</p>")
    parts.append(f"<p>{escape(data['closing'])}</p></html>")
    return "".join(parts)


if __name__ == "__main__":
    import weasyprint

    document = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    weasyprint.HTML(string=html(document)).write_pdf(sys.argv[2])
