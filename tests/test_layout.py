"""Layout facts read back from the files: page set-up, fonts, sizes and styles of the decree's elements."""

from __future__ import annotations

import io

import pytest
from conftest import MM, output_file, pdf_pages

DOCX = "quyet-dinh-giay-khen.docx"
PDF = "quyet-dinh-giay-khen.pdf"


@pytest.fixture(scope="module")
def document(built_example):
    import docx

    return docx.Document(io.BytesIO(output_file(built_example, DOCX)))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def paragraph_with(document, text: str):
    return next(p for p in all_paragraphs(document) if p.text.strip() == text)


def run_style(paragraph) -> tuple[float, bool, bool]:
    runs = [run for run in paragraph.runs if run.text.strip()]
    assert runs, paragraph.text
    sizes = {run.font.size.pt for run in runs}
    assert len(sizes) == 1, paragraph.text
    return sizes.pop(), all(run.font.bold for run in runs), all(run.font.italic for run in runs)


def test_docx_page_setup(document):
    for section in document.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
        assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
        assert section.different_first_page_header_footer, "no page number on the first page"
    assert len(document.sections) == 2, "the annex is its own section (numbering restarts)"
    annex_sect = document.sections[1]._sectPr
    from docx.oxml.ns import qn

    assert annex_sect.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_docx_font_is_times_new_roman(document):
    from docx.oxml.ns import qn

    assert document.styles["Normal"].font.name == "Times New Roman"
    for paragraph in all_paragraphs(document):
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
            if run.text.strip() and fonts is not None:
                assert fonts.get(qn("w:ascii")) == "Times New Roman", run.text


@pytest.mark.parametrize("text, size, bold, italic", [
    pytest.param("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False, id="Quốc hiệu 13 đậm"),
    pytest.param("Độc lập - Tự do - Hạnh phúc", 14, True, False, id="Tiêu ngữ 14 đậm"),
    pytest.param("XÃ HÒA BÌNH", 13, True, False, id="Cơ quan ban hành 13 đậm"),
    pytest.param("Số: 05/QĐ-UBND", 13, False, False, id="Số 13 thường"),
    pytest.param("Hòa Bình, ngày 20 tháng 01 năm 2026", 14, False, True, id="Ngày tháng 14 nghiêng"),
    pytest.param("QUYẾT ĐỊNH", 14, True, False, id="Tên loại 14 đậm"),
    pytest.param("Nơi nhận:", 12, True, True, id="Nơi nhận 12 đậm nghiêng"),
    pytest.param("- Như Điều 3;", 11, False, False, id="Mục nơi nhận 11"),
    pytest.param("- Lưu: VT, VHXH.", 11, False, False, id="Lưu 11"),
    pytest.param("KT. CHỦ TỊCH", 14, True, False, id="Quyền hạn 14 đậm"),
    pytest.param("Nguyễn Văn An", 14, True, False, id="Họ tên người ký 14 đậm"),
])
def test_docx_element_styles(document, text, size, bold, italic):
    assert run_style(paragraph_with(document, text)) == (size, bold, italic)


def test_docx_citations_are_italic_and_punctuated(document):
    citations = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(citations) == 4
    for paragraph in citations:
        assert run_style(paragraph)[2], paragraph.text
    assert [p.text[-1] for p in citations] == [";", ";", ";", "."]


def test_docx_rule_under_tieu_ngu_is_as_long_as_the_text(document):
    from docx.oxml.ns import qn

    from generator.core.metrics import text_width_mm

    cell = document.tables[0].cell(0, 1)
    rule = cell.paragraphs[-1]
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    indent = rule._p.pPr.find(qn("w:ind"))
    width_mm = 103 - 2 * int(indent.get(qn("w:left"))) / 1440 * 25.4
    assert abs(width_mm - text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, bold=True)) < 1


