"""The format check reads a DOCX body in pieces (lint/docx_body.py): every body child and every table row in
document order, sections known beforehand, and what has been read freed — a 50.000-row annex is never one tree."""

from __future__ import annotations

import io
import zipfile

from generator.lint.docx_body import body_outline, body_pieces
from generator.lint.docx_package import Package, w

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str, section: str = "") -> str:
    properties = f"<w:pPr>{section}</w:pPr>" if section else ""
    return f"<w:p>{properties}<w:r><w:t>{text}</w:t></w:r></w:p>"


def table(rows: int, label: str, inner: str = "") -> str:
    cells = "".join(f"<w:tr><w:tc>{paragraph(f'{label}{index}')}{inner if index == 0 else ''}</w:tc></w:tr>"
                    for index in range(rows))
    return f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>{cells}</w:tbl>'


def package(body: str) -> Package:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
    return Package(buffer.getvalue(), "thu.docx")


BODY = (paragraph("đầu") + table(3, "a", inner=table(2, "lồng")) + paragraph("giữa", '<w:sectPr><w:pgSz w:w="1"/>'
        "</w:sectPr>") + table(0, "rỗng") + table(1000, "b") + paragraph("cuối")
        + '<w:sectPr><w:pgSz w:w="2"/></w:sectPr>')


def test_the_outline_has_every_section_in_order_and_counts_every_paragraph():
    sections, paragraphs = body_outline(package(BODY), "word/document.xml")
    assert [element.find(w("pgSz")).get(w("w")) for element in sections] == ["1", "2"]
    assert paragraphs == 3 + 3 + 2 + 1000


def test_pieces_come_in_document_order_and_rows_are_freed_as_they_are_read():
    texts = []
    kept = 0  # rows already read still in the tree (rows after the current one may be parsed ahead, a chunk's worth)
    for element, rows in body_pieces(package(BODY), "word/document.xml"):
        if rows is None:
            texts.append("".join(element.itertext()) or element.tag.rsplit("}", 1)[-1])
            continue
        assert element.find(w("tblGrid")) is not None  # the table's settings are there before its rows
        for row in rows:
            texts.append("".join(row.itertext()))
            kept = max(kept, len(list(row.itersiblings(w("tr"), preceding=True))))
    assert texts[:5] == ["đầu", "a0lồng0lồng1", "a1", "a2", "giữa"]
    assert texts[5] == "tbl"  # the table without rows, whole
    assert texts[6:1006] == [f"b{index}" for index in range(1000)]
    assert texts[1006:] == ["cuối", "sectPr"]
    assert kept <= 1


def test_body_children_of_any_kind_come_in_order_whole():
    """Only paragraphs, tables, content controls and sections reach Python one by one while parsing; a child of
    another kind (a bookmark, a proofing mark) is handed out in its place all the same, whole."""
    body = ('<w:bookmarkStart w:id="0" w:name="dau"/>' + paragraph("một") + '<w:proofErr w:type="spellStart"/>'
            + table(2, "c") + '<w:bookmarkEnd w:id="0"/><w:customXml><w:p><w:r><w:t>hai</w:t></w:r></w:p>'
            '</w:customXml>' + paragraph("ba") + '<w:bookmarkStart w:id="1" w:name="cuoi"/>')
    seen = []
    for element, rows in body_pieces(package(body), "word/document.xml"):
        name = element.tag.rsplit("}", 1)[-1]
        seen.append(name + ":" + ("".join(element.itertext()) if rows is None else
                                  ",".join("".join(row.itertext()) for row in rows)))
    assert seen == ["bookmarkStart:", "p:một", "proofErr:", "tbl:c0,c1", "bookmarkEnd:", "customXml:hai", "p:ba",
                    "bookmarkStart:"]
