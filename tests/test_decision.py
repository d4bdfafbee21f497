"""The decision set of the bundled examples: wording, order, amounts, and the same words in DOCX and PDF."""

from __future__ import annotations

import json
import re

import pytest
from conftest import docx_paragraphs, output_file, pdf_pages, pdf_words, words

FORMS = ["giay-khen", "lao-dong-tien-tien", "chien-si-thi-dua-co-so", "tap-the-lao-dong-tien-tien"]


def flat(text: str) -> str:
    # A line broken after a hyphen ("12/TTr-" / "VHXH") is one word again.
    return re.sub(r"\s+", " ", re.sub(r"(?<=\S-)\r?\n", "", text))


def test_one_decision_per_form_in_both_formats(built_example):
    names = sorted(path.name for path in built_example.output.iterdir())
    expected = sorted([f"quyet-dinh-{form}.{ext}" for form in FORMS for ext in ("docx", "pdf")]
                      + ["cong-van-gui-quyet-dinh.docx", "cong-van-gui-quyet-dinh.pdf", "giay-khen",
                         "manifest.json"])
    assert names == expected


def test_giay_khen_decision_reads_in_order(built_example):
    text = flat(" ".join(pdf_pages(output_file(built_example, "quyet-dinh-giay-khen.pdf"))))
    expected_in_order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-UBND",
        "Hòa Bình, ngày 20 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc tặng Giấy khen năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025",
        "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH ngày 15 tháng 01 năm 2026.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Hòa Bình cho 03 tập thể và 12 cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025.",
        "Điều 2. Kèm theo Giấy khen, mỗi tập thể được thưởng 1.410.000 đồng, mỗi cá nhân được thưởng 710.000 đồng.",
        "Tổng số tiền thưởng là 12.750.000 đồng (Bằng chữ: Mười hai triệu bảy trăm năm mươi nghìn đồng)",
        "Điều 3.",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, VHXH.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
        "DANH SÁCH",
        "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN NĂM 2025",
        "(Kèm theo Quyết định số 05/QĐ-UBND ngày 20 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Hòa Bình)",
        "I TẬP THỂ (03)",
        "Đội Văn nghệ Ca & Múa thôn Phú Lộc Đông",
        "II CÁ NHÂN (12)",
        "Bà Nguyễn Thị Ánh Tuyết",
        "Tổng cộng 12.750.000",
        "(Bằng chữ: Mười hai triệu bảy trăm năm mươi nghìn đồng)",
        "Danh sách này có 03 tập thể và 12 cá nhân./.",
    ]
    position = 0
    for fragment in expected_in_order:
        found = text.find(fragment, position)
        assert found >= 0, f"missing after position {position}: {fragment!r}"
        position = found + len(fragment)


def test_every_awardee_is_in_the_annex(built_example):
    from generator.pipeline import check

    checked = check(built_example.checked.session.folder)
    for decision in checked.decisions:
        pdf = flat(" ".join(pdf_pages(output_file(built_example, f"{decision.slug}.pdf"))[1:]))
        for section in decision.annex.sections:
            for row in section.rows:
                assert flat(row.name) in pdf, (decision.form, row.name)


def test_title_decision_wording(built_example):
    text = flat(" ".join(pdf_pages(output_file(built_example, "quyet-dinh-lao-dong-tien-tien.pdf"))))
    # Typographic quotes around the title's name since issue 14 (straight ASCII quotes before).
    assert "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025" in text
    assert "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” năm 2025 cho 16 cá nhân (có danh sách kèm theo)." in text
    assert "Kèm theo danh hiệu, mỗi cá nhân được thưởng 710.000 đồng." in text
    assert "CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU “LAO ĐỘNG TIÊN TIẾN” NĂM 2025" in text


def test_draft_decision_leaves_number_and_date_blank(built_example):
    # Chiến sĩ thi đua cơ sở has a number but no own date: the session date applies. Make a real draft instead.
    from generator.documents.building import build_decisions
    from generator.pipeline import check

    checked = check(built_example.checked.session.folder)
    session = checked.session.__class__(**{**checked.session.__dict__, "signed_on": None, "numbering": ()})
    decision = build_decisions(session, checked.awards, checked.catalogue).decisions[0]
    from generator.pipeline import render_decision

    pdf = next(f for f in render_decision(decision, ("pdf",)) if f.format == "pdf")
    text = " ".join(pdf_pages(pdf.data))
    assert re.search(r"Số:\s+/QĐ-UBND", text)
    assert re.search(r"Hòa Bình, ngày\s+tháng\s+năm 2026", text)
    assert re.search(r"Kèm theo Quyết định số\s+/QĐ-UBND ngày\s+tháng\s+năm 2026 của", text)


