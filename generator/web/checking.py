"""Turn a session folder into what the check pages show: each problem next to its dot.toml field or list row.

The messages are the CLI's own (pipeline.check and the readers raise them); this module only sorts them by place.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline, summary
from ..core.errors import LegalDataError, Problem, TemplateError, VanbanError
from ..core.settings import shown_key
from ..reading.loading import COLUMN_LABELS, Loaded, Row, load_rows, load_session
from .dotform import DECISION_KEYS, FIELDS

_LETTER = re.compile(r"^([A-Z]{1,3})\b")


@dataclass
class ListRow:
    """One awardee row as read: sheet row number, the cells by column, and the problems of this row."""

    number: int
    cells: dict[str, str]
    letters: dict[str, str]
    converted: set[str] = field(default_factory=set)  # columns whose cell was converted from TCVN3/VNI
    problems: list[str] = field(default_factory=list)
    bad_columns: set[str] = field(default_factory=set)


@dataclass
class CheckView:
    """Everything the pages need: a verdict, problems by field and by row, the list as read, the summary."""

    ok: bool = False
    heading: str = ""  # the error's one-line message (Vietnamese), when not ok
    fields: dict[str, list[str]] = field(default_factory=dict)  # form field name -> messages
    rows: list[ListRow] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (canonical column, label) present in the list
    general: list[str] = field(default_factory=list)  # problems with no field or row of their own
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # code page, converted cells, ignored columns
    summary: dict | None = None
    sheet: str | None = None  # the sheet the list was read from (None for a csv)
    list_file: Path | None = None  # the list the rows come from
    checked: pipeline.Checked | None = None

    @property
    def problem_count(self) -> int:
        return sum(len(v) for v in self.fields.values()) + sum(len(r.problems) for r in self.rows) + len(self.general)


def _field_names() -> dict[str, str]:
    """shown key (as the CLI names it) -> form field name."""
    names = {field.shown: field.key for field in FIELDS}
    names.update({field.key: field.key for field in FIELDS})
    return names


def _decision_field(key: str) -> str | None:
    found = re.match(r"^\[\[quyet_dinh\]\] thứ (\d+), (\w+)$", key) or re.match(r"^quyet_dinh\.(\d+)\.(\w+)$", key)
    if found and found.group(2) in DECISION_KEYS:
        index = int(found.group(1)) - (1 if key.startswith("[[") else 0)
        return f"quyet_dinh.{index}.{found.group(2)}"
    return None


def _rows(loaded: Loaded) -> tuple[list[ListRow], list[tuple[str, str]]]:
    converted: dict[tuple[int, str], bool] = {}
    for conversion in loaded.conversions:
        place = conversion.where.rsplit("!", 1)[-1]
        found = re.match(r"^([A-Z]+)(\d+)$", place)
        if found:
            converted[(int(found.group(2)), found.group(1))] = True
    present: list[str] = []
    rows = []
    for row in loaded.rows:
        rows.append(_list_row(row, converted))
        for column in row.cells:
            if column not in present:
                present.append(column)
    order = list(COLUMN_LABELS)
    present.sort(key=order.index)
    return rows, [(column, COLUMN_LABELS[column]) for column in present]


def _list_row(row: Row, converted: dict[tuple[int, str], bool]) -> ListRow:
    letters = dict(row.letters or {})
    for column, cell in row.cells.items():
        found = _LETTER.match(cell.location.column or "")
        if found:
            letters.setdefault(column, found.group(1))
    number = row.location.row or 0
    listed = ListRow(number, {column: cell.text for column, cell in row.cells.items()}, letters)
    listed.converted = {column for column, letter in letters.items() if converted.get((number, letter))}
    return listed


def _place(view: CheckView, problems: list[Problem], list_name: str | None) -> None:
    names = _field_names()
    by_number = {row.number: row for row in view.rows}
    for problem in problems:
        where = problem.location
        if where is not None and where.key:
            name = names.get(where.key) or _decision_field(where.key)
            if name:
                view.fields.setdefault(name, []).append(problem.message)
                continue
        if where is not None and where.row is not None and where.row in by_number and (
                list_name is None or where.file == list_name):
            row = by_number[where.row]
            row.problems.append(problem.message if not where.column else f"cột {where.column}: {problem.message}")
            found = _LETTER.match(where.column or "")
            if found:
                row.bad_columns.update(column for column, letter in row.letters.items()
                                       if letter == found.group(1))
            continue
        view.general.append(problem.describe())


_CACHE: dict[Path, tuple[tuple, CheckView]] = {}
_CACHE_LOCK = threading.Lock()


def _signature(folder: Path) -> tuple:
    """What the check depends on in the folder: each file's name, size and time (a new upload or edit changes it)."""
    try:
        return tuple(sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                            for entry in folder.iterdir() if entry.is_file()))
    except OSError:
        return ()


