"""Turn a choice of names, units or Số sổ into a separate PDF of those certificates, with their original Số sổ.

``vanban reprint ĐỢT --ten … --don-vi … --so-so …``: a certificate lost or spoilt is printed again exactly as it
was (same Số sổ, same decision number and date), into a file of its own; the session's output is not touched and
an existing file is never overwritten (a new name is chosen).
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .core.errors import InputError
from .core.legal import form_key
from .documents.certificates import plan, read_settings
from .rendering.template_folders import template_dirs_for


@dataclass(frozen=True)
class Reprinted:
    path: Path
    certificates: list[dict]  # {"so_so", "hinh_thuc", "ho_ten", "don_vi", "trang"} as in manifest.json
    notices: list[str]


def _matches(wanted: str, text: str) -> bool:
    """A name or unit as typed: case, diacritics and spacing do not matter; a unit may be given in part."""
    return form_key(wanted) == form_key(text)


def reprint(folder: Path, names: tuple[str, ...] = (), units: tuple[str, ...] = (), numbers: tuple[int, ...] = (),
            form: str | None = None, output: Path | None = None, profile: str | None = None, mode: str | None = None,
            templates: Path | None = None) -> Reprinted:
    """The chosen certificates of a session into one PDF (see the module's docstring)."""
    if not (names or units or numbers):
        raise InputError("Chưa chọn giấy nào để in lại: ghi --ten \"Họ và tên\", --don-vi \"Đơn vị\" hoặc --so-so SỐ "
                         "(ghi nhiều lần được).")
    checked = pipeline.check(folder)
    every = plan(checked, read_settings(checked.session.dot_file))

    def chosen(certificate) -> bool:  # noqa: ANN001 - certificates.Certificate
        award = certificate.award
        if form and not _matches(form, checked.decisions[certificate.decision_index].form):
            return False
        return (any(_matches(name, award.name) for name in names)
                or any(_matches(unit, award.unit) for unit in units)
                or certificate.register_number in numbers)

    picked = [certificate for certificate in every if chosen(certificate)]
    if not picked:
        known_names = sorted({certificate.award.name for certificate in every})
        hints = []
        for name in names:
            close = difflib.get_close_matches(name, known_names, n=3, cutoff=0.6)
            if close:
                hints.append(f"«{name}»: có phải {', '.join(f'«{item}»' for item in close)}?")
        numbers_known = f"{min(c.register_number for c in every)}–{max(c.register_number for c in every)}" \
            if every else "không có"
        raise InputError(" ".join([f"Không có giấy khen nào khớp lựa chọn trong đợt «{checked.session.name}» "
                                   f"(Số sổ của đợt: {numbers_known}).", *hints,
                                   f"Xem danh sách giấy và Số sổ: vanban check {folder}"]))
    template_dirs = template_dirs_for(templates or checked.session.templates)
    files, notices = pipeline.certificate_files(checked, profile=profile, mode=mode, template_dirs=template_dirs,
                                       formats=("pdf",), jobs=1, select=chosen)
    everything = next(item for item in files if item.path.endswith("/tat-ca.pdf"))
    target = _free_name(Path(output) if output else pipeline.DEFAULT_OUTPUT / f"{checked.session.name}-in-lai"
                        / "giay-khen-in-lai.pdf")
    _write_new(target, everything.data)
    return Reprinted(target, everything.extra.get("giay_chung_nhan", []), notices)


def _free_name(path: Path) -> Path:
    """The path itself when free, else the same name with -2, -3…: a reprint never replaces a file."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".in-lai-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.link(temporary, path)  # fails rather than replace a file that appeared meanwhile
    finally:
        Path(temporary).unlink(missing_ok=True)
