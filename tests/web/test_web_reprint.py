"""Reprint: chosen certificates only, each with the Số sổ the whole session gave it; the output folder untouched."""

from __future__ import annotations

import io
import re
import shutil

from pypdf import PdfReader

from generator import pipeline
from generator.documents.certificates import plan
from generator.web.config import load_config
from generator.web.store import output_folder, session_folder
from tests.web.conftest import EXAMPLE, csrf_of, log_in, new_session


def test_chosen_certificates_are_printed_again_with_their_own_numbers(client, web_env):
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    shutil.copy(EXAMPLE / "dot.toml", folder / "dot.toml")
    shutil.copy(EXAMPLE / "danh-sach.xlsx", folder / "danh-sach.xlsx")
    expected = plan(pipeline.check(folder))
    page = client.get(f"/dot/{session_id}/in-lai").text
    assert page.count('name="chon"') == len(expected)

    chosen = [3, len(expected) - 1]
    answer = client.post(f"/dot/{session_id}/in-lai", data={"csrf": csrf_of(page), "chon": [str(i) for i in chosen]})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    assert len(pages) == 2
    for pdf_page, index in zip(pages, chosen, strict=True):
        text = re.sub(r"\s+", " ", pdf_page.extract_text())
        assert expected[index].award.name in text
        assert re.search(rf"Số sổ vàng:? ?0*{expected[index].register_number}\b", text), text
    assert not output_folder(load_config(web_env).offices, 1, session_id).exists()

    nothing = client.post(f"/dot/{session_id}/in-lai", data={"csrf": csrf_of(page)})
    assert nothing.status_code == 400 and "Chọn ít nhất một giấy khen" in nothing.text
