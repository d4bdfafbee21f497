"""Turn a checked session into its certificate plan: which awardee gets which certificate, in print order, with Số sổ.

Which awards get a certificate, and which one, is the catalogue's ``chung_nhan`` of the form. Print order: units in
order of first appearance in the list, then list order (a unit's pile holds all its forms). Số sổ runs per form in
that order from ``[giay_khen] so_so_bat_dau`` of dot.toml (an integer for every form, or a table
``{ "Giấy khen" = 120, … }``; default 1). Drawing the plan is rendering.certificates' work.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..core.errors import InputError, Location, Problem
from ..core.legal import Catalogue, form_key
from ..core.model import Award, Certificate, Decision, Session
from ..core.settings import session_path
from ..core.vietnamese import honorific
from ..rendering.certificate_profile import MODES, Profile, load_profile
from ..rendering.template_folders import BUILTIN_TEMPLATES

DEFAULT_PROFILE = "a4-ngang-day-du"


class CheckedSession(Protocol):
    """What planning needs of a checked session (pipeline.Checked has it)."""

    session: Session
    awards: list[Award]
    decisions: list[Decision]
    catalogue: Catalogue


@dataclass(frozen=True)
class CertificateSettings:
    """The ``[giay_khen]`` table of dot.toml."""

    start: int
    start_by_form: dict[str, int]  # form_key -> first Số sổ
    profile: str | None
    mode: str | None

    def start_for(self, form: str) -> int:
        return self.start_by_form.get(form_key(form), self.start)


def read_settings(dot_file: Path) -> CertificateSettings:
    """``[giay_khen]`` of dot.toml: ``so_so_bat_dau`` (int, or a table form -> int), ``ho_so``, ``che_do``."""
    try:
        data = tomllib.loads(dot_file.read_text(encoding="utf-8")) if dot_file.is_file() else {}
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        data = {}  # loading.py has already reported a broken dot.toml; here it only means "no settings"
    table = data.get("giay_khen", {})
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(Location(dot_file.name, key=f"giay_khen.{key}"), message))

    if not isinstance(table, dict):
        problem("", "phải là một bảng [giay_khen]")
        table = {}

    def positive(value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problem(key, f"số sổ bắt đầu phải là số nguyên từ 1 trở lên (đang ghi {value!r})")
            return 1
        return value

    start, by_form = 1, {}
    written = table.get("so_so_bat_dau", 1)
    if isinstance(written, dict):
        for form, value in written.items():
            by_form[form_key(form)] = positive(value, f"so_so_bat_dau.{form}")
    else:
        start = positive(written, "so_so_bat_dau")
    profile = table.get("ho_so")
    if profile is not None and not isinstance(profile, str):
        problem("ho_so", f"ghi tên hồ sơ phôi, ví dụ \"a4-ngang-phoi\" (đang ghi {profile!r})")
        profile = None
    if profile and (profile.lower().endswith(".toml") or "/" in profile or "\\" in profile):
        profile = str(session_path(dot_file.parent, profile))  # a file of the office's own, beside dot.toml
    mode = table.get("che_do")
    if mode is not None and mode not in MODES:
        problem("che_do", f"chỉ được là: {', '.join(MODES)} (đang ghi {mode!r})")
        mode = None
    if problems:
        raise InputError(f"Mục [giay_khen] của {dot_file.name} chưa đúng", problems)
    return CertificateSettings(start, by_form, profile, mode)


def _position_unit(award: Award) -> str:
    if award.subject == "ca-nhan":
        position, unit = award.position, award.unit
        return f"{position}, {unit}" if position and unit else position or unit  # those of the two that are given
    return "" if award.unit == award.name else award.unit


def plan(checked: CheckedSession, settings: CertificateSettings | None = None) -> list[Certificate]:
    """Every certificate of the session in print order (by unit, then list order), numbered per form."""
    settings = settings or read_settings(checked.session.dot_file)
    list_order = {id(award): index for index, award in enumerate(checked.awards)}
    chosen: list[tuple[Award, int, str, str]] = []  # award, decision index, form name, certificate name
    for decision_index, decision in enumerate(checked.decisions):
        form = checked.catalogue.find_form(decision.form)
        if form is None or not form.certificate:
            continue
        for section in decision.annex.sections:
            chosen.extend((row.award, decision_index, form.name, form.certificate) for row in section.rows)
    # A unit collects its certificates in one pile whatever the form: units in order of first appearance in
    # the list, then list order; one person with two forms gets them in decision order.
    chosen.sort(key=lambda item: (list_order.get(id(item[0]), len(list_order)), item[1]))
    unit_rank: dict[str, int] = {}
    for award, *_ in chosen:
        unit_rank.setdefault(award.unit, len(unit_rank))
    chosen.sort(key=lambda item: unit_rank[item[0].unit])  # stable: list order inside a unit
    next_number: dict[str, int] = {}
    certificates = []
    honorifics: dict[str | None, str] = {}  # a handful of ways to write a gender, fifty thousand awards
    for award, decision_index, form_name, certificate in chosen:
        number = next_number.get(form_name)
        if number is None:
            number = settings.start_for(form_name)
        next_number[form_name] = number + 1
        certificates.append(Certificate(
            register_number=number,
            award=award,
            decision_index=decision_index,
            certificate=certificate,
            honorific=(honorifics[award.gender] if award.gender in honorifics
                       else honorifics.setdefault(award.gender, honorific(award.gender)))
            if award.subject == "ca-nhan" else "",
            position_unit=_position_unit(award),
        ))
    return certificates


@dataclass(frozen=True)
class RegisterRange:
    """What a form's certificates take of the register: how many, and the first and last Số sổ."""

    form: str  # the decision's form
    certificate: str  # the certificate's name (a title's certificate may differ from the title)
    count: int
    first: int
    last: int


