"""Turn the templates folders into the one Jinja environment, with the Vietnamese filters both renderers use."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from ..core import vietnamese
from ..core.errors import TemplateError
from ..core.model import DocumentRef
from ..core.text import LITERAL_END, LITERAL_START
from .sandbox import TemplateSandbox
from .syntax import syntax_message
from .template_folders import BUILTIN_TEMPLATES


def ngay(day: date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 01 năm 2026'; a draft (no date) keeps blanks and the year."""
    return vietnamese.administrative_date(day, year)


def so_ky_hieu(ref: DocumentRef) -> str:
    """'05/QĐ-UBND'; a draft leaves the number blank for the văn thư: '     /QĐ-UBND'."""
    number = vietnamese.document_number(ref.number) if ref.number is not None else " " * 5
    return f"{number}/{ref.symbol}"


def ngay_ngan(day: date | None) -> str:
    """'20/01/2026' (certificates); blank in a draft."""
    return vietnamese.short_date(day) if day else "     /     /     "


def chu_thuong_dau(text: str) -> str:
    """First letter in lower case, to continue a sentence: 'Về việc tặng …' -> 'về việc tặng …'."""
    text = str(text)
    return text[:1].lower() + text[1:]


# "12/TTr-VHXH", "152/2025/NĐ-CP", "05/QĐ-UBND": a document's number and ký hiệu, read as one word.
DOCUMENT_SYMBOL = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+)+")


def giu_ky_hieu(text: str) -> markupsafe.Markup:
    """HTML only: a number with its ký hiệu never breaks at its hyphen across two lines of the PDF.

    A DOCX has no span to wrap it in: there the hyphen becomes Word's non-breaking hyphen (rendering/docx_symbols.py).
    """
    escaped = markupsafe.escape(text)  # already-safe macro output stays as it is
    return markupsafe.Markup(DOCUMENT_SYMBOL.sub(lambda found: f'<span class="ky-hieu">{found.group(0)}</span>',
                                                 str(escaped)))


FILTERS = {
    "chu_thuong_dau": chu_thuong_dau,
    "ngay": ngay,
    "ngay_ngan": ngay_ngan,
    "so_ky_hieu": so_ky_hieu,
    "tien": vietnamese.format_money,
    "bang_chu": vietnamese.amount_in_words,
    "hai_chu_so": vietnamese.two_digit_count,
    "viet_hoa": vietnamese.upper,
    "danh_xung": vietnamese.honorific,
    "giu_ky_hieu": giu_ky_hieu,
}


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith(".md")


@jinja2.pass_context
def _literal_data(context: jinja2.runtime.Context, value: object) -> object:
    """Every value a ".md" body prints is marked as literal text for the dispatch reader (documents/dispatch.py):
    a unit named "**Kính gửi giả**" or "- ABC" stays words, not bold or a bullet; a line break in it is a space."""
    if not (context.name or "").endswith(".md") or value is None:
        return value
    text = str(value).replace("\n", " ")
    return f"{LITERAL_START}{text}{LITERAL_END}" if text else text


def make_environment(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> jinja2.Environment:
    """The environment: earlier folders win (an office's overrides first), StrictUndefined, autoescape on, sandboxed
    (a template lays out a page and can reach nothing else: see sandbox.py)."""
    env = TemplateSandbox(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        # Every HTML/XML output is escaped, and so are the ".j2" wording macros: a macro's words are marked safe
        # by the template that calls it, so it must escape a name like "Ca & Múa" itself. Only ".md" bodies are
        # plain text (the HTML or DOCX template escapes them); they call the macros through plain_wording.
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_literal_data,
    )
    env.filters.update(FILTERS)
    return env


@cache
def environment(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> jinja2.Environment:
    return make_environment(template_dirs)


def template_place(exc: BaseException, fallback: str) -> str:
    """'quyet-dinh/template.html, dòng 12': the innermost template frame of a Jinja error's traceback."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.endswith((".html", ".j2", ".md", ".css"))]
    if frames:
        return f"{frames[-1].filename}, dòng {frames[-1].lineno}"
    return fallback


def _owner(type_name: str) -> str:
    owner = type_name.rsplit(".", 1)[-1]
    return {"dict": "bảng dữ liệu", "list": "danh sách", "tuple": "danh sách", "str": "chuỗi chữ"}.get(owner, owner)


def undefined_text(exc: jinja2.UndefinedError) -> str:
    """Jinja's English message about a missing name, in the words of a template maintainer."""
    message = str(exc.message or exc)
    if match := re.fullmatch(r"'(.+)' is undefined", message):
        return f"biến «{match.group(1)}» không có (xem danh sách biến: vanban templates fields)"
    if match := re.fullmatch(r"'(.+?)(?: object)?' has no attribute '(.+)'", message):
        owner = _owner(match.group(1))
        return f"«{match.group(2)}» không có trong {owner} (xem danh sách biến: vanban templates fields)"
    if match := re.fullmatch(r"'?(.+?)(?: object)?'? has no element (.+)", message):
        return f"không có phần tử {match.group(2)} trong {_owner(match.group(1))}"
    return f"biến không tồn tại ({message})"


def render_template(env: jinja2.Environment, template_name: str, context: dict) -> str:
    """A text or HTML template rendered, every mistake in it a TemplateError naming the file and line."""
    try:
        return env.get_template(template_name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(syntax_message(env, exc, template_name)) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"Không tìm thấy mẫu {exc.name} (cần cho {template_name}).") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template_place(exc, template_name)}: {undefined_text(exc)}") from exc
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError,
            ZeroDivisionError) as exc:
        raise TemplateError(f"{template_place(exc, template_name)}: mẫu tính sai ({exc.__class__.__name__}: {exc})"
                            ) from exc


def wording(env: jinja2.Environment):  # noqa: ANN201 - a Jinja template module
    """The shared sentences (templates/_shared/loi-van.j2) as a module both formats call: lv.dieu(article, d)."""
    try:
        return env.get_template("_shared/loi-van.j2").module
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}, dòng {exc.lineno}: {exc.message}") from exc


class PlainWording:
    """The wording macros as plain text, for text templates (.md) and for code that measures or draws the words."""

    def __init__(self, module) -> None:  # noqa: ANN001 - a Jinja template module
        self._module = module

    def __getattr__(self, name: str):  # noqa: ANN204 - returns a function like the macro
        macro = getattr(self._module, name)

        def plain(*args, **kwargs) -> str:
            words = macro(*args, **kwargs)
            return words.unescape() if isinstance(words, markupsafe.Markup) else str(words)

        return plain


def plain_wording(env: jinja2.Environment) -> PlainWording:
    """lv for a ".md" body: lv.trich_yeu(d) gives "Về việc tặng … Ca & Múa", not "Ca &amp; Múa"."""
    return PlainWording(wording(env))


def text_filler(env: jinja2.Environment, template_name: str) -> Callable[[dict], str]:
    """A text template (a ".md" body) as a function of its context, with the shared wording as plain text (``lv``)."""
    lv = plain_wording(env)
    return lambda context: render_template(env, template_name, {**context, "lv": lv})
