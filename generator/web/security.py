"""Turn a request into a known user and a trusted form: signed-cookie login, CSRF tokens, role and office checks."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from .store import Store, User

CSRF_FIELD = "csrf"


class Refused(HTTPException):
    """An HTTP error with a Vietnamese sentence the error page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status_code=status, detail=message)


NOT_FOUND = "Không tìm thấy trang hoặc tệp này (hoặc nó thuộc đơn vị khác)."


def csrf_token(request: Request) -> str:
    """The token of this browser session, made on first use; every form carries it back."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def trusted_form(request: Request, max_part_size: int = 1024 * 1024) -> FormData:
    """The submitted form, only when it carries this session's CSRF token (else 403, nothing done)."""
    form = await request.form(max_part_size=max_part_size)
    sent = form.get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise Refused(403, "Biểu mẫu đã hết hạn hoặc không gửi từ trang của vanban. Tải lại trang rồi làm lại.")
    return form


def current_user(request: Request, store: Store) -> User | None:
    user_id = request.session.get("user")
    return store.user(user_id) if isinstance(user_id, int) else None


def require(request: Request, store: Store, permission: str | None = None) -> User:
    user = current_user(request, store)
    if user is None:
        raise Refused(401, "Cần đăng nhập.")
    if permission and not user.may(permission):
        raise Refused(403, f"Tài khoản «{user.username}» ({user.role_name}) không được làm việc này.")
    return user


def log_in(request: Request, user: User) -> None:
    """A fresh session on login: a token known before login is not reused after it."""
    request.session.clear()
    request.session["user"] = user.id
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)


def inside(base: Path, relative: str) -> Path | None:
    """``base/relative`` only when it stays inside ``base`` and is a file; never follows a path out of it."""
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")) or ".." in Path(relative).parts:
        return None
    candidate = (base / relative).resolve()
    root = base.resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