def test_pdf_page_size_and_embedded_fonts(built_example):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(output_file(built_example, PDF)))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 210 * MM) < 1 and abs(float(page.mediabox.height) - 297 * MM) < 1
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert "VanBan-Serif" in font["/BaseFont"], "the bundled font, not a system one"


def test_pdf_page_numbers_and_annex_on_new_page(built_example):
    data = output_file(built_example, PDF)
    full = pdf_pages(data, skip_top_margin=False)
    body = pdf_pages(data)
    margins = [f.replace(b, "").strip() if b in f else None for f, b in zip(full, body, strict=True)]
    annex_start = next(i for i, text in enumerate(body) if text.lstrip().startswith("DANH SÁCH"))
    assert annex_start >= 1
    assert "DANH SÁCH" not in "".join(body[:annex_start])
    assert "Nơi nhận:" in body[annex_start - 1], "signature block on the page before the annex"
    assert margins[0] == "", "no page number on page 1"
    assert margins[annex_start] == "", "no page number on the annex's first page"
    for offset, index in enumerate(range(annex_start + 1, len(full)), start=2):
        assert margins[index] == str(offset), "annex pages are numbered from 2 on, restarting"
    for index in range(1, annex_start):
        assert margins[index] == str(index + 1)


@pytest.mark.parametrize("form", ["giay-khen", "lao-dong-tien-tien"])
def test_the_total_row_never_stands_alone_on_the_last_page(built_example, form):
    decision = next(d for d in built_example.checked.decisions if d.slug == f"quyet-dinh-{form}")
    last_row = decision.annex.sections[-1].rows[-1]
    pages = pdf_pages(output_file(built_example, f"quyet-dinh-{form}.pdf"))
    with_total = next(page for page in pages if "Tổng cộng" in page)
    assert last_row.name in " ".join(with_total.split()), "the last awardee goes with the total"

    import docx
    from docx.oxml.ns import qn

    table = docx.Document(io.BytesIO(output_file(built_example, f"quyet-dinh-{form}.docx"))).tables[-1]

    def kept(row) -> bool:
        marks = [p._p.pPr.find(qn("w:keepNext")) for cell in row.cells for p in cell.paragraphs if p._p.pPr is not None]
        return any(mark is not None and mark.get(qn("w:val")) in ("true", "1", None) for mark in marks)

    rows = table.rows
    total = next(i for i, row in enumerate(rows) if "Tổng cộng" in row.cells[1].text)
    assert kept(rows[total - 1]), "the last row keeps with the total in Word too"
    data_rows = [row for row in rows[1:total - 1] if row.cells[0].text.strip().isdigit()]
    assert not any(kept(row) for row in data_rows), "other rows may break freely"
    headings = [row for row in rows[1:total] if row.cells[0].text.strip() in ("I", "II", "III")]
    assert headings and all(kept(row) for row in headings), "a section heading goes with its first row"


def test_a_document_symbol_never_breaks_at_its_hyphen_in_the_pdf():
    """Proposal lines of growing length: wherever the line ends, «12/TTr-VHXH» moves down whole."""
    from dataclasses import replace

    from conftest import EXAMPLE

    from generator import pipeline
    from generator.documents.building import build_decisions

    checked = pipeline.check(EXAMPLE)
    seen = []
    for padding in range(0, 16, 2):
        proposal = (f"Theo đề nghị của Trưởng phòng Văn hóa - Xã hội{' xã' * padding} tại Tờ trình số 12/TTr-VHXH "
                    "ngày 15 tháng 01 năm 2026")
        session = replace(checked.session, proposal=proposal)
        decision = build_decisions(session, checked.awards, checked.catalogue).decisions[0]
        assert proposal + "." in decision.citations, "the line is the session's proposal"
        text = pdf_pages(pipeline.render_decision(decision, ("pdf",))[0].data)[0]
        seen.append(text)
        assert "12/TTr-VHXH" in text, f"broken at the hyphen with {padding} words of padding"
    assert any("\n12/TTr-VHXH" in text for text in seen), "some padding puts the symbol at a line end"
