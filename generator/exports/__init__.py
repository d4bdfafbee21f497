"""Turn a checked session into the spreadsheets people need after the decision: accountant, list, report (.xlsx).

``export`` writes the chosen ones into a folder. Each is ready to print (A4, Times New Roman, borders, header row
repeated on every page, column widths that fit); see sheet.PrintSheet.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.errors import OutputError
from ..pipeline import Checked
from . import awardees, payments, report

# kind -> (file name, maker, what the user reads)
EXPORTS: dict[str, tuple[str, Callable[[Checked], bytes], str]] = {
    "ke-toan": (payments.FILE_NAME, payments.payment_list, "danh sách chi tiền thưởng (kế toán)"),
    "danh-sach": (awardees.FILE_NAME, awardees.awardee_list, "danh sách cá nhân, tập thể được khen thưởng"),
    "bao-cao": (report.FILE_NAME, report.summary_report, "báo cáo tổng hợp"),
}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export(checked: Checked, folder: Path, kinds: tuple[str, ...] = tuple(EXPORTS)) -> list[tuple[Path, str]]:
    """Write the chosen spreadsheets into ``folder``; each file appears whole or not at all. (path, label) each."""
    made = [(name, maker(checked), label) for name, maker, label in (EXPORTS[kind] for kind in kinds)]
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data, label in made:
            target = folder / name
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the file is for the office to share
            os.replace(temporary, target)
            written.append((target, label))
    except OSError as exc:
        raise OutputError(f"Không ghi được bảng tính vào thư mục {folder}: {exc.strerror or exc}") from exc
    return written
