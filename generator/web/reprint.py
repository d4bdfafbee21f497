"""Turn chosen certificates of a session into one PDF to print again, each with its own Số sổ from the session's plan.

A spoilt or lost certificate is printed again exactly as it was: the plan of the whole session is made as for a build
(so every Số sổ stays what it was), then only the chosen ones are drawn. Nothing is written to the output folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import pipeline
from ..documents.certificates import plan, resolve
from ..rendering.certificates import certificate_files
from ..rendering.template_folders import template_dirs_for

ALL_CERTIFICATES = "giay-khen/tat-ca.pdf"


@dataclass(frozen=True)
class Listed:
    index: int
    number: int  # Số sổ
    form: str
    name: str
    unit: str


def listed(checked: pipeline.Checked) -> list[Listed]:
    """Every certificate of the session in print order, as the page lists them to choose from."""
    dirs = template_dirs_for(checked.session.templates)
    _, _, settings = resolve(checked, None, None, dirs)
    return [Listed(index, item.register_number, checked.decisions[item.decision_index].form, item.award.name,
                   item.award.unit) for index, item in enumerate(plan(checked, settings))]


def reprint_pdf(checked: pipeline.Checked, indices: list[int]) -> bytes | None:
    """The chosen certificates (indices into the print order) in one PDF, or None when none of them exists."""
    dirs = template_dirs_for(checked.session.templates)
    profile, mode, settings = resolve(checked, None, None, dirs)
    planned = plan(checked, settings)
    picked = [planned[index] for index in sorted(set(indices)) if 0 <= index < len(planned)]
    if not picked:
        return None
    files, _ = certificate_files(picked, checked.decisions, profile, mode, jobs=1, template_dirs=dirs,
                                 formats=("pdf",))
    return next(item.data for item in files if item.path == ALL_CERTIFICATES)
