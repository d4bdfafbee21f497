"""Turn a session's settings and its built decisions into the problems that must stop it before anything is written.

Each problem names the dot.toml key and the fix: the same số/ký hiệu twice in a year, a ``[[quyet_dinh]]`` that
matches no form of the list, a decision dated but unnumbered (or numbered but undated), per-unit công văn sharing
one number; and, as warnings, a công văn dated before the decisions it sends and a thẩm quyền line naming another
place than ``[co_quan] ten``. ``pipeline.check`` calls ``settings_problems``; issuing calls it with
``numbers_pending`` (the numbers and dates are about to be written).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import date

from ..core.errors import Location, Problem
from ..core.legal import form_key
from ..core.model import Decision, Session
from ..core.settings import shown_key

_PLACE = re.compile(r"\b(THÀNH PHỐ|THỊ TRẤN|THỊ XÃ|ĐẶC KHU|PHƯỜNG|HUYỆN|QUẬN|TỈNH|XÃ)\s+(.+)$")


def settings_problems(session: Session, decisions: list[Decision], *, numbers_pending: bool = False,
                      ) -> list[Problem]:
    """Every inconsistency of the session's settings; the ones with ``warning=False`` stop the session."""
    dot = _read(session)
    problems: list[Problem] = []
    problems += unmatched_blocks(session, decisions)
    if not numbers_pending:
        problems += half_numbered(session, decisions)
    problems += repeated_numbers(session, decisions, dot)
    problems += dispatch_before_decisions(session, decisions, dot)
    problems += authority_place(session)
    return problems


