"""The format checker's newer checks, each with a broken and a correct example, and the grown broken corpus.

Broken documents start from a correct one of the precision corpus (tests/lint_corpus.py), typed by hand, and plant
one defect; each must be caught with the right rule reference, and nothing else may be an error. A defect against
office practice (not the decree) is caught as a warning citing "Thực tiễn văn thư".
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from lint_corpus import Typed, build
from test_lint import CORPUS, PDF_CORPUS, _swap, assert_caught, errors_of, find, paragraphs, retext

from generator.lint import check_bytes, format_findings
from generator.lint import rules as R

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
DECISION = Typed("xa", "qd", annex=True)
DISPATCH = Typed("so", "cv")
TABS = Typed("xa", "qd", header="tabs", rules="shape", signature="tabs")
TWO_LEVEL = Typed("truong", "qd")
ONE_PAGE = Typed("xa", "cv", addressees=1, one_page=True)
UNDER = Typed("xa", "qd", annex=True, under_signature="Điện thoại: 0255.3822.123")


def body_paragraphs(document) -> list:
    return [paragraph for paragraph in paragraphs(document) if paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]


def body_look(**changes) -> Callable:
    def mutate(document) -> None:
        for paragraph in body_paragraphs(document):
            fmt = paragraph.paragraph_format
            if "align" in changes:
                paragraph.alignment = changes["align"]
            if "first_line" in changes:
                fmt.first_line_indent = Mm(changes["first_line"])
            if "after" in changes:
                fmt.space_after = Pt(changes["after"])
            if "line" in changes:
                fmt.line_spacing = changes["line"]
    return mutate


def change(old: str, new: str) -> Callable:
    return lambda document: retext(document, old, new)


def decompose(start: str) -> Callable:
    def mutate(document) -> None:
        for run in find(document, start).runs:
            run.text = unicodedata.normalize("NFD", run.text)
    return mutate


def zero_money(document) -> None:
    table = document.tables[-1]
    for row in table.rows[1:]:
        row.cells[3].text = "0"


def restyle(start: str, **look) -> Callable:
    def mutate(document) -> None:
        for run in find(document, start).runs:
            for key, value in look.items():
                setattr(run.font, key, value)
    return mutate


def drop_shapes_in_header(document) -> None:
    """Tab header: of the two lines drawn in one paragraph, remove the Tiêu ngữ's (the issuer's comes first)."""
    holder = next(paragraph for paragraph in paragraphs(document)
                  if paragraph._p.xpath(".//w:drawing") and not paragraph.text.strip())
    drawings = holder._p.xpath(".//w:r[w:drawing]")
    holder._p.remove(drawings[1])


def number_on_one_page_document(document) -> None:
    from test_lint import OxmlElement, qn

    header = document.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), "PAGE")
    header._p.append(simple)


# (source, mutation, expected (element, rule) pairs). Practice rules are expected as warnings.
NEW_CORPUS = [
    pytest.param(DECISION, body_look(align=WD_ALIGN_PARAGRAPH.LEFT), {(R.NOI_DUNG, R.R_NOI_DUNG)},
                 id="nội dung không căn đều"),
    pytest.param(DECISION, body_look(first_line=0), {(R.NOI_DUNG, R.R_NOI_DUNG)}, id="không lùi đầu dòng"),
    pytest.param(DISPATCH, body_look(first_line=20), {(R.NOI_DUNG, R.R_NOI_DUNG)}, id="lùi đầu dòng 2 cm"),
    pytest.param(DECISION, body_look(after=0), {(R.NOI_DUNG, R.R_NOI_DUNG)}, id="đoạn cách đoạn 0 pt"),
    pytest.param(DISPATCH, body_look(line=2.0), {(R.NOI_DUNG, R.R_NOI_DUNG)}, id="giãn dòng đôi"),
    pytest.param(DISPATCH, change("V/v gửi", "V/v : gửi"), {(R.VV, R.R_TEN_LOAI)}, id="V/v có dấu hai chấm"),
    pytest.param(TABS, change("Lưu: VT, VHXH.", "Lưu: VT, VT-KTTH2."), {(R.NOI_NHAN, R.R_NOI_NHAN)},
                 id="Lưu: VT, VT-KTTH2"),
    pytest.param(DECISION, change("- Như Điều 3;", "- Như Điều 5;"), {(R.NOI_NHAN, R.R_MAU_QD)},
                 id="Như Điều 5 không có"),
    pytest.param(DISPATCH, decompose("Đề nghị các đơn vị"), {(R.BANG_MA, R.R_PHONG)}, id="gõ tay Unicode tổ hợp"),
    pytest.param(DECISION, zero_money, {(R.PHU_LUC, R.R_THUC_TIEN)}, id="cột số tiền toàn số 0"),
    pytest.param(DECISION, change("ngày 05 tháng 02 năm 2026", "ngày 05 tháng 03 năm 2026"),
                 {(R.NGAY, R.R_THUC_TIEN)}, id="tháng 03 là thực tiễn"),
    pytest.param(DECISION, change("ngày 15 tháng 6 năm 2022;", "ngày 5 tháng 6 năm 2022;"),
                 {(R.CAN_CU, R.R_THUC_TIEN)}, id="ngày trong căn cứ không số 0"),
    pytest.param(DECISION, change("ngày 05 tháng 02 năm 2026", "ngày 05 tháng 2 năm 2026"), {(R.NGAY, R.R_NGAY)},
                 id="tháng 2 ngày ban hành"),
    pytest.param(Typed("ttg", "qd"), change("Số: 05/QĐ-TTg", "Số: 05/QĐ-Ubnd"), {(R.SO, R.R_SO)},
                 id="ký hiệu chữ thường"),
    pytest.param(TABS, drop_shapes_in_header, {(R.TIEU_NGU, R.R_QH)}, id="tiêu đề tab thiếu đường kẻ Tiêu ngữ"),
    pytest.param(UNDER, restyle("KT. CHỦ TỊCH", bold=False), {(R.CHUC_VU, R.R_KY)},
                 id="dòng dưới chữ ký và chức vụ không đậm"),
    pytest.param(TWO_LEVEL, restyle("PHÒNG GIÁO DỤC", italic=True), {(R.CHU_QUAN, R.R_CQ)},
                 id="chủ quản in nghiêng"),
    pytest.param(ONE_PAGE, number_on_one_page_document, {(R.SO_TRANG, R.R_TRANG)}, id="số trang ở trang 1"),
    pytest.param(ONE_PAGE, change("Kính gửi: Ủy ban nhân dân các xã, thị trấn.",
                                  "Kính gửi: Ủy ban nhân dân các xã, thị trấn"), {(R.KINH_GUI, R.R_NOI_NHAN)},
                 id="Kính gửi một nơi thiếu dấu chấm"),
]
# The same defects in LibreOffice's PDF of the broken DOCX (no paragraph format in a PDF: those stay DOCX-only).
PDF_OF_DOCX = [
    pytest.param(DISPATCH, change("V/v gửi", "V/v : gửi"), {(R.VV, R.R_TEN_LOAI)}, id="PDF V/v có dấu hai chấm"),
    pytest.param(DECISION, change("- Như Điều 3;", "- Như Điều 5;"), {(R.NOI_NHAN, R.R_MAU_QD)},
                 id="PDF Như Điều 5 không có"),
    pytest.param(DECISION, change("thi hành Quyết định này./.", "thi hành Quyết định này."),
                 {(R.NOI_DUNG, R.R_MAU_QD)}, id="PDF thiếu ./."),
]
HEADING_ALONE = '<p class="dieu"><b>Điều 2. Khen thưởng</b></p><p class="dieu" style="break-before: page">'


def test_the_broken_corpus_has_sixty_documents():
    total = len(CORPUS) + len(PDF_CORPUS) + len(NEW_CORPUS) + len(PDF_OF_DOCX) + 1  # + the heading at a page foot
    assert total >= 60


def _broken(typed: Typed, mutate: Callable) -> bytes:
    document = docx.Document(io.BytesIO(build(typed)))
    mutate(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("typed", "mutate", "expected"), NEW_CORPUS)
def test_broken_hand_typed_document_is_caught_for_its_defect(typed, mutate, expected):
    assert errors_of(check_bytes(build(typed), "docx", "dung.docx")) == set()  # the correct example
    findings = check_bytes(_broken(typed, mutate), "docx", "hong.docx")
    assert_caught(findings, expected, "hong.docx")


@pytest.mark.parametrize(("typed", "mutate", "expected"), PDF_OF_DOCX)
def test_broken_hand_typed_pdf_is_caught_for_its_defect(typed, mutate, expected, tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed here")
    (tmp_path / "hong.docx").write_bytes(_broken(typed, mutate))
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "hong.docx")], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    findings = check_bytes((tmp_path / "hong.pdf").read_bytes(), "pdf", "hong.pdf")
    assert_caught(findings, expected, "hong.pdf")


def test_a_heading_alone_at_the_foot_of_a_page_is_a_warning(decision_html):
    from test_lint import _pdf

    html = _swap(decision_html, '<p class="dieu"><b>Điều 2.</b>', HEADING_ALONE)
    findings = check_bytes(_pdf(html), "pdf", "hong.pdf")
    alone = [finding for finding in findings if finding.rule == R.R_THUC_TIEN and "một mình" in finding.found]
    assert alone and all(finding.severity == "canh-bao" for finding in alone), format_findings(findings, "x")
    assert "Điều 2" in alone[0].found
    correct = check_bytes(_pdf(decision_html), "pdf", "dung.pdf")
    assert not [finding for finding in correct if "một mình" in finding.found]


@pytest.fixture(scope="module")
def decision_html(built_example):
    from generator.rendering.context import decision_context
    from generator.rendering.environment import BUILTIN_TEMPLATES, environment
    from generator.rendering.pdf import render_html

    decision = next(d for d in built_example.checked.decisions if d.form == "Giấy khen")
    env = environment((BUILTIN_TEMPLATES,))
    return render_html(env, "quyet-dinh/template.html", decision_context(decision, env))


# ------------------------------------------------------------------------------------------- fonts


def _times_new_roman_folder(folder) -> None:
    """The bundled Liberation Serif, renamed inside the files to Times New Roman (what an office would point at)."""
    from fontTools.ttLib import TTFont

    from generator.core.metrics import FONTS_DIR

    for source, style, postscript in (("Regular", "Regular", "TimesNewRomanPSMT"),
                                      ("Bold", "Bold", "TimesNewRomanPS-BoldMT"),
                                      ("Italic", "Italic", "TimesNewRomanPS-ItalicMT"),
                                      ("BoldItalic", "Bold Italic", "TimesNewRomanPS-BoldItalicMT")):
        font = TTFont(FONTS_DIR / f"LiberationSerif-{source}.ttf")
        names = font["name"]
        for record in list(names.names):
            if record.nameID in (16, 17):
                names.removeNames(nameID=record.nameID)
        names.setName("Times New Roman", 1, 3, 1, 0x409)
        names.setName(style, 2, 3, 1, 0x409)
        names.setName(f"Times New Roman {style}".replace(" Regular", ""), 4, 3, 1, 0x409)
        names.setName(postscript, 6, 3, 1, 0x409)
        font.save(folder / f"times-{source.lower()}.ttf")


def _decision_pdf(built_example) -> bytes:
    from test_lint import _pdf

    from generator.rendering.context import decision_context
    from generator.rendering.environment import BUILTIN_TEMPLATES, environment
    from generator.rendering.pdf import render_html

    decision = next(d for d in built_example.checked.decisions if d.form == "Giấy khen")
    env = environment((BUILTIN_TEMPLATES,))
    return _pdf(render_html(env, "quyet-dinh/template.html", decision_context(decision, env)))


def test_times_new_roman_from_the_office_folder_is_embedded_and_the_warning_goes(built_example, tmp_path,
                                                                                 monkeypatch):
    from generator.lint.pdf_reader import read_pdf

    monkeypatch.delenv("VANBAN_FONT_DIR", raising=False)
    bundled = _decision_pdf(built_example)
    fonts = [finding for finding in check_bytes(bundled, "pdf", "a.pdf") if finding.element == R.PHONG]
    assert [(finding.severity, "Liberation Serif" in finding.message) for finding in fonts] == [("canh-bao", True)]
    assert "VANBAN_FONT_DIR" in fonts[0].message
    _times_new_roman_folder(tmp_path)
    monkeypatch.setenv("VANBAN_FONT_DIR", str(tmp_path))
    office = _decision_pdf(built_example)
    embedded = set(read_pdf(office, "b.pdf").fonts)
    # WeasyPrint names the embedded font after its family: "Times-New-Roman,-Bold" and so on.
    assert embedded and all(re.sub(r"[\s,-]", "", name).startswith("TimesNewRoman") for name in embedded), embedded
    assert embedded != set(read_pdf(bundled, "a.pdf").fonts)
    findings = check_bytes(office, "pdf", "b.pdf")
    assert not [finding for finding in findings if finding.element == R.PHONG], format_findings(findings, "b.pdf")
    assert errors_of(findings) == set()


def test_a_font_folder_without_times_new_roman_is_an_input_error(tmp_path, monkeypatch):
    from generator.core.errors import InputError
    from generator.rendering.pdf_fonts import pdf_font_files

    monkeypatch.setenv("VANBAN_FONT_DIR", str(tmp_path))
    with pytest.raises(InputError, match="không tìm thấy phông Times New Roman"):
        pdf_font_files()
    monkeypatch.setenv("VANBAN_FONT_DIR", str(tmp_path / "khong-co"))
    with pytest.raises(InputError, match="không có thư mục này"):
        pdf_font_files()
