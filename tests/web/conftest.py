"""Fixtures for the web application: a data folder, offices with accounts, a client, a real server and Redis."""

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

import httpx
import pytest

from generator.web.config import load_config
from generator.web.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "vi-du"
PASSWORD = "mat-khau-thu-nghiem"
# The office settings a quản trị enters once (from the example's dot.toml: the same office as the example list).
OFFICE_SETTINGS = {
    "co_quan.ten": ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"], "co_quan.viet_tat": "UBND", "co_quan.dia_danh": "Hòa Bình",
    "co_quan.cap": "xa", "nguoi_ky.tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH",
    "nguoi_ky.quyen_han": "KT. CHỦ TỊCH", "nguoi_ky.chuc_vu": "PHÓ CHỦ TỊCH", "nguoi_ky.ho_ten": "Nguyễn Văn An",
    "dot.thi_hanh": ["Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "Trưởng phòng Văn hóa - Xã hội"],
    "dot.quy": "Quỹ Thi đua, khen thưởng của xã", "dot.noi_nhan": ["UBND tỉnh (b/c)"], "dot.luu": "VT, VHXH",
    "cong_van.noi_nhan": ["Chủ tịch, các PCT UBND xã"], "cong_van.nguoi_ky.quyen_han": "TL. CHỦ TỊCH",
    "cong_van.nguoi_ky.chuc_vu": "CHÁNH VĂN PHÒNG", "cong_van.nguoi_ky.ho_ten": "Trần Thị Bích",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def web_env(tmp_path) -> dict[str, str]:
    data = tmp_path / "du-lieu"
    return {"VANBAN_DATA": str(data), "VANBAN_SECRET": "bi-mat-thu-nghiem-" + "x" * 32,
            "VANBAN_MAX_UPLOAD": str(2 * 1024 * 1024)}


@pytest.fixture
def offices(web_env) -> dict[str, dict]:
    """Two offices (A: xã Hòa Bình with its settings, B: another xã), each with a chuyên viên and a quản trị."""
    config = load_config(web_env)
    store = Store(config.database_url)
    made = {}
    for key, name, settings in (("a", "UBND xã Hòa Bình", OFFICE_SETTINGS), ("b", "UBND xã An Phú", {})):
        office_id = store.create_office(name, settings)
        store.create_user(office_id, f"chuyenvien-{key}", PASSWORD, "chuyen-vien", f"Chuyên viên {key.upper()}")
        store.create_user(office_id, f"quantri-{key}", PASSWORD, "quan-tri", f"Quản trị {key.upper()}")
        store.create_user(office_id, f"vanthu-{key}", PASSWORD, "van-thu", f"Văn thư {key.upper()}")
        made[key] = {"id": office_id, "name": name}
    return made


@pytest.fixture
def client(web_env, offices):
    from starlette.testclient import TestClient

    from generator.web.app import create_app

    with TestClient(create_app(load_config(web_env)), follow_redirects=False) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client, username: str) -> None:  # noqa: ANN001 - TestClient or httpx.Client
    token = csrf_of(client.get("/dang-nhap").text)
    answer = client.post("/dang-nhap", data={"csrf": token, "username": username, "password": PASSWORD})
    assert answer.status_code == 303, answer.text


def new_session(client, title: str = "Tổng kết năm 2025", year: str = "2025") -> int:  # noqa: ANN001
    token = csrf_of(client.get("/dot").text)
    answer = client.post("/dot", data={"csrf": token, "title": title, "year": year})
    assert answer.status_code == 303, answer.text
    return int(re.search(r"/dot/(\d+)", answer.headers["location"]).group(1))


def upload(client, session_id: int, name: str, data: bytes, content_type: str = "application/octet-stream"):  # noqa: ANN001, ANN201
    token = csrf_of(client.get(f"/dot/{session_id}/danh-sach").text)
    return client.post(f"/dot/{session_id}/danh-sach", data={"csrf": token}, files={"tep": (name, data, content_type)})


def fill_example_numbers(client, session_id: int,  # noqa: ANN001
                         forms: tuple[str, ...] = ("Giấy khen", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở",
                                                   "Tập thể lao động tiên tiến")) -> None:
    """The settings the example session has beyond the office's: date, achievement, proposal, decision numbers.

    ``forms``: the forms of the list uploaded (a [[quyet_dinh]] block of a form not in the list is refused).
    """
    from generator.web import dotform

    page = client.get(f"/dot/{session_id}").text
    form = {field.key: _input_value(page, field) for field in dotform.FIELDS}
    form.update({"csrf": csrf_of(page), "dot.ngay": "2026-01-20", "cong_van.so": "123", "cong_van.ngay": "2026-01-22",
                 "dot.thanh_tich": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
                 "dot.de_nghi": "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH ngày 15 "
                                "tháng 01 năm 2026"})
    form["qd_count"] = str(len(forms))
    for index, name in enumerate(forms):
        form.update({f"qd-{index}-hinh_thuc": name, f"qd-{index}-so": str(5 + index), f"qd-{index}-ngay": "2026-01-20"})
    answer = client.post(f"/dot/{session_id}", data=form)
    assert answer.status_code == 303, answer.text


def _input_value(page: str, field) -> str:  # noqa: ANN001 - dotform.Field
    import html

    key = re.escape(field.key)
    if field.kind == "lines":
        found = re.search(rf'<textarea id="{key}" name="{key}">(.*?)</textarea>', page, re.S)
    elif field.kind == "choice":
        select = re.search(rf'<select id="{key}" name="{key}">(.*?)</select>', page, re.S)
        found = re.search(r'<option value="([^"]*)" selected', select.group(1)) if select else None
    elif field.kind == "bool":
        return "1" if re.search(rf'name="{key}" value="1" checked', page) else ""
    else:
        found = re.search(rf'id="{key}" name="{key}" value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def live_server(web_env, offices):
    """`vanban serve` itself, in its own process, on a free port of 127.0.0.1."""
    port = free_port()
    env = {**os.environ, **web_env}
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    first_line = process.stdout.readline()
    for _ in range(200):
        try:
            httpx.get(base + "/dang-nhap", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield {"url": base, "printed": first_line, "env": env}
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server from Debian's package, on a free port of 127.0.0.1, gone after the test."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (.ci/run installs it: apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    from redis import Redis

    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            Redis.from_url(url).ping()
            break
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright (never Playwright's own browser download)."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()




def log_in_page(page, base: str, username: str) -> None:  # noqa: ANN001 - playwright Page
    page.goto(base + "/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def _postgres_binary(name: str) -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


@pytest.fixture
def postgres_url():
    """A real PostgreSQL from Debian's package: a throw-away cluster on a free port of 127.0.0.1, run as `postgres`."""
    initdb, pg_ctl = _postgres_binary("initdb"), _postgres_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.fail("PostgreSQL is not installed (.ci/run installs it: apt-get install postgresql)")
    # Outside pytest's folders (readable by root only), so that the `postgres` account can reach its own.
    folder = Path(tempfile.mkdtemp(prefix="vanban-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    # PostgreSQL refuses to run as root: the cluster is made and run by the system's `postgres` account.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = folder / "data"
    subprocess.run([*as_postgres, initdb, "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)
    port = free_port()
    subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)
