"""Turn a document context into DOCX bytes: the Word template filled by docxtpl through the shared environment."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import jinja2

from ..core.errors import TemplateError
from .docx_annex import shape_annex
from .docx_symbols import keep_symbols_whole
from .environment import undefined_text
from .sandbox import SandboxViolation
from .syntax import docx_syntax_message
from .zip_members import fixed_member

# Every zip member gets this date so two builds of the same inputs are byte-identical.


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and member order as written, deflated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(fixed_member(info.filename), source.read(info.filename))
    return target_buffer.getvalue()


def render_docx(env: jinja2.Environment, template_path: Path, context: dict, *, stream: bool = True) -> bytes:
    """The filled template as DOCX bytes. A decision's annex rows are streamed (docx_stream: bounded memory for a
    province's list, the same bytes); ``stream=False``, or a template it cannot follow, renders the whole body at
    once through docxtpl."""
    try:
        data = None
        if stream:
            from .docx_stream import render_streamed

            data = render_streamed(env, template_path, context)
        return data if data is not None else _render_whole(env, template_path, context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(docx_syntax_message(env, exc, template_path)) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template_path}: {undefined_text(exc)}") from exc
    except SandboxViolation as exc:
        raise SandboxViolation(f"{template_path}, {exc.message}") from None


def _render_whole(env: jinja2.Environment, template_path: Path, context: dict) -> bytes:
    from docxtpl import DocxTemplate  # imported here: `vanban --help` and `vanban check` must not pay for it

    template = DocxTemplate(str(template_path))
    # Not docxtpl's autoescape=True: it would switch the shared environment to escape every template, text
    # templates included. The environment already escapes templates without a name, which is what docxtpl
    # renders, so "A & B" reaches Word as "A &amp; B".
    template.render(context, jinja_env=env)
    keep_symbols_whole(template.docx.element.body)  # "12/TTr-VHXH" never breaks at its hyphen
    document = context.get("d")
    if getattr(document, "annex", None) is not None:
        shape_annex(template.docx.element.body, document)
    buffer = io.BytesIO()
    template.save(buffer)
    return stable_zip(buffer.getvalue())
