"""Turn dot.toml into form fields and submitted form fields back into dot.toml, keeping the file's comments.

The session folder stays the source of truth: the page reads dot.toml each time and writes only the keys the form
holds, through tomlkit, so a comment or a key the page does not know (typed by someone using the CLI) survives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import Table

from ..core.legal import ROUNDING_MODES, load_catalogue
from ..core.model import ISSUER_LEVELS
from ..core.settings import shown_key
from ..reading.loading import SORT_MODES
from ..rendering.template_folders import BUILTIN_TEMPLATES


@dataclass(frozen=True)
class Field:
    key: str  # dotted dot.toml key, e.g. "nguoi_ky.ho_ten"
    label: str
    kind: str  # text | lines | date | int | choice | bool
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    office: bool = False  # part of the office's settings, entered once and copied into each new session

    @property
    def name(self) -> str:
        return self.key

    @property
    def shown(self) -> str:
        return shown_key(self.key)


def _labelled(values: tuple[str, ...], labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((value, labels.get(value, value)) for value in values)


LEVELS = _labelled(ISSUER_LEVELS, {"xa": "xã, phường, đặc khu", "huyen": "huyện (trước 01/7/2025)", "tinh": "tỉnh",
                                   "so": "sở, ban, ngành", "don-vi": "đơn vị", "doanh-nghiep": "doanh nghiệp"})
ROUNDING = _labelled(ROUNDING_MODES, {"len": "làm tròn lên hàng chục nghìn (mặc định)",
                                      "gan-nhat": "làm tròn gần nhất", "khong": "không làm tròn"})
SORTING = _labelled(SORT_MODES, {"giu-nguyen": "giữ thứ tự danh sách", "theo-ten": "theo tên, họ, tên đệm"})
MODES = (("", "theo hồ sơ phôi"), ("full", "in đủ mẫu (khung và chữ)"), ("overlay", "chỉ in chữ lên phôi"))


def profiles() -> tuple[tuple[str, str], ...]:
    names = sorted(path.stem for path in (BUILTIN_TEMPLATES / "giay-khen").glob("*.toml"))
    return (("", "a4-ngang-day-du (mặc định)"), *((name, name) for name in names))


def form_names() -> tuple[str, ...]:
    return tuple(form.name for form in load_catalogue().forms)


SIGNER_POWERS = (("", "(ký trực tiếp)"), ("TM.", "TM."), ("KT.", "KT."), ("Q.", "Q."), ("TL.", "TL."),
                 ("TUQ.", "TUQ."))

FIELDS: tuple[Field, ...] = (
    Field("co_quan.chu_quan", "Cơ quan chủ quản", "text", "Không bắt buộc; in hoa, không đậm, trên tên cơ quan.",
          office=True),
    Field("co_quan.ten", "Tên cơ quan ban hành", "lines",
          "Mỗi dòng một dòng in đậm, ví dụ: ỦY BAN NHÂN DÂN / XÃ HÒA BÌNH.",
          office=True),
    Field("co_quan.viet_tat", "Chữ viết tắt", "text", "Phần ký hiệu của số: 05/QĐ-UBND.", office=True),
    Field("co_quan.dia_danh", "Địa danh", "text", "Trước «, ngày …»: tên riêng, không có chữ «xã».", office=True),
    Field("co_quan.cap", "Cấp", "choice", "Dùng để chọn thẩm quyền khen thưởng.", LEVELS, office=True),
    Field("nguoi_ky.tham_quyen", "Thẩm quyền", "text", "Dòng in hoa dưới trích yếu, ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN "
          "XÃ HÒA BÌNH.", office=True),
    Field("nguoi_ky.tham_quyen_viet_thuong", "Thẩm quyền viết thường", "text", "Không bắt buộc; dùng trong câu.",
          office=True),
    Field("nguoi_ky.quyen_han", "Quyền hạn người ký", "text", "Không bắt buộc: TM. / KT. / Q. / TL. / TUQ. và chức "
          "danh, ví dụ: KT. CHỦ TỊCH.", office=True),
    Field("nguoi_ky.chuc_vu", "Chức vụ người ký", "text", "In hoa, ví dụ: PHÓ CHỦ TỊCH.", office=True),
    Field("nguoi_ky.ho_ten", "Họ tên người ký", "text", "", office=True),
    Field("dot.nam", "Năm của thành tích", "int", "Ví dụ 2025."),
    Field("dot.ngay", "Ngày ký", "date", "Để trống: bản dự thảo (để trống số và ngày)."),
    Field("dot.thanh_tich", "Thành tích", "text",
          "Ví dụ: đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025."),
    Field("dot.de_nghi", "Dòng đề nghị", "text", "«Theo đề nghị của … tại Tờ trình số … ngày …», chung cho mọi quyết "
          "định; quyết định trả lời tờ trình khác ghi riêng ở bảng dưới."),
    Field("dot.thi_hanh", "Người thi hành (Điều 3)", "lines", "Mỗi dòng một chức danh.", office=True),
    Field("dot.quy", "Quỹ chi thưởng", "text", "Ví dụ: Quỹ Thi đua, khen thưởng của xã.", office=True),
    Field("dot.noi_nhan", "Nơi nhận (quyết định)", "lines", "Giữa «Như Điều 3» và «Lưu»; mỗi dòng một nơi.",
          office=True),
    Field("dot.luu", "Lưu", "text", "Ví dụ: VT, VHXH.", office=True),
    Field("dot.can_cu", "Căn cứ (thay các dòng chọn theo ngày ký)", "lines", "Không bắt buộc; mỗi dòng một căn cứ."),
    Field("dot.luong_co_so", "Mức lương cơ sở (ghi đè)", "int", "Không bắt buộc; để trống: theo ngày ký."),
    Field("dot.lam_tron", "Làm tròn tiền thưởng", "choice", "", ROUNDING),
    Field("danh_sach.sheet", "Trang tính", "text", "Không bắt buộc; để trống: trang tính đầu tiên."),
    Field("danh_sach.sap_xep", "Thứ tự trong danh sách", "choice", "", SORTING),
    Field("giay_khen.so_so_bat_dau", "Số sổ đầu tiên", "int", "Chạy riêng cho từng hình thức."),
    Field("giay_khen.ho_so", "Hồ sơ phôi", "choice", "Khổ giấy và vị trí chữ của giấy khen.", (), office=True),
    Field("giay_khen.che_do", "Chế độ in", "choice", "", MODES, office=True),
    Field("cong_van.so", "Số công văn", "int", "Để trống: văn thư ghi số sau."),
    Field("cong_van.ngay", "Ngày công văn", "date", ""),
    Field("cong_van.ky_hieu", "Ký hiệu công văn", "text", "Không bắt buộc; mặc định: viết tắt và đơn vị soạn thảo."),
    Field("cong_van.trich_yeu", "Trích yếu (V/v …)", "text", "Không bắt buộc."),
    Field("cong_van.noi_nhan", "Nơi nhận (công văn)", "lines", "Sau «Như trên», trước «Lưu».", office=True),
    Field("cong_van.moi_don_vi", "Mỗi đơn vị một công văn", "bool", "Kèm danh sách của đơn vị đó."),
    Field("cong_van.nguoi_ky.quyen_han", "Quyền hạn người ký công văn", "text", "Ví dụ: TL. CHỦ TỊCH.", office=True),
    Field("cong_van.nguoi_ky.chuc_vu", "Chức vụ người ký công văn", "text", "", office=True),
    Field("cong_van.nguoi_ky.ho_ten", "Họ tên người ký công văn", "text", "", office=True),
)
OFFICE_FIELDS = tuple(field for field in FIELDS if field.office)
DECISION_KEYS = ("hinh_thuc", "so", "ngay", "de_nghi")
GROUPS = (("co_quan", "Cơ quan ban hành"), ("nguoi_ky", "Người ký quyết định"), ("dot", "Đợt khen thưởng"),
          ("danh_sach", "Danh sách"), ("giay_khen", "Giấy khen"), ("cong_van", "Công văn gửi quyết định"))


def field_choices(field: Field, template_folders: list[str] | None = None) -> tuple[tuple[str, str], ...]:
    if field.key == "mau_cua_don_vi":
        return (("", "mẫu có sẵn của vanban"), *((name, name) for name in template_folders or []))
    return profiles() if field.key == "giay_khen.ho_so" else field.choices


# ------------------------------------------------------------------------------------------------ reading


def read_document(dot_file: Path) -> tomlkit.TOMLDocument | None:
    """dot.toml as tomlkit reads it, or None when it no longer parses (the check page says where)."""
    try:
        return tomlkit.parse(dot_file.read_text(encoding="utf-8-sig"))
    except (tomlkit.exceptions.ParseError, UnicodeDecodeError):
        return None


def _get(node: object, key: str) -> object:
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def value_of(document: dict, key: str) -> object:
    """The value at a dotted key of dot.toml, or None."""
    return _get(document, key)


def shown_value(field: Field, value: object) -> str:
    """What the form's input shows for a TOML value."""
    if value is None:
        return ""
    if field.kind == "lines":
        return "\n".join(str(item) for item in (value if isinstance(value, list) else [value]))
    if field.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()[:10]
    if field.kind == "bool":
        return "1" if value is True else ""
    return str(value)


