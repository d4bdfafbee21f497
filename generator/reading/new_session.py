"""Turn an office's answers (issuer, place, signers, year) into a new session folder: dot.toml and an empty list.

The dot.toml is written for the office, with the comments of the bundled example but none of its values: what only
the office can know later (decision numbers and dates, the tờ trình line) is left as commented lines that
``vanban check`` asks for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError, OutputError
from ..core.model import ISSUER_LEVELS
from ..core.vietnamese import nfc, upper

LIST_FILE = "danh-sach.xlsx"
LIST_COLUMNS = ("STT", "Họ và tên / Tên tập thể", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức",
                "Thành tích", "Số tiền", "Ghi chú")
# The fund a decision pays from, by level of the issuer ("Quỹ Thi đua, khen thưởng của xã").
FUND_OWNERS = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh", "so": "Sở", "don-vi": "đơn vị",
               "doanh-nghiep": "doanh nghiệp"}


@dataclass(frozen=True)
class Signatory:
    name: str  # "Lê Thị Hoa"
    title: str  # "PHÓ CHỦ TỊCH"
    capacity: str = ""  # "KT. CHỦ TỊCH"; empty: signs in their own name


@dataclass(frozen=True)
class NewSession:
    """What `vanban new` asks: who issues, where, who signs, for which year."""

    issuer_lines: tuple[str, ...]  # ("ỦY BAN NHÂN DÂN", "XÃ AN PHÚ")
    abbreviation: str  # "UBND"
    place: str  # "An Phú"
    level: str  # one of ISSUER_LEVELS
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN PHÚ"
    signer: Signatory
    year: int
    dispatch_signer: Signatory | None = None  # the covering dispatch's signer; None: the decision's


def default_authority(issuer_lines: tuple[str, ...]) -> str:
    """The thẩm quyền line of a People's Committee: "CHỦ TỊCH " + its name; other issuers write their own."""
    joined = " ".join(upper(line) for line in issuer_lines)
    return f"CHỦ TỊCH {joined}" if joined.startswith("ỦY BAN NHÂN DÂN") else ""


def _string(value: str) -> str:
    """A TOML basic string: JSON's escaping is TOML's for quotes, backslashes and control characters."""
    return json.dumps(nfc(value), ensure_ascii=False)


