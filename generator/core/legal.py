"""Turn the legal tables in data/danh-muc/ and a decision date into the parameters in force on that date.

Nothing legal is a constant in code: base salary, coefficients, default căn cứ lines and who may award what are
read from TOML files, chosen by date, and reported with their source so a user can check them.
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from .errors import LegalDataError, Location

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "data" / "danh-muc"

SUBJECTS = ("ca-nhan", "tap-the", "ho-gia-dinh")
# What `vanban check` prints beside a value no published text has confirmed yet (`chua_xac_nhan` in the tables).
UNCONFIRMED = "chưa xác nhận"
SUBJECT_LABELS = {"ca-nhan": "cá nhân", "tap-the": "tập thể", "ho-gia-dinh": "hộ gia đình"}
ROUNDING_MODES = ("len", "gan-nhat", "khong")


@dataclass(frozen=True)
class Coefficient:
    """Coefficients of one form for one period (and optionally one signer level)."""

    start: date
    end: date | None
    levels: tuple[str, ...]
    by_subject: dict[str, Decimal]
    source: str  # the row's nguon, with its whole-row "chưa xác nhận" note if any
    unconfirmed_by_subject: dict[str, str] = field(default_factory=dict)

    def applies(self, on: date, level: str) -> bool:
        in_period = self.start <= on and (self.end is None or on <= self.end)
        return in_period and (not self.levels or level in self.levels)

    def source_for(self, subjects: set[str] | frozenset[str]) -> str:
        """The source as shown beside the amounts of a decision awarding ``subjects``.

        A doubt about one subject's rate (households) is only worth saying where a household is paid.
        """
        notes = [note for subject, note in self.unconfirmed_by_subject.items() if subject in subjects]
        return _with_notes(self.source, notes)


@dataclass(frozen=True)
class FormSpec:
    """A form (hình thức, awarded with "tặng") or a title (danh hiệu, "công nhận") from the catalogue."""

    name: str
    kind: str  # "hinh-thuc" | "danh-hieu"
    subjects: tuple[str, ...]
    certificate: str | None
    aliases: tuple[str, ...]
    coefficients: tuple[Coefficient, ...] = field(default=())

    @property
    def is_title(self) -> bool:
        return self.kind == "danh-hieu"

    @property
    def has_money(self) -> bool:
        return bool(self.coefficients)

    def coefficient(self, on: date, level: str) -> Coefficient:
        matching = [c for c in self.coefficients if c.applies(on, level)]
        # A level-specific row (e.g. Giấy khen of a commune chairman) beats the general one.
        matching.sort(key=lambda c: not c.levels)
        if not matching:
            raise LegalDataError(
                f"Danh mục chưa có hệ số tiền thưởng của «{self.name}» cho ngày {on:%d/%m/%Y}"
                f" (cấp {level}). Bổ sung vào data/danh-muc/hinh-thuc.toml."
            )
        return matching[0]


@dataclass(frozen=True)
class BaseSalary:
    amount: int
    start: date
    source: str  # with its "chưa xác nhận" note if any


@dataclass(frozen=True)
class AuthorityPeriod:
    """What one signer level may award during one period, and the text that says so."""

    start: date | None
    end: date | None
    may_award: tuple[str, ...]
    source: str  # with its "chưa xác nhận" note if any

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Authority:
    level: str
    title: str
    periods: tuple[AuthorityPeriod, ...]
    valid_until: date | None
    note: str

    def verdict(self, form: str, on: date) -> tuple[bool, str] | None:
        """(may the level award ``form`` on ``on``, the source saying so); None where no period covers the date.

        Periods may overlap: a power added later (NĐ 129/2025 for the commune) is its own period with its own
        source, so a form keeps the source of the text that actually gives it.
        """
        in_force = [period for period in self.periods if period.covers(on)]
        if not in_force:
            return None
        giving = [period for period in in_force if form in period.may_award]
        if giving:
            return True, giving[0].source
        return False, "; ".join(period.source for period in in_force)


@dataclass(frozen=True)
class CitationLine:
    """One default "Căn cứ" line, the dates it is used for and, optionally, the signer levels and forms it is for."""

    start: date | None
    end: date | None
    text: str
    source: str  # with its "chưa xác nhận" note if any
    levels: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    follows_transition: bool = False  # the implementing decree's line: a transitional dossier keeps the old one

    def applies(self, on: date, rules_on: date, level: str | None, form: str | None) -> bool:
        day = rules_on if self.follows_transition else on
        in_period = (self.start is None or self.start <= day) and (self.end is None or day <= self.end)
        if not in_period:
            return False
        if self.levels and level not in self.levels:
            return False
        return not self.forms or (form is not None and form_key(form) in {form_key(f) for f in self.forms})


@dataclass(frozen=True)
class Transition:
    """A decree's transitional clause: dossiers received before ``starts`` keep the rules of ``rules_as_of``."""

    starts: date
    rules_as_of: date
    source: str  # with its "chưa xác nhận" note if any


