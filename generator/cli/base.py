"""Turn nothing into the command group: Click in Vietnamese, shared option parsing, the reports commands print."""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

import click

# Each command imports what it calls inside its own body: `vanban --help` and a mistyped option answer at once,
# without loading the renderers, the spreadsheet reader and the format checker.
REGISTER_HELP = ("Sổ đăng ký: đường dẫn tệp SQLite hoặc postgresql://người_dùng:mật_khẩu@máy/tên_csdl (mặc định: "
                 "biến môi trường VANBAN_REGISTER, rồi ~/.local/share/vanban/so-dang-ky.sqlite).")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Click's own texts (Usage:, Options:, Error:, [default: …]) in Vietnamese: locale/vi/LC_MESSAGES/click.po, compiled
# to click.mo beside it.
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
CLICK_DOMAIN = "click"
# What the value of an option is called in the help, as the README writes it ("-o, --output THƯ_MỤC", not "PATH"):
# by the option's name, else by its Click type.
OPTION_VALUE_NAMES = {"output": "THƯ_MỤC", "templates_dir": "THƯ_MỤC", "profile": "PHÔI", "background": "ẢNH",
                      "dot": "ĐỢT", "jobs": "N", "formats": "pdf,docx", "only": "LOẠI,…"}
VALUE_NAMES = {"text": "CHỮ", "path": "ĐƯỜNG_DẪN", "integer": "SỐ", "integer range": "SỐ", "filename": "TỆP"}


def speak_vietnamese() -> None:
    """Install the Vietnamese catalogue for Click's texts, whatever language the computer is set to."""
    # Click asks the standard gettext functions, which read the current domain in the language named by the
    # environment; LANGUAGE comes first in that search and only names the language of messages.
    os.environ["LANGUAGE"] = "vi"
    gettext.bindtextdomain(CLICK_DOMAIN, LOCALE_DIR)
    gettext.textdomain(CLICK_DOMAIN)


class VanbanGroup(click.Group):
    """The root command: speaks Vietnamese from the first word it prints (console and tests alike)."""

    def main(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - Click's signature
        speak_vietnamese()
        return super().main(*args, **kwargs)


def name_values(group: click.Group) -> None:
    """Name the values of every option without its own metavar in Vietnamese (OPTION_VALUE_NAMES, VALUE_NAMES), and
    the "[OPTIONS] COMMAND [ARGS]..." of usage lines, which Click does not pass through gettext."""
    group.subcommand_metavar = "LỆNH [ĐỐI_SỐ]..."
    for command in [group, *group.commands.values()]:
        if isinstance(command, click.Group) and command is not group:
            name_values(command)
        command.options_metavar = "[TÙY_CHỌN]"
        for param in command.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                name = OPTION_VALUE_NAMES.get(param.name or "") or VALUE_NAMES.get(param.type.name)
                if name and not isinstance(param.type, click.Choice):
                    param.metavar = name


def split_choices(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        raise click.BadParameter(f"chỉ nhận: {', '.join(allowed)} (đang ghi: {value})", param_hint=option)
    return items


@click.group(cls=VanbanGroup, context_settings=CONTEXT)
@click.version_option(package_name="vanban", message="vanban %(version)s", help="In số phiên bản rồi thoát.")
def cli() -> None:
    """vanban: lập Quyết định khen thưởng, Giấy khen và Công văn đúng Nghị định 30/2020/NĐ-CP.

    \b
    Ví dụ:
      vanban build                      lập bộ văn bản của đợt mẫu data/vi-du
      vanban check data/vi-du           kiểm tra danh sách, không ghi gì
    """


def report_published(output: Path, published) -> None:  # noqa: ANN001 - publishing.Published
    """What the new version kept from the previous one, and where the previous versions are."""
    from ..publishing.history import store_of

    if published is None:
        return
    if published.carried:
        click.echo(f"Giữ nguyên {len(published.carried)} tệp đã lập trước (loại văn bản không lập lại lần này).")
    if published.own_files:
        click.echo(f"Giữ nguyên {len(published.own_files)} tệp khác trong thư mục (không do vanban lập).")
    for path in published.aside:
        click.echo(f"Bản đã sửa tay được chuyển vào: {output / path}")
    if published.had_previous:
        click.echo(f"Các bản đã lập trước đây vẫn giữ trong {store_of(output)}/ (xem README, mục «Kết quả và "
                   "lịch sử»).")


class ProgressBar:
    """A progress bar on stderr that appears with the first report of (done, total)."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label, self.quiet = label, quiet
        self.bar = None
        self.shown = 0

    def update(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True,
                                         show_percent=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def report_reading(loaded, folder: Path) -> None:  # noqa: ANN001 - loading.Loaded
    """What reading the list changed (code page, legacy fonts): said briefly; `vanban check` lists every cell."""
    for note in loaded.notes:
        click.echo(f"Lưu ý: {note.describe()}", err=True)
    if loaded.conversions:
        click.echo(f"Lưu ý: đã chuyển {len(loaded.conversions)} ô từ bảng mã cũ (TCVN3, VNI) sang Unicode; "
                   f"xem từng ô bằng lệnh: vanban check {folder}", err=True)


def report_format_findings(findings: dict) -> None:
    from ..lint import counts, format_findings

    flagged = {path: found for path, found in findings.items() if found}
    for path, found in flagged.items():
        click.echo(format_findings(found, path), err=True)
    if findings:
        errors = sum(counts(found)[0] for found in findings.values())
        warnings = sum(counts(found)[1] for found in findings.values())
        verdict = "đúng thể thức" if not flagged else f"{errors} lỗi, {warnings} cảnh báo về thể thức"
        click.echo(f"Kiểm tra thể thức {len(findings)} tệp (Nghị định 30): {verdict}.", err=True)


def exit_on_format_errors(findings: dict) -> None:
    """Exit 1, as `vanban lint` does, when a document just written breaks Nghị định 30; its files stay to be opened."""
    from ..lint import counts

    errors = sum(counts(found)[0] for found in findings.values())
    if errors:
        click.echo(f"Lỗi: văn bản vừa lập có {errors} lỗi thể thức (xem trên); các tệp đã ghi để mở xem và sửa mẫu "
                   "hoặc dữ liệu rồi lập lại.", err=True)
        raise click.exceptions.Exit(1)


def interactive() -> bool:
    return sys.stdin.isatty()


def is_terminal(stream) -> bool:  # noqa: ANN001 - a text stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
