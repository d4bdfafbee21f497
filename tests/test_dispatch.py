"""Dispatches (công văn): plain text in, the decree's layout out, in DOCX and PDF with the same words."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, MM, docx_paragraphs, output_file, pdf_pages, pdf_words, words

from generator.cli import cli
from generator.core.errors import InputError
from generator.documents.dispatch import parse_body
from generator.rendering.template_folders import BUILTIN_TEMPLATES

GUIDANCE = """+++
so = 45
ky_hieu = "UBND-VHXH"
ngay = 2026-02-03
trich_yeu = "V/v hướng dẫn tổ chức phong trào thi đua năm 2026"
kinh_gui = ["Trường Tiểu học Kim Đồng", "- Trạm Y tế xã;", "Công an xã."]
noi_nhan = ["Chủ tịch, các PCT UBND xã", "Ban Thi đua - Khen thưởng tỉnh (b/c)"]
luu = "VT, VHXH"

[co_quan]
ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]
viet_tat = "UBND"
dia_danh = "Hòa Bình"

[nguoi_ky]
quyen_han = "KT. CHỦ TỊCH"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Nguyễn Văn An"
+++
Thực hiện Kế hoạch thi đua năm 2026 của tỉnh, Ủy ban nhân dân xã hướng dẫn các đơn vị như sau:

1. Nội dung thi đua

- Hoàn thành **xuất sắc** nhiệm vụ chuyên môn;
- Tham gia các phong trào *"Dân vận khéo"* & <b>không</b> phải thẻ HTML.

2. Thời gian nộp hồ sơ

- Trước ngày 15 tháng 11 năm 2026;
- Nộp qua bộ phận Một cửa.

