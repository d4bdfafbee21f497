"""A province's set-up: the records in a real PostgreSQL (Debian's), the same pages and the same build."""

from __future__ import annotations

import json

from generator.web import worker
from generator.web.config import load_config
from generator.web.store import Store, output_folder
from tests.web.conftest import (
    EXAMPLE,
    OFFICE_SETTINGS,
    PASSWORD,
    csrf_of,
    fill_example_numbers,
    log_in,
    new_session,
    upload,
)


def test_offices_accounts_sessions_and_builds_live_in_postgresql(web_env, postgres_url):
    from starlette.testclient import TestClient

    from generator.web.app import create_app

    env = {**web_env, "VANBAN_DATABASE_URL": postgres_url}
    config = load_config(env)
    store = Store(config.database_url)
    assert store.db.dialect.name == "postgresql"
    for key, settings in (("a", OFFICE_SETTINGS), ("b", {})):
        office = store.create_office(f"Đơn vị {key}", settings)
        store.create_user(office, f"chuyenvien-{key}", PASSWORD, "chuyen-vien")

    with TestClient(create_app(config), follow_redirects=False) as client:
        log_in(client, "chuyenvien-a")
        session_id = new_session(client, title="Đợt trên PostgreSQL")
        assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()
                      ).status_code == 303
        fill_example_numbers(client, session_id)
        build_id = store.create_build(1, session_id)
        assert worker.run_build(build_id, env) == "xong"
        assert "đã lập xong" in client.get(f"/dot/{session_id}/lap/{build_id}").text
        receipt = json.loads((output_folder(config.offices, 1, session_id) / "manifest.json").read_text())
        assert len(receipt["files"]) == 19

        client.post("/dang-xuat", data={"csrf": csrf_of(client.get("/dot").text)})
        log_in(client, "chuyenvien-b")
        assert client.get(f"/dot/{session_id}").status_code == 404
        assert client.get(f"/dot/{session_id}/tai-ve.zip").status_code == 404

    with store.db.connect() as conn:
        hashes = [row[0] for row in conn.exec_driver_sql("select password_hash from users")]
    assert all(value.startswith("$argon2id$") for value in hashes)