def form_values(document: dict) -> dict[str, str]:
    """Every field's current value as text for the form, and the decision blocks as rows."""
    values = {field.key: shown_value(field, _get(document, field.key)) for field in FIELDS}
    return values


def decision_rows(document: dict) -> list[dict[str, str]]:
    rows = []
    for block in document.get("quyet_dinh", []) or []:
        if isinstance(block, dict):
            rows.append({"hinh_thuc": str(block.get("hinh_thuc", "")),
                         "so": str(block.get("so", "")),
                         "ngay": block["ngay"].isoformat()[:10] if isinstance(block.get("ngay"), dt.date) else
                         str(block.get("ngay", "")),
                         "de_nghi": str(block.get("de_nghi", ""))})
    return rows


# ------------------------------------------------------------------------------------------------ writing


class FormErrors(dict):
    """field key -> Vietnamese message, for values the form itself cannot turn into TOML."""


def parse_field(field: Field, raw: str, errors: FormErrors, name: str | None = None) -> object:
    """A submitted text as the TOML value to write; None removes the key. Errors are recorded, not raised."""
    raw = (raw or "").strip()
    name = name or field.key
    if field.kind == "bool":
        return True if raw else None
    if not raw:
        return None
    if field.kind == "lines":
        items = [line.strip() for line in raw.splitlines() if line.strip()]
        return items or None
    if field.kind == "int":
        digits = raw.replace(".", "").replace(" ", "")
        if not digits.isdigit():
            errors[name] = f"phải là một số nguyên, ví dụ 2025 (đang ghi «{raw}»)"
            return None
        return int(digits)
    if field.kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            errors[name] = f"phải là một ngày, chọn trong lịch (đang ghi «{raw}»)"
            return None
    if field.kind == "choice" and raw not in {value for value, _ in field_choices(field)}:
        errors[name] = f"giá trị «{raw}» không có trong danh sách chọn"
        return None
    return raw


