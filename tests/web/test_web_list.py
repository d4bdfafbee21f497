"""The list page: the list as read (TCVN3 cells highlighted), rows fixed in the page, the office's file kept."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from openpyxl.styles import Font

from generator import pipeline
from generator.reading.encodings import unicode_to_tcvn3
from generator.web.config import load_config
from generator.web.store import session_folder
from tests.web.conftest import EXAMPLE, csrf_of, log_in, new_session, upload

HEADER = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức"]
ROWS = [
    [1, "Trường Tiểu học Kim Đồng", "Tập thể", "", "", "Trường Tiểu học Kim Đồng", "Giấy khen"],
    [2, "Nguyễn Thị Hồng Nhung", "Cá nhân", "Nữ", "Giáo viên", "Trường Tiểu học Kim Đồng", "Giấy khen"],
    [3, "Đặng Văn Hưởng", "Cá nhân", "Nam", "Hiệu trưởng", "Trường Tiểu học Kim Đồng", "Lao động tiên tiến"],
]


def _session(client, web_env):  # noqa: ANN001, ANN202
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    # The example's settings, less the decisions of forms these small lists do not have (a [[quyet_dinh]] block that
    # matches no form of the list is refused).
    text = (EXAMPLE / "dot.toml").read_text(encoding="utf-8")
    for form in ("Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"):
        text = re.sub(rf'\[\[quyet_dinh\]\]\nhinh_thuc = "{form}"\nso = \d+\n', "", text)
    (folder / "dot.toml").write_text(text, encoding="utf-8")
    return session_id, folder


def _tcvn3_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([unicode_to_tcvn3(cell) if isinstance(cell, str) else cell for cell in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.font = Font(name=".VnTime")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_cells_converted_from_tcvn3_are_highlighted_and_an_edited_one_stays_unicode(client, web_env):
    session_id, folder = _session(client, web_env)
    assert upload(client, session_id, "ds.xlsx", _tcvn3_workbook()).status_code == 303
    page = client.get(f"/dot/{session_id}/danh-sach").text
    assert "Đã chuyển" in page and "từ bảng mã cũ (TCVN3, VNI)" in page
    converted = re.findall(r'<td class="converted" title="đã chuyển từ bảng mã cũ">([^<]*)</td>', page)
    assert "Nguyễn Thị Hồng Nhung" in converted and "Lao động tiên tiến" in converted

    token = csrf_of(page)
    answer = client.post(f"/dot/{session_id}/danh-sach/dong/3", data={
        "csrf": token, "cot-ho_ten": "Nguyễn Thị Hồng Nhung Sửa", "cot-stt": "2", "cot-doi_tuong": "Cá nhân",
        "cot-gioi_tinh": "Nữ", "cot-chuc_vu": "Giáo viên", "cot-don_vi": "Trường Tiểu học Kim Đồng",
        "cot-hinh_thuc": "Giấy khen", "cot-khong-co": "bị bỏ qua"})
    assert answer.status_code == 303
    names = [award.name for award in pipeline.check(folder).awards]
    assert "Nguyễn Thị Hồng Nhung Sửa" in names  # read as Unicode, not converted a second time
    assert "Đặng Văn Hưởng" in names  # the other rows untouched (still TCVN3, still converted)
    assert [path.name for path in (folder / "ban-cu").iterdir()] == ["001-danh-sach.xlsx"]


def test_a_csv_row_is_fixed_in_the_page(client, web_env):
    session_id, folder = _session(client, web_env)
    rows = [HEADER, *ROWS]
    rows[2] = [*rows[2][:6], "Giấy khen hạng nhất"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert upload(client, session_id, "ds.csv", buffer.getvalue().encode("utf-8"), "text/csv").status_code == 303
    page = client.get(f"/dot/{session_id}/danh-sach").text
    row = page.split('id="dong-3"', 1)[1].split("</tr>\n<tr", 1)[0]
    assert "Dòng 3, cột G (Hình thức): không có hình thức/danh hiệu «Giấy khen hạng nhất»" in row
    assert 'class="bad"><label for="cot-3-hinh_thuc">' in row

    assert client.post(f"/dot/{session_id}/danh-sach/dong/99", data={"csrf": csrf_of(page)}).status_code == 404
    form = {f"cot-{key}": value for key, value in zip(
        ["stt", "ho_ten", "doi_tuong", "gioi_tinh", "chuc_vu", "don_vi", "hinh_thuc"], rows[2], strict=True)}
    form.update({"csrf": csrf_of(page), "cot-hinh_thuc": "Giấy khen", "cot-stt": "2"})
    assert client.post(f"/dot/{session_id}/danh-sach/dong/3", data=form).status_code == 303
    page = client.get(f"/dot/{session_id}/danh-sach").text
    assert "không có lỗi — 3 lượt khen" in page
    lines = (folder / "danh-sach.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[2].endswith(",Giấy khen") and lines[1] == ",".join(str(cell) for cell in ROWS[0])
