"""Turn the pages of one session into responses: settings, list, check, preview, build, results and downloads.

Each handler starts with ``web.own_session``: the session id in the URL is looked up with the user's office.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from . import dotform, jobs, lists, previews, register, reprint
from .checking import check_session, without_server_paths
from .security import NOT_FOUND, Refused, inside, require, trusted_form
from .site import Web, redirect
from .store import BUILD_STATES

RUNNING = ("cho", "dang-lap")


def _web(request: Request) -> Web:
    return request.app.state.web


async def settings_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    document = dotform.read_document(folder / "dot.toml")
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = await trusted_form(request)
        values = {field.key: str(form.get(field.key, "")) for field in dotform.FIELDS}
        choices = {name: str(form.get(name, "")) for name in dotform.SIGNER_TARGETS}
        dotform.choose_signers(values, choices, web.store.office(user.office_id)["settings"])
        decisions = _submitted_decisions(form)
        if document is None:
            raise Refused(400, "Tệp dot.toml của đợt viết sai cú pháp; xem trang Kiểm tra để biết dòng nào.")
        errors = dotform.apply_form(document, values, decisions)
        if not errors:
            dotform.write_document(folder / "dot.toml", document)
            return redirect(f"/dot/{row['id']}?tb=Đã lưu dot.toml.")
        status = 400
    else:
        values = dotform.form_values(document) if document is not None else {}
        decisions = dotform.decision_rows(document) if document is not None else []
    view = await run_in_threadpool(check_session, folder)
    return web.page(request, "dot-cai-dat.html", status=status, dot=row, tab="cai-dat", view=view, values=values,
                    decisions=decisions + [{key: "" for key in dotform.DECISION_KEYS}], errors=errors,
                    groups=dotform.GROUPS, fields=dotform.FIELDS, choices=dotform.field_choices,
                    form_names=dotform.form_names(), broken=document is None,
                    signers=dotform.signers(web.store.office(user.office_id)["settings"]),
                    list_name=dotform.shown_value(dotform.Field("danh_sach.tep", "", "text"),
                                                  dotform.value_of(document or {}, "danh_sach.tep")))


def _submitted_decisions(form) -> list[dict[str, str]]:  # noqa: ANN001 - starlette FormData
    count = str(form.get("qd_count", "0"))
    rows = []
    for index in range(min(int(count) if count.isdigit() else 0, 200)):
        rows.append({key: str(form.get(f"qd-{index}-{key}", "")) for key in (*dotform.DECISION_KEYS, "xoa")})
    return rows


async def list_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    error, status = "", 200
    if request.method == "POST":
        # Refused before the body is read: an upload over the limit never reaches the disk or the memory.
        declared = request.headers.get("content-length", "")
        if not declared.isdigit() or int(declared) > web.config.max_upload + 64 * 1024:
            error = (f"Tệp tải lên quá lớn; giới hạn là {web.config.max_upload // 1024 // 1024} MB."
                     if declared.isdigit() else "Trình duyệt không gửi kích thước tệp; thử lại bằng trình duyệt khác.")
            return await _list_response(web, request, row, folder, error, 413 if declared.isdigit() else 411)
        form = await trusted_form(request)
        upload = form.get("tep")
        if upload is None or isinstance(upload, str):
            error, status = "Chọn một tệp danh sách (.xlsx hoặc .csv) rồi bấm Tải lên.", 400
        else:
            data = await upload.read(web.config.max_upload + 1)
            try:
                suffix = lists.checked_upload(upload.filename or "", data, web.config.max_upload)
            except lists.UploadRefused as exc:
                error, status = str(exc), 400
            else:
                name = lists.store_upload(folder, suffix, data)
                document = dotform.read_document(folder / "dot.toml")
                if document is not None:
                    dotform.set_value(document, "danh_sach.tep", name)
                    dotform.write_document(folder / "dot.toml", document)
                return redirect(f"/dot/{row['id']}/danh-sach?tb=Đã tải lên danh sách.")
    return await _list_response(web, request, row, folder, error, status)


async def _list_response(web: Web, request: Request, row: dict, folder, error: str, status: int,  # noqa: ANN001
                         ) -> Response:
    view = await run_in_threadpool(check_session, folder)
    editing = request.query_params.get("sua", "")
    return web.page(request, "dot-danh-sach-duyet.html", status=status, dot=row, tab="danh-sach", view=view,
                    error=error, editing=int(editing) if editing.isdigit() else None,
                    max_mb=web.config.max_upload // 1024 // 1024)


async def edit_row(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    form = await trusted_form(request)
    number = int(request.path_params["row"])
    view = await run_in_threadpool(check_session, folder)
    listed = next((item for item in view.rows if item.number == number), None)
    if listed is None or view.list_file is None:
        raise Refused(404, NOT_FOUND)
    # Only the columns the list has, at the letters the reader found: nothing in the form names a cell directly.
    values = {listed.letters[column]: str(form.get(f"cot-{column}", "")).strip()
              for column, _ in view.columns if column in listed.letters}
    await run_in_threadpool(lists.edit_row, view.list_file, view.sheet, number, values)
    notice = f"Đã sửa dòng {number}; bản trước được giữ trong thư mục ban-cu của đợt."
    return redirect(f"/dot/{row['id']}/danh-sach?tb={notice}#dong-{number}")


async def check_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    view = await run_in_threadpool(check_session, folder)
    if view.ok:
        # Asked afresh on every visit, not kept with the check: another session may take a number meanwhile.
        said = await run_in_threadpool(register.number_warnings, web.config, view.checked)
        view = dataclasses.replace(view, warnings=view.warnings + [without_server_paths(text, folder)
                                                                   for text in said])
    return web.page(request, "dot-kiem-tra.html", dot=row, tab="kiem-tra", view=view)


async def preview_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    view = await run_in_threadpool(check_session, folder)
    if not view.ok:
        return web.page(request, "dot-kiem-tra.html", dot=row, tab="kiem-tra", view=view, status=409)
    found = previews.documents(view.checked)
    wanted = request.query_params.get("van_ban") or found[0].slug
    preview = await run_in_threadpool(previews.render, view.checked, wanted)
    if preview is None:
        raise Refused(404, NOT_FOUND)
    return web.page(request, "dot-xem-truoc.html", dot=row, tab="xem-truoc", documents=found, preview=preview)


def _refresh_state(web: Web, build: dict | None) -> dict | None:
    if build is None or build["state"] not in RUNNING:
        return build
    died = (jobs.queued_job_failed(web.config, build["id"]) if web.config.redis_url
            else jobs.local_worker_died(build["id"]))
    if died:
        web.store.update_build(build["id"], state="loi", step="", message=(
            "Tiến trình lập đã dừng giữa chừng; kết quả lập trước vẫn nguyên. Bấm Lập lại."))
        return web.store.build(build["id"])
    return build


async def build_start(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    await trusted_form(request)
    latest = _refresh_state(web, web.store.latest_build(user.office_id, row["id"]))
    if latest and latest["state"] in RUNNING:
        return redirect(f"/dot/{row['id']}/lap/{latest['id']}")
    build_id = jobs.start_build(web.config, web.store, user.office_id, row["id"])
    return redirect(f"/dot/{row['id']}/lap/{build_id}")


async def build_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    build = _refresh_state(web, web.store.build(int(request.path_params["build_id"]), user.office_id))
    if build is None or build["session_id"] != row["id"]:
        raise Refused(404, NOT_FOUND)
    return web.page(request, "dot-lap.html", dot=row, tab="lap", build=build, states=BUILD_STATES,
                    running=build["state"] in RUNNING, files=_manifest_files(web.output(user, row)))


async def build_status(request: Request) -> Response:
    """JSON for the progress bar's script (the page also refreshes itself without script)."""
    web = _web(request)
    user, row, folder = web.own_session(request)
    build = _refresh_state(web, web.store.build(int(request.path_params["build_id"]), user.office_id))
    if build is None or build["session_id"] != row["id"]:
        raise Refused(404, NOT_FOUND)
    return Response(json.dumps({"state": build["state"], "progress": build["progress"], "step": build["step"]},
                               ensure_ascii=False), media_type="application/json")


