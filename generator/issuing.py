"""Turn a draft session into an issued one: numbers from the register written into dot.toml, rebuilt, recorded.

``vanban issue ĐỢT [--ngay …]``: every decision and covering công văn of the session (each per-unit công văn its
own) takes the next free number of its series, or keeps the one typed in dot.toml when the register agrees; the
certificates' Số sổ continue from the last session of their form. The numbers are written into dot.toml (comments
and layout kept, tomlkit), the session is rebuilt by ``pipeline.build``, and the register records the files and
the SHA-256 of each PDF. Issuing the same session again changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import pipeline
from .core.errors import InputError, Location, Problem
from .core.legal import form_key
from .core.register_location import register_exists
from .documents.certificates import plan, read_settings
from .documents.dispatch import unit_file_names
from .rendering.environment import environment, plain_wording

if TYPE_CHECKING:  # the register (SQLAlchemy) is loaded only where a register is used
    from .register import Claim, Entry, Register

DECISION_KIND = "Quyết định"
DISPATCH_KIND = "Công văn"
COVERING_SLUG = "cong-van-gui-quyet-dinh"
OWN_DISPATCH = "cong-van.md"  # a session's own công văn, written as plain text with a TOML front matter


@dataclass
class Issued:
    """What issuing did: the register entries of the session's documents, what changed, and the build."""

    entries: list[Entry]
    new: list[Entry]
    dot_changed: bool
    certificate_starts: dict[str, int] = field(default_factory=dict)
    build: object | None = None  # pipeline.BuildResult


def series_mode(dot: dict, file: str) -> str:
    """``[so_dang_ky] danh_so``: "theo-loai" (default: each type its own series) or "chung" (one shared series)."""
    from .register import SERIES_MODES

    table = dot.get("so_dang_ky", {})
    mode = table.get("danh_so", "theo-loai") if isinstance(table, dict) else "theo-loai"
    if mode not in SERIES_MODES:
        raise InputError(f"Tệp cài đặt {file} chưa đúng", [Problem(Location(file, key="so_dang_ky.danh_so"), (
            f"giá trị «{mode}» không hợp lệ; chỉ được là: {', '.join(SERIES_MODES)} (theo-loai: mỗi loại văn bản "
            "một dãy số; chung: mọi văn bản hành chính chung một dãy số)"))])
    return mode


def issuer_name(session) -> str:  # noqa: ANN001 - model.Session
    """The issuing body as the register names it: its name lines, one after the other."""
    return " ".join(session.issuer.lines)


def session_identity(folder: Path) -> str:
    """Who holds a number: the session folder's absolute path (two sessions named dot-1 stay apart)."""
    return str(Path(folder).resolve())


def issue(folder: Path, on: date | None = None, register: Register | None = None, *, output: Path | None = None,
          formats: tuple[str, ...] | None = None, kinds: tuple[str, ...] | None = None, rebuild: bool = True,
          **build_options) -> Issued:
    """Number, write, rebuild and record one session (see the module's docstring)."""
    import tomlkit  # here: check and build import this module to consult the register, and need no TOML writer

    folder = Path(folder)
    checked = pipeline.check(folder, numbers_pending=True)
    session = checked.session
    dot_text = session.dot_file.read_text(encoding="utf-8-sig")
    dot = tomlkit.parse(dot_text)
    mode = series_mode(dot.unwrap(), str(session.dot_file))
    day = on or session.signed_on or date.today()
    from .register import Register

    register = register or Register()
    identity = session_identity(folder)
    issuer = issuer_name(session)

    claims, units = _claims(checked, day)
    claimed = register.claim(issuer, session.name, identity, claims, mode)
    by_document = {entry.document: entry for entry in claimed.entries}
    starts = _certificate_starts(checked, register, issuer, identity, by_document)

    changed = _write_numbers(dot, session, checked, by_document, units, starts, day)
    new_text = tomlkit.dumps(dot)
    if changed and new_text != dot_text:
        _replace_text(session.dot_file, new_text)
    else:
        changed = False
    own = next((entry for document, entry in by_document.items() if not document.startswith(("quyet-dinh-",
                                                                                             COVERING_SLUG))), None)
    if own is not None:
        changed = _write_front_matter(session.folder / OWN_DISPATCH, own) or changed

    result = None
    if rebuild:
        options = dict(build_options)
        if formats:
            options["formats"] = formats
        if kinds:
            options["kinds"] = kinds
        result = pipeline.build(folder, output, **options)
        for entry in claimed.entries:
            made = [item for item in result.files if item.path.rsplit(".", 1)[0] == entry.document]
            if not made:
                continue
            pdf = next((item for item in made if item.format == "pdf"), None)
            register.attach_files(identity, entry.document, [item.path for item in made],
                                  hashlib.sha256(pdf.data).hexdigest() if pdf else None)
        claimed.entries = [entry for entry in register.entries(session_folder=identity)
                           if not entry.void] or claimed.entries
    return Issued(claimed.entries, claimed.new, changed, starts, result)


