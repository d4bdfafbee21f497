"""Turn `vanban serve` pages of the example session into their times, in the "Trang web" section of BENCHMARKS.md.

Run: .venv/bin/python bench/web.py — a real server on 127.0.0.1 (its own process), timed over HTTP; the figures are
written to BENCHMARKS.md, never asserted in a test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.lint import machine, write_section  # noqa: E402
from generator.web.config import load_config  # noqa: E402
from generator.web.store import Store, session_folder  # noqa: E402

PASSWORD = "mat-khau-do-toc-do"
RUNS = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _timed(client: httpx.Client, url: str, touch: Path | None = None) -> tuple[float, list[float]]:
    """The first request (libraries, fonts, reading the list) and the next ones (the check is kept per folder state)."""
    started = time.perf_counter()
    client.get(url)
    first = time.perf_counter() - started
    timings = []
    for run in range(RUNS):
        if touch is not None:  # as after an edit: the folder changed, the session is read and checked again
            os.utime(touch, ns=(time.time_ns(), time.time_ns() + run + 1))
        started = time.perf_counter()
        answer = client.get(url)
        timings.append(time.perf_counter() - started)
        assert answer.status_code == 200, (url, answer.status_code)
    return first, timings


def _large_list(target: Path, copies: int = 75) -> int:
    """The example list repeated (40 rows × 75 = 3.000 rows), numbered on; returns the number of rows."""
    import openpyxl

    workbook = openpyxl.load_workbook(target / "danh-sach.xlsx")
    sheet = workbook.active
    rows = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=4, max_row=sheet.max_row)
            if line[1].value]
    number = len(rows)
    for copy in range(1, copies):
        for row in rows:
            number += 1
            sheet.append([number, f"{row[1]} {copy}", *row[2:]])
    workbook.save(target / "danh-sach.xlsx")
    return number


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "VANBAN_DATA": folder}
        config = load_config(env)
        store = Store(config.database_url)
        office = store.create_office("Đo tốc độ")
        user = store.create_user(office, "do-toc-do", PASSWORD, "chuyen-vien")
        session_id = store.create_session(office, "Đợt mẫu", user)
        target = session_folder(config.offices, office, session_id)
        shutil.copytree(ROOT / "data" / "vi-du", target)
        large_id = store.create_session(office, "Đợt lớn", user)
        large = session_folder(config.offices, office, large_id)
        shutil.copytree(ROOT / "data" / "vi-du", large)
        count = _large_list(large)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], env=env,
                                  cwd=ROOT, stdout=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(base + "/dang-nhap", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            client = httpx.Client(base_url=base, timeout=60)
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text).group(1)
            client.post("/dang-nhap", data={"csrf": token, "username": "do-toc-do", "password": PASSWORD})
            rows = [
                ("Trang Kiểm tra của đợt mẫu (đọc dot.toml và danh sách 40 dòng, kiểm tra, tóm tắt)",
                 _timed(client, f"/dot/{session_id}/kiem-tra"), "< 1 s"),
                ("Trang Kiểm tra của đợt mẫu ngay sau khi sửa dot.toml (đọc và kiểm tra lại)",
                 _timed(client, f"/dot/{session_id}/kiem-tra", touch=target / "dot.toml"), "< 1 s"),
                ("Trang Danh sách (danh sách như đã đọc, lỗi theo dòng)",
                 _timed(client, f"/dot/{session_id}/danh-sach"), "< 1 s"),
                ("Trang Kiểm tra, danh sách " + f"{count:,}".replace(",", ".") + " dòng",
                 _timed(client, f"/dot/{large_id}/kiem-tra"), "—"),
                ("Trang Kiểm tra, " + f"{count:,}".replace(",", ".") + " dòng, ngay sau khi sửa dot.toml",
                 _timed(client, f"/dot/{large_id}/kiem-tra", touch=large / "dot.toml"), "—"),
                ("Trang Danh sách, " + f"{count:,}".replace(",", ".") + " dòng",
                 _timed(client, f"/dot/{large_id}/danh-sach"), "—"),
                ("Trang Xem trước một quyết định (lập PDF, kiểm tra thể thức, ảnh PNG 3 trang)",
                 _timed(client, f"/dot/{session_id}/xem-truoc?van_ban=quyet-dinh-giay-khen"), "< 2 s"),
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)
    lines = [f"| {what} | {_s(first)} | {_s(min(t))} | {_s(max(t))} | {goal} |" for what, (first, t), goal in rows]
    body = f"""
Máy: {machine()}; đo ngày {time.strftime('%Y-%m-%d')} bằng `python bench/web.py`: `vanban serve` chạy ở tiến trình
riêng, đo qua HTTP từ lúc gửi yêu cầu đến lúc nhận đủ trang. «Lần đầu»: gồm nạp thư viện, phông và đọc danh sách; các
lần sau ({RUNS} lần): kết quả kiểm tra được giữ lại khi thư mục đợt không đổi (các trang của một đợt dùng chung).

| Trang | Lần đầu | Các lần sau, nhanh nhất | Chậm nhất | Mục tiêu |
|---|---|---|---|---|
""" + "\n".join(lines) + "\n"
    write_section("Trang web", body)
    print(body)


def _s(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


if __name__ == "__main__":
    main()
