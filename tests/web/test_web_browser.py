"""The secretariat's way through the pages in a real Chromium (Debian's), against `vanban serve` on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl

from tests.web.conftest import EXAMPLE, log_in_page


def broken_example(folder: Path) -> Path:
    """The example list with one row naming a form the catalogue does not have (row 6, column G)."""
    workbook = openpyxl.load_workbook(EXAMPLE / "danh-sach.xlsx")
    workbook.active["G6"] = "Giấy khen hạng nhất"
    path = folder / "danh-sach-loi.xlsx"
    workbook.save(path)
    return path


def test_a_clerk_prepares_checks_builds_and_downloads_a_session(live_server, browser, tmp_path):
    base = live_server["url"]
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/" in live_server["printed"]
    shots = tmp_path / "anh-chup"
    shots.mkdir()
    context = browser.new_context(accept_downloads=True, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)

    log_in_page(page, base, "chuyenvien-a")
    assert page.url.endswith("/dot")
    page.screenshot(path=shots / "01-cac-dot.png", full_page=True)

    # A new session takes the office's settings (entered once by the quản trị), not the example's.
    page.fill("#title", "Tổng kết năm 2025")
    page.fill("#year", "2025")
    page.click("text=Tạo đợt từ cài đặt của đơn vị")
    session_url = re.match(r"(.*/dot/\d+)/danh-sach", page.url).group(1)

    # The settings page shows what is missing next to its field; filled in the form, dot.toml is written.
    page.goto(session_url)
    assert "thiếu giá trị bắt buộc" in page.inner_text("#truong-dot-de_nghi")
    page.screenshot(path=shots / "04-cai-dat-loi.png", full_page=True)
    page.fill("[id='dot.de_nghi']", "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH "
                                    "ngày 15 tháng 01 năm 2026")
    page.click("text=Lưu dot.toml")
    assert "Đã lưu dot.toml" in page.inner_text(".notice >> nth=0")
    assert page.locator("#truong-dot-de_nghi .problem").count() == 0

    page.goto(session_url + "/danh-sach")
    page.set_input_files("input[name=tep]", str(EXAMPLE / "danh-sach.xlsx"))
    page.click("button:has-text('Tải lên')")
    page.screenshot(path=shots / "03-danh-sach.png", full_page=True)
    assert page.locator("#bang-danh-sach > tbody > tr").count() == 41  # header and 40 awards
    assert "không có lỗi — 40 lượt khen" in page.inner_text(".notice >> nth=-1")
    page.screenshot(path=shots / "03-danh-sach.png", full_page=True)
    # A broken list: the error is shown on its row, with the CLI's words, and is fixed in the page.
    page.set_input_files("input[name=tep]", str(broken_example(tmp_path)))
    page.click("button:has-text('Tải lên')")
    row = page.locator("#dong-6")
    assert "Dòng 6, cột G (Hình thức): không có hình thức/danh hiệu «Giấy khen hạng nhất» trong danh mục" in \
        row.inner_text()
    page.screenshot(path=shots / "02-danh-sach-loi.png", full_page=True)
    page.fill("#cot-6-hinh_thuc", "Giấy khen")
    page.click("text=Lưu dòng 6")
    assert "Đã sửa dòng 6" in page.inner_text(".notice >> nth=0")
    assert page.locator("#dong-6 .problem").count() == 0

    page.goto(session_url + "/kiem-tra")
    assert "không có lỗi — 40 lượt khen, 4 quyết định" in page.inner_text(".notice")
    page.screenshot(path=shots / "05-kiem-tra.png", full_page=True)

    page.goto(session_url + "/xem-truoc")
    images = page.locator(".pages img")
    assert images.count() >= 2  # the decision and its annex page
    assert page.evaluate("Array.from(document.images).every(image => image.complete && image.naturalWidth > 500)")
    page.screenshot(path=shots / "06-xem-truoc.png", full_page=False)
    page.select_option("#van_ban", "giay-khen")
    page.wait_for_url("**van_ban=giay-khen")
    assert page.locator(".pages img").count() >= 1
    page.screenshot(path=shots / "07-xem-truoc-giay-khen.png", full_page=False)

    page.goto(session_url + "/ket-qua")
    page.click("#nut-lap")
    page.wait_for_selector("#lap-xong", timeout=180_000)
    page.screenshot(path=shots / "08-lap-xong.png", full_page=True)
    with page.expect_download() as waiting:
        page.click("#tai-zip")
    archive = zipfile.ZipFile(io.BytesIO(Path(waiting.value.path()).read_bytes()))
    names = archive.namelist()
    folder = names[0].split("/")[0]
    receipt = json.loads(archive.read(f"{folder}/manifest.json"))
    assert sorted(names) == sorted([f"{folder}/{entry['path']}" for entry in receipt["files"]] +
                                   [f"{folder}/manifest.json"])
    for entry in receipt["files"]:
        assert hashlib.sha256(archive.read(f"{folder}/{entry['path']}")).hexdigest() == entry["sha256"]
    kinds = {entry["kind"] for entry in receipt["files"]}
    assert kinds == {"quyet-dinh", "cong-van", "giay-khen"}
    assert receipt["totals"]["Giấy khen"] == 12_750_000

    # The văn thư takes the numbers from the register (the one `vanban issue` uses), then sees them in the register.
    clerk = browser.new_context().new_page()
    log_in_page(clerk, base, "vanthu-a")
    clerk.goto(session_url + "/cap-so")
    clerk.click("form[action$='/cap-so'] button")
    issued = clerk.inner_text("main")
    assert "Đã cấp" in issued and "quyet-dinh-giay-khen" in issued, issued
    clerk.screenshot(path=shots / "10-cap-so.png")
    clerk.goto(base + "/so-dang-ky")
    listed = clerk.inner_text("main")
    assert "QĐ-UBND" in listed and "Về việc tặng Giấy khen" in listed, listed
    clerk.screenshot(path=shots / "11-so-dang-ky.png")
    assert page.locator("a[href$='/cap-so']").count() == 0  # a chuyên viên has no issue tab

    # Another office's clerk: the same URL does not exist for them.
    other = browser.new_context().new_page()
    log_in_page(other, base, "chuyenvien-b")
    answer = other.goto(session_url)
    assert answer.status == 404
    assert "Không tìm thấy" in other.inner_text("main")
    other.screenshot(path=shots / "09-don-vi-khac.png")
    answer = other.goto(session_url + "/tai-ve.zip")
    assert answer.status == 404
    print(f"screenshots: {shots}")