def _claims(checked, day: date) -> tuple[list[Claim], dict[str, str]]:  # noqa: ANN001 - pipeline.Checked
    """One claim per decision and per covering công văn; ``units`` maps a per-unit dispatch's slug to its unit."""
    from .register import Claim

    session = checked.session
    file = str(session.dot_file)
    lv = plain_wording(environment())
    signer = " ".join(part for part in (session.signer.capacity, session.signer.title, session.signer.name) if part)
    claims = []
    blocks = [form_key(entry.form) for entry in session.numbering]
    for decision in checked.decisions:
        index = blocks.index(form_key(decision.form)) if form_key(decision.form) in blocks else None
        key = f"[[quyet_dinh]] thứ {index + 1}, so" if index is not None else "quyet_dinh"
        claims.append(Claim(
            document=decision.slug, kind=DECISION_KIND, symbol=decision.ref.symbol,
            signed_on=decision.ref.signed_on or day, number=decision.ref.number, key=key, file=file,
            summary=" ".join(str(lv.trich_yeu(decision)).split()), signer=signer,
            **_recipients(decision.recipients)))
    # The per-unit dispatches' slugs, named as covering_dispatches names them (distinct, shortened).
    all_units = list(dict.fromkeys(row.award.unit for decision in checked.decisions
                                   for section in decision.annex.sections for row in section.rows))
    units = {f"{COVERING_SLUG}/{name}": unit for unit, name in unit_file_names(all_units).items()}
    for dispatch in pipeline.dispatches(checked):
        unit = units.get(dispatch.slug)
        key = f"cong_van.so_don_vi.{unit}" if unit else "cong_van.so"
        where = file
        if not dispatch.slug.startswith(COVERING_SLUG):  # the session's own cong-van.md: its front matter
            key, where = "so", str(session.folder / OWN_DISPATCH)
        dispatch_signer = " ".join(part for part in (dispatch.signer.capacity, dispatch.signer.title,
                                                     dispatch.signer.name) if part)
        claims.append(Claim(
            document=dispatch.slug, kind=DISPATCH_KIND, symbol=dispatch.ref.symbol,
            signed_on=dispatch.ref.signed_on or day, number=dispatch.ref.number, key=key, file=where,
            summary=f"V/v {dispatch.subject}", signer=dispatch_signer,
            **_recipients((*dispatch.addressees, *dispatch.recipients))))
    return claims, units


def _recipients(lines: tuple[str, ...]) -> dict[str, str]:
    """Nơi nhận lines ("- Như Điều 3;" … "- Lưu: VT, VHXH.") -> the register's nơi nhận and bản lưu columns."""
    recipients, archive = [], ""
    for line in lines:
        text = line.strip().lstrip("-").strip().rstrip(";.:,").strip()
        if text.startswith("Lưu:"):
            archive = text.removeprefix("Lưu:").strip()
        elif text and text != "Kính gửi":
            recipients.append(text)
    return {"recipients": "; ".join(dict.fromkeys(recipients)), "archive": archive}


def _certificate_starts(checked, register: Register, issuer: str, identity: str,  # noqa: ANN001
                        by_document: dict[str, Entry]) -> dict[str, int]:
    """First Số sổ of each form for this session, from the register (continuing from the last session)."""
    from .register import CertificateClaim

    settings = read_settings(checked.session.dot_file)
    certificates = plan(checked, settings)
    claims, positions = [], {}
    for certificate in certificates:
        decision = checked.decisions[certificate.decision_index]
        entry = by_document.get(decision.slug)
        reference = f"{entry.reference} ngày {entry.signed_on:%d/%m/%Y}" if entry else ""
        position = positions.get(decision.form, 0)
        positions[decision.form] = position + 1
        claims.append(CertificateClaim(decision.form, certificate.award.name, certificate.award.unit, reference,
                                       position))
    if not claims:
        return {}
    # The office's own book may already be further on than the register (its first issued session).
    typed = {claim.form: settings.start_for(claim.form) for claim in claims}
    return register.claim_certificates(issuer, checked.session.name, identity, claims, typed)


