"""Turn the full certificate design described below into templates/giay-khen/template.docx, filled by docxtpl.

One page per certificate. Every field is a framed paragraph (Word's «Frame», ``<w:framePr>``) placed from the
page's corner where the PDF draws it. ``c.o.<field>`` holds the frame (x, y, rong, cao, dong in twips), the look
(can_le, mau, dam, nghieng, gach_chan, gian_chu) from the stock profile (templates/giay-khen/*.toml) and, from the
lines the PDF settled on, the size ``co`` (half-points, as ``c.sizes.<field>``); the template sets ``o`` to it before
each field's paragraph. ``c.texts.<field>`` holds the words the macros of templates/giay-khen/loi-van.j2 gave for
the PDF, with the PDF's line breaks ("\\n" becomes a line break). A field the PDF does not print (no box in the
profile, no words) has no ``c.o.<field>``: its paragraph is left out. The sheet size and the decorations ([[ve]]:
frames, lines, the band of diamonds) are the profile's too; rendering/certificate_word_layout.py puts them in the
file. Re-running this script overwrites the template.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.oxml import parse_xml
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx_templates import FONT, new_document, tag  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "giay-khen" / "template.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# In the order of the full design (templates/giay-khen/a4-ngang-day-du.toml), top to bottom, left to right.
FIELDS = ("quoc_hieu", "tieu_ngu", "co_quan", "tang", "ten_giay", "ho_ten", "chuc_vu_don_vi", "thanh_tich",
          "quyet_dinh", "so_so", "noi_ngay", "chuc_vu_ky", "nguoi_ky")


def framed(field: str) -> str:
    """The paragraph of one field, in its frame ``o`` (set to ``c.o.<field>`` just before), with the profile's look
    and the PDF's size. ``o['x']`` rather than ``o.x``: a key is read directly, an attribute through the sandbox's
    checks, and there are a dozen per field on every page."""
    def value(key: str) -> str:
        return "{{ o['" + key + "'] }}"

    return (
        f"<w:p {W}><w:pPr>"
        f'<w:framePr w:w="{value("rong")}" w:h="{value("cao")}" w:hRule="atLeast" w:x="{value("x")}" '
        f'w:y="{value("y")}" w:hAnchor="page" w:vAnchor="page" w:wrap="around"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{value("dong")}" w:lineRule="exact"/>'
        f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{value("can_le")}"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        f'<w:b w:val="{value("dam")}"/><w:i w:val="{value("nghieng")}"/>'
        f'<w:color w:val="{value("mau")}"/><w:spacing w:val="{value("gian_chu")}"/>'
        f'<w:sz w:val="{value("co")}"/><w:szCs w:val="{value("co")}"/>'
        f'<w:u w:val="{value("gach_chan")}"/></w:rPr>'
        f'<w:t xml:space="preserve">{{{{ c.texts.{field} }}}}</w:t></w:r></w:p>')


def draft_mark() -> str:
    """The DỰ THẢO mark of a draft certificate, in its frame ``c.o.du_thao`` (set only on a draft): the frame is the
    PDF's outlined box, the line starts ``truoc`` twips below its top."""
    def value(key: str) -> str:
        return "{{ o['" + key + "'] }}"

    sides = "".join(f'<w:{side} w:val="single" w:sz="{value("net")}" w:space="0" w:color="000000"/>'
                    for side in ("top", "left", "bottom", "right"))
    return (
        f"<w:p {W}><w:pPr>"
        f'<w:framePr w:w="{value("rong")}" w:h="{value("cao")}" w:hRule="exact" w:x="{value("x")}" '
        f'w:y="{value("y")}" w:hAnchor="page" w:vAnchor="page" w:wrap="around"/>'
        f"<w:pBdr>{sides}</w:pBdr>"
        f'<w:spacing w:before="{value("truoc")}" w:after="0" w:line="{value("dong")}" w:lineRule="exact"/>'
        f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        f'<w:b w:val="1"/><w:sz w:val="{value("co")}"/><w:szCs w:val="{value("co")}"/></w:rPr>'
        f'<w:t xml:space="preserve">{{{{ c.texts.du_thao }}}}</w:t></w:r></w:p>')


def tiny(document, *, page_break: bool = False):
    """An empty 1 pt paragraph in the flow: it carries the page break, and the frames before it stay on its page."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    if page_break:
        # Every certificate starts a page; on the first one Word and LibreOffice add no blank page.
        paragraph.paragraph_format.page_break_before = True
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(f'<w:rPr {W}><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'))
    return paragraph


def certificate_template():
    document = new_document()
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.add_run("{%p for c in certificates %}")
    section = document.sections[0]
    # The sheet is the profile's (set when the file is written); A4 landscape until then.
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.orientation = 1
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(10)
    section.header_distance = section.footer_distance = Mm(5)
    tiny(document, page_break=True)
    body = document.element.body
    for field in FIELDS:
        tag(document, f"{{%p if c.o.{field} %}}")
        tag(document, f"{{%p set o = c.o.{field} %}}")  # one look-up, not one per attribute: thousands of pages
        body.insert(len(body) - 1, parse_xml(framed(field)))  # before the section properties
        tag(document, "{%p endif %}")
    tag(document, "{%p if c.o.du_thao %}")  # a draft: not issued yet
    tag(document, "{%p set o = c.o.du_thao %}")
    body.insert(len(body) - 1, parse_xml(draft_mark()))
    tag(document, "{%p endif %}")
    tiny(document)
    tag(document, "{%p endfor %}")
    tiny(document)
    return document


def main() -> None:
    certificate_template().save(TARGET)
    print(f"Đã ghi {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
