"""Acceptance 2: CSRF on every form, offices isolated (404), no path traversal, upload limits, hashed passwords."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from generator.web import worker
from generator.web.config import load_config
from generator.web.store import Store, output_folder, session_folder
from tests.web.conftest import EXAMPLE, PASSWORD, csrf_of, fill_example_numbers, log_in, new_session, upload


def _post_routes(app) -> list[str]:  # noqa: ANN001 - Starlette app
    return [route.path for route in app.routes if isinstance(route, Route) and "POST" in (route.methods or ())]


def test_every_form_without_its_csrf_token_is_refused(client):
    log_in(client, "quantri-a")
    session_id = new_session(client)
    dot_file = session_folder(load_config(client.app.state.web.config.environ()).offices, 1, session_id) / "dot.toml"
    before = dot_file.read_bytes()
    posted = []
    for path in _post_routes(client.app):
        url = path.replace("{dot_id:int}", str(session_id)).replace("{row:int}", "6")
        if url == "/cai-dat-ban-dau":  # exists only before the first account: see the next test
            assert client.post(url, data={}).status_code == 404
            continue
        for data in ({}, {"csrf": "doan-bua"}):
            answer = client.post(url, data={**data, "title": "x", "year": "2025", "username": "moi-nguoi-dung",
                                            "password": "x" * 12, "role": "quan-tri", "dot.nam": "1999"})
            assert answer.status_code == 403, (url, answer.status_code)
            assert "Biểu mẫu đã hết hạn" in answer.text
        posted.append(url)
    assert {"/dang-nhap", "/dang-xuat", "/dot", f"/dot/{session_id}", f"/dot/{session_id}/lap",
            f"/dot/{session_id}/danh-sach", "/tai-khoan", "/don-vi"} <= set(posted)
    # Nothing happened: one session, the same dot.toml, no new account, still logged in.
    assert len(client.app.state.web.store.office_sessions(1)) == 1
    assert dot_file.read_bytes() == before
    assert not client.app.state.web.store.username_taken("moi-nguoi-dung")
    assert client.get("/dot").status_code == 200


def test_the_first_setup_form_needs_its_token_too(web_env):
    from starlette.testclient import TestClient

    from generator.web.app import create_app

    with TestClient(create_app(load_config(web_env)), follow_redirects=False) as fresh:
        assert fresh.get("/").headers["location"] == "/cai-dat-ban-dau"
        values = {"office": "UBND xã Hòa Bình", "username": "quantri", "full_name": "", "password": "x" * 12}
        assert fresh.post("/cai-dat-ban-dau", data=values).status_code == 403
        assert not fresh.app.state.web.store.has_users()
        token = csrf_of(fresh.get("/cai-dat-ban-dau").text)
        assert fresh.post("/cai-dat-ban-dau", data={**values, "csrf": token}).status_code == 303
        assert fresh.app.state.web.store.has_users()


def test_another_offices_session_file_and_download_answer_404(client, web_env):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()).status_code == 303
    fill_example_numbers(client, session_id)
    store = Store(load_config(web_env).database_url)
    build_id = store.create_build(1, session_id)
    assert worker.run_build(build_id, web_env) == "xong"
    own = [f"/dot/{session_id}", f"/dot/{session_id}/danh-sach", f"/dot/{session_id}/kiem-tra",
           f"/dot/{session_id}/xem-truoc", f"/dot/{session_id}/ket-qua", f"/dot/{session_id}/lap/{build_id}",
           f"/dot/{session_id}/lap/{build_id}/trang-thai", f"/dot/{session_id}/tai-ve.zip",
           f"/dot/{session_id}/tai/manifest.json", f"/dot/{session_id}/tai/quyet-dinh-giay-khen.pdf",
           f"/dot/{session_id}/in-lai", f"/dot/{session_id}/tai/giay-khen/tat-ca.pdf"]
    for url in own:
        assert client.get(url).status_code == 200, url
    assert client.get(own[-1]).content[:5] == b"%PDF-"
    token = csrf_of(client.get("/dot").text)
    client.post("/dang-xuat", data={"csrf": token})

    log_in(client, "quantri-b")  # even the other office's quản trị
    for url in own:
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert "Không tìm thấy" in answer.text
    token = csrf_of(client.get("/dot").text)
    for url in (f"/dot/{session_id}", f"/dot/{session_id}/lap", f"/dot/{session_id}/danh-sach/dong/6"):
        assert client.post(url, data={"csrf": token}).status_code == 404, url
    assert client.get("/dot").text.count("/dot/") == 0 or f'href="/dot/{session_id}"' not in client.get("/dot").text


@pytest.mark.parametrize("path", [
    "../../vanban.sqlite3", "..%2F..%2Fvanban.sqlite3", "%2e%2e/%2e%2e/bi-mat.txt", "/etc/passwd", "%2Fetc%2Fpasswd",
    "giay-khen/../../../dot/dot-1/dot.toml", "manifest.json%00.pdf",
])
def test_paths_in_download_urls_never_leave_the_output_folder(client, web_env, path):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    config = load_config(web_env)
    output = output_folder(config.offices, 1, session_id)
    output.mkdir(parents=True)
    (output / "manifest.json").write_text('{"files": []}', encoding="utf-8")
    answer = client.get(f"/dot/{session_id}/tai/{path}")
    assert answer.status_code == 404
    assert b"SQLite" not in answer.content and b"root:" not in answer.content


def test_upload_names_types_and_sizes_are_checked_with_a_vietnamese_message(client, web_env):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    example = (EXAMPLE / "danh-sach.xlsx").read_bytes()

    answer = upload(client, session_id, "../../../danh-sach.xlsx", example)
    assert answer.status_code == 400 and "không hợp lệ" in answer.text and "không chứa đường dẫn" in answer.text
    answer = upload(client, session_id, "chuong-trinh.exe", b"MZ" + b"\0" * 100)
    assert answer.status_code == 400 and "chỉ nhận tệp Excel .xlsx hoặc .csv" in answer.text
    answer = upload(client, session_id, "danh-sach.xlsx", b"day khong phai bang tinh")
    assert answer.status_code == 400 and "không phải bảng tính Excel" in answer.text
    answer = upload(client, session_id, "danh-sach.csv", b"Ho ten\x00\x00")
    assert answer.status_code == 400 and "không phải văn bản" in answer.text
    answer = upload(client, session_id, "lon.csv", b"a" * (2 * 1024 * 1024 + 200 * 1024))
    assert answer.status_code == 413 and "quá lớn; giới hạn là 2 MB" in answer.text
    assert sorted(path.name for path in folder.iterdir()) == ["dot.toml"]  # nothing written
    assert not list(folder.parent.parent.parent.glob("**/danh-sach.xlsx"))

    assert upload(client, session_id, "DS đã duyệt.xlsx", example).status_code == 303
    assert (folder / "danh-sach.xlsx").read_bytes() == example
    assert upload(client, session_id, "danh-sach.xlsx", example).status_code == 303
    assert [path.name for path in (folder / "ban-cu").iterdir()] == ["001-danh-sach.xlsx"]  # the previous one kept


def test_passwords_are_stored_only_as_argon2_hashes(client, web_env):
    config = load_config(web_env)
    raw = (config.data / "vanban.sqlite3").read_bytes()
    assert PASSWORD.encode() not in raw
    with Store(config.database_url).db.connect() as conn:
        hashes = [row[0] for row in conn.exec_driver_sql("select password_hash from users")]
    assert hashes and all(value.startswith("$argon2id$") for value in hashes)
    assert len(set(hashes)) == len(hashes)  # salted: the same password gives different hashes
    token = csrf_of(client.get("/dang-nhap").text)
    wrong = client.post("/dang-nhap", data={"csrf": token, "username": "chuyenvien-a", "password": PASSWORD + "x"})
    assert wrong.status_code == 400 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text


def test_roles_limit_what_an_account_may_open(client):
    log_in(client, "chuyenvien-a")
    for url in ("/tai-khoan", "/don-vi", "/so-dang-ky"):
        answer = client.get(url)
        assert answer.status_code == 403 and "không được làm việc này" in answer.text
    assert client.get("/cai-dat-ban-dau").status_code == 404  # first setup exists only before the first account
    assert client.get("/dot").status_code == 200


def test_the_session_cookie_is_signed(client):
    log_in(client, "chuyenvien-a")
    cookie = client.cookies.get("vanban")
    assert cookie and re.search(r"\.", cookie)
    client.cookies.set("vanban", cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB"))
    assert client.get("/dot").status_code == 303  # a tampered cookie is no login: back to the login page


def test_what_users_type_is_shown_as_text_and_pages_carry_protective_headers(client):
    log_in(client, "chuyenvien-a")
    new_session(client, title='<script>alert("x")</script> & <b>đậm</b>')
    page = client.get("/dot")
    assert '<script>alert("x")</script>' not in page.text and "&lt;script&gt;" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
