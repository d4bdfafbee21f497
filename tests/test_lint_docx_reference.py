"""The faster Word reader (issue 19: one parse of document.xml, looks resolved once) gives the very layout and the
very findings of the reader it replaced (a frozen copy in tests/lint_reference), on every DOCX at hand: the bundled
examples built, the templates, the hand-typed corpus, long lists, odd XML and broken files."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from lint_corpus import build as build_typed
from lint_corpus import corpus
from lint_huge import many_paragraphs_docx
from lint_reference.docx_reader import read_docx as reference_read_docx

from generator.core.errors import InputError
from generator.lint import check_bytes
from generator.lint.docx_reader import read_docx
from generator.lint.limits import own_document
from generator.lint.rules import check_layout

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def outcome(reader, data: bytes, name: str, own: bool):  # noqa: ANN001, ANN201
    """The layout a reader gives, or the message of the InputError it raises."""
    try:
        if own:
            with own_document():
                return reader(data, name)
        return reader(data, name)
    except InputError as exc:
        return f"InputError: {exc}"


def assert_same(data: bytes, name: str, *, own: bool = False, findings: bool = True) -> None:
    new = outcome(read_docx, data, name, own)
    old = outcome(reference_read_docx, data, name, own)
    if isinstance(old, str) or isinstance(new, str):
        assert new == old
        return
    assert new.blocks == old.blocks
    assert new.rules == old.rules
    assert new.pages == old.pages
    assert new == old
    if findings:
        assert check_bytes(data, "docx", name, own=own) == check_layout(copy.deepcopy(old))


def document(body: str, declarations: str = f'xmlns:w="{W}" xmlns:r="{R}"', prefix: str = "w",
             head: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> bytes:
    xml = f"{head}<{prefix}:document {declarations}><{prefix}:body>{body}</{prefix}:body></{prefix}:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def paragraph(text: str, section: str = "", prefix: str = "w") -> str:
    properties = f"<{prefix}:pPr>{section}</{prefix}:pPr>" if section else ""
    return f"<{prefix}:p>{properties}<{prefix}:r><{prefix}:t>{text}</{prefix}:t></{prefix}:r></{prefix}:p>"


def section(width: int, extra: str = "") -> str:
    return f'<w:sectPr><w:pgSz w:w="{width}" w:h="16838"/><w:pgMar w:left="{width // 8}" w:right="900"/>{extra}' \
           "</w:sectPr>"


def table(rows: int, label: str, inner: str = "") -> str:
    cells = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{label}{index}</w:t><w:tab/><w:t>bên phải</w:t></w:r></w:p>"
                    f"{inner if index == 0 else ''}</w:tc><w:tc>{paragraph('x')}</w:tc></w:tr>"
                    for index in range(rows))
    return f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="5000"/></w:tblGrid>{cells}</w:tbl>'


def tabbed(text: str) -> str:
    return f"<w:p><w:r><w:tab/><w:tab/><w:tab/><w:tab/><w:tab/><w:tab/><w:tab/><w:t>{text}</w:t></w:r></w:p>"


# Odd but readable (or deliberately unreadable) XML: sections in paragraphs, tracked section changes, comments,
# processing instructions, another prefix, nested namespace declarations, text boxes, no body, broken markup.
ODD = {
    "sections-in-paragraphs": document(paragraph("đầu") + table(3, "a", table(2, "lồng"))
                                       + paragraph("giữa", section(11906)) + tabbed("Nguyễn Văn A")
                                       + table(0, "rỗng") + paragraph("ngang", section(16838))
                                       + table(40, "b") + paragraph("cuối") + section(12000)),
    "self-closing-final": document(paragraph("một") + paragraph("hai", section(9000)) + "<w:sectPr/>"),
    "no-final-section": document(paragraph("một") + paragraph("hai", section(9000))),
    "no-section": document(paragraph("chỉ một đoạn") + tabbed("phải")),
    "tracked-section-change": document(
        paragraph("a", section(10000, "<w:sectPrChange w:id='1'>" + section(7000) + "</w:sectPrChange>"))
        + paragraph("b") + section(11000, "<w:sectPrChange w:id='2'>" + section(8000) + "</w:sectPrChange>")),
    "tracked-paragraph-change": document(
        '<w:p><w:pPr><w:pPrChange w:id="3"><w:pPr>' + section(5000) + "</w:pPr></w:pPrChange></w:pPr>"
        "<w:r><w:t>c</w:t></w:r></w:p>" + section(11906)),
    "comment": document(paragraph("a") + "<!-- <w:p><w:r><w:t>x</w:t></w:r></w:p> <w:sectPr/> -->"
                        + paragraph("b", section(9000)) + section(11906)),
    "cdata": document('<w:p><w:r><w:t><![CDATA[<w:p> <w:sectPr/> ]]></w:t></w:r></w:p>' + section(11906)),
    "processing-instruction": document(paragraph("a") + "<?mso <w:p> ?>" + section(11906)),
    "other-prefix": document(paragraph("a", prefix="x") + "<x:sectPr><x:pgSz x:w='9999'/></x:sectPr>",
                             f'xmlns:x="{W}"', "x"),
    "two-prefixes": document(paragraph("a") + paragraph("b", prefix="x") + section(9500),
                             f'xmlns:w="{W}" xmlns:x="{W}" xmlns:r="{R}"'),
    "default-namespace": document("<p><r><t>a</t></r></p><sectPr><pgSz w='7777'/></sectPr>"
                                  .replace("<", "<w:").replace("<w:/", "</w:").replace("w='", "w:w='")),
    "nested-declaration": document(f'<w:p xmlns:w="{W}"><w:r><w:t>a</w:t></w:r></w:p>' + section(9100)),
    "attribute-with-markup": document('<w:p w:rsidR="&gt;<"><w:r><w:t>a</w:t></w:r></w:p>' + section(9100)),
    "attribute-gt": document("<w:p w:x='a>b'><w:r><w:t>a</w:t></w:r></w:p>" + section(9100)),
    "text-box-section": document(
        '<w:p><w:r><w:drawing><w:txbxContent>' + paragraph("hộp", section(6000))
        + "</w:txbxContent></w:drawing></w:r></w:p>" + paragraph("sau") + section(11906)),
    "broken-markup": document(paragraph("a") + "<w:p><w:r>" + section(11906)),
    "many-sections": document("".join(paragraph(f"phần {index}", section(9000 + index)) for index in range(300))
                              + section(11906)),
}


def _no_body() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:x/></w:document>')
    return buffer.getvalue()


def _utf16() -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body>{paragraph("chữ")}'
           f'{section(9300)}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml.encode("utf-16"))
    return buffer.getvalue()


ODD["no-body"] = _no_body()
ODD["utf16"] = _utf16()


@pytest.mark.parametrize("name", sorted(ODD))
@pytest.mark.parametrize("own", [False, True])
def test_odd_xml_is_read_as_before(name, own):
    assert_same(ODD[name], f"{name}.docx", own=own)


def test_the_hand_typed_corpus_is_read_as_before():
    documents = corpus()
    assert len(documents) >= 40
    for typed in documents:
        assert_same(build_typed(typed), f"{typed.issuer}-{typed.kind}.docx")


def test_the_templates_are_read_as_before():
    templates = sorted((ROOT / "templates").rglob("*.docx"))
    assert templates
    for path in templates:
        assert_same(path.read_bytes(), path.name)


@pytest.mark.parametrize("example", ["built_example", "built_2024"])
def test_every_built_document_is_read_as_before(example, request):
    result = request.getfixturevalue(example)
    produced = sorted(result.output.rglob("*.docx"))
    assert len(produced) >= 2
    for path in produced:
        assert_same(path.read_bytes(), path.name)
        assert_same(path.read_bytes(), path.name, own=True)


def test_a_long_annex_is_read_as_before(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.sessions import make_session
    from generator import pipeline

    folder = make_session(tmp_path / "dot", 600)
    result = pipeline.build(folder, tmp_path / "out", formats=("docx",), kinds=("quyet-dinh",), lint=False)
    data = next(result.output.glob("quyet-dinh*.docx")).read_bytes()
    assert_same(data, "quyet-dinh.docx", own=True)


@pytest.mark.parametrize("tiny", [False, True])
def test_a_hundred_thousand_paragraphs_are_read_as_before(tiny):
    data = many_paragraphs_docx(100_000, tiny=tiny)
    assert_same(data, "dai.docx", findings=not tiny)


def test_too_many_paragraphs_are_refused_as_before():
    data = many_paragraphs_docx(200_001, tiny=True)
    assert_same(data, "qua-dai.docx", findings=False)
    assert_same(data, "qua-dai.docx", own=True, findings=False)


def outline_text(outline) -> tuple[list[bytes], int]:  # noqa: ANN001
    from lxml import etree

    sections, paragraphs = outline
    return [etree.tostring(element, with_tail=False).split(b">", 1)[1] for element in sections], paragraphs


@pytest.mark.parametrize("name", ["sections-in-paragraphs", "self-closing-final", "no-final-section", "no-section",
                                  "tracked-paragraph-change", "attribute-gt", "text-box-section", "many-sections"])
def test_the_scanned_outline_is_the_parsed_one(name):
    from generator.lint.docx_body import body_outline
    from generator.lint.docx_outline import quick_outline
    from generator.lint.docx_package import Package

    package = Package(ODD[name], f"{name}.docx")
    quick = quick_outline(package, package.document_part)
    assert quick is not None  # the scan was trusted: one parse only
    assert outline_text(quick) == outline_text(body_outline(package, package.document_part))


@pytest.mark.parametrize("name", ["comment", "cdata", "processing-instruction", "other-prefix", "two-prefixes",
                                  "utf16", "tracked-section-change", "no-body",
                                  "nested-declaration"])
def test_markup_the_scan_cannot_trust_is_parsed(name):
    from generator.lint.docx_outline import quick_outline
    from generator.lint.docx_package import Package

    package = Package(ODD[name], f"{name}.docx")
    assert quick_outline(package, package.document_part) is None


def reference_loose(text: str) -> str:
    """elements.loose as it was before issue 19 (NFD, marks dropped one by one, then each replacement)."""
    import unicodedata

    from generator.lint.elements import DASHES

    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    for dash in DASHES[1:]:
        bare = bare.replace(dash, "-")
    return " ".join(bare.upper().split())


def test_the_keys_elements_are_recognised_by_are_as_before():
    import random

    from generator.lint.elements import loose

    chance = random.Random(19)
    alphabet = ("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĐ–—‐‑−- \u00a0\t\u0301\u0300\u0303\u0323ǅﬁß"
                + "".join(chr(code) for code in range(0x300, 0x370)))
    texts = ["QUYẾT ĐỊNH", "Quyết định", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "",
             "  ", "Nơi nhận:", unicodedata_nfd("Nguyễn Thị Ánh Tuyết")]
    for _ in range(50_000):
        if chance.random() < 0.3:
            texts.append("".join(chr(chance.randint(0, 0x2FFF)) for _ in range(chance.randint(0, 8))))
        else:
            texts.append("".join(chance.choice(alphabet) for _ in range(chance.randint(0, 12))))
    assert [loose(text) for text in texts] == [reference_loose(text) for text in texts]


def unicodedata_nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)