def _strings(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _noted(code: str, note: str) -> str:
    """A line of TOML with its comment in the column the bundled example uses."""
    return f"{code:<52} # {note}"


def dot_toml(answers: NewSession) -> str:
    """The text of the new dot.toml."""
    if answers.level not in ISSUER_LEVELS:
        raise InputError(f"Cấp cơ quan «{answers.level}» không có; chỉ được là: {', '.join(ISSUER_LEVELS)}")
    signer = answers.signer
    year = answers.year
    owner = FUND_OWNERS[answers.level]
    lines = [
        f"# Đợt khen thưởng năm {year} của {' '.join(answers.issuer_lines)}.",
        "# Mọi chữ người đọc thấy đều viết tiếng Việt có dấu; tên khóa viết không dấu. Ngày viết NĂM-THÁNG-NGÀY.",
        "# Đường dẫn (tep, thu_muc, ho_so) tính từ thư mục chứa tệp này.",
        "",
        _noted("[co_quan]", "ô 2: cơ quan ban hành"),
        _noted("# chu_quan = \"…\"", "(không bắt buộc) cơ quan chủ quản"),
        f"ten = {_strings(answers.issuer_lines)}",
        _noted(f"viet_tat = {_string(answers.abbreviation)}", f"phần ký hiệu: …/QĐ-{answers.abbreviation}"),
        _noted(f"dia_danh = {_string(answers.place)}", "trước \", ngày …\": tên riêng"),
        _noted(f"cap = {_string(answers.level)}", " | ".join(ISSUER_LEVELS)),
        "",
        "[nguoi_ky]",
        f"tham_quyen = {_string(answers.authority)}",
        _noted("# tham_quyen_viet_thuong = \"…\"", "(không bắt buộc) dòng thẩm quyền viết trong câu"),
        (f"quyen_han = {_string(signer.capacity)}" if signer.capacity
         else _noted("# quyen_han = \"KT. …\"", "(không bắt buộc) TM. / KT. / Q. / TL. / TUQ.")),
        f"chuc_vu = {_string(signer.title)}",
        f"ho_ten = {_string(signer.name)}",
        "",
        "[dot]",
        _noted(f"nam = {year}", "năm của thành tích"),
        _noted("# ngay = NĂM-THÁNG-NGÀY", "ngày ký; chưa ghi = bản dự thảo (để trống số và ngày)"),
        f"thanh_tich = {_string(f'đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}')}",
        "# de_nghi: dòng cuối phần căn cứ (bắt buộc, trừ khi mọi khối [[quyet_dinh]] có de_nghi riêng). Ghi đúng tờ",
        "# trình của đợt, ví dụ:",
        "# de_nghi = \"Theo đề nghị của … tại Tờ trình số …/TTr-… ngày … tháng … năm …\"",
        _noted("thi_hanh = [\"Thủ trưởng các cơ quan, đơn vị có liên quan\"]", "những người thi hành (Điều cuối)"),
        f"quy = {_string(f'Quỹ Thi đua, khen thưởng của {owner}')}",
        _noted("noi_nhan = []", "giữa \"Như Điều …\" và \"Lưu\""),
        _noted("luu = \"VT\"", "\"VT, <đơn vị soạn thảo>\""),
        _noted("# can_cu = [\"Căn cứ …\", \"Căn cứ …\"]", "thay các dòng căn cứ chọn theo ngày ký"),
        _noted("# luong_co_so = …", "ghi đè mức lương cơ sở (đồng)"),
        _noted("# lam_tron = \"len\"", "len (mặc định) | gan-nhat | khong"),
        "",
        "[danh_sach]",
        f"tep = {_string(LIST_FILE)}",
        _noted("# sheet = \"…\"", "trang tính (mặc định: trang đầu tiên có dữ liệu)"),
        _noted("# sap_xep = \"giu-nguyen\"", "giu-nguyen (mặc định) | theo-ten"),
        "",
        "# Số, ngày do văn thư cấp cho từng quyết định (mỗi hình thức một khối); chưa có thì để bản dự thảo:",
        "# [[quyet_dinh]]",
        "# hinh_thuc = \"Giấy khen\"",
        "# so = …",
        "# ngay = NĂM-THÁNG-NGÀY",
        "# Lời của đơn vị cho quyết định này (không ghi = lời mặc định; xem README, «Quyết định theo lời của đơn vị»):",
        "# trich_yeu = \"Về việc …\"",
        "# ky = \"năm học … - …\"                 # kỳ thành tích (mặc định «năm <nam>»)",
        "# danh_sach = \"kem-theo\"              # kem-theo | trong-dieu (người nhận in ngay trong Điều 1)",
        "# cot = [\"stt\", \"ho_ten\", \"chuc_vu_don_vi\", \"so_tien\", \"ghi_chu\"]   # cột danh sách kèm theo",
        "# ten_cot = { ho_ten = \"…\" }          # tiêu đề cột riêng",
        "# chia_muc = false                     # không chia mục «I. TẬP THỂ», «II. CÁ NHÂN»",
        "# tieu_de_danh_sach = [\"DANH SÁCH …\"]",
        "# kem_theo = \"Ban hành kèm theo\"",
        "# ket_thuc = \"Danh sách này có {so_luong}./.\"",
        "# noi_nhan = [\"…\", \"Như Điều 3\", \"…\"]   # thứ tự của đơn vị; them_nhu_dieu = false: không tự thêm",
        "# thi_hanh = [\"…\"]",
        "# can_cu = [\"Căn cứ …;\"]",
        "#   [[quyet_dinh.dieu]]                # các Điều, theo thứ tự (không ghi: ba Điều mặc định)",
        "#   mac_dinh = \"trao-tang\"             # trao-tang | tien-thuong | thi-hanh: lời mặc định của Điều",
        "#   [[quyet_dinh.dieu]]",
        "#   tieu_de = \"Hiệu lực thi hành\"",
        "#   noi_dung = [\"Quyết định này có hiệu lực thi hành kể từ ngày ký.\"]",
        "",
        "# Hình thức ngoài danh mục chung (Cờ thi đua, Bằng khen của Bộ, Giấy khen của Công đoàn…):",
        "# [[hinh_thuc]]",
        "# ten = \"…\"",
        "# loai = \"tang\"                        # tang | cong-nhan",
        "# doi_tuong = [\"ca-nhan\", \"tap-the\"]",
        "",
        _noted("[giay_khen]", "giấy khen in cho từng người (giay-khen/)"),
        _noted("so_so_bat_dau = 1", "Số sổ đầu tiên của đợt, riêng cho từng hình thức"),
        _noted("# ho_so = \"a4-ngang-phoi\"", "a4-ngang-day-du (mặc định) | a4-ngang-phoi |"),
        _noted("", "400x300-day-du | đường dẫn tệp .toml của phôi"),
        "",
        _noted("[cong_van]", "công văn gửi các quyết định cho các đơn vị"),
        _noted("# so = …", "chưa ghi = để trống số cho văn thư"),
        "# ngay = NĂM-THÁNG-NGÀY",
        _noted("noi_nhan = []", "sau \"Như trên\", trước \"Lưu\""),
    ]
    if answers.dispatch_signer:
        dispatch = answers.dispatch_signer
        lines += ["", "[cong_van.nguoi_ky]"]
        if dispatch.capacity:
            lines.append(f"quyen_han = {_string(dispatch.capacity)}")
        lines += [f"chuc_vu = {_string(dispatch.title)}", f"ho_ten = {_string(dispatch.name)}"]
    return "\n".join(lines) + "\n"


def empty_list(year: int) -> bytes:
    """The approved list to fill in: a title and the header row the reader knows, no awardee."""
    import io

    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}"])
    sheet.append([])
    sheet.append(list(LIST_COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(name="Times New Roman", bold=True)
    for letter, width in zip("ABCDEFGHIJ", (6, 32, 10, 10, 18, 30, 26, 30, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def create(folder: Path, answers: NewSession) -> list[Path]:
    """Write dot.toml and the empty list into ``folder`` (new or empty); nothing is written over."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"Thư mục {folder} đã có dữ liệu; chọn một thư mục mới.")
    text = dot_toml(answers)
    data = empty_list(answers.year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "dot.toml").write_text(text, encoding="utf-8")
        (folder / LIST_FILE).write_bytes(data)
    except OSError as exc:
        raise OutputError(f"Không ghi được thư mục {folder}: {exc.strerror or exc}") from exc
    return [folder / "dot.toml", folder / LIST_FILE]