def _write_numbers(dot, session, checked, by_document: dict[str, Entry], units: dict[str, str],  # noqa: ANN001
                   starts: dict[str, int], day: date) -> bool:
    """Numbers and dates into the parsed dot.toml, only where they differ; True when anything was written."""
    import tomlkit

    changed = False
    dot_table = dot.setdefault("dot", tomlkit.table())
    if "ngay" not in dot_table:
        dot_table["ngay"] = day
        changed = True
    session_day = dot_table["ngay"]
    blocks = dot.get("quyet_dinh")
    for decision in checked.decisions:
        entry = by_document.get(decision.slug)
        if entry is None:
            continue
        if blocks is None:
            blocks = tomlkit.aot()
            dot.append("quyet_dinh", blocks)
        block = next((item for item in blocks if form_key(str(item.get("hinh_thuc", ""))) == form_key(decision.form)),
                     None)
        if block is None:
            block = tomlkit.table()
            block["hinh_thuc"] = decision.form
            blocks.append(block)
            changed = True
        if block.get("so") != entry.number:
            block["so"] = entry.number
            changed = True
        if block.get("ngay", session_day) != entry.signed_on:
            block["ngay"] = entry.signed_on
            changed = True
    covering = [entry for document, entry in by_document.items() if document.startswith(COVERING_SLUG)]
    if covering:
        table = dot.setdefault("cong_van", tomlkit.table())
        per_unit = {units[entry.document]: entry.number for entry in covering if entry.document in units}
        if per_unit:
            written = table.get("so_don_vi")
            if written is None or dict(written) != per_unit:
                inline = tomlkit.inline_table()
                inline.update(per_unit)
                table["so_don_vi"] = inline
                changed = True
        elif table.get("so") != covering[0].number:
            table["so"] = covering[0].number
            changed = True
        if table.get("ngay", session_day) != covering[0].signed_on:
            table["ngay"] = covering[0].signed_on
            changed = True
    if starts:
        table = dot.setdefault("giay_khen", tomlkit.table())
        written = table.get("so_so_bat_dau")
        current = {form_key(form): value for form, value in dict(written).items()} if isinstance(written, dict) \
            else None
        if current is None or any(current.get(form_key(form)) != start for form, start in starts.items()):
            inline = tomlkit.inline_table()
            inline.update(starts)
            table["so_so_bat_dau"] = inline
            changed = True
    return changed


def _write_front_matter(path: Path, entry: Entry) -> bool:
    """Number and date into the front matter of the session's cong-van.md (created when it has none)."""
    import re

    import tomlkit

    text = path.read_text(encoding="utf-8-sig")
    match = re.match(r"^(\+\+\+[ \t]*\n)(.*?\n)?(\+\+\+[ \t]*\n?)(.*)$", text, re.S)
    front = tomlkit.parse(match.group(2) or "") if match else tomlkit.document()
    body = match.group(4) if match else text
    changed = False
    if front.get("so") != entry.number:
        front["so"] = entry.number
        changed = True
    if front.get("ngay") != entry.signed_on:
        front["ngay"] = entry.signed_on
        changed = True
    if not changed:
        return False
    _replace_text(path, f"+++\n{tomlkit.dumps(front).rstrip()}\n+++\n{body}")
    return True


def _replace_text(path: Path, text: str) -> None:
    """Write dot.toml whole or not at all: a temporary file beside it, then a rename."""
    handle, temporary = tempfile.mkstemp(prefix=".dot-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def register_warnings(checked, location: str | Path | None = None) -> list[Problem]:  # noqa: ANN001 - Checked
    """What the register says of the numbers typed in the session, as warnings for ``check`` and ``build``: a number
    another document holds, a document the register holds under another number. Nothing when the session has no
    number yet or there is no register (SQLite file not made yet); one warning when the register cannot be read."""
    if not register_exists(location):
        return []
    numbered = any(decision.ref.number is not None for decision in checked.decisions)
    if not numbered and not any(dispatch.ref.number is not None for dispatch in pipeline.dispatches(checked)):
        return []
    from .register import Register, RegisterError

    session = checked.session
    try:
        mode = series_mode(_dot_settings(session.dot_file), str(session.dot_file))
        claims, _ = _claims(checked, session.signed_on or date.today())
        register = Register(location)
        try:
            return register.review(issuer_name(session), session.name, session_identity(session.folder), claims, mode)
        finally:
            register.close()
    except RegisterError as exc:
        return [Problem(None, f"Chưa đối chiếu được số văn bản với sổ đăng ký: {exc.message}", warning=True)]
    except InputError as exc:  # what issuing would refuse (an unknown danh_so): said now, as a warning
        return [Problem(problem.location, problem.message, warning=True) for problem in exc.problems]


def _dot_settings(path: Path) -> dict:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8-sig"))


def describe(entry: Entry) -> str:
    """One line for the screen: 'Quyết định số 05/QĐ-UBND ngày 20/01/2026 — Về việc tặng Giấy khen …'."""
    return f"{entry.kind} số {entry.reference} ngày {entry.signed_on:%d/%m/%Y} — " \
           f"{entry.summary}"
