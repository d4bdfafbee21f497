"""Acceptance 3: two users building at once each get their own whole output; a killed build leaves the last one."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from pathlib import Path

import httpx

from generator.web import dotform, jobs
from generator.web.config import load_config
from generator.web.store import Store, output_folder
from tests.web.conftest import (
    EXAMPLE,
    OFFICE_SETTINGS,
    PASSWORD,
    _input_value,
    csrf_of,
    fill_example_numbers,
    log_in,
    log_in_page,
    new_session,
    upload,
)


def whole(output: Path) -> dict:
    """The manifest, after checking every file it lists is there with its SHA-256 and nothing else is."""
    receipt = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in receipt["files"]} | {"manifest.json"}
    present = {str(path.relative_to(output)) for path in output.rglob("*") if path.is_file()}
    assert present == listed
    for entry in receipt["files"]:
        assert hashlib.sha256((output / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    return receipt


def _logged_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    token = csrf_of(client.get("/dang-nhap").text)
    assert client.post("/dang-nhap", data={"csrf": token, "username": username, "password": PASSWORD}
                       ).status_code == 303
    return client


def _wait(client: httpx.Client, url: str, states: tuple[str, ...], seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(url).json()
        if state["state"] in states:
            return state
        time.sleep(0.3)
    raise AssertionError(f"{url} did not reach {states}")


def test_two_users_building_at_once_each_get_their_own_complete_output(live_server, web_env, browser, tmp_path):
    base = live_server["url"]
    users = {"chuyenvien-a": _logged_in(base, "chuyenvien-a"), "chuyenvien-b": _logged_in(base, "chuyenvien-b")}
    sessions = {}
    for username, client in users.items():
        session_id = new_session(client, title=f"Đợt của {username}")
        assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()
                      ).status_code == 303
        fill_example_numbers(client, session_id)
        sessions[username] = session_id
    # Office B has no saved settings: its clerk fills the issuer and signer in the form, as the page asks.
    client, session_id = users["chuyenvien-b"], sessions["chuyenvien-b"]
    page = client.get(f"/dot/{session_id}").text
    assert "thiếu giá trị bắt buộc" in page
    form = {field.key: _input_value(page, field) for field in dotform.FIELDS}
    for key, value in OFFICE_SETTINGS.items():
        form[key] = "\n".join(value) if isinstance(value, list) else value
    form.update({"co_quan.ten": "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ", "co_quan.dia_danh": "An Phú",
                 "nguoi_ky.tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN PHÚ", "csrf": csrf_of(page), "qd_count": "0",
                 # No decision numbers for office B: a draft, so no date either (a dated decision needs its number).
                 "dot.ngay": "", "cong_van.so": "", "cong_van.ngay": ""})
    assert client.post(f"/dot/{session_id}", data=form).status_code == 303

    # Two browsers, one per clerk, press "Lập" one right after the other.
    shots = tmp_path / "anh-chup"
    shots.mkdir()
    pages = {}
    for username, session_id in sessions.items():
        page = browser.new_context(viewport={"width": 1100, "height": 700}).new_page()
        page.set_default_timeout(30_000)
        log_in_page(page, base, username)
        page.goto(f"{base}/dot/{session_id}/ket-qua")
        pages[username] = page
    for page in pages.values():
        page.click("#nut-lap")
    store = Store(load_config(web_env).database_url)
    running = [store.latest_build(1, sessions["chuyenvien-a"]), store.latest_build(2, sessions["chuyenvien-b"])]
    assert all(build["state"] in ("cho", "dang-lap") for build in running)  # both at once
    for username, page in pages.items():
        page.screenshot(path=shots / f"dang-lap-{username}.png")
        assert users[username].get("/dot").status_code == 200  # the pages answer while both build
    for username, page in pages.items():
        page.wait_for_selector("#lap-xong", timeout=240_000)
        page.screenshot(path=shots / f"lap-xong-{username}.png")

    config = load_config(web_env)
    a = whole(output_folder(config.offices, 1, sessions["chuyenvien-a"]))
    b = whole(output_folder(config.offices, 2, sessions["chuyenvien-b"]))
    assert len(a["files"]) == len(b["files"]) == 19
    assert a["dot"] != b["dot"]
    pdf_a = (output_folder(config.offices, 1, sessions["chuyenvien-a"]) / "quyet-dinh-giay-khen.pdf").read_bytes()
    pdf_b = (output_folder(config.offices, 2, sessions["chuyenvien-b"]) / "quyet-dinh-giay-khen.pdf").read_bytes()
    assert pdf_a != pdf_b  # each office's own issuer on its own decision
    for client in users.values():
        client.close()


def test_a_build_killed_midway_leaves_the_previous_output_whole(client, web_env):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()).status_code == 303
    fill_example_numbers(client, session_id)
    config = load_config(web_env)
    store = Store(config.database_url)
    output = output_folder(config.offices, 1, session_id)

    first = jobs.start_build(config, store, 1, session_id)
    jobs._children[first].wait(timeout=240)
    assert store.build(first)["state"] == "xong"
    before = whole(output)
    stamps = {path: path.stat().st_mtime_ns for path in output.rglob("*")}

    second = jobs.start_build(config, store, 1, session_id)
    deadline = time.monotonic() + 120
    while store.build(second)["progress"] < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.build(second)["state"] == "dang-lap"
    os.killpg(jobs.worker_pid(second), signal.SIGKILL)  # the worker and its certificate processes, mid-way
    jobs._children[second].wait(timeout=30)

    assert whole(output) == before
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*")} == stamps
    page = client.get(f"/dot/{session_id}/lap/{second}")
    assert "Tiến trình lập đã dừng giữa chừng; kết quả lập trước vẫn nguyên" in page.text
    assert client.get(f"/dot/{session_id}/tai-ve.zip").status_code == 200
