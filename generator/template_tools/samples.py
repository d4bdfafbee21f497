"""Turn a session folder into the sample documents that template previews and checks render."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .. import pipeline
from ..core.errors import InputError
from ..rendering.environment import BUILTIN_TEMPLATES, environment
from ..rendering.fields import KINDS
from .analysis import CERTIFICATE_WORDING


def sample_document(kind: str, session_folder: Path | None = None,
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)):  # noqa: ANN201 - Decision | Dispatch
    """The document a kind's preview and lint render: the first one of a session (the bundled example by default).

    Certificates have no single document: see ``certificate_sample``.
    """

    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    if kind == "quyet-dinh":
        return checked.decisions[0]
    if kind == "cong-van":
        return pipeline.dispatches(checked, template_dirs)[0]
    raise InputError(f"Không có loại văn bản «{kind}»; chọn một trong: {', '.join(KINDS)}.")


def certificate_sample(checked, *, one_per_form: bool):  # noqa: ANN001, ANN201 - pipeline.Checked
    """The session to draw certificates of; for a preview only the first awardee of each decision (form)."""
    from dataclasses import replace

    if not one_per_form:
        return checked
    decisions = []
    for decision in checked.decisions:
        first = next((section for section in decision.annex.sections if section.rows), None)
        sections = (replace(first, rows=first.rows[:1]),) if first else ()
        decisions.append(replace(decision, annex=replace(decision.annex, sections=sections)))
    return replace(checked, decisions=decisions)


RENDER_ERRORS = (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError,
                  ZeroDivisionError)


def macro_place(exc: BaseException, template_dirs: tuple[Path, ...]) -> str:
    """'giay-khen/loi-van.j2, dòng 41' for an error inside a wording macro.

    The certificate renderer calls the macros from Python, so Jinja does not rewrite the traceback: the frame's line
    is a line of the compiled module, which the template maps back to its own line.
    """
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return CERTIFICATE_WORDING
    try:
        template = environment(template_dirs).get_template(CERTIFICATE_WORDING)
        line = template.get_corresponding_lineno(frames[-1].lineno or 0)
    except jinja2.TemplateError:
        return frames[-1].filename
    return f"{frames[-1].filename}, dòng {line}"
