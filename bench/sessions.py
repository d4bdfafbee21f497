"""Turn a row count into a session folder a user could have made: dot.toml, an .xlsx list of N awardees, peer inputs.

The folder is what `vanban check`, `vanban build` and the peers in bench/peers/ read; the peers get the very rows
of the annex (``rows.csv``: STT, name, position, unit, amount) so that every program lays out the same table.
"""

from __future__ import annotations

import compileall
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "vi-du"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Âu Dương", "Tôn Nữ"]
MIDDLE = {"Nam": ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Ngọc"],
          "Nữ": ["Thị", "Thị Ngọc", "Thị Thu", "Thị Mỹ", "Thị Ánh", "Hoàng", "Thị Quỳnh"]}
GIVEN = {"Nam": ["An", "Bình", "Cường", "Dũng", "Hưởng", "Khải", "Lộc", "Phong", "Thắng", "Việt", "Ổn", "Ưng"],
         "Nữ": ["Anh", "Châu", "Duyên", "Hà", "Hằng", "Lan", "Nhung", "Thủy", "Tuyết", "Yến", "Ẩn", "Ỷ Lan"]}
POSITIONS = ["Giáo viên", "Hiệu phó", "Y sĩ", "Điều dưỡng", "Chuyên viên", "Kế toán", "Công an viên", "Văn thư",
             "Trưởng thôn", "Phó Trưởng phòng Văn hóa - Xã hội"]
UNITS = ["Trường Tiểu học số {k}", "Trường Mầm non Hoa Sen {k}", "Trạm Y tế xã số {k}", "Thôn Phú Lộc {k}",
         "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông {k}"]
HEADER = ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức",
          "Thành tích", "Số tiền", "Ghi chú"]
FORM = "Giấy khen"


def compile_like_an_installed_copy() -> None:
    """Write vanban's bytecode (.pyc) before timing, as a user's copy has it from its first run on: with
    PYTHONDONTWRITEBYTECODE set (as on this machine) every timed process would compile the project from source."""
    if not compileall.compile_dir(ROOT / "generator", quiet=1):
        raise SystemExit("bench: không biên dịch được mã nguồn vanban (generator/)")


def person(index: int) -> tuple[str, str, str, str]:
    """Name, gender, position and unit of the index-th synthetic awardee (about 25 people per unit)."""
    gender = "Nữ" if index % 2 else "Nam"
    name = " ".join([FAMILY[index % len(FAMILY)], MIDDLE[gender][index // 3 % len(MIDDLE[gender])],
                     GIVEN[gender][index // 7 % len(GIVEN[gender])]])
    unit = UNITS[index // 25 % len(UNITS)].format(k=index // 25 + 1)
    return name, gender, POSITIONS[index % len(POSITIONS)], unit


def dot_toml() -> str:
    """The example session's dot.toml with one decision only (Giấy khen, so 5): one annex holds every row."""
    text = (EXAMPLE / "dot.toml").read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=\[)", text)
    kept = [block for block in blocks
            if not block.startswith("[[quyet_dinh]]") or f'hinh_thuc = "{FORM}"' in block]
    return "".join(kept)


def make_session(folder: Path, rows: int) -> Path:
    """Write ``folder``/dot.toml and danh-sach.xlsx with ``rows`` individuals awarded a Giấy khen."""
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dot.toml").write_text(dot_toml(), encoding="utf-8")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH CÁ NHÂN ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"])
    sheet.append([])
    sheet.append(HEADER)
    for index in range(rows):
        name, gender, position, unit = person(index)
        sheet.append([index + 1, name, "Cá nhân", gender, position, unit, FORM, None, None, None])
    workbook.save(folder / "danh-sach.xlsx")
    return folder


def write_peer_rows(folder: Path, annex_rows: list[list[str]]) -> Path:
    """The annex table as vanban laid it out (header first), for the peers: ``folder``/rows.csv."""
    path = folder / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(annex_rows)
    return path
