"""The command line: fast start-up (no rendering libraries for --help and check), summaries, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from conftest import EXAMPLE

from generator.cli import cli

PROBE = """
import sys
from generator.cli import main
sys.argv = ["vanban", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("weasyprint", "docxtpl", "docx", "openpyxl") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def imported_after(*arguments: str) -> list[str]:
    completed = subprocess.run([sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("HEAVY:"))
    return [name for name in line[len("HEAVY:"):].split(",") if name]


def test_help_imports_no_rendering_library():
    assert imported_after("--help") == []


def test_check_imports_no_rendering_library():
    # Nor openpyxl since issue 19: a usual workbook's parts are read by reading/workbook_parts.py.
    assert imported_after("check", str(EXAMPLE)) == []


def test_check_prints_a_summary_a_secretary_can_read():
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "• Giấy khen: số 05/QĐ-UBND, ngày 20/01/2026" in result.output
    assert "Mức thưởng mỗi cá nhân: 710.000 đồng" in result.output
    # The source carries article, clause and the date it applies from since issue 14.
    assert ("Lương cơ sở tại ngày 20/01/2026: 2.340.000 đồng (Nghị định số 73/2024/NĐ-CP, Điều 3 khoản 2 "
            "(áp dụng từ 01/7/2024))") in result.output
    # The two warnings were false "không thuộc thẩm quyền" ones (CSTĐCS, TTLĐTT of a commune after 01/7/2025,
    # NĐ 129/2025 Điều 59): issue 14 removed them.
    assert "không thuộc thẩm quyền" not in result.output
    assert "Không có cảnh báo." in result.output


def test_check_json_is_valid_and_counts():
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["so_nguoi_nhan"] == 40
    giay_khen = data["quyet_dinh"][0]
    assert giay_khen["counts"] == {"tap_the": 3, "ca_nhan": 12, "ho_gia_dinh": 0}
    assert giay_khen["can_cu_phap_ly"]["luong_co_so"] == 2_340_000


def test_bad_format_option_is_refused_in_vietnamese(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--format", "odt", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "chỉ nhận: pdf, docx" in result.output
    assert not (tmp_path / "x").exists()


def test_new_creates_a_session_folder(tmp_path):
    target = tmp_path / "dot-moi"
    office = ["--co-quan", "ỦY BAN NHÂN DÂN / XÃ AN PHÚ", "--dia-danh", "An Phú", "--nguoi-ky", "Lê Văn Bình",
              "--chuc-vu", "CHỦ TỊCH", "--nam", "2025"]
    result = CliRunner().invoke(cli, ["new", str(target), *office])
    assert result.exit_code == 0, result.output
    assert (target / "dot.toml").is_file() and (target / "danh-sach.xlsx").is_file()
    again = CliRunner().invoke(cli, ["new", str(target), *office])
    assert again.exit_code != 0 and "đã có dữ liệu" in again.output


def test_build_prints_certificates_on_stock_and_reports_the_format_check(tmp_path):
    target = tmp_path / "in-phoi"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--only", "quyet-dinh,giay-khen",
                                      "--profile", "a4-ngang-phoi", "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    # Our PDFs embed the bundled Liberation Serif, not Times New Roman: one honest warning each, no error.
    assert "Kiểm tra thể thức 8 tệp (Nghị định 30): 0 lỗi, 4 cảnh báo về thể thức." in result.output
    assert result.output.count("PDF nhúng phông VanBan Serif (Liberation Serif)") == 4
    assert "giay-khen/tat-ca.pdf (19 trang)" in result.output
    made = sorted(path.name for path in (target / "giay-khen").iterdir())
    assert "tat-ca.pdf" in made and not any(name.endswith(".docx") for name in made), "overlay has no Word file"
    assert not list(target.glob("cong-van*")), "--only leaves the dispatch out"
    receipt = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    checked = [entry for entry in receipt["files"] if "format_check" in entry]
    assert len(checked) == 8 and all(entry["format_check"]["errors"] == 0 for entry in checked)
    assert all(entry["kind"] == "quyet-dinh" for entry in checked)


def test_build_refuses_an_unknown_profile_and_keeps_the_previous_output(tmp_path):
    target = tmp_path / "ket-qua"
    target.mkdir()
    (target / "cu.txt").write_text("bản cũ", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--profile", "khong-co", "-q"])
    assert result.exit_code == 2
    assert "khong-co" in result.output and "Traceback" not in result.output
    assert sorted(path.name for path in target.iterdir()) == ["cu.txt"]


def test_calibrate_writes_the_calibration_page(tmp_path):
    target = tmp_path / "can-chinh.pdf"
    result = CliRunner().invoke(cli, ["certificates", "calibrate", "a4-ngang-phoi", "-o", str(target)])
    assert result.exit_code == 0, result.output
    import pypdfium2

    document = pypdfium2.PdfDocument(target.read_bytes())
    assert len(document) == 1
    width, height = document[0].get_size()
    assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 210


def test_lint_passes_our_decision_and_fails_a_hand_typed_one(built_example, tmp_path):
    import docx

    ours = built_example.output / "quyet-dinh-giay-khen.docx"
    result = CliRunner().invoke(cli, ["lint", str(ours), str(ours.with_suffix(".pdf"))])
    assert result.exit_code == 0, result.output
    assert "quyet-dinh-giay-khen.docx: đúng thể thức, không có lỗi nào." in result.output
    assert "quyet-dinh-giay-khen.pdf: 0 lỗi, 1 cảnh báo" in result.output and "Liberation Serif" in result.output

    typed = docx.Document()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Số: 5/QĐ-UBND",
                 "Hòa Bình, ngày 20 tháng 01 năm 2026", "QUYẾT ĐỊNH", "Về việc tặng Giấy khen"):
        typed.add_paragraph(text)
    hand = tmp_path / "go-tay.docx"
    typed.save(hand)
    result = CliRunner().invoke(cli, ["lint", str(hand), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] >= 2 and report["files"][0]["file"] == str(hand)
    findings = report["files"][0]["findings"]
    assert all({"element", "rule", "severity", "message"} <= f.keys() for f in findings)
    assert any(f["element"] == "Tiêu ngữ" and "gạch nối" in f["message"] and f["severity"] == "loi"
               and f["rule"] == "Phụ lục I, Phần I, mục II, khoản 1" for f in findings)
    assert any(f["element"] == "Số, ký hiệu" and "«05»" in f["message"] for f in findings)


def test_lint_names_a_file_it_cannot_read(tmp_path):
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải văn bản Word", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", str(text)])
    assert result.exit_code == 2
    assert "ghi-chu.txt" in result.output and "Traceback" not in result.output


def test_the_console_command_exits_non_zero_when_lint_finds_errors(tmp_path):
    import docx

    typed = docx.Document()
    typed.add_paragraph("Độc lập – Tự do – Hạnh phúc")
    typed.save(tmp_path / "go-tay.docx")
    completed = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "lint",
                                str(tmp_path / "go-tay.docx")], capture_output=True, text=True)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Tiêu ngữ" in completed.stdout


