"""Turn the web's "issue numbers" and "register" pages into calls to the register (issue 12): a seam until merged.

The register (generator/register/, `vanban issue`) is built on another branch. These two functions are the only
place the pages call; the lead connects them to the register after merging. Until then they say, in Vietnamese,
that the register is not connected, and issue nothing: no number is ever invented here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import WebConfig

NOT_CONNECTED = ("Sổ đăng ký văn bản chưa được nối với trang web trong bản cài đặt này; chưa cấp số nào. "
                 "Văn thư cấp số bằng sổ hiện có rồi ghi số, ngày vào trang Cài đặt của đợt.")


@dataclass
class IssueResult:
    done: bool
    message: str
    numbers: list[tuple[str, int, str]] = field(default_factory=list)  # (document, number, date as dd/mm/yyyy)


def connected() -> bool:
    return False


def issue_numbers(config: WebConfig, office_id: int, folder: Path) -> IssueResult:
    """Take the next numbers and dates from the office's register for the session's decisions and công văn."""
    return IssueResult(False, NOT_CONNECTED)


def register_pages(config: WebConfig, office_id: int, year: int) -> list[dict]:
    """The register's entries of ``year`` for the office (number, date, ký hiệu, trích yếu, người ký)."""
    return []