def _manifest(output) -> dict | None:  # noqa: ANN001 - Path
    try:
        return json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _manifest_files(output) -> list[dict]:  # noqa: ANN001 - Path
    receipt = _manifest(output)
    return list(receipt.get("files", [])) if receipt else []


async def results_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    latest = _refresh_state(web, web.store.latest_build(user.office_id, row["id"]))
    return web.page(request, "dot-ket-qua.html", dot=row, tab="lap", build=latest, states=BUILD_STATES,
                    files=_manifest_files(web.output(user, row)))


MEDIA = {".pdf": "application/pdf", ".json": "application/json",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


async def download(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    output = web.output(user, row)
    wanted = request.path_params["path"]
    listed = {entry["path"] for entry in _manifest_files(output)} | {"manifest.json"}
    path = inside(output, wanted) if wanted in listed else None
    if path is None:
        raise Refused(404, NOT_FOUND)
    return FileResponse(path, media_type=MEDIA.get(path.suffix, "application/octet-stream"), filename=path.name)


async def download_zip(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request)
    output = web.output(user, row)
    files = _manifest_files(output)
    if not files:
        raise Refused(404, NOT_FOUND)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [entry["path"] for entry in files] + ["manifest.json"]:
            path = inside(output, name)
            if path is not None:
                archive.write(path, f"dot-{row['id']}/{name}")
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="dot-{row["id"]}.zip"'})


async def issue_page(request: Request) -> Response:
    web = _web(request)
    user, row, folder = web.own_session(request, "issue")
    result, status = None, 200
    if request.method == "POST":
        await trusted_form(request)
        result = register.issue_numbers(web.config, user.office_id, folder)
        status = 200 if result.done else 503
    return web.page(request, "dot-cap-so.html", status=status, dot=row, tab="cap-so", result=result,
                    connected=register.connected())


async def reprint_page(request: Request) -> Response:
    """Choose certificates to print again; the answer is the PDF of those only, with their own Số sổ."""
    web = _web(request)
    user, row, folder = web.own_session(request)
    form = await trusted_form(request) if request.method == "POST" else None  # the token first, before any work
    view = await run_in_threadpool(check_session, folder)
    if not view.ok:
        return web.page(request, "dot-kiem-tra.html", dot=row, tab="kiem-tra", view=view, status=409)
    error = ""
    if form is not None:
        chosen = [int(value) for value in form.getlist("chon") if isinstance(value, str) and value.isdigit()]
        data = await run_in_threadpool(reprint.reprint_pdf, view.checked, chosen) if chosen else None
        if data is not None:
            name = f"in-lai-giay-khen-dot-{row['id']}.pdf"
            return Response(data, media_type="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        error = "Chọn ít nhất một giấy khen để in lại."
    certificates = await run_in_threadpool(reprint.listed, view.checked)
    return web.page(request, "dot-in-lai.html", status=400 if error else 200, dot=row, tab="in-lai",
                    certificates=certificates, error=error)


async def register_page(request: Request) -> Response:
    web = _web(request)
    user = require(request, web.store, "issue")
    year_text = request.query_params.get("nam", "")
    import datetime as dt

    year = int(year_text) if year_text.isdigit() else dt.date.today().year
    return web.page(request, "so-dang-ky.html", tab="so-dang-ky", year=year,
                    pages=register.register_pages(web.config, user.office_id, year), connected=register.connected())


routes = [
    Route("/dot/{dot_id:int}", settings_page, methods=["GET", "POST"]),
    Route("/dot/{dot_id:int}/danh-sach", list_page, methods=["GET", "POST"]),
    Route("/dot/{dot_id:int}/danh-sach/dong/{row:int}", edit_row, methods=["POST"]),
    Route("/dot/{dot_id:int}/kiem-tra", check_page),
    Route("/dot/{dot_id:int}/xem-truoc", preview_page),
    Route("/dot/{dot_id:int}/lap", build_start, methods=["POST"]),
    Route("/dot/{dot_id:int}/lap/{build_id:int}", build_page),
    Route("/dot/{dot_id:int}/lap/{build_id:int}/trang-thai", build_status),
    Route("/dot/{dot_id:int}/ket-qua", results_page),
    Route("/dot/{dot_id:int}/tai-ve.zip", download_zip),
    Route("/dot/{dot_id:int}/tai/{path:path}", download),
    Route("/dot/{dot_id:int}/cap-so", issue_page, methods=["GET", "POST"]),
    Route("/dot/{dot_id:int}/in-lai", reprint_page, methods=["GET", "POST"]),
    Route("/so-dang-ky", register_page),
]
