"""Turn the web's "issue numbers" and "register" pages into calls to the register and to `vanban issue`'s issuing.

The pages call only these functions. The register is the one `vanban issue` uses: ``VANBAN_REGISTER`` when the
server's operator sets it (a PostgreSQL URL for a province), else ``so-dang-ky.sqlite`` in the server's data folder.
An office sees only the entries of its own sessions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.errors import VanbanError
from ..issuing import issue, register_warnings
from ..register import ENVIRONMENT_VARIABLE, Register
from .config import WebConfig


@dataclass
class IssueResult:
    done: bool
    message: str
    numbers: list[tuple[str, int, str]] = field(default_factory=list)  # (document, number, date as dd/mm/yyyy)


def connected() -> bool:
    return True


def register_location(config: WebConfig) -> str | Path:
    return os.environ.get(ENVIRONMENT_VARIABLE) or config.data / "so-dang-ky.sqlite"


def open_register(config: WebConfig) -> Register:
    return Register(register_location(config))


def number_warnings(config: WebConfig, checked) -> list[str]:  # noqa: ANN001 - pipeline.Checked
    """What the register says of the numbers typed in the session (as `vanban check` warns), one line each; the
    holder's folder on the server is left out (a page names sessions, not the server's disk)."""
    return [_SERVER_FOLDER.sub("", warning.describe())
            for warning in register_warnings(checked, register_location(config))]


_SERVER_FOLDER = re.compile(r", thư mục [^,;)]*")


def issue_numbers(config: WebConfig, office_id: int, folder: Path, on: date | None = None) -> IssueResult:
    """Take the next numbers and dates from the register for the session's decisions and công văn, write them into
    the session's dot.toml and record them — as `vanban issue` does; the page then builds with them."""
    try:
        register = open_register(config)
        issued = issue(folder, on, register, rebuild=False)
    except VanbanError as exc:
        return IssueResult(False, exc.format_message())
    numbers = [(entry.document, entry.number, f"{entry.signed_on:%d/%m/%Y}") for entry in issued.entries]
    said = (f"Đã cấp {len(issued.new)} số mới" if issued.new else "Các văn bản của đợt đã có số trong sổ; không cấp "
            "thêm số nào")
    return IssueResult(True, f"{said}. Bấm «Lập» để lập lại văn bản với số và ngày này.", numbers)


def register_pages(config: WebConfig, office_id: int, year: int) -> list[dict]:
    """The register's entries of ``year`` for the office's own sessions (number, date, ký hiệu, trích yếu…)."""
    own = str((config.offices / str(int(office_id))).resolve())
    try:
        entries = open_register(config).entries(year=year)
    except VanbanError:
        return []
    return [{"Số": f"{entry.number:02d}", "Ký hiệu": entry.symbol, "Ngày": f"{entry.signed_on:%d/%m/%Y}",
             "Trích yếu": entry.summary, "Người ký": entry.signer, "Nơi nhận": entry.recipients,
             "Ghi chú": ("ĐÃ HỦY: " + entry.void_reason) if entry.void else entry.note}
            for entry in entries if entry.session_folder.startswith(own + os.sep)]
