"""Turn loaded rows into awards, or into ONE error that lists every problem with its file, sheet, row and column.

Warnings (an amount different from the rule, a form above the signer's level…) are returned, never fatal.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from ..core.errors import Location, Problem, collect
from ..core.legal import SUBJECT_LABELS, Catalogue, FormSpec, form_key
from ..core.model import SESSION_PROPOSAL_KEY, Award, Session
from ..core.vietnamese import comparison_key, name_case
from ..rendering.collection import fewer_collections
from .loading import Row

_SUBJECTS = {"canhan": "ca-nhan", "tapthe": "tap-the", "hogiadinh": "ho-gia-dinh", "ho": "ho-gia-dinh"}
_GENDERS = {"nam": "Nam", "nu": "Nữ"}


@dataclass(frozen=True)
class Validated:
    awards: list[Award]
    warnings: list[Problem]


# Far above any reward (a collective's highest award is a few hundred million đồng), far below float noise: an
# amount of 1e300 read from a spreadsheet is a typing accident, not a sum to print in words.
MAX_AMOUNT = 10_000_000_000


@functools.lru_cache(maxsize=65536)  # per row, with amounts that repeat: a pure function of its text
def parse_amount(text: str) -> int | None:
    """Read '1.410.000', '1,410,000', '1 410 000', '1410000 đ', '1.410.000 đồng' as 1410000; None if unreadable."""
    cleaned = re.sub(r"(?i)\s*(đồng|đ|vnđ|vnd)\.?$", "", text.strip()).strip()
    if re.fullmatch(r"\d{1,3}([.,  ]\d{3})+", cleaned):
        return int(re.sub(r"\D", "", cleaned))
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d+[.,]0+", cleaned):  # a number Excel stored as 1410000.0
        return int(re.split(r"[.,]", cleaned)[0])
    return None


@functools.lru_cache(maxsize=65536)  # per awardee, with names that repeat: a pure function of its text
def _person_name(text: str) -> str:
    # A name typed entirely in one case is re-cased. Otherwise only word initials are raised: every word of a
    # Vietnamese name is capitalised, and TCVN3 fonts could not encode capitals with tones ("Trần Văn ổn").
    if text == text.lower() or text == text.upper():
        return name_case(text)
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


@functools.lru_cache(maxsize=65536)
def _has_letter_or_digit(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@fewer_collections()  # an award and its locations per row: a young collection would walk them all again and again
def validate(rows: list[Row], session: Session, catalogue: Catalogue) -> Validated:  # noqa: C901 - one loop
    """Check every row; raise InputError listing all errors, else return the awards and the warnings."""
    problems: list[Problem] = []
    awards: list[Award] = []
    seen: dict[tuple[str, str, str], tuple] = {}  # (name, unit, form) -> where the first such award's name is
    warnings_rows: list[Problem] = []

    def error(location: Location, message: str) -> None:
        problems.append(Problem(location, message))

    # The columns judged together, whose answer depends on their texts alone: once per distinct combination.
    judged: dict[tuple[str, str, str, str, str | None], tuple] = {}
    letters, name_shown = object(), ""  # the rows' column letters, and what they make of the name's column
    for row in rows:
        get = row.texts.get
        row_ok = True
        name = get("ho_ten", "")
        if not name:
            error(row.where("ho_ten"), "thiếu họ và tên (hoặc tên tập thể)")
            row_ok = False
        elif not _has_letter_or_digit(name):
            error(row.where("ho_ten"), f"«{name}» không phải một tên (không có chữ hay số nào)")
            row_ok = False

        unit = get("don_vi", "")
        if not unit:
            error(row.where("don_vi"), "thiếu đơn vị")
            row_ok = False
        elif not _has_letter_or_digit(unit):
            error(row.where("don_vi"), f"«{unit}» không phải tên một đơn vị (không có chữ hay số nào)")
            row_ok = False

        texts = (get("doi_tuong", ""), get("gioi_tinh", ""), get("hinh_thuc", ""), get("so_tien", ""),
                 row.section_subject)
        answer = judged.get(texts)
        if answer is None:
            answer = judged[texts] = _judge(*texts, catalogue)
        subject, gender, form, amount, messages = answer
        for column, message in messages:
            error(row.where(column), message)
        if messages or not row_ok or form is None or subject is None:
            continue
        if subject == "ca-nhan":
            name = _person_name(name)
        key = (comparison_key(name), comparison_key(unit), form.name)
        if key in seen:
            error(row.where("ho_ten"), f"«{name}» ({unit}) đã có ở dòng {seen[key][2]} với cùng hình thức "
                  f"«{form.name}»; xóa một trong hai dòng")
            continue
        if row.letters is not letters:  # the rows of one list share their letters
            letters, name_shown = row.letters, row.shown("ho_ten")
        source = seen[key] = (*row.coordinates, name_shown)  # the award's Location is made when a message asks
        achievement = get("thanh_tich", "")
        if not achievement and not session.achievement and not form.is_title:
            warnings_rows.append(Problem(row.where("thanh_tich"), "chưa có thành tích (cột Thành tích trống và "
                                         "dot.toml không có thanh_tich mặc định)", warning=True))
        awards.append(
            Award(
                name=name,
                subject=subject,
                gender=gender,
                position=get("chuc_vu", ""),
                unit=unit,
                form=form.name,
                achievement=achievement or session.achievement,
                amount_override=amount,
                note=get("ghi_chu", ""),
                source_at=source,
                amount_at=(*row.coordinates, row.shown("so_tien")) if amount is not None else None,
            )
        )

    if not rows and not problems:
        problems.append(Problem(Location(session.list_file.name), "danh sách không có dòng nào dưới tiêu đề"))
    collect(problems, f"Danh sách {session.list_file.name} có lỗi")
    collect(proposal_problems(awards, session), f"Tệp cài đặt {session.dot_file} chưa đúng")
    return Validated(awards, warnings_rows + authority_warnings(awards, session, catalogue))


def _judge(subject_text: str, gender_text: str, form_text: str, amount_text: str, section_subject: str | None,
           catalogue: Catalogue) -> tuple[str | None, str | None, FormSpec | None, int | None,
                                          tuple[tuple[str, str], ...]]:
    """(subject, gender, form, amount, (column, message) of each error in the order a row's messages come) of a
    row's Đối tượng, Giới tính, Hình thức and Số tiền, and the subject of the section row above it."""
    messages = []
    if subject_text:
        subject = _SUBJECTS.get(form_key(subject_text))
        if subject is None:
            messages.append(("doi_tuong", f"đối tượng «{subject_text}» không hợp lệ; "
                             "ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình»"))
    elif section_subject:
        subject = section_subject
    else:
        subject = None
        messages.append(("doi_tuong", "thiếu đối tượng; ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình» "
                         "(hoặc đặt dòng mục «I. TẬP THỂ», «II. CÁ NHÂN» phía trên)"))

    gender = None
    if gender_text:
        gender = _GENDERS.get(form_key(gender_text))
        if gender is None:
            messages.append(("gioi_tinh", f"giới tính «{gender_text}» không hợp lệ; chỉ ghi «Nam» hoặc «Nữ»"))

    form = catalogue.find_form(form_text) if form_text else None
    if not form_text:
        messages.append(("hinh_thuc", "thiếu hình thức khen thưởng hoặc danh hiệu"))
    elif form is None:
        hint = catalogue.closest_form_names(form_text)
        suggestion = f"; có phải «{hint[0]}»?" if hint else "; xem danh mục trong data/danh-muc/hinh-thuc.toml"
        messages.append(("hinh_thuc", f"không có hình thức/danh hiệu «{form_text}» trong danh mục{suggestion}"))
    elif subject and subject not in form.subjects:
        allowed = ", ".join(SUBJECT_LABELS[s] for s in form.subjects)
        messages.append(("hinh_thuc", f"«{form.name}» không dành cho {SUBJECT_LABELS[subject]} "
                         f"(chỉ dành cho: {allowed})"))

    amount = None
    if amount_text:
        amount = parse_amount(amount_text)
        shown = amount_text if len(amount_text) <= 40 else amount_text[:40] + "…"
        if amount is None:
            messages.append(("so_tien", f"không đọc được số tiền «{shown}»; ghi dạng 1.410.000"))
        elif not 0 < amount <= MAX_AMOUNT:
            messages.append(("so_tien", f"số tiền «{shown}» không hợp lý: phải lớn hơn 0 và không quá "
                             f"{MAX_AMOUNT:,} đồng".replace(",", ".")))
    return subject, gender, form, amount, tuple(messages)


def proposal_problems(awards: list[Award], session: Session) -> list[Problem]:
    """A decision without a "Theo đề nghị …" line would lack its last căn cứ: every form in the list needs one.

    Loading lets [dot] de_nghi be left out when every [[quyet_dinh]] table has its own; only here, with the list
    read, is it known whether a form of the list has no table at all.
    """
    problems = []
    for form in dict.fromkeys(award.form for award in awards):
        if not session.numbering_for(form).proposal:
            problems.append(Problem(Location(str(session.dot_file), key=SESSION_PROPOSAL_KEY),
                                    f"quyết định «{form}» không có dòng đề nghị (Theo đề nghị của …): ghi de_nghi "
                                    "trong [dot], hoặc thêm một khối [[quyet_dinh]] cho hình thức này có de_nghi "
                                    "riêng"))
    return problems


def authority_warnings(awards: list[Award], session: Session, catalogue: Catalogue) -> list[Problem]:
    """Warn when the signer's level may not award a form on its decision's date (local delegations exist, so never
    an error); the rules come from tham-quyen.toml by period, and the warning names the text they come from."""
    authority = catalogue.authority(session.issuer.level)
    warnings = []
    if authority is None:
        return warnings
    # The office's own forms ([[hinh_thuc]] in dot.toml) are outside the catalogue of powers: nothing to compare.
    own_forms = {form.name for form in session.extra_forms}
    for form in sorted({a.form for a in awards} - own_forms):
        # Each decision is judged on its own date (a [[quyet_dinh]] may be signed on another day); a draft on
        # 1 January of its year, like its amounts.
        on = session.numbering_for(form).signed_on or date(session.draft_year, 1, 1)
        verdict = authority.verdict(form, on)
        if verdict is not None and not verdict[0]:
            warnings.append(Problem(None, f"«{form}» không thuộc thẩm quyền thông thường của {authority.title} "
                                    f"ngày {on:%d/%m/%Y} ({verdict[1]}); kiểm tra lại nếu có ủy quyền.",
                                    warning=True))
    on = session.signed_on
    if authority.valid_until and on and on > authority.valid_until:
        warnings.append(Problem(None, f"{authority.title}: {authority.note} Ngày ký {on:%d/%m/%Y} "
                                "nằm sau thời điểm này.", warning=True))
    return warnings
