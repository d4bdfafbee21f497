"""Turn HTTP requests into pages: the secretariat's way to prepare, check, preview, build and download a session.

Pages are rendered on the server (Jinja, autoescaped, sandboxed, StrictUndefined) and work with plain forms. Every
session, build and file is looked up with the user's office: another office's id answers 404, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
import re

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..core.errors import VanbanError
from . import dotform, session_pages
from .config import WebConfig
from .security import NOT_FOUND, Refused, current_user, log_in, require, trusted_form
from .site import Web, redirect
from .store import ROLES, Store, session_folder

# ------------------------------------------------------------------------------------------------ accounts


async def home(request: Request) -> Response:
    web: Web = request.app.state.web
    if not web.store.has_users():
        return redirect("/cai-dat-ban-dau")
    return redirect("/dot" if current_user(request, web.store) else "/dang-nhap")


async def login(request: Request) -> Response:
    web: Web = request.app.state.web
    if not web.store.has_users():
        return redirect("/cai-dat-ban-dau")
    if request.method == "GET":
        return web.page(request, "dang-nhap.html", error="", username="")
    form = await trusted_form(request)
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    user = web.store.authenticate(username, password)
    if user is None:
        return web.page(request, "dang-nhap.html", status=400, username=username,
                        error="Sai tên đăng nhập hoặc mật khẩu.")
    log_in(request, user)
    return redirect("/dot")


async def logout(request: Request) -> Response:
    await trusted_form(request)
    request.session.clear()
    return redirect("/dang-nhap")


def _account_errors(store: Store, username: str, password: str) -> dict[str, str]:
    errors = {}
    if not username or len(username) > 100 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors["username"] = "Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới."
    elif store.username_taken(username):
        errors["username"] = f"Tên đăng nhập «{username}» đã có người dùng; chọn tên khác."
    if len(password) < 10:
        errors["password"] = "Mật khẩu cần ít nhất 10 ký tự."
    return errors


async def first_setup(request: Request) -> Response:
    """The first run: the first office and its quản trị; afterwards this page no longer exists."""
    web: Web = request.app.state.web
    if web.store.has_users():
        raise Refused(404, NOT_FOUND)
    if request.method == "GET":
        return web.page(request, "cai-dat-ban-dau.html", errors={}, values={})
    form = await trusted_form(request)
    values = {key: str(form.get(key, "")).strip() for key in ("office", "username", "full_name")}
    password = str(form.get("password", ""))
    errors = _account_errors(web.store, values["username"], password)
    if not values["office"]:
        errors["office"] = "Ghi tên đơn vị, ví dụ: UBND xã Hòa Bình."
    if errors:
        return web.page(request, "cai-dat-ban-dau.html", status=400, errors=errors, values=values)
    office_id = web.store.create_office(values["office"])
    user_id = web.store.create_user(office_id, values["username"], password, "quan-tri", values["full_name"])
    log_in(request, web.store.user(user_id))
    return redirect("/don-vi?tb=Nhập cài đặt của đơn vị một lần; mỗi đợt mới sẽ lấy từ đây.")


async def accounts(request: Request) -> Response:
    web: Web = request.app.state.web
    user = require(request, web.store, "admin")
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        form = await trusted_form(request)
        values = {key: str(form.get(key, "")).strip() for key in ("username", "full_name", "role")}
        password = str(form.get("password", ""))
        errors = _account_errors(web.store, values["username"], password)
        if values["role"] not in ROLES:
            errors["role"] = "Chọn một vai trò."
        if not errors:
            web.store.create_user(user.office_id, values["username"], password, values["role"], values["full_name"])
            return redirect(f"/tai-khoan?tb=Đã tạo tài khoản {values['username']}.")
    return web.page(request, "tai-khoan.html", status=400 if errors else 200, errors=errors, values=values,
                    people=web.store.office_users(user.office_id), tab="tai-khoan")


async def office_settings(request: Request) -> Response:
    web: Web = request.app.state.web
    user = require(request, web.store, "admin")
    office = web.store.office(user.office_id)
    errors: dict[str, str] = {}
    values = dotform.office_values(office["settings"])
    if request.method == "POST":
        form = await trusted_form(request)
        values = {field.key: str(form.get(field.key, "")) for field in dotform.ADMIN_FIELDS}
        settings, errors = dotform.parse_office_form(values, web.config.template_folders)
        if not errors:
            web.store.save_office_settings(user.office_id, settings)
            return redirect("/don-vi?tb=Đã lưu cài đặt của đơn vị.")
    return web.page(request, "don-vi.html", status=400 if errors else 200, office=office, values=values,
                    errors=errors, fields=dotform.ADMIN_FIELDS, tab="don-vi",
                    choices=lambda field: dotform.field_choices(field, web.config.template_folders))


# ------------------------------------------------------------------------------------------------ sessions


async def session_list(request: Request) -> Response:
    web: Web = request.app.state.web
    user = require(request, web.store)
    office = web.store.office(user.office_id)
    if request.method == "POST":
        require(request, web.store, "prepare")
        form = await trusted_form(request)
        title = str(form.get("title", "")).strip()
        year_text = str(form.get("year", "")).strip()
        if not title or not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            return web.page(request, "dot-danh-sach.html", status=400, office=office,
                            sessions=web.store.office_sessions(user.office_id), title=title, year=year_text,
                            error="Ghi tên đợt và năm của thành tích (ví dụ 2025).", tab="dot")
        session_id = web.store.create_session(user.office_id, title, user.id)
        folder = session_folder(web.config.offices, user.office_id, session_id)
        folder.mkdir(parents=True)
        templates = web.config.template_folder(str(office["settings"].get(dotform.TEMPLATES.key, "")))
        document = dotform.new_document(office["settings"], title, int(year_text), "danh-sach.xlsx", templates)
        dotform.write_document(folder / "dot.toml", document)
        return redirect(f"/dot/{session_id}/danh-sach?tb=Đã tạo đợt; tải lên danh sách đã duyệt.")
    return web.page(request, "dot-danh-sach.html", office=office, sessions=web.store.office_sessions(user.office_id),
                    title="", year=str(dt.date.today().year - 1), error="", tab="dot")


async def not_found(request: Request, exc: Exception) -> Response:
    return await error_page(request, Refused(404, NOT_FOUND))


async def error_page(request: Request, exc: Exception) -> Response:
    web: Web = request.app.state.web
    status = getattr(exc, "status_code", 500)
    if status == 401:
        return redirect("/dang-nhap")
    detail = getattr(exc, "detail", "") if isinstance(exc, Refused) else ""
    if not detail:
        detail = NOT_FOUND if status == 404 else {405: "Không làm được việc này ở địa chỉ này."}.get(
            status, "Yêu cầu không hợp lệ.")
    return web.page(request, "loi.html", status=status, message=detail, user=current_user(request, web.store))


# Every page: never framed by another site, no type guessing, no script or form target outside this server.
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                 b"script-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                                 b"base-uri 'none'"),
]


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response."""

    def __init__(self, app) -> None:  # noqa: ANN001 - ASGI app
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:  # noqa: ANN001 - ASGI message
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


