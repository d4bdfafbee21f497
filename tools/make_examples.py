"""Turn the hand-written example tables below into the bundled example lists (data/vi-du*, reproducibly).

Run: python tools/make_examples.py — the spreadsheets are committed; this script is how they were made.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức",
          "Thành tích", "Số tiền", "Ghi chú"]

KIM_DONG = "Trường Tiểu học Kim Đồng"
MAM_NON = "Trường Mầm non Hoa Sen"
TRAM_Y_TE = "Trạm Y tế xã"
CONG_AN = "Công an xã"
VAN_PHONG = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"
HTX = "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông"
THON = "Thôn Phú Lộc Đông"

VI_DU = [
    # name, subject, gender, position, unit, form, note
    (KIM_DONG, "Tập thể", "", "", KIM_DONG, "Giấy khen", ""),
    (TRAM_Y_TE, "Tập thể", "", "", TRAM_Y_TE, "Giấy khen", ""),
    ("Đội Văn nghệ Ca & Múa thôn Phú Lộc Đông", "Tập thể", "", "", THON, "Giấy khen", ""),
    ("Nguyễn Thị Ánh Tuyết", "Cá nhân", "Nữ", "Giáo viên", KIM_DONG, "Giấy khen", ""),
    ("Đặng Văn Hưởng", "Cá nhân", "Nam", "Hiệu trưởng", KIM_DONG, "Giấy khen", ""),
    ("Lê Thị Thủy", "Cá nhân", "Nữ", "Y sĩ", TRAM_Y_TE, "Giấy khen", ""),
    ("Trương Quốc Việt", "Cá nhân", "Nam", "Phó Trưởng Công an xã", CONG_AN, "Giấy khen", ""),
    ("Lê Văn Ơn", "Cá nhân", "Nam", "Công an viên", CONG_AN, "Giấy khen", ""),
    ("Hồ Thị Quỳnh Như", "Cá nhân", "Nữ", "Chuyên viên", VAN_PHONG, "Giấy khen", ""),
    ("Phạm Ngọc Ẩn", "Cá nhân", "Nam", "Giám đốc", HTX, "Giấy khen", ""),
    ("Võ Thị Ỷ Lan", "Cá nhân", "Nữ", "Kế toán", HTX, "Giấy khen", ""),
    ("Huỳnh Thị Mỹ Duyên", "Cá nhân", "Nữ", "Giáo viên", MAM_NON, "Giấy khen", ""),
    ("Bùi Xuân Ưng", "Cá nhân", "Nam", "Trưởng thôn", THON, "Giấy khen", ""),
    ("Đoàn Thị Ngọc Ẩn", "Cá nhân", "Nữ", "Hiệu phó", MAM_NON, "Giấy khen", ""),
    ("Trần Văn Ổn", "Cá nhân", "Nam", "Bác sĩ", TRAM_Y_TE, "Giấy khen", ""),
    ("Nguyễn Thị Hồng Nhung", "Cá nhân", "Nữ", "Giáo viên", KIM_DONG, "Lao động tiên tiến", ""),
    ("Lê Văn Đức", "Cá nhân", "Nam", "Giáo viên", KIM_DONG, "Lao động tiên tiến", ""),
    ("Phan Thị Hoà", "Cá nhân", "Nữ", "Nhân viên", KIM_DONG, "Lao động tiên tiến", ""),
    ("Vũ Đình Khải", "Cá nhân", "Nam", "Giáo viên", KIM_DONG, "Lao động tiên tiến", ""),
    ("Đỗ Thị Thuỷ Tiên", "Cá nhân", "Nữ", "Giáo viên", MAM_NON, "Lao động tiên tiến", ""),
    ("Nguyễn Thị Ngọc Hân", "Cá nhân", "Nữ", "Giáo viên", MAM_NON, "Lao động tiên tiến", ""),
    ("Châu Thị Ẻn", "Cá nhân", "Nữ", "Cấp dưỡng", MAM_NON, "Lao động tiên tiến", ""),
    ("Tạ Quang Thắng", "Cá nhân", "Nam", "Y sĩ", TRAM_Y_TE, "Lao động tiên tiến", ""),
    ("Lương Thị Diễm Hương", "Cá nhân", "Nữ", "Điều dưỡng", TRAM_Y_TE, "Lao động tiên tiến", ""),
    ("Kiều Văn Sỹ", "Cá nhân", "Nam", "Dược sĩ", TRAM_Y_TE, "Lao động tiên tiến", ""),
    ("Mai Xuân Thưởng", "Cá nhân", "Nam", "Chuyên viên", VAN_PHONG, "Lao động tiên tiến", ""),
    ("Lý Thị Ửng", "Cá nhân", "Nữ", "Văn thư", VAN_PHONG, "Lao động tiên tiến", ""),
    ("Hà Văn Ỡm", "Cá nhân", "Nam", "Chuyên viên", VAN_PHONG, "Lao động tiên tiến", ""),
    ("Đinh Công Tráng", "Cá nhân", "Nam", "Công an viên", CONG_AN, "Lao động tiên tiến", ""),
    ("Quách Thị Yến", "Cá nhân", "Nữ", "Kỹ thuật viên", HTX, "Lao động tiên tiến", ""),
    ("Âu Dương Phong", "Cá nhân", "Nam", "Thủ kho", HTX, "Lao động tiên tiến", ""),
    ("Đặng Văn Hưởng", "Cá nhân", "Nam", "Hiệu trưởng", KIM_DONG, "Chiến sĩ thi đua cơ sở", ""),
    ("Hồ Thị Quỳnh Như", "Cá nhân", "Nữ", "Chuyên viên", VAN_PHONG, "Chiến sĩ thi đua cơ sở", ""),
    ("Trần Văn Ổn", "Cá nhân", "Nam", "Bác sĩ", TRAM_Y_TE, "Chiến sĩ thi đua cơ sở", ""),
    ("Huỳnh Thị Mỹ Duyên", "Cá nhân", "Nữ", "Giáo viên", MAM_NON, "Chiến sĩ thi đua cơ sở", ""),
    (KIM_DONG, "Tập thể", "", "", KIM_DONG, "Tập thể lao động tiên tiến", ""),
    (MAM_NON, "Tập thể", "", "", MAM_NON, "Tập thể lao động tiên tiến", ""),
    (TRAM_Y_TE, "Tập thể", "", "", TRAM_Y_TE, "Tập thể lao động tiên tiến", ""),
    ("Tổ Kế toán - Tài chính", "Tập thể", "", "", HTX, "Tập thể lao động tiên tiến", ""),
    (VAN_PHONG, "Tập thể", "", "", VAN_PHONG, "Tập thể lao động tiên tiến", ""),
]

SON_TINH = "Phòng Giáo dục và Đào tạo huyện"
VI_DU_2024 = [
    ("Trường Trung học cơ sở Tịnh Hà", "Tập thể", "", "", "Trường Trung học cơ sở Tịnh Hà", "Giấy khen", ""),
    ("Nguyễn Văn Bảy", "Cá nhân", "Nam", "Hiệu trưởng", "Trường Trung học cơ sở Tịnh Hà", "Giấy khen", ""),
    ("Trần Thị Lệ Quyên", "Cá nhân", "Nữ", "Giáo viên", "Trường Trung học cơ sở Tịnh Hà", "Giấy khen", ""),
    ("Phạm Thị Mỹ Lệ", "Cá nhân", "Nữ", "Chuyên viên", SON_TINH, "Giấy khen", ""),
    ("Lê Minh Tuấn", "Cá nhân", "Nam", "Giáo viên", "Trường Tiểu học Tịnh Bình", "Lao động tiên tiến", ""),
    ("Võ Thị Kiều Oanh", "Cá nhân", "Nữ", "Giáo viên", "Trường Tiểu học Tịnh Bình", "Lao động tiên tiến", ""),
    ("Đào Duy Từ", "Cá nhân", "Nam", "Kế toán", SON_TINH, "Lao động tiên tiến", ""),
]


def write_xlsx(rows: list[tuple], path: Path, title: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append(HEADER)
    for index, (name, subject, gender, position, unit, form, note) in enumerate(rows, start=1):
        sheet.append([index, name, subject, gender, position, unit, form, "", None, note])
    for column, width in zip("ABCDEFGHIJ", (6, 40, 10, 9, 24, 40, 26, 20, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    # Fixed timestamps keep the committed file stable when the script is re-run.
    import datetime

    workbook.properties.created = datetime.datetime(2026, 1, 15, 8, 0, 0)
    workbook.properties.modified = datetime.datetime(2026, 1, 15, 8, 0, 0)
    workbook.save(path)


def write_csv(rows: list[tuple], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index, (name, subject, gender, position, unit, form, note) in enumerate(rows, start=1):
            writer.writerow([index, name, subject, gender, position, unit, form, "", "", note])


if __name__ == "__main__":
    write_xlsx(VI_DU, ROOT / "data" / "vi-du" / "danh-sach.xlsx",
               "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025")
    write_csv(VI_DU_2024, ROOT / "data" / "vi-du-2024" / "danh-sach.csv")