def check_session(folder: Path) -> CheckView:
    """Read and check the session as `vanban check` does, and sort every problem by where it belongs.

    The pages of one session all show the check; it is made once per state of the folder (a 3.000-row list takes
    seconds to read) and kept for the next page while no file of the folder changes.
    """
    key = folder.resolve()
    signature = _signature(key)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached and cached[0] == signature and signature:
        return cached[1]
    view = _check(folder)
    view.heading = without_server_paths(view.heading, folder)
    view.general = [without_server_paths(text, folder) for text in view.general]
    view.warnings = [without_server_paths(text, folder) for text in view.warnings]
    with _CACHE_LOCK:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = (signature, view)
    return view


def _check(folder: Path) -> CheckView:
    view = CheckView()
    try:
        # The whole check first: when it passes, the rows it read are the ones shown (the list is read once).
        checked = pipeline.check(folder)
    except (LegalDataError, TemplateError, VanbanError) as exc:
        return _failed(folder, exc)
    view.ok = True
    view.checked = checked
    _show_list(view, checked.loaded, checked.session.list_file)
    view.summary = summary.as_dict(checked)
    view.warnings = [warning.describe() for warning in checked.warnings]
    return view


def _failed(folder: Path, error: VanbanError) -> CheckView:
    """Where the check stopped, with the list shown as far as it can be read."""
    view = CheckView(heading=_heading(error))
    try:
        session = load_session(folder)
    except VanbanError:
        _read_list_anyway(view, folder)
        _place(view, error.problems, None)
        return view
    try:
        _show_list(view, load_rows(session), session.list_file)
    except VanbanError:
        pass
    _place(view, error.problems, session.list_file.name)
    return view


def _show_list(view: CheckView, loaded: Loaded, list_file: Path) -> None:
    view.rows, view.columns = _rows(loaded)
    view.sheet, view.list_file = loaded.sheet, list_file
    view.notes = [note.describe() for note in loaded.notes]
    if loaded.conversions:
        view.notes.append(f"Đã chuyển {len(loaded.conversions)} ô từ bảng mã cũ (TCVN3, VNI) sang Unicode; các ô "
                          "này được tô màu trong bảng.")
    if loaded.ignored_columns:
        view.notes.append("Cột bỏ qua (không dùng): " + ", ".join(loaded.ignored_columns))


def _read_list_anyway(view: CheckView, folder: Path) -> None:
    """While dot.toml has errors the list cannot be checked, but it is still shown as read (rows, converted cells)."""
    from types import SimpleNamespace

    from .dotform import read_document

    document = read_document(folder / "dot.toml") or {}
    table = document.get("danh_sach", {}) if isinstance(document.get("danh_sach"), dict) else {}
    name = table.get("tep")
    if not isinstance(name, str) or not name or "/" in name or not (folder / name).is_file():
        return
    sheet = table.get("sheet") if isinstance(table.get("sheet"), str) else None
    reader_view = SimpleNamespace(list_file=folder / name, sheet=sheet, folder=folder, dot_file=folder / "dot.toml")
    try:
        loaded = load_rows(reader_view)
    except VanbanError:
        return
    _show_list(view, loaded, folder / name)
    view.notes.append("Sửa các lỗi của dot.toml (trang Cài đặt) để kiểm tra từng dòng của danh sách.")


def _heading(exc: VanbanError) -> str:
    return f"{exc.heading}: {exc.message}"


def without_server_paths(text: str, folder: Path) -> str:
    """Messages name files as the office knows them (dot.toml, danh-sach.xlsx), not where the server keeps them."""
    for shown_folder in (str(folder.resolve()), str(folder)):
        text = text.replace(shown_folder + "/", "").replace(shown_folder, "của đợt")
    return text


def shown(key: str) -> str:
    return shown_key(key)
