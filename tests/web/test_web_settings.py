"""dot.toml through the page: comments kept, each problem next to its field, the CLI and the page see one session."""

from __future__ import annotations

import shutil
import tomllib

from generator import pipeline
from generator.web import dotform
from generator.web.config import load_config
from generator.web.store import session_folder
from tests.web.conftest import EXAMPLE, _input_value, csrf_of, log_in, new_session


def _example_session(client, web_env) -> tuple[int, object]:  # noqa: ANN001
    """A session whose folder holds the example's commented dot.toml and list, as if made with `vanban new`."""
    log_in(client, "chuyenvien-a")
    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    shutil.copy(EXAMPLE / "dot.toml", folder / "dot.toml")
    shutil.copy(EXAMPLE / "danh-sach.xlsx", folder / "danh-sach.xlsx")
    return session_id, folder


def _form(page: str) -> dict[str, str]:
    form = {field.key: _input_value(page, field) for field in dotform.FIELDS}
    form["csrf"] = csrf_of(page)
    rows = dotform.decision_rows(tomllib.loads((EXAMPLE / "dot.toml").read_text(encoding="utf-8")))
    form["qd_count"] = str(len(rows))
    for index, row in enumerate(rows):
        form.update({f"qd-{index}-{key}": value for key, value in row.items()})
    return form


def test_saving_the_form_changes_only_what_changed_and_keeps_every_comment(client, web_env):
    session_id, folder = _example_session(client, web_env)
    original = (folder / "dot.toml").read_text(encoding="utf-8")
    page = client.get(f"/dot/{session_id}").text
    assert 'type="date" id="dot.ngay" name="dot.ngay" value="2026-01-20"' in page
    assert '<option value="xa" selected>' in page

    form = _form(page)
    assert client.post(f"/dot/{session_id}", data=form).status_code == 303
    assert (folder / "dot.toml").read_text(encoding="utf-8") == original  # nothing changed, nothing rewritten

    form.update({"nguoi_ky.ho_ten": "Lê Thị Hoa", "dot.ngay": "2026-01-21", "cong_van.so": "",
                 "qd-1-so": "16"})
    assert client.post(f"/dot/{session_id}", data=form).status_code == 303
    written = (folder / "dot.toml").read_text(encoding="utf-8")
    # Every comment stays, except the one on the line of the key that was emptied (the line is gone).
    comments = [line.split("#", 1)[1] for line in original.splitlines() if "#" in line
                and not line.startswith("so = 123")]
    assert all(comment in written for comment in comments)
    data = tomllib.loads(written)
    assert data["nguoi_ky"]["ho_ten"] == "Lê Thị Hoa"
    assert str(data["dot"]["ngay"]) == "2026-01-21"
    assert "so" not in data["cong_van"]  # emptied in the form: the key is removed, the draft leaves a blank
    assert data["quyet_dinh"][1]["so"] == 16
    # The CLI reads what the page wrote.
    checked = pipeline.check(folder)
    assert checked.session.signer.name == "Lê Thị Hoa"
    assert [d.ref.number for d in checked.decisions][:2] == [5, 16]


def test_a_value_the_form_cannot_read_is_shown_next_to_its_field_and_nothing_is_written(client, web_env):
    session_id, folder = _example_session(client, web_env)
    before = (folder / "dot.toml").read_bytes()
    form = _form(client.get(f"/dot/{session_id}").text)
    form.update({"dot.nam": "năm 2025", "qd-0-so": "5a"})
    answer = client.post(f"/dot/{session_id}", data=form)
    assert answer.status_code == 400
    field = answer.text.split('id="truong-dot-nam"', 1)[1].split("</div>", 1)[0]
    assert "phải là một số nguyên, ví dụ 2025 (đang ghi «năm 2025»)" in field
    assert "đang ghi «5a»" in answer.text
    assert (folder / "dot.toml").read_bytes() == before


