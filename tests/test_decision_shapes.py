"""Decisions in the shapes real offices issue: described by data in dot.toml, the same words in DOCX and PDF.

Each shape is a session folder written here (dot.toml + list). For each: the key lines stand in the DOCX and the PDF
in the expected order, the project's own format check finds no error, and LibreOffice converts the DOCX with the
same lines.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import docx_paragraphs, pdf_pages

from generator import pipeline
from generator.core.errors import InputError

COMMUNE = """
[co_quan]
ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]
viet_tat = "UBND"
dia_danh = "Hòa Bình"
cap = "xa"

[nguoi_ky]
tham_quyen = "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"
quyen_han = "KT. CHỦ TỊCH"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Nguyễn Văn An"
"""
SCHOOL = """
[co_quan]
chu_quan = ["ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "PHÒNG VĂN HÓA - XÃ HỘI"]
ten = ["TRƯỜNG TRUNG HỌC CƠ SỞ", "TÂN PHÚ"]
viet_tat = "THCSTP"
dia_danh = "Tân Phú"
cap = "don-vi"

[nguoi_ky]
tham_quyen = "HIỆU TRƯỞNG TRƯỜNG THCS TÂN PHÚ"
chuc_vu = "HIỆU TRƯỞNG"
ho_ten = "Lê Thị Hoa"
"""
PROVINCE = """
[co_quan]
ten = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
viet_tat = "UBND"
dia_danh = "Lâm Đồng"
cap = "tinh"

[nguoi_ky]
tham_quyen = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
quyen_han = "TM. ỦY BAN NHÂN DÂN"
chuc_vu = "CHỦ TỊCH"
ho_ten = "Hồ Văn Mười"
"""
MINISTRY = """
[co_quan]
ten = ["BỘ NỘI VỤ"]
viet_tat = "BNV"
dia_danh = "Hà Nội"
cap = "bo"

[nguoi_ky]
tham_quyen = "BỘ TRƯỞNG BỘ NỘI VỤ"
tham_quyen_viet_thuong = "Bộ trưởng Bộ Nội vụ"
quyen_han = "KT. BỘ TRƯỞNG"
chuc_vu = "THỨ TRƯỞNG"
ho_ten = "Trần Văn Bình"
"""
PRIME_MINISTER = """
[co_quan]
ten = ["THỦ TƯỚNG CHÍNH PHỦ"]
viet_tat = "TTg"
dia_danh = "Hà Nội"
cap = "trung-uong"

[nguoi_ky]
tham_quyen = "THỦ TƯỚNG CHÍNH PHỦ"
quyen_han = "KT. THỦ TƯỚNG"
chuc_vu = "PHÓ THỦ TƯỚNG"
ho_ten = "Nguyễn Văn Cường"
"""
ENTERPRISE = """
[co_quan]
chu_quan = "TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM"
ten = ["CÔNG TY ĐIỆN LỰC", "LÂM ĐỒNG"]
viet_tat = "PCLĐ"
dia_danh = "Lâm Đồng"
cap = "doanh-nghiep"

[nguoi_ky]
tham_quyen = "GIÁM ĐỐC CÔNG TY ĐIỆN LỰC LÂM ĐỒNG"
tham_quyen_viet_thuong = "Giám đốc Công ty Điện lực Lâm Đồng"
chuc_vu = "GIÁM ĐỐC"
ho_ten = "Phạm Thị Dung"
"""

SESSION = """
[dot]
nam = 2025
ngay = 2025-12-20
thanh_tich = "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025"
de_nghi = "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH ngày 15 tháng 12 năm 2025"
can_cu = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
thi_hanh = ["Chánh Văn phòng", "Trưởng phòng Văn hóa - Xã hội"]
quy = "Quỹ Thi đua, khen thưởng"
noi_nhan = {noi_nhan}
luu = "VT, VHXH"

[danh_sach]
tep = "danh-sach.csv"

[[hinh_thuc]]
ten = "Giấy khen không kèm tiền"
loai = "tang"
doi_tuong = ["ca-nhan", "tap-the"]

[[hinh_thuc]]
ten = "Xã, phường miền núi"
loai = "cong-nhan"
doi_tuong = ["tap-the"]
"""

PEOPLE = [("Nguyễn Thị Lan", "Cá nhân", "Nữ", "Giáo viên", "Trường Tiểu học Kim Đồng"),
          ("Trần Văn Hùng", "Cá nhân", "Nam", "Kế toán", "Trạm Y tế xã"),
          ("Lê Minh Tâm", "Cá nhân", "Nam", "Cán bộ", "Công an xã"),
          ("Phạm Thu Hà", "Cá nhân", "Nữ", "Giáo viên", "Trường Mầm non Hoa Sen"),
          ("Đỗ Văn Nam", "Cá nhân", "Nam", "Bác sĩ", "Trạm Y tế xã")]


def write_session(folder: Path, issuer: str, form: str, rows: int, decision: str = "",
                  noi_nhan: str = '["Ban Thi đua - Khen thưởng tỉnh"]') -> Path:
    folder.mkdir(parents=True)
    (folder / "dot.toml").write_text(issuer + SESSION.format(noi_nhan=noi_nhan) + decision, encoding="utf-8")
    with (folder / "danh-sach.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức"])
        for index, (name, subject, gender, position, unit) in enumerate(PEOPLE[:rows], start=1):
            writer.writerow([index, name, subject, gender, position, unit, form])
    return folder


FOUR_ARTICLES = """
[[quyet_dinh]]
hinh_thuc = "Giấy khen"
so = 21
  [[quyet_dinh.dieu]]
  mac_dinh = "trao-tang"
  [[quyet_dinh.dieu]]
  mac_dinh = "tien-thuong"
  [[quyet_dinh.dieu]]
  tieu_de = "Hiệu lực thi hành"
  noi_dung = ["Quyết định này có hiệu lực kể từ ngày ký."]
  [[quyet_dinh.dieu]]
  tieu_de = "Tổ chức thực hiện"
  noi_dung = ["1. Phòng Văn hóa - Xã hội tổ chức trao tặng {hinh_thuc} cho {so_luong}.",
              "2. Chánh Văn phòng, các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."]
"""
FIVE_ARTICLES = """
[[quyet_dinh]]
hinh_thuc = "Giấy khen"
so = 22
noi_nhan = ["UBND tỉnh (b/c)", "Như Điều 5", "Ban Thi đua - Khen thưởng tỉnh"]
  [[quyet_dinh.dieu]]
  mac_dinh = "trao-tang"
  [[quyet_dinh.dieu]]
  mac_dinh = "tien-thuong"
  [[quyet_dinh.dieu]]
  noi_dung = ["Giao Phòng Văn hóa - Xã hội tổ chức lễ trao tặng trong {ky}."]
  [[quyet_dinh.dieu]]
  noi_dung = ["Quyết định này có hiệu lực kể từ ngày ký."]
  [[quyet_dinh.dieu]]
  mac_dinh = "thi-hanh"
"""
TWO_ARTICLES = """
[[quyet_dinh]]
hinh_thuc = "Giấy khen không kèm tiền"
so = 23
danh_sach = "kem-theo"
them_nhu_dieu = false
  [[quyet_dinh.dieu]]
  mac_dinh = "trao-tang"
  [[quyet_dinh.dieu]]
  mac_dinh = "thi-hanh"
"""
RECOGNITION = """
[[quyet_dinh]]
hinh_thuc = "Xã, phường miền núi"
so = 2284
trich_yeu = "Về việc công nhận xã, phường miền núi"
cot = ["stt", "ho_ten", "ghi_chu"]
ten_cot = { ho_ten = "Tên xã, phường" }
chia_muc = false
ket_thuc = "Ấn định danh sách {so_dong} xã, phường thuộc miền núi./."
  [[quyet_dinh.dieu]]
  noi_dung = ["Công nhận các xã, phường miền núi, chi tiết theo Danh sách kèm theo."]
  [[quyet_dinh.dieu]]
  tieu_de = "Hiệu lực thi hành"
  noi_dung = ["Quyết định này có hiệu lực thi hành kể từ ngày ký."]
  [[quyet_dinh.dieu]]
  tieu_de = "Tổ chức thực hiện"
  noi_dung = ["Chánh Văn phòng và các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này./."]
"""

# id: (issuer, form, rows, [[quyet_dinh]] text, Nơi nhận, the lines expected in this order)
SHAPES = {
    "inline, 1 recipient, no money": (COMMUNE, "Giấy khen không kèm tiền", 1, "", '["Ban TĐKT tỉnh"]', [
        "Về việc tặng Giấy khen không kèm tiền năm 2025",
        "Điều 1. Tặng Giấy khen không kèm tiền của Chủ tịch Ủy ban nhân dân xã Hòa Bình cho:",
        "Bà Nguyễn Thị Lan, Giáo viên, Trường Tiểu học Kim Đồng, đã có thành tích xuất sắc trong thực hiện nhiệm vụ "
        "năm 2025.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "- Như Điều 2;", "- Ban TĐKT tỉnh;"]),
    "inline, 3 recipients, no money": (COMMUNE, "Giấy khen không kèm tiền", 3, "", '["Ban TĐKT tỉnh"]', [
        "Điều 1. Tặng Giấy khen không kèm tiền của Chủ tịch Ủy ban nhân dân xã Hòa Bình cho 03 cá nhân, đã có "
        "thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025:",
        "1. Bà Nguyễn Thị Lan, Giáo viên, Trường Tiểu học Kim Đồng;", "2. Ông Trần Văn Hùng, Kế toán, Trạm Y tế xã;",
        "3. Ông Lê Minh Tâm, Cán bộ, Công an xã.", "Điều 2."]),
    "annex with money": (COMMUNE, "Giấy khen", 5, "", '["Ban TĐKT tỉnh"]', [
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Hòa Bình cho 05 cá nhân (có danh sách kèm theo)",
        "Điều 2. Kèm theo Giấy khen", "Điều 3.", "- Như Điều 3;", "DANH SÁCH", "Số tiền (đồng)", "Tổng cộng",
        "(Bằng chữ:", "Danh sách này có 05 cá nhân./."]),
    "annex without money, 2 articles, no Như Điều": (PROVINCE, "Giấy khen không kèm tiền", 5, TWO_ARTICLES,
                                                      '["Sở Nội vụ"]', [
        "Điều 1. Tặng Giấy khen không kèm tiền của Ủy ban nhân dân tỉnh Lâm Đồng cho 05 cá nhân (có danh sách kèm "
        "theo)", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "- Sở Nội vụ;", "TM. ỦY BAN NHÂN DÂN",
        "DANH SÁCH", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Ghi chú", "Danh sách này có 05 cá nhân./."]),
    "3 articles, school under a commune, chủ quản on two lines": (SCHOOL, "Giấy khen", 3, "", '["Phòng VH-XH"]', [
        "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", "PHÒNG VĂN HÓA - XÃ HỘI", "TRƯỜNG TRUNG HỌC CƠ SỞ", "TÂN PHÚ",
        "Số: 23/QĐ-THCSTP", "HIỆU TRƯỞNG TRƯỜNG THCS TÂN PHÚ",
        "Điều 1. Tặng Giấy khen của Hiệu trưởng Trường THCS Tân Phú cho 03 cá nhân", "Điều 3."]),
    "4 articles, two headed, clauses": (COMMUNE, "Giấy khen", 5, FOUR_ARTICLES, '["Ban TĐKT tỉnh"]', [
        "Điều 1. Tặng Giấy khen", "Điều 2. Kèm theo Giấy khen", "Điều 3. Hiệu lực thi hành",
        "Quyết định này có hiệu lực kể từ ngày ký.", "Điều 4. Tổ chức thực hiện",
        "1. Phòng Văn hóa - Xã hội tổ chức trao tặng Giấy khen cho 05 cá nhân.",
        "2. Chánh Văn phòng, các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "- Như Điều 4;"]),
    "5 articles, Như Điều 5 in the middle of Nơi nhận": (COMMUNE, "Giấy khen", 5, FIVE_ARTICLES, "[]", [
        "Điều 3. Giao Phòng Văn hóa - Xã hội tổ chức lễ trao tặng trong năm 2025.",
        "Điều 4. Quyết định này có hiệu lực kể từ ngày ký.", "Điều 5. Quyết định này có hiệu lực kể từ ngày ký.",
        "- UBND tỉnh (b/c);", "- Như Điều 5;", "- Ban Thi đua - Khen thưởng tỉnh;", "- Lưu: VT, VHXH."]),
    "province recognition list without money": (PROVINCE, "Xã, phường miền núi", 0, RECOGNITION, '["Sở Nội vụ"]', [
        "Số: 2284/QĐ-UBND", "Về việc công nhận xã, phường miền núi", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "Điều 1. Công nhận các xã, phường miền núi, chi tiết theo Danh sách kèm theo.",
        "Điều 2. Hiệu lực thi hành", "Điều 3. Tổ chức thực hiện", "- Như Điều 3;", "STT", "Tên xã, phường",
        "Xã Đam Rông", "Xã Cát Tiên", "Ấn định danh sách 2 xã, phường thuộc miền núi./."]),
    "ministry": (MINISTRY, "Giấy khen không kèm tiền", 2, "", '["Vụ Thi đua"]', [
        "BỘ NỘI VỤ", "Số:", "Hà Nội, ngày 20 tháng 12 năm 2025", "BỘ TRƯỞNG BỘ NỘI VỤ",
        "Điều 1. Tặng Giấy khen không kèm tiền của Bộ trưởng Bộ Nội vụ cho 02 cá nhân", "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG"]),
    "Prime Minister": (PRIME_MINISTER, "Giấy khen không kèm tiền", 1, "", '["Ban TĐKT TW"]', [
        "THỦ TƯỚNG CHÍNH PHỦ", "QĐ-TTg", "Điều 1. Tặng Giấy khen không kèm tiền của Thủ tướng Chính phủ cho:",
        "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"]),
    "enterprise": (ENTERPRISE, "Giấy khen không kèm tiền", 2, "", '["Công đoàn Công ty"]', [
        "TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM", "CÔNG TY ĐIỆN LỰC", "LÂM ĐỒNG", "QĐ-PCLĐ",
        "Điều 1. Tặng Giấy khen không kèm tiền của Giám đốc Công ty Điện lực Lâm Đồng cho 02 cá nhân",
        "GIÁM ĐỐC", "Phạm Thị Dung"]),
    "period as text": (COMMUNE, "Giấy khen", 2,
                       '\n[[quyet_dinh]]\nhinh_thuc = "Giấy khen"\nso = 24\nky = "năm học 2024 - 2025"\n',
                       '["Ban TĐKT tỉnh"]', [
        "Về việc tặng Giấy khen năm học 2024 - 2025", "CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN NĂM HỌC 2024 - 2025"]),
}
COMMUNES = [("Xã Đam Rông", "Tập thể", "", "", "Xã Đam Rông"), ("Xã Cát Tiên", "Tập thể", "", "", "Xã Cát Tiên")]


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\x02", "-").split())


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order (empty when all are)."""
    missing, position = [], 0
    for needle in needles:
        found = haystack.find(normalised(needle), position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(normalised(needle))
    return missing


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    """Every shape built once (DOCX and PDF, checked by the format checker), and LibreOffice's PDF of each DOCX."""
    root = tmp_path_factory.mktemp("shapes")
    built = {}
    for number, (name, (issuer, form, rows, decision, noi_nhan, _)) in enumerate(SHAPES.items()):
        folder = root / f"shape-{number}"
        if form == "Xã, phường miền núi":
            write_session(folder, issuer, form, 0, decision, noi_nhan)
            with (folder / "danh-sach.csv").open("a", newline="", encoding="utf-8") as handle:
                for index, (unit, subject, _, _, same) in enumerate(COMMUNES, start=1):
                    csv.writer(handle).writerow([index, unit, subject, "", "", same, form])
        else:
            decision = decision or '\n[[quyet_dinh]]\nhinh_thuc = "{form}"\nso = 23\n'.replace("{form}", form)
            write_session(folder, issuer, form, rows, decision, noi_nhan)
        built[name] = pipeline.build(folder, root / f"out-{number}", kinds=("quyet-dinh",))
    converted = root / "libreoffice"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    docx_files = [result.output / item.path for result in built.values() for item in result.files
                  if item.format == "docx"]
    if soffice:
        for index, path in enumerate(docx_files):  # distinct names: every shape's file has the same slug
            shutil.copy(path, root / f"shape-{index}.docx")
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(converted),
                        *(str(root / f"shape-{index}.docx") for index in range(len(docx_files)))],
                       check=True, capture_output=True, timeout=600)
    return built, converted, soffice


