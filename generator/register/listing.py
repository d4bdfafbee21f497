"""Turn register entries into what people read: a table on screen, JSON, and an .xlsx laid out like the paper register.

The .xlsx follows the sổ đăng ký văn bản đi of Phụ lục IV, Nghị định 30: one row per number, A4 landscape, the
header row repeated on every printed page, Times New Roman. A void number stays in its place, marked in Ghi chú.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from .store import CertificateEntry, Entry, number_text

# The paper register's columns (Phụ lục IV), with their printed widths in characters.
COLUMNS = (
    ("Số, ký hiệu văn bản", 16),
    ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung văn bản", 46),
    ("Người ký", 20),
    ("Nơi nhận văn bản", 34),
    ("Đơn vị, người nhận bản lưu", 14),
    ("Số lượng bản", 8),
    ("Ghi chú", 22),
)
FONT = "Times New Roman"


def note_of(entry: Entry) -> str:
    """Ghi chú: the session, and for a withdrawn number that it is void and why."""
    parts = []
    if entry.void:
        parts.append("ĐÃ HỦY" + (f": {entry.void_reason}" if entry.void_reason else ""))
    if entry.session:
        parts.append(f"Đợt {entry.session}")
    if entry.note:
        parts.append(entry.note)
    return "; ".join(parts)


def title_of(entry: Entry) -> str:
    """Tên loại và trích yếu: 'Quyết định về việc tặng Giấy khen năm 2025', 'Công văn V/v gửi …'."""
    summary = entry.summary
    if summary and not summary.startswith("V/v"):
        summary = summary[:1].lower() + summary[1:]
    return f"{entry.kind} {summary}".strip()


def row_of(entry: Entry) -> list:
    return [
        f"{number_text(entry.number)}/{entry.symbol}",
        entry.signed_on.strftime("%d/%m/%Y"),
        title_of(entry),
        entry.signer,
        entry.recipients,
        entry.archive,
        entry.copies if entry.copies is not None else "",
        note_of(entry),
    ]


def as_text(entries: list[Entry]) -> str:
    """The register on screen: one line per number, grouped by issuing body, year and series."""
    if not entries:
        return "Sổ đăng ký chưa có văn bản nào (theo điều kiện đã chọn)."
    lines = []
    group = None
    for entry in entries:
        if (entry.issuer, entry.year, entry.series) != group:
            group = (entry.issuer, entry.year, entry.series)
            series = "dãy số chung" if entry.series == "chung" else f"dãy số {entry.series}"
            lines.append(f"{entry.issuer} — năm {entry.year} — {series}:")
        state = "  [ĐÃ HỦY" + (f": {entry.void_reason}" if entry.void_reason else "") + "]" if entry.void else ""
        lines.append(f"  {number_text(entry.number)}/{entry.symbol}  {entry.signed_on:%d/%m/%Y}  {title_of(entry)}  "
                     f"(đợt {entry.session or '—'}){state}")
    voided = sum(1 for entry in entries if entry.void)
    lines.append(f"Tổng cộng {len(entries)} số" + (f", trong đó {voided} số đã hủy." if voided else "."))
    return "\n".join(lines)


def as_json(entries: list[Entry]) -> str:
    return json.dumps([{
        "co_quan": entry.issuer, "nam": entry.year, "day_so": entry.series, "so": entry.number,
        "ky_hieu": entry.symbol, "so_ky_hieu": f"{number_text(entry.number)}/{entry.symbol}",
        "ngay": entry.signed_on.isoformat(), "loai": entry.kind, "trich_yeu": entry.summary,
        "nguoi_ky": entry.signer, "noi_nhan": entry.recipients, "luu": entry.archive, "so_ban": entry.copies,
        "ghi_chu": entry.note, "dot": entry.session, "thu_muc_dot": entry.session_folder,
        "van_ban": entry.document, "tep": list(entry.files), "sha256_pdf": entry.pdf_sha256, "da_huy": entry.void,
        "ly_do_huy": entry.void_reason,
    } for entry in entries], ensure_ascii=False, indent=2)


def export_xlsx(entries: list[Entry], title: str, certificates: list[CertificateEntry] | None = None) -> bytes:
    """The register as a workbook: sheet "Sổ đăng ký" like the paper one, sheet "Tệp" with files and SHA-256."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ đăng ký"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append([name for name, _ in COLUMNS])
    sheet.append([f"({index})" for index in range(1, len(COLUMNS) + 1)])
    for row in (3, 4):
        for column in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font = Font(name=FONT, size=12, bold=row == 3, italic=row == 4)
            cell.alignment = centre
            cell.border = box
    for entry in entries:
        sheet.append(row_of(entry))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name=FONT, size=12, strike=entry.void)
            cell.alignment = wrap
            cell.border = box
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _page_setup(sheet, "3:4")

    files = workbook.create_sheet("Tệp")
    files.append(["Số, ký hiệu văn bản", "Đợt", "Thư mục đợt", "Tệp", "SHA-256 của tệp PDF"])
    for entry in entries:
        files.append([f"{number_text(entry.number)}/{entry.symbol}", entry.session, entry.session_folder,
                      "\n".join(entry.files), entry.pdf_sha256 or ""])
    for row in files.iter_rows():
        for cell in row:
            cell.font = Font(name=FONT, size=11, bold=cell.row == 1)
            cell.alignment = wrap
            cell.border = box
    for letter, width in zip("ABCDE", (16, 14, 34, 40, 36), strict=True):
        files.column_dimensions[letter].width = width
    _page_setup(files, "1:1")

    if certificates:
        book = workbook.create_sheet("Số sổ giấy khen")
        book.append(["Hình thức", "Số sổ", "Họ và tên / Tên tập thể", "Đơn vị", "Quyết định", "Đợt"])
        for item in certificates:
            book.append([item.form, item.number, item.name, item.unit, item.decision, item.session])
        for row in book.iter_rows():
            for cell in row:
                cell.font = Font(name=FONT, size=12, bold=cell.row == 1)
                cell.alignment = wrap
                cell.border = box
        for letter, width in zip("ABCDEF", (24, 8, 30, 30, 28, 14), strict=True):
            book.column_dimensions[letter].width = width
        _page_setup(book, "1:1")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _page_setup(sheet, title_rows: str) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """A4 landscape, fitted to the page width, the header rows printed again on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7


def write_xlsx(path: Path, data: bytes) -> None:
    """Write the workbook beside its final name, then rename: a half-written export never replaces a good one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