def test_the_clis_messages_are_shown_next_to_the_field_and_the_row(client, web_env):
    session_id, folder = _example_session(client, web_env)
    text = (folder / "dot.toml").read_text(encoding="utf-8")
    (folder / "dot.toml").write_text(text.replace("so = 6", "so = 0").replace('luu = "VT, VHXH"', 'luu = ""'),
                                     encoding="utf-8")
    page = client.get(f"/dot/{session_id}").text
    luu = page.split('id="truong-dot-luu"', 1)[1].split("</div>", 1)[0]
    assert "thiếu giá trị bắt buộc" in luu
    assert "số 0 không hợp lý: phải từ 1 đến 999.999" in page.split('name="qd-1-so"', 1)[1].split("</td>", 1)[0]
    assert str(folder) not in page  # the server's folders are not shown
    check = client.get(f"/dot/{session_id}/kiem-tra").text
    assert "Tệp cài đặt dot.toml chưa đúng (2 lỗi, sửa rồi chạy lại)" in check


def test_a_new_session_takes_the_offices_settings_not_the_examples(client, web_env):
    log_in(client, "chuyenvien-b")  # office B has saved no settings
    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 2, session_id)
    data = tomllib.loads((folder / "dot.toml").read_text(encoding="utf-8"))
    assert "nguoi_ky" not in data and "Nguyễn Văn An" not in (folder / "dot.toml").read_text(encoding="utf-8")
    assert data["dot"]["nam"] == 2025 and data["danh_sach"]["tep"] == "danh-sach.xlsx"

    log_in(client, "quantri-a")
    page = client.get("/don-vi").text
    form = {field.key: _input_value(page, field) for field in dotform.OFFICE_FIELDS}
    assert form["nguoi_ky.ho_ten"] == "Nguyễn Văn An"
    form.update({"csrf": csrf_of(page), "nguoi_ky.ho_ten": "Phạm Minh Châu"})
    assert client.post("/don-vi", data=form).status_code == 303
    session_id = new_session(client)
    data = tomllib.loads((session_folder(load_config(web_env).offices, 1, session_id) / "dot.toml").read_text())
    assert data["nguoi_ky"]["ho_ten"] == "Phạm Minh Châu"
    assert data["co_quan"]["ten"] == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]


def test_signers_entered_once_for_the_office_are_chosen_in_a_session(client, web_env):
    log_in(client, "quantri-a")
    page = client.get("/don-vi").text
    form = {field.key: _input_value(page, field) for field in (*dotform.OFFICE_FIELDS, dotform.SIGNERS)}
    form.update({"csrf": csrf_of(page), dotform.SIGNERS.key: "KT. CHỦ TỊCH | PHÓ CHỦ TỊCH\n"})
    answer = client.post("/don-vi", data=form)
    assert answer.status_code == 400 and "cần ba phần cách nhau bởi dấu |" in answer.text
    form[dotform.SIGNERS.key] = " | CHỦ TỊCH | Lê Văn Bình\nKT. CHỦ TỊCH | PHÓ CHỦ TỊCH | Nguyễn Văn An\n" \
                                "TL. CHỦ TỊCH | CHÁNH VĂN PHÒNG | Trần Thị Bích"
    assert client.post("/don-vi", data=form).status_code == 303

    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    page = client.get(f"/dot/{session_id}").text
    assert "CHỦ TỊCH — Lê Văn Bình" in page and "TL. CHỦ TỊCH CHÁNH VĂN PHÒNG — Trần Thị Bích" in page
    values = {field.key: _input_value(page, field) for field in dotform.FIELDS}
    values.update({"csrf": csrf_of(page), "qd_count": "0", "chon_nguoi_ky": "0", "chon_nguoi_ky_cong_van": "2"})
    assert client.post(f"/dot/{session_id}", data=values).status_code == 303
    data = tomllib.loads((folder / "dot.toml").read_text(encoding="utf-8"))
    assert data["nguoi_ky"]["ho_ten"] == "Lê Văn Bình" and data["nguoi_ky"]["chuc_vu"] == "CHỦ TỊCH"
    assert "quyen_han" not in data["nguoi_ky"]  # signs directly
    assert data["cong_van"]["nguoi_ky"] == {"quyen_han": "TL. CHỦ TỊCH", "chuc_vu": "CHÁNH VĂN PHÒNG",
                                            "ho_ten": "Trần Thị Bích"}