def file_of(result, extension: str) -> bytes:
    return next(item.data for item in result.files if item.format == extension)


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_docx_says_the_lines_in_order(shapes, name):
    built, _, _ = shapes
    text = normalised(" ".join(docx_paragraphs(file_of(built[name], "docx"))))
    assert in_order(text, SHAPES[name][5]) == []


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_pdf_says_the_lines_in_order(shapes, name):
    built, _, _ = shapes
    text = normalised(" ".join(pdf_pages(file_of(built[name], "pdf"))))
    # A hyphen that ends a printed line loses the space after it in text extraction.
    assert in_order(re.sub(r"(?<=\S)- ", "-", text), [re.sub(r"(?<=\S)- ", "-", line)
                                                      for line in SHAPES[name][5]]) == []


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_format_check_finds_no_error(shapes, name):
    built, _, _ = shapes
    errors = {path: [f"{finding.element}: {finding.message}" for finding in found if finding.is_error]
              for path, found in built[name].findings.items()}
    assert errors == {path: [] for path in errors}


def test_libreoffice_converts_every_shape_with_the_same_lines(shapes):
    built, converted, soffice = shapes
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    for index, name in enumerate(SHAPES):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(converted / f"shape-{index}.pdf"))
        text = normalised(" ".join(page.get_textpage().get_text_range() for page in pdf))
        text = re.sub(r"(?<=\S)- ", "-", text)
        assert in_order(text, [re.sub(r"(?<=\S)- ", "-", line) for line in SHAPES[name][5]]) == [], name