@pytest.mark.parametrize("form", FORMS)
def test_docx_and_pdf_say_the_same_words(built_example, form):
    in_pdf = pdf_words(output_file(built_example, f"quyet-dinh-{form}.pdf"))
    in_docx = words(" ".join(docx_paragraphs(output_file(built_example, f"quyet-dinh-{form}.docx"))))
    assert in_pdf == in_docx, {"only in PDF": in_pdf - in_docx, "only in DOCX": in_docx - in_pdf}


def test_manifest_totals_equal_annex_sums(built_example):
    receipt = json.loads((built_example.output / "manifest.json").read_text(encoding="utf-8"))
    assert receipt["dot"] == "vi-du"
    assert receipt["counts"]["Giấy khen"] == {"ca_nhan": 12, "tap_the": 3, "ho_gia_dinh": 0}
    assert receipt["totals"] == {"Giấy khen": 12_750_000, "Lao động tiên tiến": 16 * 710_000,
                                 "Chiến sĩ thi đua cơ sở": 4 * 2_340_000, "Tập thể lao động tiên tiến": 5 * 1_880_000}
    for decision in built_example.checked.decisions:
        rows = [row.amount for section in decision.annex.sections for row in section.rows]
        assert sum(rows) == decision.total == receipt["totals"][decision.form]
    pdf_entry = next(f for f in receipt["files"] if f["path"] == "quyet-dinh-giay-khen.pdf")
    assert pdf_entry["kind"] == "quyet-dinh" and pdf_entry["pages"] >= 2 and len(pdf_entry["sha256"]) == 64


def test_2024_decisions_use_the_base_salary_of_their_own_date(built_2024):
    decisions = {d.form: d for d in built_2024.checked.decisions}
    assert decisions["Giấy khen"].legal.base_salary == 2_340_000
    assert decisions["Giấy khen"].amount_per_subject == {"tap-the": 1_410_000, "ca-nhan": 710_000}
    assert decisions["Lao động tiên tiến"].legal.base_salary == 1_800_000
    assert decisions["Lao động tiên tiến"].amount_per_subject == {"ca-nhan": 540_000}
    text = flat(" ".join(pdf_pages(output_file(built_2024, "quyet-dinh-lao-dong-tien-tien.pdf"))))
    assert "Số: 09/QĐ-UBND" in text and "Sơn Tịnh, ngày 14 tháng 6 năm 2024" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023" in text
    assert "mỗi cá nhân được thưởng 540.000 đồng" in text
    assert "(Bằng chữ: Một triệu sáu trăm hai mươi nghìn đồng)" in text
    # Each decision cites its own proposal, dated before it is signed (not the December one of the Giấy khen).
    assert "tại Tờ trình số 18/TTr-NV ngày 07 tháng 6 năm 2024." in text and "45/TTr-NV" not in text
    giay_khen = flat(" ".join(pdf_pages(output_file(built_2024, "quyet-dinh-giay-khen.pdf"))))
    assert "tại Tờ trình số 45/TTr-NV ngày 10 tháng 12 năm 2024." in giay_khen and "18/TTr-NV" not in giay_khen
    assert [w for w in built_2024.checked.warnings if "dòng đề nghị" in w.message] == []


def test_build_twice_is_byte_identical(built_example, tmp_path):
    from generator import pipeline

    again = pipeline.build(built_example.checked.session.folder, tmp_path / "again")
    first = json.loads((built_example.output / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((again.output / "manifest.json").read_text(encoding="utf-8"))
    assert first["files"] == second["files"]
    assert first["input_sha256"] == second["input_sha256"]


def test_ampersand_and_angle_brackets_in_the_wording_survive_in_both_formats(tmp_path):
    """The shared sentences are macros: what they insert must be escaped once, in DOCX and PDF alike."""
    from dataclasses import replace

    from conftest import EXAMPLE

    from generator import pipeline
    from generator.documents.building import build_decisions

    checked = pipeline.check(EXAMPLE)
    deed = "có thành tích trong phong trào Văn hóa & Thể thao <cấp xã> năm 2025"
    session = replace(checked.session, achievement=deed)
    decision = build_decisions(session, checked.awards, checked.catalogue).decisions[0]
    files = {item.format: item.data for item in pipeline.render_decision(decision, ("docx", "pdf"))}
    article = next(p for p in docx_paragraphs(files["docx"]) if p.startswith("Điều 1."))
    assert article.endswith(f"(có danh sách kèm theo), {deed}.")
    assert f"{deed}." in flat(" ".join(pdf_pages(files["pdf"])))
    assert "&amp;" not in article and "&lt;" not in flat(" ".join(pdf_pages(files["pdf"])))