def _read(session: Session) -> dict:
    try:
        return tomllib.loads(session.dot_file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # loading has reported it


def _at(session: Session, key: str) -> Location:
    return Location(str(session.dot_file), key=key)


def _block_index(session: Session, form: str) -> int | None:
    for index, entry in enumerate(session.numbering):
        if form_key(entry.form) == form_key(form):
            return index
    return None


def _number(number: int) -> str:
    return f"{number:02d}"


def unmatched_blocks(session: Session, decisions: list[Decision]) -> list[Problem]:
    """A ``[[quyet_dinh]]`` whose hinh_thuc is no form of the list: its decision would go out unnumbered."""
    forms = [decision.form for decision in decisions]
    problems = []
    for index, entry in enumerate(session.numbering):
        if not entry.form or any(form_key(entry.form) == form_key(form) for form in forms):
            continue
        listed = ", ".join(f"«{form}»" for form in forms) or "(không có)"
        nearest = max(forms, key=lambda form: difflib.SequenceMatcher(None, form_key(entry.form),
                                                                      form_key(form)).ratio(), default=None)
        hint = f"; có phải «{nearest}»?" if nearest else "."
        problems.append(Problem(_at(session, shown_key(f"quyet_dinh.{index}.hinh_thuc")), (
            f"«{entry.form}» không khớp hình thức nào trong danh sách của đợt (các hình thức: {listed}){hint} "
            "Sửa hinh_thuc cho đúng tên hình thức: số và ngày của khối này chưa dùng cho quyết định nào.")))
    return problems


def half_numbered(session: Session, decisions: list[Decision]) -> list[Problem]:
    """A decision with a date but no number, or a number but no date: issued by half."""
    problems = []
    for decision in decisions:
        index = _block_index(session, decision.form)
        ref = decision.ref
        if ref.number is None and ref.signed_on is not None:
            key = shown_key(f"quyet_dinh.{index}.so") if index is not None else "quyet_dinh"
            where = ("trong khối [[quyet_dinh]] này" if index is not None else
                     f'trong một khối [[quyet_dinh]] mới có hinh_thuc = "{decision.form}"')
            problems.append(Problem(_at(session, key), (
                f"Quyết định «{decision.form}» có ngày ký {ref.signed_on:%d/%m/%Y} nhưng chưa có số: ghi so = … "
                f"{where}, hoặc chạy vanban issue để lấy số từ sổ đăng ký; bản dự thảo thì bỏ cả ngày "
                "(ngay trong [dot] và trong khối).")))
        elif ref.number is not None and ref.signed_on is None:
            problems.append(Problem(_at(session, shown_key(f"quyet_dinh.{index}.ngay")), (
                f"Quyết định số {_number(ref.number)}/{ref.symbol} («{decision.form}») chưa có ngày ký: ghi "
                "ngay = NĂM-THÁNG-NGÀY trong khối này hoặc trong [dot]; bản dự thảo thì bỏ cả số.")))
    return problems


def _dispatch_numbers(session: Session, decisions: list[Decision], dot: dict) -> tuple[list, list[Problem]]:
    """(number, symbol, year, label, key) of the covering công văn, and the per-unit ones sharing one number."""
    table = dot.get("cong_van")
    if not isinstance(table, dict):
        return [], []
    number = table.get("so")
    when = table.get("ngay") if isinstance(table.get("ngay"), date) else session.signed_on
    year = when.year if when else session.draft_year
    archive = table.get("luu") or session.archive
    drafting = next((part.strip() for part in str(archive).split(",") if part.strip().upper() != "VT"), "")
    symbol = table.get("ky_hieu") or (f"{session.issuer.abbreviation}-{drafting}" if drafting
                                      else session.issuer.abbreviation)
    per_unit = table.get("moi_don_vi") is True
    unit_numbers = table.get("so_don_vi") if isinstance(table.get("so_don_vi"), dict) else {}
    found, problems = [], []
    if per_unit:
        units = list(dict.fromkeys(row.award.unit for decision in decisions for section in decision.annex.sections
                                   for row in section.rows))
        sharing = [unit for unit in units if unit not in unit_numbers]
        if isinstance(number, int) and len(sharing) > 1:
            problems.append(Problem(_at(session, "cong_van.so"), (
                f"[cong_van] moi_don_vi = true nhưng {len(sharing)} công văn cùng ghi số {_number(number)}/{symbol}: "
                "mỗi công văn một số. Xóa dòng so rồi chạy vanban issue để cấp mỗi đơn vị một số (ghi vào "
                'so_don_vi), hoặc tự ghi so_don_vi = { "Tên đơn vị" = 124, … }.')))
        for unit, value in unit_numbers.items():
            if isinstance(value, int) and not isinstance(value, bool):
                found.append((value, symbol, year, f"công văn gửi {unit}", f"cong_van.so_don_vi.{unit}"))
        if isinstance(number, int) and len(sharing) == 1:
            found.append((number, symbol, year, f"công văn gửi {sharing[0]}", "cong_van.so"))
    elif isinstance(number, int) and not isinstance(number, bool):
        found.append((number, symbol, year, "công văn gửi các quyết định", "cong_van.so"))
    return found, problems


def repeated_numbers(session: Session, decisions: list[Decision], dot: dict) -> list[Problem]:
    """The same number twice in one series of one year (Nghị định 30, Điều 15: số và ký hiệu là duy nhất)."""
    shared = isinstance(dot.get("so_dang_ky"), dict) and dot["so_dang_ky"].get("danh_so") == "chung"
    documents = []
    for decision in decisions:
        if decision.ref.number is None:
            continue
        index = _block_index(session, decision.form)
        key = shown_key(f"quyet_dinh.{index}.so") if index is not None else "quyet_dinh"
        documents.append((decision.ref.number, decision.ref.symbol, decision.ref.year, "Quyết định",
                          f"quyết định «{decision.form}»", key))
    dispatch_numbers, problems = _dispatch_numbers(session, decisions, dot)
    documents += [(number, symbol, year, "Công văn", label, key)
                  for number, symbol, year, label, key in dispatch_numbers]
    seen: dict[tuple, tuple] = {}
    for number, symbol, year, kind, label, key in documents:
        series = (year, number) if shared else (year, kind, number)
        if series in seen:
            _, first_symbol, _, _, first_label, first_key = seen[series]
            problems.append(Problem(_at(session, key), (
                f"số {_number(number)} năm {year} ghi hai lần: cho {first_label} ({_number(number)}/{first_symbol}, "
                f"mục {first_key}) và cho {label} ({_number(number)}/{symbol}); mỗi văn bản một số trong năm — "
                "sửa một trong hai, hoặc xóa dòng so để vanban issue cấp số tiếp theo.")))
        else:
            seen[series] = (number, symbol, year, kind, label, key)
    return problems


def dispatch_before_decisions(session: Session, decisions: list[Decision], dot: dict) -> list[Problem]:
    """Warning: a công văn cannot send decisions signed after it."""
    table = dot.get("cong_van")
    if not isinstance(table, dict) or not isinstance(table.get("ngay"), date):
        return []
    sent_on = table["ngay"]
    later = [decision for decision in decisions if decision.ref.signed_on and decision.ref.signed_on > sent_on]
    if not later:
        return []
    last = max(later, key=lambda decision: decision.ref.signed_on)
    number = f"số {_number(last.ref.number)}/{last.ref.symbol} " if last.ref.number else ""
    return [Problem(_at(session, "cong_van.ngay"), (
        f"công văn ghi ngày {sent_on:%d/%m/%Y}, trước ngày ký Quyết định {number}(«{last.form}», ngày "
        f"{last.ref.signed_on:%d/%m/%Y}) mà công văn gửi đi; sửa ngay của [cong_van] thành ngày ký quyết định "
        "hoặc sau đó."), warning=True)]


def _place(text: str) -> str | None:
    match = _PLACE.search(text.upper())
    return " ".join(f"{match.group(1)} {match.group(2)}".split()) if match else None


def authority_place(session: Session) -> list[Problem]:
    """Warning: 'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA AN' under a header of XÃ HÒA BÌNH."""
    place = _place(session.signer.authority)
    name = " ".join(part for part in (session.issuer.parent, *session.issuer.lines) if part)
    if not place or not name or form_key(place) in form_key(name):
        return []
    own = _place(" ".join(session.issuer.lines)) or name
    return [Problem(_at(session, "nguoi_ky.tham_quyen"), (
        f"dòng thẩm quyền ghi «{place}» nhưng cơ quan ban hành ([co_quan] ten) là «{own}»; sửa một trong hai "
        "cho cùng một nơi."), warning=True)]