def test_a_decision_without_annex_has_no_annex_page_in_either_format(shapes):
    built, _, _ = shapes
    result = built["inline, 1 recipient, no money"]
    assert "DANH SÁCH" not in " ".join(docx_paragraphs(file_of(result, "docx")))
    assert len(pdf_pages(file_of(result, "pdf"))) == 1


def test_a_list_without_money_has_no_money_column_total_or_words(shapes):
    built, _, _ = shapes
    for name in ("annex without money, 2 articles, no Như Điều", "province recognition list without money"):
        for text in (" ".join(docx_paragraphs(file_of(built[name], "docx"))),
                     " ".join(pdf_pages(file_of(built[name], "pdf")))):
            assert "Số tiền" not in text and "Tổng cộng" not in text and "Bằng chữ" not in text, name


def test_nhu_dieu_pointing_at_a_missing_article_is_refused(tmp_path):
    decision = '\n[[quyet_dinh]]\nhinh_thuc = "Giấy khen"\nnoi_nhan = ["Như Điều 7", "UBND tỉnh"]\n'
    folder = write_session(tmp_path / "dot", COMMUNE, "Giấy khen", 2, decision)
    with pytest.raises(InputError) as raised:
        pipeline.check(folder)
    assert "Nơi nhận ghi «Như Điều 7» nhưng quyết định «Giấy khen» chỉ có 3 Điều; sửa thành «Như Điều 3»" in \
        str(raised.value.problems[0])


def test_an_unknown_placeholder_is_refused_naming_the_known_ones(tmp_path):
    decision = ('\n[[quyet_dinh]]\nhinh_thuc = "Giấy khen"\n  [[quyet_dinh.dieu]]\n'
                '  noi_dung = ["Tặng {hinh_thc} cho {so_luong}."]\n')
    folder = write_session(tmp_path / "dot", COMMUNE, "Giấy khen", 2, decision)
    with pytest.raises(InputError) as raised:
        pipeline.check(folder)
    assert "không có chỗ trống «{hinh_thc}»; dùng được: {so_luong}" in raised.value.message


def test_a_misspelt_article_key_and_column_are_refused(tmp_path):
    decision = ('\n[[quyet_dinh]]\nhinh_thuc = "Giấy khen"\ncot = ["stt", "ho_ten", "tien"]\n'
                '  [[quyet_dinh.dieu]]\n  noi_dungg = ["…"]\n')
    folder = write_session(tmp_path / "dot", COMMUNE, "Giấy khen", 2, decision)
    with pytest.raises(InputError) as raised:
        pipeline.check(folder)
    described = " ".join(problem.describe() for problem in raised.value.problems)
    assert "không có cột «tien»" in described and "noi_dungg" in described
