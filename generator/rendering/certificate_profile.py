"""Turn a stock profile (templates/giay-khen/*.toml) into the page size, printer offsets and boxes of a certificate.

A profile describes one kind of paper: a blank pre-printed phôi (overlay: only the variable text is printed, in
its boxes) or plain paper (full design: border, fixed words and text). Every measure is in millimetres from the
top-left corner of the sheet, as a user measures it on the phôi with a ruler; font sizes are in points.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError, Location, Problem, TemplateError
from .template_folders import BUILTIN_TEMPLATES  # not through .environment: a drawing worker needs no Jinja

MODES = ("full", "overlay")

# Named sheet sizes (width × height, mm); anything else is written "400x300" or given as rong/cao.
PAPER_SIZES = {
    "a4-ngang": (297.0, 210.0),
    "a4-doc": (210.0, 297.0),
    "a3-ngang": (420.0, 297.0),
    "a3-doc": (297.0, 420.0),
}
_CUSTOM_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[x×]\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*$", re.IGNORECASE)

ALIGN = {"trai": "left", "giua": "center", "phai": "right"}
VALIGN = {"tren": "top", "giua": "middle", "duoi": "bottom"}
SHAPES = ("khung", "duong", "hoa-van")

_BOX_KEYS = {"x", "y", "rong", "cao", "co_chu", "co_chu_nho_nhat", "can_le", "can_doc", "mau", "dam", "nghieng",
             "gian_chu", "gian_dong", "gach_chan", "co_san"}
_DEFAULT_KEYS = _BOX_KEYS - {"x", "y", "rong", "cao"}
_SHAPE_KEYS = {"loai", "x", "y", "rong", "cao", "net", "mau", "buoc"}
_TOP_KEYS = {"ten", "che_do", "kho_giay", "rong", "cao", "lech_x", "lech_y", "mac_dinh", "o", "ve"}


@dataclass(frozen=True)
class Box:
    """Where one field is printed and how: a rectangle in mm (top-left origin) and a text style."""

    field: str  # name of the macro in templates/giay-khen/loi-van.j2 that gives the text
    x: float
    y: float
    width: float
    height: float
    size: float  # pt, the size tried first
    min_size: float  # pt, the smallest size before wrapping onto more lines
    align: str  # left | center | right
    valign: str  # top | middle | bottom
    colour: tuple[float, float, float]  # 0–1 RGB
    bold: bool
    italic: bool
    letter_spacing: float  # pt between letters
    line_height: float  # times the font size
    underline: bool  # a rule as long as the text under it (the Tiêu ngữ)
    preprinted: bool  # the phôi already carries it: printed in full mode only


@dataclass(frozen=True)
class Shape:
    """A decoration of the full design: a frame, a line, or an ornamental band (drawn in full mode only)."""

    kind: str  # khung | duong | hoa-van
    x: float
    y: float
    width: float
    height: float
    line_width: float  # mm
    colour: tuple[float, float, float]
    step: float  # mm between motifs of a hoa-van band


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    path: Path
    mode: str  # the default mode of this stock: full | overlay
    width: float  # mm
    height: float
    offset_x: float  # mm, positive moves the print to the right
    offset_y: float  # mm, positive moves the print down
    boxes: tuple[Box, ...]
    shapes: tuple[Shape, ...]

    def box(self, field: str) -> Box | None:
        return next((box for box in self.boxes if box.field == field), None)

    def printed_boxes(self, mode: str) -> tuple[Box, ...]:
        """The boxes drawn in ``mode``: on a phôi the pre-printed words are left out."""
        return tuple(box for box in self.boxes if mode == "full" or not box.preprinted)


def available_profiles(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[str]:
    return sorted({path.stem for folder in template_dirs for path in (folder / "giay-khen").glob("*.toml")})


def find_profile(profile: str | Path, template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> Path:
    """A profile by name ("a4-ngang-phoi": giay-khen/<name>.toml in the template folders, an office's first) or
    a TOML file by path."""
    text = str(profile)
    if Path(text).suffix.lower() == ".toml" or "/" in text or "\\" in text:
        candidates = [Path(text)]
    else:
        candidates = [folder / "giay-khen" / f"{text}.toml" for folder in template_dirs]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputError(f"Không tìm thấy hồ sơ phôi «{text}». Hồ sơ có sẵn: "
                     f"{', '.join(available_profiles(template_dirs))}; hoặc ghi đường dẫn tới một tệp .toml.")


def load_profile(profile: str | Path, template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> Profile:
    path = find_profile(profile, template_dirs)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        from ..core.settings import toml_message  # here: the settings reader is not a drawing worker's business

        raise TemplateError(f"Hồ sơ phôi {path} viết sai cú pháp: {toml_message(exc)}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: không đọc được tệp ({exc})") from exc
    return _Reader(path).profile(data)


def parse_colour(value: object) -> tuple[float, float, float] | None:
    if not isinstance(value, str) or not re.fullmatch(r"#?[0-9a-fA-F]{6}", value.strip()):
        return None
    digits = value.strip().lstrip("#")
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


class _Reader:
    """Reads a profile, collecting every problem so the maintainer fixes the file in one go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(Location(str(self.path), key=key), message))

    def number(self, table: dict, key: str, where: str, default: float | None = None, *,
               positive: bool = False) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"{where}.{key}" if where else key,
                         "thiếu" if value is None else f"phải là một số (đang ghi {value!r})")
            return 1.0
        if positive and value <= 0:
            self.problem(f"{where}.{key}" if where else key, f"phải lớn hơn 0 (đang ghi {value})")
            return 1.0
        return float(value)

    def flag(self, table: dict, key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{where}.{key}", f"chỉ ghi true hoặc false (đang ghi {value!r})")
            return default
        return value

    def choice(self, table: dict, key: str, where: str, allowed: dict[str, str], default: str) -> str:
        value = table.get(key, default)
        if value not in allowed:
            self.problem(f"{where}.{key}", f"giá trị «{value}» không hợp lệ; chỉ được là: {', '.join(allowed)}")
            return allowed[default]
        return allowed[value]

    def colour(self, table: dict, key: str, where: str, default: str) -> tuple[float, float, float]:
        value = table.get(key, default)
        parsed = parse_colour(value)
        if parsed is None:
            self.problem(f"{where}.{key}", f"màu ghi dạng \"#RRGGBB\", ví dụ \"#C00000\" (đang ghi {value!r})")
            return (0.0, 0.0, 0.0)
        return parsed

    def unknown(self, table: dict, allowed: set[str], where: str) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(f"{where}.{key}" if where else key,
                         f"khóa không dùng được; các khóa: {', '.join(sorted(allowed))}")

    def page_size(self, data: dict) -> tuple[float, float]:
        if "rong" in data or "cao" in data:
            return self.number(data, "rong", "", positive=True), self.number(data, "cao", "", positive=True)
        written = data.get("kho_giay", "A4-ngang")
        key = str(written).strip().lower()
        if key in PAPER_SIZES:
            return PAPER_SIZES[key]
        match = _CUSTOM_SIZE.match(str(written))
        if match:
            return tuple(float(part.replace(",", ".")) for part in match.groups())  # type: ignore[return-value]
        self.problem("kho_giay", f"khổ «{written}» không hiểu được; ghi A4-ngang, A4-doc, A3-ngang, A3-doc, "
                                 "hay rộng×cao theo mm như \"400x300\" (hoặc ghi rong = …, cao = …)")
        return PAPER_SIZES["a4-ngang"]

    def box(self, field: str, table: object, defaults: dict, page: tuple[float, float]) -> Box | None:
        where = f"o.{field}"
        if not isinstance(table, dict):
            self.problem(where, "phải là một bảng [o.tên_ô] với x, y, rong, cao, co_chu")
            return None
        self.unknown(table, _BOX_KEYS, where)
        merged = {**defaults, **table}
        size = self.number(merged, "co_chu", where, positive=True)
        min_size = self.number(merged, "co_chu_nho_nhat", where, default=round(size * 0.75 * 2) / 2, positive=True)
        if min_size > size:
            self.problem(f"{where}.co_chu_nho_nhat", f"({min_size:g}) lớn hơn co_chu ({size:g})")
            min_size = size
        box = Box(
            field=field,
            x=self.number(table, "x", where),
            y=self.number(table, "y", where),
            width=self.number(table, "rong", where, positive=True),
            height=self.number(table, "cao", where, positive=True),
            size=size,
            min_size=min_size,
            align=self.choice(merged, "can_le", where, ALIGN, "giua"),
            valign=self.choice(merged, "can_doc", where, VALIGN, "giua"),
            colour=self.colour(merged, "mau", where, "#000000"),
            bold=self.flag(merged, "dam", where, False),
            italic=self.flag(merged, "nghieng", where, False),
            letter_spacing=self.number(merged, "gian_chu", where, default=0.0),
            line_height=self.number(merged, "gian_dong", where, default=1.15, positive=True),
            underline=self.flag(merged, "gach_chan", where, False),
            preprinted=self.flag(merged, "co_san", where, False),
        )
        width, height = page
        if box.x < 0 or box.y < 0 or box.x + box.width > width + 1e-6 or box.y + box.height > height + 1e-6:
            self.problem(where, f"ô ({box.x:g}; {box.y:g}; {box.width:g}×{box.height:g} mm) nằm ngoài trang "
                                f"{width:g}×{height:g} mm")
        return box

    def shape(self, index: int, table: object) -> Shape | None:
        where = f"ve[{index}]"
        if not isinstance(table, dict):
            self.problem(where, "phải là một bảng [[ve]]")
            return None
        self.unknown(table, _SHAPE_KEYS, where)
        kind = table.get("loai")
        if kind not in SHAPES:
            self.problem(f"{where}.loai", f"chỉ được là: {', '.join(SHAPES)} (đang ghi {kind!r})")
            return None
        return Shape(
            kind=kind,
            x=self.number(table, "x", where),
            y=self.number(table, "y", where),
            width=self.number(table, "rong", where, default=0.0),
            height=self.number(table, "cao", where, default=0.0),
            line_width=self.number(table, "net", where, default=0.3, positive=True),
            colour=self.colour(table, "mau", where, "#000000"),
            step=self.number(table, "buoc", where, default=6.0, positive=True),
        )

    def profile(self, data: dict) -> Profile:
        self.unknown(data, _TOP_KEYS, "")
        mode = data.get("che_do", "full")
        if mode not in MODES:
            self.problem("che_do", f"chỉ được là: {', '.join(MODES)} (đang ghi {mode!r})")
            mode = "full"
        page = self.page_size(data)
        defaults = data.get("mac_dinh", {})
        if not isinstance(defaults, dict):
            self.problem("mac_dinh", "phải là một bảng [mac_dinh]")
            defaults = {}
        self.unknown(defaults, _DEFAULT_KEYS, "mac_dinh")
        boxes_table = data.get("o", {})
        if not isinstance(boxes_table, dict) or not boxes_table:
            self.problem("o", "hồ sơ cần ít nhất một ô [o.tên_ô]")
            boxes_table = {}
        boxes = [self.box(field, table, defaults, page) for field, table in boxes_table.items()]
        shapes_list = data.get("ve", [])
        if not isinstance(shapes_list, list):
            self.problem("ve", "phải là danh sách [[ve]]")
            shapes_list = []
        shapes = [self.shape(i, table) for i, table in enumerate(shapes_list, start=1)]
        profile = Profile(
            name=self.path.stem,
            title=str(data.get("ten", self.path.stem)),
            path=self.path,
            mode=mode,
            width=page[0],
            height=page[1],
            offset_x=self.number(data, "lech_x", "", default=0.0),
            offset_y=self.number(data, "lech_y", "", default=0.0),
            boxes=tuple(box for box in boxes if box is not None),
            shapes=tuple(shape for shape in shapes if shape is not None),
        )
        if self.problems:
            raise TemplateError(f"Hồ sơ phôi {self.path.name} có lỗi ({len(self.problems)} lỗi, sửa rồi chạy lại)",
                                self.problems)
        return profile