@dataclass(frozen=True)
class Catalogue:
    """Every legal table, loaded once from a folder (the built-in data/danh-muc by default)."""

    forms: tuple[FormSpec, ...]
    salaries: tuple[BaseSalary, ...]
    citation_lines: tuple[CitationLine, ...]
    authorities: dict[str, Authority]
    transition: Transition | None = None

    def find_form(self, written: str) -> FormSpec | None:
        wanted = form_key(written)
        for form in self.forms:
            if wanted == form_key(form.name) or wanted in {form_key(a) for a in form.aliases}:
                return form
        return None

    def closest_form_names(self, written: str, limit: int = 2) -> list[str]:
        import difflib

        names = {form_key(f.name): f.name for f in self.forms}
        return [names[k] for k in difflib.get_close_matches(form_key(written), names, n=limit, cutoff=0.5)]

    def base_salary(self, on: date) -> BaseSalary:
        in_force = [s for s in self.salaries if s.start <= on]
        if not in_force:
            raise LegalDataError(
                f"Danh mục chưa có mức lương cơ sở áp dụng cho ngày {on:%d/%m/%Y}"
                " (data/danh-muc/luong-co-so.toml)."
            )
        return max(in_force, key=lambda s: s.start)

    def citations_in_force(self, on: date, level: str | None = None, form: str | None = None,
                           rules_on: date | None = None) -> list[CitationLine]:
        """The default căn cứ lines of a decision signed on ``on`` by ``level`` about ``form``, in table order.

        ``rules_on`` is the date whose implementing decree applies (a transitional dossier); the signing date
        otherwise. Lines meant for some levels or forms only are left out when those are not given.
        """
        chosen = [line for line in self.citation_lines if line.applies(on, rules_on or on, level, form)]
        if not chosen:
            raise LegalDataError(
                f"Danh mục chưa có các dòng căn cứ cho ngày {on:%d/%m/%Y} (data/danh-muc/can-cu.toml);"
                " ghi `can_cu = [...]` trong [dot] của dot.toml."
            )
        return chosen

    def citations(self, on: date, level: str | None = None, form: str | None = None,
                  rules_on: date | None = None) -> tuple[str, tuple[str, ...]]:
        """(sources of the lines joined, the lines) — see citations_in_force."""
        lines = self.citations_in_force(on, level, form, rules_on)
        # Lines from one text (an earlier-shape period) share a source: say it once.
        return "; ".join(dict.fromkeys(line.source for line in lines)), tuple(line.text for line in lines)

    def rules_date(self, on: date, transitional: bool) -> date:
        """The date whose coefficients and implementing decree apply to a decision signed on ``on``.

        The signing date, unless the session says its dossiers fall under the transitional clause
        (`ho_so_chuyen_tiep` in dot.toml) and the decision is signed after the new decree took effect.
        """
        if transitional and self.transition and on >= self.transition.starts:
            return self.transition.rules_as_of
        return on

    def authority(self, level: str) -> Authority | None:
        return self.authorities.get(level)


# Called once per cell or row with values that repeat (names, units, forms): a pure function of its text.
@lru_cache(maxsize=65536)
def form_key(text: str) -> str:
    """A comparison key ignoring case, diacritics, quotes and spacing: "lao dong tien tien" = "Lao động tiên tiến"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in stripped.casefold() if ch.isalnum())


def _unconfirmed(value: object) -> dict[str, str]:
    """`chua_xac_nhan` of a table row: a string (the whole row) or a table by subject ({ ho_gia_dinh = "…" }).

    Returns subject -> note, "" standing for the whole row.
    """
    if value is None:
        return {}
    if isinstance(value, str):
        return {"": value}
    return {key.replace("_", "-"): str(note) for key, note in dict(value).items()}


def _with_notes(source: str, notes: list[str]) -> str:
    return source if not notes else f"{source} — {UNCONFIRMED}: {'; '.join(notes)}"


def _sourced(row: dict) -> str:
    """A row's nguon with its whole-row "chưa xác nhận" note."""
    return _with_notes(row["nguon"], [note for subject, note in _unconfirmed(row.get("chua_xac_nhan")).items()
                                      if subject == ""])