def test_build_reports_what_an_offices_template_breaks_in_the_format(tmp_path):
    wording = (EXAMPLE.parent.parent / "templates" / "_shared" / "loi-van.j2").read_text(encoding="utf-8")
    assert "thi hành Quyết định này./." in wording
    office = tmp_path / "mau-xa" / "_shared"
    office.mkdir(parents=True)
    (office / "loi-van.j2").write_text(wording.replace("thi hành Quyết định này./.", "thi hành Quyết định này."),
                                       encoding="utf-8")
    target = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--only", "quyet-dinh",
                                      "--format", "docx", "--templates", str(tmp_path / "mau-xa"), "-q"])
    # Issue 16: the build writes every file (so they can be opened), reports, and exits 1 on an error of its own.
    assert result.exit_code == 1, result.output
    assert "LỖI · Nội dung" in result.output and "./." in result.output
    assert "Kiểm tra thể thức 4 tệp (Nghị định 30): 4 lỗi" in result.output
    receipt = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert all(entry["format_check"]["errors"] == 1 for entry in receipt["files"])


def test_build_says_what_reading_the_list_converted(tmp_path):
    from test_loading_corpus import session_with, write_csv_windows_1258, write_tcvn3

    legacy = session_with(tmp_path / "tcvn3", write_tcvn3)
    result = CliRunner().invoke(cli, ["build", str(legacy), "-o", str(tmp_path / "a"), "--format", "pdf",
                                      "--only", "quyet-dinh", "-q"])
    assert result.exit_code == 0, result.output
    said = f"Lưu ý: đã chuyển 33 ô từ bảng mã cũ (TCVN3, VNI) sang Unicode; xem từng ô bằng lệnh: vanban check {legacy}"
    assert said in result.output
    windows = session_with(tmp_path / "cp1258", write_csv_windows_1258, "danh-sach.csv")
    result = CliRunner().invoke(cli, ["build", str(windows), "-o", str(tmp_path / "b"), "--format", "pdf",
                                      "--only", "quyet-dinh", "-q"])
    assert result.exit_code == 0, result.output
    assert "Lưu ý: Tệp danh-sach.csv không phải UTF-8: đã đọc theo bảng mã Windows-1258" in result.output


def test_check_says_which_certificates_will_be_printed_and_their_register_numbers(session_copy):
    result = CliRunner().invoke(cli, ["check", str(EXAMPLE)])
    assert "Giấy khen, giấy chứng nhận (giay-khen/): hồ sơ phôi a4-ngang-day-du, in đủ mẫu" in result.output
    assert "    Giấy khen: 15 giấy, Số sổ 1–15" in result.output
    assert "    Chiến sĩ thi đua cơ sở (Bằng chứng nhận): 4 giấy, Số sổ 1–4" in result.output

    dot = session_copy / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    text = text.replace("so_so_bat_dau = 1 ", 'so_so_bat_dau = { "Giấy khen" = 120 }\nho_so = "a4-ngang-phoi"\n#', 1)
    dot.write_text(text, encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["check", str(session_copy), "--json"]).output)
    assert data["giay_chung_nhan"]["ho_so"] == "a4-ngang-phoi" and data["giay_chung_nhan"]["che_do"] == "overlay"
    assert data["giay_chung_nhan"]["hinh_thuc"][0] == {"hinh_thuc": "Giấy khen", "giay": "Giấy khen", "so_luong": 15,
                                                        "so_so_dau": 120, "so_so_cuoi": 134}


def test_check_refuses_bad_certificate_settings_before_any_build(session_copy):
    dot = session_copy / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8").replace("so_so_bat_dau = 1 ", "so_so_bat_dau = 0 ", 1),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(session_copy)])
    assert result.exit_code == 2
    assert "giay_khen.so_so_bat_dau" in result.output