def _normal(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())


def _table(document: dict, path: list[str]) -> dict:
    node = document
    for part in path:
        if part not in node or not isinstance(node[part], dict):
            node[part] = tomlkit.table()
        node = node[part]
    return node


def set_value(document: dict, key: str, value: object) -> None:
    """Write one key; None removes it (an empty field means "not set", the CLI's default applies)."""
    *path, last = key.split(".")
    if value is None:
        node = _get(document, ".".join(path)) if path else document
        if isinstance(node, dict) and last in node:
            del node[last]
        return
    node = _table(document, path)
    if node.get(last) != value:
        node[last] = value


def apply_form(document: tomlkit.TOMLDocument, form: dict[str, str], decisions: list[dict[str, str]],
               fields: tuple[Field, ...] = FIELDS) -> FormErrors:
    """Put the submitted values into the document; returns the fields that could not be read (nothing written)."""
    errors = FormErrors()
    # A value shown and sent back unchanged is left exactly as written (an inline table, a number's spelling…).
    parsed = {field.key: parse_field(field, form.get(field.key, ""), errors) for field in fields
              if _normal(form.get(field.key, "")) != _normal(shown_value(field, _get(document, field.key)))}
    blocks = []
    for index, row in enumerate(decisions):
        if not any(row.get(key, "").strip() for key in DECISION_KEYS) or row.get("xoa"):
            continue
        block = {}
        for key in DECISION_KEYS:
            kind = {"so": "int", "ngay": "date"}.get(key, "text")
            value = parse_field(Field(key, key, kind), row.get(key, ""), errors, f"quyet_dinh.{index}.{key}")
            if value is not None:
                block[key] = value
        blocks.append(block)
    if errors:
        return errors
    for key, value in parsed.items():
        set_value(document, key, value)
    if fields is FIELDS:
        _write_decisions(document, blocks)
    return errors


def _write_decisions(document: tomlkit.TOMLDocument, blocks: list[dict]) -> None:
    """Change the [[quyet_dinh]] blocks in place: a block's comments stay, only differing values are written."""
    existing = document.get("quyet_dinh")
    if existing is None or not isinstance(existing, list):
        if blocks:
            tables = tomlkit.aot()
            for values in blocks:
                tables.append(_decision_table(tomlkit.table(), values))
            document["quyet_dinh"] = tables
        return
    if not blocks:
        del document["quyet_dinh"]
        return
    for index, values in enumerate(blocks):
        if index < len(existing) and isinstance(existing[index], Table):
            _decision_table(existing[index], values)
        else:
            existing.append(_decision_table(tomlkit.table(), values))
    while len(existing) > len(blocks):
        del existing[len(existing) - 1]


def _decision_table(table: Table, values: dict) -> Table:
    for key in DECISION_KEYS:
        if key in values:
            if table.get(key) != values[key]:
                table[key] = values[key]
        elif key in table:
            del table[key]
    return table


def write_document(dot_file: Path, document: tomlkit.TOMLDocument) -> None:
    """Replace dot.toml in one rename, so the CLI never reads half a file."""
    staging = dot_file.with_name(".dot.toml.dang-ghi")
    staging.write_text(tomlkit.dumps(document), encoding="utf-8")
    staging.replace(dot_file)