def round_amount(exact: Decimal, mode: str) -> int:
    """Round a computed amount to tens of thousands of đồng as the decree says ("làm tròn số lên")."""
    step = 10_000
    if mode == "khong":
        return int(exact.to_integral_value(rounding="ROUND_HALF_UP"))
    if mode == "gan-nhat":
        return int((exact / step).to_integral_value(rounding="ROUND_HALF_UP")) * step
    return math.ceil(exact / step) * step


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise LegalDataError(f"Không tìm thấy tệp danh mục {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LegalDataError(f"Tệp danh mục {path} viết sai cú pháp TOML: {exc}") from exc


def _as_decimal(value: object) -> Decimal:
    return Decimal(str(value))


@cache
def load_catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    """Read the four tables of a catalogue folder; errors name the file and the entry."""
    forms_file = folder / "hinh-thuc.toml"
    forms = []
    for index, entry in enumerate(_read_toml(forms_file).get("muc", []), start=1):
        try:
            coefficients = tuple(
                Coefficient(
                    start=row["tu_ngay"],
                    end=row.get("den_ngay"),
                    levels=tuple(row.get("cap", ())),
                    by_subject={s: _as_decimal(row[s.replace("-", "_")]) for s in SUBJECTS
                                if s.replace("-", "_") in row},
                    source=_sourced(row),
                    unconfirmed_by_subject={subject: note for subject, note
                                            in _unconfirmed(row.get("chua_xac_nhan")).items() if subject},
                )
                for row in entry.get("he_so", [])
            )
            forms.append(
                FormSpec(
                    name=unicodedata.normalize("NFC", entry["ten"]),
                    kind=entry["loai"],
                    subjects=tuple(entry["doi_tuong"]),
                    certificate=entry.get("chung_nhan"),
                    aliases=tuple(entry.get("bi_danh", ())),
                    coefficients=coefficients,
                )
            )
        except KeyError as exc:
            where = Location(str(forms_file), key=f"muc thứ {index}, khóa {exc.args[0]}")
            raise LegalDataError(f"Danh mục thiếu khóa bắt buộc ({where.describe()})") from exc

    # A missing key names the file it is missing from (the forms table above also names its entry).
    current = folder / "luong-co-so.toml"
    salary_rows = _read_toml(current).get("muc", [])
    citation_table = _read_toml(folder / "can-cu.toml")
    citation_rows, citation_periods = citation_table.get("dong", []), citation_table.get("giai_doan", [])
    authority_rows = _read_toml(folder / "tham-quyen.toml").get("cap", {})
    try:
        salaries = tuple(
            BaseSalary(amount=row["so_tien"], start=row["tu_ngay"], source=_sourced(row))
            for row in salary_rows
        )
        current = folder / "can-cu.toml"
        citation_lines = tuple(
            CitationLine(
                start=row.get("tu_ngay"),
                end=row.get("den_ngay"),
                text=unicodedata.normalize("NFC", row["van_ban"]),
                source=_sourced(row),
                levels=tuple(row.get("cap", ())),
                forms=tuple(row.get("hinh_thuc", ())),
                follows_transition=bool(row.get("chuyen_tiep", False)),
            )
            for row in citation_rows
        ) + tuple(
            # The earlier shape, one [[giai_doan]] with all its lines, still read from an office's own folder.
            CitationLine(start=row.get("tu_ngay"), end=row.get("den_ngay"), text=unicodedata.normalize("NFC", text),
                         source=_sourced(row))
            for row in citation_periods for text in row["can_cu"]
        )
        current = folder / "tham-quyen.toml"
        authorities = {
            level: Authority(
                level=level,
                title=row["ten"],
                periods=tuple(
                    AuthorityPeriod(start=period.get("tu_ngay"), end=period.get("den_ngay"),
                                    may_award=tuple(period.get("duoc_khen", ())), source=_sourced(period))
                    for period in row.get("giai_doan", [])
                ) or (
                    # The earlier shape: one undated list per level (an office's own folder).
                    (AuthorityPeriod(start=None, end=None, may_award=tuple(row["duoc_khen"]),
                                     source=row.get("nguon", "tham-quyen.toml")),) if "duoc_khen" in row else ()
                ),
                valid_until=row.get("het_hieu_luc"),
                note=row.get("ghi_chu", ""),
            )
            for level, row in authority_rows.items()
        }
    except KeyError as exc:
        raise LegalDataError(f"Danh mục thiếu khóa bắt buộc «{exc.args[0]}» (tệp {current})") from exc
    transition_file = folder / "chuyen-tiep.toml"
    transition = None
    if transition_file.exists():  # an office's own catalogue folder may have no transitional clause
        row = _read_toml(transition_file)
        try:
            transition = Transition(starts=row["ky_tu_ngay"], rules_as_of=row["ap_dung_nhu_ngay"],
                                    source=_sourced(row))
        except KeyError as exc:
            raise LegalDataError(f"Danh mục thiếu khóa bắt buộc «{exc.args[0]}» (tệp {transition_file})") from exc
    return Catalogue(forms=tuple(forms), salaries=salaries, citation_lines=citation_lines,
                     authorities=authorities, transition=transition)