def test_a_dot_toml_that_does_not_parse_is_reported_and_not_overwritten(client, web_env):
    session_id, folder = _example_session(client, web_env)
    (folder / "dot.toml").write_text('[dot]\nnam = 2025\nthanh_tich = "chưa đóng ngoặc\n', encoding="utf-8")
    page = client.get(f"/dot/{session_id}")
    assert page.status_code == 200
    assert "viết sai cú pháp" in page.text and "chưa sửa được trên trang" in page.text
    assert 'name="dot.nam"' not in page.text  # no form that would overwrite the file
    answer = client.post(f"/dot/{session_id}", data={"csrf": csrf_of(page.text), "dot.nam": "2024"})
    assert answer.status_code == 400 and "viết sai cú pháp" in answer.text
    assert "chưa đóng ngoặc" in (folder / "dot.toml").read_text(encoding="utf-8")


def test_a_template_mistake_met_while_making_a_page_is_a_vietnamese_message(client, web_env):
    session_id, folder = _example_session(client, web_env)
    own = folder / "mau" / "quyet-dinh"
    own.mkdir(parents=True)
    (own / "template.html").write_text("<p>{{ bien_khong_co.ten }}</p>", encoding="utf-8")
    text = (folder / "dot.toml").read_text(encoding="utf-8")
    (folder / "dot.toml").write_text(text + '\n[mau]\nthu_muc = "mau"\n', encoding="utf-8")
    answer = client.get(f"/dot/{session_id}/xem-truoc")
    assert answer.status_code == 422
    assert "lỗi mẫu văn bản" in answer.text.lower() and "bien_khong_co" in answer.text
    assert str(folder) not in answer.text and "Traceback" not in answer.text


def test_a_bug_is_a_vietnamese_page_without_details(web_env, offices, monkeypatch):
    from starlette.testclient import TestClient

    from generator.web import session_pages
    from generator.web.app import create_app

    def broken(folder):  # noqa: ANN001, ANN202 - stands for a bug anywhere under a page
        raise ZeroDivisionError("chia cho không")

    monkeypatch.setattr(session_pages, "check_session", broken)
    with TestClient(create_app(load_config(web_env)), follow_redirects=False,
                    raise_server_exceptions=False) as client:
        log_in(client, "chuyenvien-a")
        session_id = new_session(client)
        answer = client.get(f"/dot/{session_id}/kiem-tra")
    assert answer.status_code == 500
    assert "Lỗi của chương trình vanban (không phải của dữ liệu)" in answer.text
    assert "ZeroDivisionError" not in answer.text and "Traceback" not in answer.text


def test_the_quan_tri_chooses_the_offices_template_folder_among_the_servers(client, web_env):
    import io

    from pypdf import PdfReader

    from generator.rendering.template_folders import BUILTIN_TEMPLATES, template_dirs_for

    root = load_config(web_env).data / "mau"
    own = root / "xa-hoa-binh" / "quyet-dinh"
    own.mkdir(parents=True)
    html = (BUILTIN_TEMPLATES / "quyet-dinh" / "template.html").read_text(encoding="utf-8")
    (own / "template.html").write_text(html.replace("</body>", "<p>MẪU RIÊNG CỦA XÃ</p></body>", 1), encoding="utf-8")

    log_in(client, "quantri-a")
    page = client.get("/don-vi").text
    assert '<option value="xa-hoa-binh"' in page
    form = {field.key: _input_value(page, field) for field in dotform.ADMIN_FIELDS}
    form.update({"csrf": csrf_of(page), dotform.TEMPLATES.key: "../../etc"})
    answer = client.post("/don-vi", data=form)
    assert answer.status_code == 400 and "không có thư mục mẫu «../../etc» trên máy chủ" in answer.text
    form[dotform.TEMPLATES.key] = "xa-hoa-binh"
    assert client.post("/don-vi", data=form).status_code == 303

    session_id = new_session(client)
    folder = session_folder(load_config(web_env).offices, 1, session_id)
    shutil.copy(EXAMPLE / "danh-sach.xlsx", folder / "danh-sach.xlsx")
    text = (folder / "dot.toml").read_text(encoding="utf-8")
    (folder / "dot.toml").write_text(text.replace("[dot]", '[dot]\nde_nghi = "Theo đề nghị của Trưởng phòng"', 1),
                                     encoding="utf-8")
    checked = pipeline.check(folder)  # the CLI reads the same folder from dot.toml
    assert checked.session.templates == (root / "xa-hoa-binh").resolve()
    pdf = pipeline.render_decision(checked.decisions[0], ("pdf",), template_dirs_for(checked.session.templates))[0]
    assert "MẪU RIÊNG CỦA XÃ" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
