"""`vanban export`: the accountant's payment list, the list of awardees and the summary report, as printable .xlsx."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections import Counter

import openpyxl
import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, EXAMPLE_2024
from test_libreoffice import soffice

from generator import pipeline
from generator.cli import cli
from generator.core.vietnamese import amount_in_words, format_money
from generator.exports.report import summary_report
from generator.summary import certificate_summary

FILES = {"ke-toan": "ke-toan-chi-thuong.xlsx", "danh-sach": "danh-sach-khen-thuong.xlsx",
         "bao-cao": "bao-cao-tong-hop.xlsx"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bang-tinh")
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def sheet(folder, kind):
    return openpyxl.load_workbook(folder / FILES[kind]).active


def table_rows(ws, columns: int):
    """Rows of the table under its header, values of the first ``columns`` cells."""
    return [tuple(ws.cell(row, column).value for column in range(1, columns + 1))
            for row in range(1, ws.max_row + 1)]


def test_export_without_choice_writes_all_three(exported):
    assert sorted(path.name for path in exported.iterdir()) == sorted(FILES.values())


def test_export_writes_only_what_is_asked(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--ke-toan", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [path.name for path in tmp_path.iterdir()] == [FILES["ke-toan"]]


def test_payment_list_subtotals_per_unit_and_total_in_words(exported):
    checked = pipeline.check(EXAMPLE)
    ws = sheet(exported, "ke-toan")
    rows = table_rows(ws, 5)
    total = sum(decision.total for decision in checked.decisions)
    paid = [row for row in rows if isinstance(row[0], int) and isinstance(row[3], int)]
    assert sum(row[3] for row in paid) == total
    # Every paid award appears once, with the form of its decision.
    assert Counter(row[2] for row in paid) == Counter(award.form for award in checked.awards)
    subtotals = {row[0]: row[3] for row in rows if isinstance(row[0], str) and row[0].startswith("Cộng ")}
    expected = Counter()
    for decision in checked.decisions:
        for section in decision.annex.sections:
            for annex_row in section.rows:
                expected[annex_row.award.unit] += annex_row.amount
    assert subtotals == {f"Cộng {unit}": amount for unit, amount in expected.items()}
    assert ("TỔNG CỘNG", None, None, total, None) in rows
    assert (f"Bằng chữ: {amount_in_words(total)}.", None, None, None, None) in rows
    assert rows[4] == ("STT", "Họ và tên / Tên tập thể", "Hình thức", "Số tiền (đồng)", "Ký nhận")


def test_awardee_list_has_decision_number_and_register_number(exported):
    checked = pipeline.check(EXAMPLE)
    rows = [row for row in table_rows(sheet(exported, "danh-sach"), 8) if isinstance(row[0], int)]
    assert len(rows) == len(checked.awards)
    forms = {decision.form: f"{decision.ref.number:02d}/{decision.ref.symbol}" for decision in checked.decisions}
    assert all(row[5] == forms[row[4]] for row in rows)
    # Số sổ as the certificates print them: per form, from the first to the last number of the plan.
    for entry in certificate_summary(checked)["hinh_thuc"]:
        numbers = sorted(row[6] for row in rows if row[4] == entry["hinh_thuc"])
        assert numbers == list(range(entry["so_so_dau"], entry["so_so_cuoi"] + 1))
    without = {decision.form for decision in checked.decisions} - {e["hinh_thuc"] for e in
                                                                  certificate_summary(checked)["hinh_thuc"]}
    assert without and all(row[6] is None for row in rows if row[4] in without)


def test_report_counts_form_subject_gender_and_money():
    checked = pipeline.check(EXAMPLE_2024)
    ws = openpyxl.load_workbook(io.BytesIO(summary_report(checked))).active
    rows = {row[1]: row for row in table_rows(ws, 11) if isinstance(row[0], int)}
    for decision in checked.decisions:
        awards = [a for a in checked.awards if a.form == decision.form]
        people = [a for a in awards if a.subject == "ca-nhan"]
        row = rows[decision.form]
        assert row[3:] == (decision.counts.collectives, decision.counts.households,
                           sum(a.gender == "Nam" for a in people), sum(a.gender == "Nữ" for a in people),
                           sum(a.gender is None for a in people), len(people), len(awards), decision.total)
    total_row = next(row for row in table_rows(ws, 11) if row[0] == "TỔNG CỘNG")
    assert total_row[9] == len(checked.awards)
    assert total_row[10] == sum(d.total for d in checked.decisions)


@pytest.mark.parametrize("kind", sorted(FILES))
def test_exports_are_set_up_for_printing(exported, kind):
    ws = sheet(exported, kind)
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0  # long lists run on, they are not squeezed onto one page
    assert ws.print_title_rows  # the header repeats on every page
    header_row = int(ws.print_title_rows.split(":")[0].lstrip("$"))
    fonts = {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Times New Roman"}
    table = [cell for row in ws.iter_rows(min_row=header_row) for cell in row
             if isinstance(cell.value, int | float)]
    assert table and all(cell.border.left.style == "thin" and cell.border.bottom.style == "thin" for cell in table)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.coordinate not in ws.merged_cells:
                width = ws.column_dimensions[cell.column_letter].width
                assert cell.alignment.wrap_text or len(cell.value) <= width, cell.coordinate


def test_libreoffice_opens_every_export_and_prints_its_words(exported, tmp_path):
    command = soffice()
    files = sorted(exported.glob("*.xlsx"))
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    checked = pipeline.check(EXAMPLE)
    total = sum(decision.total for decision in checked.decisions)
    expected = {
        "ke-toan": ["DANH SÁCH CHI TIỀN THƯỞNG", "Ký nhận", f"Bằng chữ: {amount_in_words(total)}.",
                    format_money(total), "Cộng Trạm Y tế xã"],
        "danh-sach": ["DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG", "Quyết định số 05/QĐ-UBND ngày 20/01/2026",
                      "Số sổ", checked.awards[-1].name],
        "bao-cao": ["BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG", "Chưa ghi", format_money(total)],
    }
    for kind, name in FILES.items():
        converted = tmp_path / name.replace(".xlsx", ".pdf")
        assert converted.is_file(), completed.stderr
        pdf = pypdfium2.PdfDocument(converted.read_bytes())
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
        text = " ".join(pages)
        for phrase in expected[kind]:
            assert phrase in text, (kind, phrase)
        # The header row is printed at the top of every page, not only the first.
        heading = "Số tiền (đồng)" if kind != "bao-cao" else "Hình thức khen thưởng"
        assert all(heading in page for page in pages), kind
        for page in pdf:
            width, height = page.get_size()
            assert {round(width), round(height)} == {595, 842}  # A4 in points


def test_the_same_session_exports_the_same_bytes(tmp_path):
    first, second = tmp_path / "mot", tmp_path / "hai"
    for folder in (first, second):
        assert CliRunner().invoke(cli, ["export", str(EXAMPLE), "-o", str(folder)]).exit_code == 0
    for name in FILES.values():
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        # Not merely saved within the same second: nothing in the file depends on the time of export.
        with zipfile.ZipFile(first / name) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert re.search(r"<dcterms:modified[^>]*>2020-01-01T00:00:00Z<", core), core


def test_a_draft_session_is_exported_as_a_draft(session_copy, tmp_path):
    text = (session_copy / "dot.toml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith(("ngay = ", "so = "))]
    (session_copy / "dot.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(session_copy), "--danh-sach", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = table_rows(sheet(tmp_path, "danh-sach"), 8)
    assert rows[5][0] == "1. Giấy khen — dự thảo quyết định (chưa có số) (15 lượt)"
    assert {row[5] for row in rows if isinstance(row[0], int)} == {"dự thảo"}
