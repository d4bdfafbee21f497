"""Turn every user-facing failure into one Vietnamese message with its place and an exit code.

Errors carry where the problem is (file, sheet, row, column or key) so that office staff can fix it without help.
Each class has its own exit code, documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

from .text import printable


@dataclass(frozen=True, slots=True)  # one per cell of a list: no __dict__ each
class Location:
    """Where a value came from: a file, and inside it a sheet/row/column or a settings key."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None

    def describe(self) -> str:
        parts = [f"tệp {self.file}"]
        if self.sheet:
            parts.append(f"trang tính «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}")
        if self.key:
            parts.append(f"mục {self.key}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing the user must fix, or (when ``warning``) should look at."""

    location: Location | None
    message: str
    warning: bool = False

    def describe(self) -> str:
        """The problem in one line, safe for a terminal (a control character in the data is shown, not obeyed)."""
        if self.location is None:
            return printable(self.message)
        return printable(f"{self.location.describe()}: {self.message}")


class VanbanError(click.ClickException):
    """Base of the project's errors; Click prints the message and exits with ``exit_code``, no traceback."""

    exit_code = 1
    heading = "Lỗi"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)

    def format_message(self) -> str:
        # Every error starts "Lỗi:" like Click's own; the kind of error (heading) follows the message.
        kind = "" if self.heading == VanbanError.heading else f" ({self.heading[0].lower()}{self.heading[1:]})"
        lines = [printable(f"Lỗi: {self.message}{kind}")]
        lines.extend(f"  - {problem.describe()}" for problem in self.problems)
        return "\n".join(lines)

    def show(self, file=None) -> None:  # noqa: ANN001 - Click's signature
        click.echo(self.format_message(), err=True, file=file)


class InputError(VanbanError):
    """The session folder, its settings or its list cannot be used as they are."""

    exit_code = 2
    heading = "Dữ liệu đầu vào chưa đúng"


class LegalDataError(VanbanError):
    """The legal tables in data/ do not cover the case (no base salary for the date, no coefficient…)."""

    exit_code = 3
    heading = "Thiếu căn cứ pháp lý trong danh mục"


class TemplateError(VanbanError):
    """A template (HTML or DOCX) has an error; the message names the file and the place."""

    exit_code = 4
    heading = "Lỗi mẫu văn bản"


class OutputError(VanbanError):
    """The output folder could not be written."""

    exit_code = 5
    heading = "Không ghi được kết quả"


def collect(problems: list[Problem], summary: str, error_class: type[VanbanError] = InputError) -> None:
    """Raise one error listing every non-warning problem, if there is any."""
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        raise error_class(f"{summary} ({len(errors)} lỗi, sửa rồi chạy lại)", errors)
