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
from functools import cache
from pathlib import Path

from .errors import LegalDataError, Location

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "data" / "danh-muc"

SUBJECTS = ("ca-nhan", "tap-the", "ho-gia-dinh")
SUBJECT_LABELS = {"ca-nhan": "cá nhân", "tap-the": "tập thể", "ho-gia-dinh": "hộ gia đình"}
ROUNDING_MODES = ("len", "gan-nhat", "khong")


@dataclass(frozen=True)
class Coefficient:
    """Coefficients of one form for one period (and optionally one signer level)."""

    start: date
    end: date | None
    levels: tuple[str, ...]
    by_subject: dict[str, Decimal]
    source: str

    def applies(self, on: date, level: str) -> bool:
        in_period = self.start <= on and (self.end is None or on <= self.end)
        return in_period and (not self.levels or level in self.levels)


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
    source: str


@dataclass(frozen=True)
class Authority:
    level: str
    title: str
    may_award: tuple[str, ...]
    valid_until: date | None
    note: str


@dataclass(frozen=True)
class Catalogue:
    """Every legal table, loaded once from a folder (the built-in data/danh-muc by default)."""

    forms: tuple[FormSpec, ...]
    salaries: tuple[BaseSalary, ...]
    citation_periods: tuple[tuple[date, date | None, str, tuple[str, ...]], ...]
    authorities: dict[str, Authority]

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

    def citations(self, on: date) -> tuple[str, tuple[str, ...]]:
        for start, end, source, lines in self.citation_periods:
            if start <= on and (end is None or on <= end):
                return source, lines
        raise LegalDataError(
            f"Danh mục chưa có các dòng căn cứ cho ngày {on:%d/%m/%Y} (data/danh-muc/can-cu.toml);"
            " ghi `can_cu = [...]` trong [dot] của dot.toml."
        )

    def authority(self, level: str) -> Authority | None:
        return self.authorities.get(level)


def form_key(text: str) -> str:
    """A comparison key ignoring case, diacritics, quotes and spacing: "lao dong tien tien" = "Lao động tiên tiến"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in stripped.casefold() if ch.isalnum())


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
                    source=row["nguon"],
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

    salaries = tuple(
        BaseSalary(amount=row["so_tien"], start=row["tu_ngay"], source=row["nguon"])
        for row in _read_toml(folder / "luong-co-so.toml").get("muc", [])
    )
    periods = tuple(
        (row["tu_ngay"], row.get("den_ngay"), row["nguon"], tuple(row["can_cu"]))
        for row in _read_toml(folder / "can-cu.toml").get("giai_doan", [])
    )
    authorities = {
        level: Authority(
            level=level,
            title=row["ten"],
            may_award=tuple(row.get("duoc_khen", ())),
            valid_until=row.get("het_hieu_luc"),
            note=row.get("ghi_chu", ""),
        )
        for level, row in _read_toml(folder / "tham-quyen.toml").get("cap", {}).items()
    }
    return Catalogue(tuple(forms), salaries, periods, authorities)
