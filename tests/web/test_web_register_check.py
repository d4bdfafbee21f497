"""The session's Kiểm tra page consults the register as `vanban check` does: a decision number typed in the settings
that another session already holds is a warning naming that document, asked afresh on each visit."""

from __future__ import annotations

import shutil
from datetime import date

from generator import issuing
from generator.register import Register
from generator.web.config import load_config
from tests.web.conftest import EXAMPLE, fill_example_numbers, log_in, new_session, upload


def test_the_check_page_warns_of_a_number_another_session_holds(client, web_env, tmp_path):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    assert upload(client, session_id, "danh-sach.xlsx", (EXAMPLE / "danh-sach.xlsx").read_bytes()).status_code == 303
    fill_example_numbers(client, session_id)  # 05–08/QĐ-UBND, 123/UBND-VHXH, as the example
    page = client.get(f"/dot/{session_id}/kiem-tra").text
    assert "đã dùng cho" not in page  # nothing in the register yet

    other = tmp_path / "dot-khac"
    shutil.copytree(EXAMPLE, other)
    location = load_config(web_env).data / "so-dang-ky.sqlite"
    issuing.issue(other, date(2026, 1, 20), Register(location), rebuild=False)  # the same numbers, first

    page = client.get(f"/dot/{session_id}/kiem-tra").text
    assert "Cảnh báo:" in page and "đã dùng cho Quyết định số 05/QĐ-UBND ngày 20/01/2026" in page
    assert "đã dùng cho Công văn số 123/UBND-VHXH" in page
    assert "(đợt «dot-khac», văn bản quyet-dinh-giay-khen)" in page
    assert str(tmp_path) not in page  # no folder of the server is shown