def register_ranges(checked: CheckedSession, settings: CertificateSettings | None = None) -> list[RegisterRange]:
    """Per form, in the order its first certificate is printed, what ``plan`` numbers — without making the plan.

    A summary needs only these figures; the plan makes a Certificate per awardee and sorts them all (most of
    `vanban check` on a long list). Each form's numbers run on from its start without a gap, so they follow from
    the count; the forms' order is that of their first certificate in print order (plan's key).
    """
    settings = settings or read_settings(checked.session.dot_file)
    printed: list[tuple[int, str, str]] = []  # decision index, form name, certificate name
    for decision_index, decision in enumerate(checked.decisions):
        form = checked.catalogue.find_form(decision.form)
        if form is not None and form.certificate:
            printed.append((decision_index, form.name, form.certificate))
    if len({name for _, name, _ in printed}) < len(printed) or any(
            checked.decisions[index].form != name for index, name, _ in printed):
        return _ranges_from_plan(checked, settings)  # two decisions numbering on one form: as the plan does
    decision_of: dict[int, int] = {}  # id(award) -> decision index
    counts: dict[int, int] = {}
    for decision_index, _, _ in printed:
        rows = [row for section in checked.decisions[decision_index].annex.sections for row in section.rows]
        counts[decision_index] = len(rows)
        for row in rows:
            decision_of[id(row.award)] = decision_index
    # The first certificate of each decision in print order: units ranked by their first certificate in list order.
    unit_rank: dict[str, int] = {}
    first: dict[int, tuple[int, int]] = {}
    seen = 0
    for list_index, award in enumerate(checked.awards):
        decision_index = decision_of.get(id(award))
        if decision_index is None:
            continue
        seen += 1
        rank = unit_rank.setdefault(award.unit, len(unit_rank))
        key = (rank, list_index)
        if decision_index not in first or key < first[decision_index]:
            first[decision_index] = key
    if seen != len(decision_of) or seen != sum(counts.values()):
        return _ranges_from_plan(checked, settings)  # an awardee twice, or not in the list: the plan's own order
    ranges = []
    for decision_index, name, certificate in sorted(printed, key=lambda item: first.get(item[0], (0, 0))):
        count = counts[decision_index]
        if count:
            start = settings.start_for(name)
            ranges.append(RegisterRange(name, certificate, count, start, start + count - 1))
    return ranges


def _ranges_from_plan(checked: CheckedSession, settings: CertificateSettings) -> list[RegisterRange]:
    found: dict[str, list] = {}
    for certificate in plan(checked, settings):
        form = checked.decisions[certificate.decision_index].form
        entry = found.setdefault(form, [certificate.certificate, 0, certificate.register_number, 0])
        entry[1] += 1
        entry[2] = min(entry[2], certificate.register_number)
        entry[3] = max(entry[3], certificate.register_number)
    return [RegisterRange(form, *entry) for form, entry in found.items()]


def resolve(checked: CheckedSession, profile: str | Path | None, mode: str | None,
            template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> tuple[Profile, str, CertificateSettings]:
    """The profile, mode and dot.toml settings of a build: arguments first, then dot.toml, then the defaults."""
    settings = read_settings(checked.session.dot_file)
    chosen = load_profile(profile or settings.profile or DEFAULT_PROFILE, template_dirs)
    mode = mode or settings.mode or chosen.mode
    if mode not in MODES:
        raise InputError(f"Chế độ in «{mode}» không có; chỉ được là: {', '.join(MODES)}")
    return chosen, mode, settings
