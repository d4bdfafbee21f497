"""A province's set-up: builds go through RQ on a real Redis (Debian's redis-server) and a real `rq worker`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.web.config import load_config
from generator.web.store import Store, output_folder
from tests.web.conftest import EXAMPLE, ROOT, csrf_of, fill_example_numbers, log_in, new_session, upload


def test_a_build_runs_through_the_rq_queue_on_redis(web_env, offices, redis_url):
    from starlette.testclient import TestClient

    from generator.web.app import create_app

    env = {**web_env, "VANBAN_REDIS_URL": redis_url}
    config = load_config(env)
    with TestClient(create_app(config), follow_redirects=False) as client:
        log_in(client, "chuyenvien-a")
        session_id = new_session(client)
        assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()
                      ).status_code == 303
        fill_example_numbers(client, session_id)
        token = csrf_of(client.get(f"/dot/{session_id}/ket-qua").text)
        location = client.post(f"/dot/{session_id}/lap", data={"csrf": token}).headers["location"]
        build_id = int(location.rsplit("/", 1)[1])

        from redis import Redis
        from rq import Queue

        queue = Queue("vanban", connection=Redis.from_url(redis_url))
        assert queue.count == 1  # queued in Redis, not run by the web process
        assert Store(config.database_url).build(build_id)["state"] == "cho"
        assert "đang chờ" in client.get(location).text

        # The worker a province runs, as README says: `rq worker --url $VANBAN_REDIS_URL vanban` (--burst: stop
        # when the queue is empty). It gets the data folder and database from its own environment.
        rq = Path(sys.executable).with_name("rq")
        worker_env = {**os.environ, "VANBAN_DATA": web_env["VANBAN_DATA"], "PYTHONPATH": str(ROOT)}
        finished = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, "vanban"], env=worker_env,
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stderr

        build = Store(config.database_url).build(build_id)
        assert build["state"] == "xong", build["message"]
        assert queue.count == 0
        receipt = json.loads((output_folder(config.offices, 1, session_id) / "manifest.json").read_text())
        assert len(receipt["files"]) == 19
        page = client.get(location).text
        assert "đã lập xong" in page
        # Every warning the CLI's check gives is on the page, in the same words.
        import html as html_module

        from generator import pipeline
        from generator.web.store import session_folder

        for warning in pipeline.check(session_folder(config.offices, 1, session_id)).warnings:
            assert html_module.escape(warning.message, quote=False) in page, warning.message


def test_an_unreachable_redis_is_a_vietnamese_message_not_a_crash(web_env, offices):
    from starlette.testclient import TestClient

    from generator.web.app import create_app
    from tests.web.conftest import free_port

    config = load_config({**web_env, "VANBAN_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    with TestClient(create_app(config), follow_redirects=False) as client:
        log_in(client, "chuyenvien-a")
        session_id = new_session(client)
        token = csrf_of(client.get(f"/dot/{session_id}/ket-qua").text)
        answer = client.post(f"/dot/{session_id}/lap", data={"csrf": token})
        assert answer.status_code == 503
        assert "Không kết nối được hàng đợi lập văn bản (Redis)" in answer.text