async def input_error_page(request: Request, exc: Exception) -> Response:
    """A Vietnamese message of the pipeline (bad template, missing legal data…) raised while making a page."""
    web: Web = request.app.state.web
    message = exc.format_message() if isinstance(exc, VanbanError) else str(exc)
    folder = str(web.config.offices)
    message = re.sub(re.escape(folder) + r"/\d+/dot/dot-\d+/?", "", message)  # no server paths in a page
    return web.page(request, "loi.html", status=422, message=message, user=current_user(request, web.store))


async def bug_page(request: Request, exc: Exception) -> Response:
    """A bug: the user reads what to do in Vietnamese; the details go to the server's log, never to the page."""
    import traceback

    traceback.print_exception(exc)
    web: Web = request.app.state.web
    return web.page(request, "loi.html", status=500, user=None, message=(
        "Lỗi của chương trình vanban (không phải của dữ liệu); không có gì bị thay đổi. Báo cho người quản trị, kèm "
        "giờ xảy ra, để xem nhật ký của máy chủ."))


def create_app(config: WebConfig) -> Starlette:
    routes = [
        Route("/", home),
        Route("/dang-nhap", login, methods=["GET", "POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/cai-dat-ban-dau", first_setup, methods=["GET", "POST"]),
        Route("/tai-khoan", accounts, methods=["GET", "POST"]),
        Route("/don-vi", office_settings, methods=["GET", "POST"]),
        Route("/dot", session_list, methods=["GET", "POST"]),
        *session_pages.routes,
    ]
    handlers = {HTTPException: error_page, 404: not_found, VanbanError: input_error_page, Exception: bug_page}
    app = Starlette(routes=routes, exception_handlers=handlers,
                    middleware=[Middleware(SecurityHeaders),
                                Middleware(SessionMiddleware, secret_key=config.secret, session_cookie="vanban",
                                           max_age=12 * 3600, same_site="lax", https_only=config.secure_cookies)])
    app.state.web = Web(config)
    return app
