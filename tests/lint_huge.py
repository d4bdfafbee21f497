"""Turn a size into hostile or huge files for the format checker: many paragraphs, zip and stream bombs, many pages.

Built with the standard library only (python-docx is far too slow for a million paragraphs), so that bench/lint.py
can use them too.
"""

from __future__ import annotations

import io
import zipfile
import zlib

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARAGRAPH = ('<w:p><w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/><w:spacing w:after="120"/></w:pPr>'
              '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr>'
              '<w:t xml:space="preserve">Đoạn {n}: nội dung văn bản thử nghiệm.</w:t></w:r></w:p>')


def many_paragraphs_docx(count: int, *, tiny: bool = False) -> bytes:
    """A DOCX whose body is ``count`` short paragraphs (no header: the checker reports the missing elements);
    ``tiny``: one letter each, with no formatting (a million of them stay a small file)."""
    paragraph = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" if tiny else _PARAGRAPH
    body = "".join(paragraph.format(n=number) for number in range(count))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                f'{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    return _package(document.encode())


def _package(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def zip_bomb_docx(expanded_bytes: int) -> bytes:
    """A small DOCX whose document.xml expands to ``expanded_bytes`` (spaces inside the body), built in chunks."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=expanded_bytes >= 1 << 32) as member:
            member.write(head)
            chunk = b" " * (16 << 20)
            remaining = expanded_bytes - len(head) - len(tail)
            while remaining > 0:
                member.write(chunk[:remaining])
                remaining -= len(chunk)
            member.write(tail)
    return buffer.getvalue()


def stream_bomb_pdf(expanded_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``expanded_bytes`` of spaces."""
    compressor = zlib.compressobj(9)
    parts = []
    chunk = b" " * (16 << 20)
    remaining = expanded_bytes
    while remaining > 0:
        parts.append(compressor.compress(chunk[:remaining]))
        remaining -= len(chunk)
    parts.append(compressor.flush())
    stream = b"".join(parts)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"])


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty A4 pages sharing one (empty) content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + index) for index in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               b"<< /Length 0 >>\nstream\n\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
