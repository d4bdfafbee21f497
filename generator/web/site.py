"""Turn a request and a page name into an HTML response, and a session id in a URL into the office's own session."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from .config import WebConfig
from .security import NOT_FOUND, Refused, csrf_token, current_user, require
from .store import ROLES, Store, output_folder, session_folder

TEMPLATES = Path(__file__).with_name("templates")


def page_environment() -> SandboxedEnvironment:
    """The project's rendering conventions for the web pages too: autoescape, StrictUndefined, and sandboxed."""
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                               undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["tien"] = lambda amount: f"{amount:,}".replace(",", ".") if isinstance(amount, int) else amount
    env.filters["gio"] = lambda moment: moment.strftime("%d/%m/%Y %H:%M") if moment else ""
    return env


class Web:
    """The application's shared parts: configuration, records, page templates."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.store = Store(config.database_url)
        self.pages = page_environment()

    def page(self, request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
        context.setdefault("user", current_user(request, self.store))
        context.setdefault("dot", None)
        context.setdefault("tab", "")
        context.setdefault("notice", request.query_params.get("tb", ""))
        html = self.pages.get_template(name).render(csrf=csrf_token(request), request_path=request.url.path,
                                                    roles=ROLES, **context)
        return HTMLResponse(html, status_code=status)

    def own_session(self, request: Request, permission: str = "prepare") -> tuple:
        """(user, session row, folder) for the session in the URL, only when it belongs to the user's office."""
        user = require(request, self.store, permission)
        try:
            session_id = int(request.path_params["dot_id"])
        except (KeyError, ValueError) as exc:
            raise Refused(404, NOT_FOUND) from exc
        row = self.store.session(user.office_id, session_id)
        if row is None:
            raise Refused(404, NOT_FOUND)
        return user, row, session_folder(self.config.offices, user.office_id, session_id)

    def output(self, user, row) -> Path:  # noqa: ANN001 - store.User, session row
        return output_folder(self.config.offices, user.office_id, row["id"])


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