Đề nghị các đơn vị triển khai thực hiện.
"""


@pytest.fixture(scope="module")
def guidance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cong-van")
    source = folder / "huong-dan.md"
    source.write_text(GUIDANCE, encoding="utf-8")
    output = folder / "ket-qua"
    result = CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_dispatch_reads_in_order(guidance, fmt):
    data = (guidance / f"huong-dan.{fmt}").read_bytes()
    text = flat(" ".join(pdf_pages(data) if fmt == "pdf" else docx_paragraphs(data)))
    expected = [
        "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 45/UBND-VHXH",
        "V/v hướng dẫn tổ chức phong trào thi đua năm 2026", "Hòa Bình, ngày 03 tháng 02 năm 2026",
        "Kính gửi:", "- Trường Tiểu học Kim Đồng;", "- Trạm Y tế xã;", "- Công an xã.",
        "Thực hiện Kế hoạch", "1. Nội dung thi đua", "- Hoàn thành xuất sắc nhiệm vụ chuyên môn;",
        '"Dân vận khéo" & <b>không</b> phải thẻ HTML.', "2. Thời gian nộp hồ sơ", "- Nộp qua bộ phận Một cửa.",
        "Đề nghị các đơn vị triển khai thực hiện./.", "Nơi nhận:", "- Như trên;", "- Chủ tịch, các PCT UBND xã;",
        "- Ban Thi đua - Khen thưởng tỉnh (b/c);", "- Lưu: VT, VHXH.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
    ]
    position = 0
    for fragment in expected:
        found = text.find(fragment, position)
        assert found >= 0, f"missing after {position}: {fragment!r}\n{text}"
        position = found + len(fragment)


def test_dispatch_docx_and_pdf_same_words(guidance):
    in_pdf = pdf_words((guidance / "huong-dan.pdf").read_bytes())
    in_docx = words(" ".join(docx_paragraphs((guidance / "huong-dan.docx").read_bytes())))
    assert in_pdf == in_docx, {"only in PDF": in_pdf - in_docx, "only in DOCX": in_docx - in_pdf}


def test_dispatch_docx_layout_facts(guidance):
    import docx

    document = docx.Document(io.BytesIO((guidance / "huong-dan.docx").read_bytes()))
    paragraphs = list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs]

    def style(text: str) -> tuple:
        paragraph = next(p for p in paragraphs if p.text.strip() == text)
        runs = [r for r in paragraph.runs if r.text.strip()]
        return ({r.font.size.pt for r in runs}, all(r.font.bold for r in runs), all(r.font.italic for r in runs))

    assert style("V/v hướng dẫn tổ chức phong trào thi đua năm 2026") == ({13}, False, False)
    assert style("Kính gửi:") == ({14}, False, False)
    assert style("- Trạm Y tế xã;") == ({14}, False, False)
    assert style("Nơi nhận:") == ({12}, True, True)
    assert style("- Như trên;") == ({11}, False, False)
    assert style("- Lưu: VT, VHXH.") == ({11}, False, False)
    bold_runs = [r.text for p in paragraphs for r in p.runs if r.font.bold and "xuất sắc" in r.text]
    assert bold_runs == ["xuất sắc"]
    # The dashes of the recipients stand under the colon of "Kính gửi:", i.e. indented by the width of "Kính gửi".
    label = next(p for p in paragraphs if p.text == "Kính gửi:")
    item = next(p for p in paragraphs if p.text == "- Trạm Y tế xã;")
    from generator.core.metrics import text_width_mm

    # The dash starts the first line, which hangs out of the item's left indent (continuation lines stay under
    # the words).
    dash = item.paragraph_format.left_indent + (item.paragraph_format.first_line_indent or 0)
    shift_mm = (dash - label.paragraph_format.left_indent) / 36000
    assert abs(shift_mm - text_width_mm("Kính gửi", 14)) < 0.5


def test_one_recipient_stands_on_the_kinh_gui_line(tmp_path):
    source = tmp_path / "mot-noi.md"
    source.write_text(GUIDANCE.replace('kinh_gui = ["Trường Tiểu học Kim Đồng", "- Trạm Y tế xã;", "Công an xã."]',
                                       'kinh_gui = ["Ủy ban nhân dân tỉnh Quảng Ngãi"]'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pdf_pages((tmp_path / "out" / "mot-noi.pdf").read_bytes())))
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi." in text
    docx_text = docx_paragraphs((tmp_path / "out" / "mot-noi.docx").read_bytes())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi." in docx_text


@pytest.mark.parametrize("change, message", [
    pytest.param(('ky_hieu = "UBND-VHXH"', 'ky_hieu = "CV-UBND"'), "không ghi «CV»", id="CV in ký hiệu"),
    pytest.param(('kinh_gui = ["Trường Tiểu học Kim Đồng", "- Trạm Y tế xã;", "Công an xã."]', ""),
                 "mục kinh_gui", id="no Kính gửi"),
    pytest.param(('trich_yeu = "V/v hướng dẫn tổ chức phong trào thi đua năm 2026"', ""), "mục trich_yeu",
                 id="no V/v"),
    pytest.param(('ngay = 2026-02-03', 'ngay = 2026-02-30'), "dòng 4", id="impossible date"),
    pytest.param(("noi_nhan = [", "noi_nhn = ["), "mục noi_nhn: khóa không dùng được; có phải «noi_nhan»?",
                 id="misspelt key"),
    pytest.param(('ho_ten = "Nguyễn Văn An"', 'ho_va_ten = "Nguyễn Văn An"'), "nguoi_ky.ho_va_ten",
                 id="misspelt signer key"),
])
def test_bad_dispatch_is_reported(tmp_path, change, message):
    source = tmp_path / "sai.md"
    source.write_text(GUIDANCE.replace(*change), encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_body_parsing_and_closing_mark():
    blocks = parse_body("Mở đầu dòng một\nnối dòng hai.\n\n1. Mục một\n- ý a\n- ý b;\n\na) điểm a\nKết thúc.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Mở đầu dòng một nối dòng hai."), ("heading", "1. Mục một"), ("bullet", "- ý a"),
        ("bullet", "- ý b;"), ("heading", "a) điểm a Kết thúc./."),
    ]
    assert parse_body("Đã xong./.")[-1].text == "Đã xong./."
    assert [(r.text, r.bold, r.italic) for r in parse_body("a **b** *c* ***d***")[0].runs] == [
        ("a ", False, False), ("b", True, False), (" ", False, False), ("c", False, True), (" ", False, False),
        ("d", True, True), ("./.", False, False)]


def test_covering_dispatch_names_every_decision_and_unit(built_example):
    text = flat(" ".join(pdf_pages(output_file(built_example, "cong-van-gui-quyet-dinh.pdf"))))
    assert "Số: 123/UBND-VHXH" in text and "V/v gửi Quyết định khen thưởng và Giấy khen năm 2025" in text
    for decision in built_example.checked.decisions:
        assert f"Quyết định số {decision.ref.number:02d}/QĐ-UBND ngày 20 tháng 01 năm 2026" in text
    units = {a.unit for a in built_example.checked.awards}
    for unit in units:
        assert flat(unit) in text, unit
    assert "TL. CHỦ TỊCH" in text and "- Như trên;" in text


def test_covering_dispatch_per_unit(session_copy, tmp_path):
    dot = session_copy / "dot.toml"
    # Per-unit dispatches cannot share [cong_van] so (consistency check): drafts here, numbered by vanban issue.
    text = dot.read_text(encoding="utf-8").replace("# moi_don_vi = true", "moi_don_vi = true")
    text = re.sub(r"(?m)^(so = 123|ngay = 2026-01-22)\b.*\n", "", text)
    dot.write_text(text, encoding="utf-8")
    from generator import pipeline

    result = pipeline.build(session_copy, tmp_path / "out", formats=("pdf",), kinds=("cong-van",))
    files = sorted(f.path for f in result.files)
    assert len(files) == 7 and all(f.startswith("cong-van-gui-quyet-dinh/") for f in files)
    assert sorted(result.findings) == files, "the build checks the format of every dispatch it writes"
    assert not any(f.severity == "loi" for found in result.findings.values() for f in found), result.findings
    text = flat(" ".join(pdf_pages((result.output / "cong-van-gui-quyet-dinh/tram-y-te-xa.pdf").read_bytes())))
    assert "Kính gửi: Trạm Y tế xã." in text
    assert "Bà Lê Thị Thủy, Y sĩ" in text and "Kim Đồng;" not in text.split("Nơi nhận")[0].split("Kính gửi")[1][:40]


def test_nothing_but_the_example_needs_a_dispatch_section(tmp_path):
    # A session without [cong_van] still gets a draft covering dispatch: blank number, the session's signer.
    import shutil

    folder = tmp_path / "dot"
    shutil.copytree(EXAMPLE, folder)
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    dot.write_text(text[: text.index("[cong_van]")], encoding="utf-8")
    from generator import pipeline

    result = pipeline.build(folder, tmp_path / "out", formats=("pdf",), kinds=("cong-van",))
    page = flat(pdf_pages((result.output / "cong-van-gui-quyet-dinh.pdf").read_bytes())[0])
    assert re.search(r"Số:\s+/UBND-VHXH", page)
    assert re.search(r"Hòa Bình, ngày\s+tháng\s+năm 2026", page), "a draft leaves the date blank with the number"


def test_parse_errors_are_input_errors():
    from generator.documents.dispatch import dispatch_from_text

    with pytest.raises(InputError, match="giữa hai dòng"):
        dispatch_from_text("+++\nso = \n+++\nNội dung", "x.md")


@pytest.mark.parametrize(("mistake", "expected"), [
    pytest.param("{% for d in decisions %}", "gui-quyet-dinh.md, dòng", id="unclosed for"),
    pytest.param("{{ session.khong_co }}", "«khong_co» không có trong Session", id="unknown variable"),
    pytest.param("{{ rows_of() }}", "gui-quyet-dinh.md, dòng", id="wrong call"),
])
def test_a_broken_covering_dispatch_body_is_a_template_error(tmp_path, mistake, expected):
    from click.testing import CliRunner

    from generator.cli import cli

    office = tmp_path / "mau" / "cong-van"
    office.mkdir(parents=True)
    (office / "gui-quyet-dinh.md").write_text(f"Nội dung.\n\n{mistake}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--only", "cong-van",
                                      "--templates", str(tmp_path / "mau"), "-q"])
    assert result.exit_code == 4, result.output
    assert expected in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_misspelt_key_in_the_covering_dispatch_settings_is_refused(session_copy, tmp_path):
    from generator import pipeline

    dot = session_copy / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    dot.write_text(text.replace('noi_nhan = ["Chủ tịch, các PCT', 'noi_nhan_x = ["Chủ tịch, các PCT'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        pipeline.build(session_copy, tmp_path / "out", formats=("pdf",), kinds=("cong-van",))
    assert "cong_van.noi_nhan_x" in caught.value.format_message()
    assert "có phải «noi_nhan»?" in caught.value.format_message()


def test_a_long_recipient_continues_under_its_words_not_under_its_dash(built_example):
    import io

    import docx
    import pypdfium2

    data = output_file(built_example, "cong-van-gui-quyet-dinh.pdf")
    page = pypdfium2.PdfDocument(data)[0].get_textpage()

    def left(text: str) -> float:
        index, _ = page.search(text).get_next()
        return page.get_charbox(index)[0]

    assert abs(left("Bền vững thôn") - left("Hợp tác xã Dịch vụ")) < 1 * MM, "continuation under the words"
    assert left("Bền vững thôn") - left("- Hợp tác xã") > 1 * MM
    document = docx.Document(io.BytesIO(output_file(built_example, "cong-van-gui-quyet-dinh.docx")))
    item = next(p for p in document.paragraphs if p.text.startswith("- Hợp tác xã"))
    assert item.paragraph_format.first_line_indent is not None and item.paragraph_format.first_line_indent < 0
    assert item.paragraph_format.first_line_indent.mm == pytest.approx(-3.5, abs=1)


def test_dispatch_checks_what_it_writes_and_exits_1_on_an_error_of_its_own(tmp_path):
    """Like build, `vanban dispatch` reads back its documents with the format checker; a document of its own that
    breaks Nghị định 30 (here an office template without the issuer's name) is written, reported, and exit 1."""
    source = tmp_path / "huong-dan.md"
    source.write_text(GUIDANCE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(source), "--dot", str(EXAMPLE), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 0, result.output
    assert "Kiểm tra thể thức 2 tệp (Nghị định 30)" in result.output
    manifest = (tmp_path / "ra" / "manifest.json").read_text(encoding="utf-8")
    assert '"format_check"' in manifest

    office = tmp_path / "mau"
    html = (BUILTIN_TEMPLATES / "_shared" / "header.html").read_text(encoding="utf-8")
    (office / "_shared").mkdir(parents=True)
    (office / "_shared" / "header.html").write_text(
        html.replace('<div class="quoc-hieu">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>', ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(source), "--dot", str(EXAMPLE), "-o", str(tmp_path / "ra2"),
                                      "--templates", str(office), "--format", "pdf"])
    assert result.exit_code == 1, result.output
    assert "Quốc hiệu" in result.output and "văn bản vừa lập có" in result.output
    assert (tmp_path / "ra2" / "manifest.json").is_file()
