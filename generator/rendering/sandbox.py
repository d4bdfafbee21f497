"""Turn templates into code that can only lay out a page: a sandboxed Jinja environment and a resource fetcher for
WeasyPrint that serves files of the template folders (and ``data:`` URIs) and nothing else.

Templates are edited by office staff (and, with the web page to come, on a shared server): a template must not reach
Python's internals (``cycler.__init__.__globals__.os``), read a file outside the template folders or fetch from the
network. Each attempt stops the build with a TemplateError (exit 4) that names the template and the line.
"""

from __future__ import annotations

import mimetypes
import sys
from pathlib import Path
from urllib.parse import urlsplit

from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..core.errors import TemplateError
from .pdf_fonts import pdf_font_files

_TEMPLATE_SUFFIXES = (".html", ".j2", ".md", ".css")


class SandboxViolation(TemplateError):
    """A template tried to reach beyond the values it was given (an attribute, a call or a format it may not use)."""


def _template_place() -> str:
    """'…/quyet-dinh/template.html, dòng 12': the innermost template being rendered, read from the call stack.

    The violation is raised while the template runs, before Jinja rewrites its traceback, so the line is mapped from
    the compiled module's line the way Jinja does it.
    """
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            name = template.filename or template.name
            if name:
                return f"{name}, dòng {template.get_corresponding_lineno(frame.f_lineno)}"
            return f"mẫu Word, dòng XML {template.get_corresponding_lineno(frame.f_lineno)}"
        frame = frame.f_back
    return "mẫu văn bản"


def _refusal(what: str) -> str:
    return (f"{_template_place()}: mẫu dùng {what} — mẫu chỉ được trình bày các biến của văn bản (xem: vanban "
            "templates fields), không được truy cập phần bên trong của chương trình. Xóa biểu thức này khỏi mẫu.")


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with every refusal raised at once as a Vietnamese TemplateError naming the template.

    Jinja's own sandbox returns an undefined value for an unsafe attribute and fails only when it is used; failing at
    the access itself names the attribute the template asked for.
    """

    def unsafe_undefined(self, obj: object, attribute: str):  # noqa: ANN201 - Jinja's hook
        owner = obj.__name__ if isinstance(obj, type) else type(obj).__name__
        raise SandboxViolation(_refusal(f"«{attribute}» của {owner}"))

    def call(self, context, obj, /, *args, **kwargs):  # noqa: ANN001, ANN201 - Jinja's hook
        try:
            return super().call(context, obj, *args, **kwargs)
        except SecurityError as exc:
            raise SandboxViolation(_refusal(f"một lời gọi bị chặn ({exc})")) from None

    def format_string(self, s, args, kwargs, format_func=None):  # noqa: ANN001, ANN201 - Jinja's hook
        try:
            return super().format_string(s, args, kwargs, format_func)
        except SecurityError as exc:
            raise SandboxViolation(_refusal(f"một chuỗi định dạng bị chặn ({exc})")) from None


def template_files_fetcher(template_dirs: tuple[Path, ...] | list, template_name: str):  # noqa: ANN201
    """A WeasyPrint URL fetcher serving only files inside ``template_dirs`` (symlinks resolved) and ``data:`` URIs."""
    from .weasyprint_loader import load_weasyprint

    load_weasyprint()  # before any of its modules: the quick load of its C libraries
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    roots = tuple(Path(folder).resolve() for folder in template_dirs)
    # The fonts vanban itself embeds (the bundled ones, or the office's Times New Roman named by VANBAN_FONT_DIR)
    # are the program's choice, not the template's: served wherever they are.
    fonts = {path.resolve() for path in pdf_font_files().values()}

    class RefusedResource(FatalURLFetchingError):
        """Raised through WeasyPrint (which turns ordinary fetch errors into warnings) to stop the rendering."""

    class TemplateFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parts.netloc in ("", "localhost"):
                from urllib.request import url2pathname  # here: it brings http, ssl and email with it (40 ms)

                path = Path(url2pathname(parts.path)).resolve()
                if path in fonts or any(path.is_relative_to(root) for root in roots):
                    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
            shown = url if len(url) <= 200 else url[:200] + "…"
            raise RefusedResource(
                f"{template_name}: mẫu đòi tải «{shown}». Mẫu chỉ được dùng tệp (ảnh, phông chữ, CSS) nằm trong thư "
                f"mục mẫu ({', '.join(str(root) for root in roots)}) và dữ liệu «data:», không lấy tệp ở nơi khác "
                "hay địa chỉ mạng (http, https…). Chép tệp vào thư mục mẫu rồi ghi đường dẫn tới đó.")

    return TemplateFilesOnly(allowed_protocols=None, allow_redirects=False)