def new_document(office: dict[str, object], title: str, year: int, list_name: str,
                 templates: Path | None = None) -> tomlkit.TOMLDocument:
    """A new session's dot.toml from the office's settings: nothing copied from the example session.

    ``templates``: the office's template folder (chosen by its quản trị among the server's), written as [mau] thu_muc.
    """
    document = tomlkit.document()
    document.add(tomlkit.comment(f"Đợt khen thưởng: {title}"))
    document.add(tomlkit.comment("Tệp này do trang web vanban tạo; sửa trên trang hoặc bằng tay đều được "
                                 "(chú thích được giữ nguyên)."))
    for group, label in GROUPS:
        table = tomlkit.table()
        table.comment(label)
        document.add(group, table)
    set_value(document, "dot.nam", year)
    set_value(document, "danh_sach.tep", list_name)
    set_value(document, "giay_khen.so_so_bat_dau", 1)
    for field in OFFICE_FIELDS:
        value = office.get(field.key)
        if value not in (None, "", []):
            set_value(document, field.key, value)
    if templates is not None:
        set_value(document, "mau.thu_muc", str(templates))
    for group, _ in GROUPS:
        if group in document and not document[group]:
            del document[group]
    return document


# Office-only: the people who may sign, to choose from in each session (not a dot.toml key).
SIGNERS = Field("nguoi_ky_cua_don_vi", "Những người ký của đơn vị", "lines",
                "Mỗi dòng một người: quyền hạn | chức vụ | họ tên, ví dụ: KT. CHỦ TỊCH | PHÓ CHỦ TỊCH | Nguyễn Văn An "
                "(người ký trực tiếp: bỏ trống quyền hạn, ví dụ:  | CHỦ TỊCH | Lê Văn Bình). Mỗi đợt chọn người ký "
                "trong danh sách này.", office=True)
# Office-only: the name of one of the server's template folders (config.template_folders), never a path.
TEMPLATES = Field("mau_cua_don_vi", "Thư mục mẫu của đơn vị", "choice",
                  "Mẫu riêng của đơn vị (do người quản lý máy chủ đặt vào thư mục mẫu); mỗi đợt mới dùng mẫu này "
                  "([mau] thu_muc của dot.toml).", (), office=True)
SIGNER_KEYS = ("quyen_han", "chuc_vu", "ho_ten")
SIGNER_TARGETS = {"chon_nguoi_ky": "nguoi_ky", "chon_nguoi_ky_cong_van": "cong_van.nguoi_ky"}


def signers(office_settings: dict[str, object]) -> list[tuple[str, str, str]]:
    """The office's signers as (quyen_han, chuc_vu, ho_ten)."""
    found = []
    for line in office_settings.get(SIGNERS.key, []) or []:
        parts = [part.strip() for part in str(line).split("|")]
        if len(parts) == 3 and parts[1] and parts[2]:
            found.append((parts[0], parts[1], parts[2]))
    return found


def choose_signers(form: dict[str, str], choices: dict[str, str], office_settings: dict[str, object]) -> None:
    """A signer chosen from the office's list fills the three signer fields of the form (chosen wins over typed)."""
    people = signers(office_settings)
    for choice, prefix in SIGNER_TARGETS.items():
        picked = choices.get(choice, "")
        if picked.isdigit() and int(picked) < len(people):
            for key, value in zip(SIGNER_KEYS, people[int(picked)], strict=True):
                form[f"{prefix}.{key}"] = value


ADMIN_FIELDS = (*OFFICE_FIELDS, SIGNERS, TEMPLATES)


def office_values(office_settings: dict[str, object]) -> dict[str, str]:
    return {field.key: shown_value(field, office_settings.get(field.key)) for field in ADMIN_FIELDS}


def parse_office_form(form: dict[str, str], template_folders: list[str]) -> tuple[dict[str, object], FormErrors]:
    errors = FormErrors()
    settings = {}
    for field in (*OFFICE_FIELDS, SIGNERS):
        value = parse_field(field, form.get(field.key, ""), errors)
        if value is not None:
            settings[field.key] = value
    chosen = (form.get(TEMPLATES.key) or "").strip()
    if chosen and chosen not in template_folders:
        errors[TEMPLATES.key] = f"không có thư mục mẫu «{chosen}» trên máy chủ"
    elif chosen:
        settings[TEMPLATES.key] = chosen
    for number, line in enumerate(settings.get(SIGNERS.key, []), start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[1] or not parts[2]:
            errors[SIGNERS.key] = (f"dòng {number} «{line}» cần ba phần cách nhau bởi dấu |: quyền hạn | chức vụ | "
                                   "họ tên (quyền hạn được bỏ trống)")
    return settings, errors
