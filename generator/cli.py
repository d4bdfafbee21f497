"""Turn command-line arguments into pipeline calls; no logic lives here."""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

import click

from .core.errors import InputError

# Each command imports what it calls inside its own body: `vanban --help` and a mistyped option answer at once,
# without loading the renderers, the spreadsheet reader and the format checker.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# Click's own texts (Usage:, Options:, Error:, [default: …]) in Vietnamese: locale/vi/LC_MESSAGES/click.po, compiled
# to click.mo beside it.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
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


def _name_values(group: click.Group) -> None:
    """Name the values of every option without its own metavar in Vietnamese (OPTION_VALUE_NAMES, VALUE_NAMES), and
    the "[OPTIONS] COMMAND [ARGS]..." of usage lines, which Click does not pass through gettext."""
    group.subcommand_metavar = "LỆNH [ĐỐI_SỐ]..."
    for command in [group, *group.commands.values()]:
        if isinstance(command, click.Group) and command is not group:
            _name_values(command)
        command.options_metavar = "[TÙY_CHỌN]"
        for param in command.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                name = OPTION_VALUE_NAMES.get(param.name or "") or VALUE_NAMES.get(param.type.name)
                if name and not isinstance(param.type, click.Choice):
                    param.metavar = name


def _split(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
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


@cli.command(context_settings=CONTEXT)
@click.argument("dot", metavar="[ĐỢT]", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Thư mục kết quả (mặc định output/<tên đợt>).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Định dạng: pdf, docx.")
@click.option("--only", default="quyet-dinh,cong-van,giay-khen", show_default=True,
              help="Loại văn bản: quyet-dinh, cong-van, giay-khen.")
@click.option("--profile", help="Hồ sơ phôi giấy khen: a4-ngang-day-du, a4-ngang-phoi, 400x300-day-du hoặc đường dẫn "
                                "tệp .toml (mặc định [giay_khen] ho_so của dot.toml).")
@click.option("--mode", type=click.Choice(["full", "overlay"]),
              help="full: in cả khung, chữ cố định; overlay: chỉ in chữ thay đổi lên phôi (mặc định theo hồ sơ).")
@click.option("--background", type=click.Path(path_type=Path),
              help="Ảnh quét phôi trắng, vẽ phía sau chữ trong giay-khen/xem-truoc.pdf để soát trên màn hình.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình song song khi in giấy khen (mặc định: số nhân CPU).")
@click.option("--no-lint", is_flag=True, help="Không kiểm tra thể thức văn bản sau khi lập.")
@click.option("-q", "--quiet", is_flag=True, help="Không in tiến độ.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị, đặt chồng lên mẫu có sẵn.")
@click.option("--giu-ban-sua", "keep_edited", is_flag=True,
              help="Tệp do vanban lập lần trước đã bị sửa tay: chuyển bản đã sửa vào ban-da-sua/<ngày-giờ>/ "
                   "trong thư mục kết quả rồi mới lập lại (không có tùy chọn này thì dừng, không ghi gì).")
def build(dot: Path | None, output: Path | None, formats: str, only: str, profile: str | None, mode: str | None,
          background: Path | None, jobs: int | None, no_lint: bool, quiet: bool, templates_dir: Path | None,
          keep_edited: bool) -> None:
    """Lập mọi văn bản của một đợt khen thưởng (thư mục ĐỢT): quyết định, công văn, giấy khen; DOCX và PDF.

    \b
    Không ghi ĐỢT: lập đợt mẫu data/vi-du.
    Ví dụ:  vanban build data/vi-du -o ket-qua --format pdf
            vanban build data/vi-du --only giay-khen --profile a4-ngang-phoi
    """
    from . import pipeline

    chosen_formats = _split(formats, pipeline.FORMATS, "--format")
    kinds = _split(only, pipeline.KINDS, "--only")
    # Progress is for a person watching: into a file or a pipe it would only be noise in the log.
    quiet = quiet or not _is_terminal(sys.stderr)
    bar = _ProgressBar("  in giấy khen", quiet)

    def progress(step: str) -> None:
        if not quiet:
            bar.close()  # the certificates' bar ends its line before the next step is said
            click.echo(f"  đang {step} …", err=True)

    options = pipeline.CertificateOptions(profile, mode, background, jobs, bar.update)
    try:
        result = pipeline.build(dot or pipeline.DEFAULT_SESSION, output, chosen_formats, kinds=kinds,
                                progress=progress, templates=templates_dir, certificates=options, lint=not no_lint,
                                keep_edited=keep_edited)
    finally:
        bar.close()
    for warning in result.checked.warnings:
        click.echo(f"Cảnh báo: {warning.describe()}", err=True)
    for notice in result.notices:
        click.echo(f"Cảnh báo: {notice}", err=True)
    _report_reading(result.checked.loaded, dot or pipeline.DEFAULT_SESSION)
    _report_format_findings(result.findings)
    click.echo(f"Đã lập {len(result.files)} tệp trong thư mục {result.output}")
    for item in result.files:
        pages = f" ({item.pages} trang)" if item.pages else ""
        click.echo(f"  {item.path}{pages}")
    _report_published(result.output, result.published)


def _report_published(output: Path, published) -> None:  # noqa: ANN001 - publishing.Published
    """What the new version kept from the previous one, and where the previous versions are."""
    from .publishing.history import store_of

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


class _ProgressBar:
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


def _report_reading(loaded, folder: Path) -> None:  # noqa: ANN001 - loading.Loaded
    """What reading the list changed (code page, legacy fonts): said briefly; `vanban check` lists every cell."""
    for note in loaded.notes:
        click.echo(f"Lưu ý: {note.describe()}", err=True)
    if loaded.conversions:
        click.echo(f"Lưu ý: đã chuyển {len(loaded.conversions)} ô từ bảng mã cũ (TCVN3, VNI) sang Unicode; "
                   f"xem từng ô bằng lệnh: vanban check {folder}", err=True)


def _report_format_findings(findings: dict) -> None:
    from .lint import counts, format_findings

    flagged = {path: found for path, found in findings.items() if found}
    for path, found in flagged.items():
        click.echo(format_findings(found, path), err=True)
    if findings:
        errors = sum(counts(found)[0] for found in findings.values())
        warnings = sum(counts(found)[1] for found in findings.values())
        verdict = "đúng thể thức" if not flagged else f"{errors} lỗi, {warnings} cảnh báo về thể thức"
        click.echo(f"Kiểm tra thể thức {len(findings)} tệp (Nghị định 30): {verdict}.", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("dot", metavar="ĐỢT", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị, như vanban build (nơi có hồ sơ phôi của đơn vị).")
def check(dot: Path, as_json: bool, templates_dir: Path | None) -> None:
    """Đọc và kiểm tra một đợt (không ghi tệp nào): số lượng, số tiền, căn cứ pháp lý, cảnh báo.

    \b
    Ví dụ:  vanban check data/vi-du
    """
    from . import pipeline, summary

    checked = pipeline.check(dot)
    text = summary.as_json(checked, templates_dir) if as_json else summary.as_text(checked, templates_dir)
    click.echo(text)


@cli.command("export", context_settings=CONTEXT)
@click.argument("dot", metavar="ĐỢT", type=click.Path(path_type=Path))
@click.option("--ke-toan", is_flag=True, help="Danh sách chi tiền thưởng theo đơn vị, có cột Ký nhận (kế toán).")
@click.option("--danh-sach", is_flag=True, help="Danh sách cá nhân, tập thể được khen: quyết định số, Số sổ.")
@click.option("--bao-cao", is_flag=True, help="Báo cáo tổng hợp: số lượng theo hình thức, đối tượng, giới tính.")
@click.option("-o", "--output", metavar="THƯ_MỤC", type=click.Path(path_type=Path),
              help="Thư mục ghi bảng tính (mặc định output/<tên đợt>-bang-tinh).")
def export_command(dot: Path, ke_toan: bool, danh_sach: bool, bao_cao: bool, output: Path | None) -> None:
    """Lập bảng tính (.xlsx, in được trên A4) cho người làm việc sau quyết định. Không chọn gì: lập cả ba.

    \b
    Ví dụ:  vanban export data/vi-du --ke-toan -o ke-toan
    """
    from . import pipeline
    from .exports import export

    chosen = tuple(kind for kind, wanted in (("ke-toan", ke_toan), ("danh-sach", danh_sach), ("bao-cao", bao_cao))
                   if wanted) or ("ke-toan", "danh-sach", "bao-cao")
    checked = pipeline.check(dot)
    target = output or pipeline.DEFAULT_OUTPUT / f"{checked.session.name}-bang-tinh"
    for warning in checked.warnings:
        click.echo(f"Cảnh báo: {warning.describe()}", err=True)
    for path, label in export(checked, target, chosen):
        click.echo(f"Đã lập {label}: {path}")


@cli.command(context_settings=CONTEXT)
@click.argument("tep", metavar="TỆP", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Thư mục kết quả (mặc định output/cong-van-<tên tệp>); công văn khác trong đó được giữ nguyên.")
@click.option("--dot", type=click.Path(path_type=Path), help="Lấy cơ quan, người ký, Lưu từ dot.toml của một đợt.")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Định dạng: pdf, docx.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị, đặt chồng lên mẫu có sẵn.")
@click.option("--giu-ban-sua", "keep_edited", is_flag=True,
              help="Bản lần trước đã bị sửa tay: chuyển bản đã sửa vào ban-da-sua/<ngày-giờ>/ rồi mới lập lại.")
def dispatch(tep: Path, output: Path | None, dot: Path | None, formats: str, templates_dir: Path | None,
             keep_edited: bool) -> None:
    """Lập một công văn từ tệp văn bản TỆP.md (phần cài đặt giữa hai dòng +++, rồi nội dung).

    \b
    Ví dụ:  vanban dispatch huong-dan.md -o ket-qua
    """
    from . import pipeline
    from .rendering.template_folders import template_dirs_for

    result = pipeline.build_dispatch(tep, output, _split(formats, pipeline.FORMATS, "--format"), dot,
                                     template_dirs_for(templates_dir), keep_edited=keep_edited)
    click.echo(f"Đã lập {len(result.files)} tệp trong thư mục {result.output}")
    for item in result.files:
        click.echo(f"  {item.path}")
    _report_published(result.output, result.published)


@cli.command(context_settings=CONTEXT)
@click.argument("thu_muc", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
@click.option("--co-quan", metavar="TÊN", help="Tên cơ quan ban hành, các dòng cách nhau bằng «/»: "
                                              "\"ỦY BAN NHÂN DÂN / XÃ AN PHÚ\".")
@click.option("--viet-tat", metavar="CHỮ", help="Chữ viết tắt tên cơ quan trong ký hiệu (mặc định UBND).")
@click.option("--dia-danh", metavar="TÊN", help="Địa danh trước «, ngày …»: \"An Phú\".")
@click.option("--cap", type=click.Choice(["xa", "huyen", "tinh", "so", "don-vi", "doanh-nghiep"]),
              help="Cấp cơ quan (mặc định xa).")
@click.option("--tham-quyen", metavar="DÒNG", help="Dòng thẩm quyền in hoa (mặc định: CHỦ TỊCH + tên cơ quan).")
@click.option("--nguoi-ky", metavar="HỌ_TÊN", help="Họ và tên người ký quyết định.")
@click.option("--chuc-vu", metavar="CHỨC_VỤ", help="Chức vụ người ký, in hoa: \"PHÓ CHỦ TỊCH\".")
@click.option("--quyen-han", metavar="DÒNG", help="Quyền hạn ký (không bắt buộc): \"KT. CHỦ TỊCH\".")
@click.option("--nguoi-ky-cong-van", metavar="HỌ_TÊN",
              help="Người ký công văn gửi quyết định (mặc định: người ký quyết định).")
@click.option("--chuc-vu-cong-van", metavar="CHỨC_VỤ", help="Chức vụ người ký công văn.")
@click.option("--quyen-han-cong-van", metavar="DÒNG", help="Quyền hạn ký công văn: \"TL. CHỦ TỊCH\".")
@click.option("--nam", type=click.IntRange(1945, 2200), metavar="NĂM", help="Năm của thành tích.")
def new(thu_muc: Path, **answers: str | int | None) -> None:
    """Tạo thư mục đợt mới: dot.toml của đơn vị (có chú thích từng mục) và danh sách trống để điền.

    \b
    Thiếu thông tin nào thì hỏi (khi chạy trong cửa sổ lệnh);
    chạy tự động thì ghi đủ bằng tùy chọn.
    Ví dụ:  vanban new dot-2026 --co-quan "ỦY BAN NHÂN DÂN / XÃ AN PHÚ" --dia-danh "An Phú" \\
                --nguoi-ky "Lê Văn Bình" --chuc-vu "CHỦ TỊCH" --nam 2025
    """
    from .reading.new_session import create

    if thu_muc.exists() and (not thu_muc.is_dir() or any(thu_muc.iterdir())):
        raise InputError(f"Thư mục {thu_muc} đã có dữ liệu; chọn một thư mục mới.")
    written = create(thu_muc, _new_session_answers(answers))
    click.echo(f"Đã tạo {thu_muc}: {', '.join(path.name for path in written)}. Điền danh sách, ghi dòng de_nghi "
               f"(tờ trình) trong dot.toml, rồi chạy: vanban check {thu_muc}")


def _interactive() -> bool:
    return sys.stdin.isatty()


def _is_terminal(stream) -> bool:  # noqa: ANN001 - a text stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _new_session_answers(given: dict):  # noqa: ANN202 - reading.new_session.NewSession (imported lazily)
    """The answers of `vanban new`: options first, then questions at a terminal, else a list of what is missing."""
    import datetime

    from .reading.new_session import NewSession, Signatory, default_authority

    missing: list[str] = []

    def answer(key: str, question: str, default: str | int | None = None, required: bool = True):  # noqa: ANN202
        value = given.get(key)
        if value not in (None, ""):
            return value
        if _interactive():
            return click.prompt(question, default=default if default is not None else ("" if not required else None),
                                show_default=default not in (None, ""), type=type(default) if isinstance(default, int)
                                else str)
        if default is None and required:
            missing.append("--" + key.replace("_", "-"))
        return default

    issuer = answer("co_quan", "Tên cơ quan ban hành (các dòng cách nhau bằng «/», ví dụ: ỦY BAN NHÂN DÂN / XÃ AN PHÚ)")
    lines = tuple(part.strip() for part in str(issuer or "").split("/") if part.strip())
    abbreviation = answer("viet_tat", "Chữ viết tắt tên cơ quan trong ký hiệu", "UBND")
    place = answer("dia_danh", "Địa danh (trước «, ngày …», ví dụ: An Phú)")
    level = answer("cap", "Cấp cơ quan (xa, huyen, tinh, so, don-vi, doanh-nghiep)", "xa")
    authority = answer("tham_quyen", "Dòng thẩm quyền (in hoa)", default_authority(lines) or None)
    name = answer("nguoi_ky", "Họ và tên người ký quyết định")
    title = answer("chuc_vu", "Chức vụ người ký (in hoa, ví dụ: PHÓ CHỦ TỊCH)")
    capacity = answer("quyen_han", "Quyền hạn ký (ví dụ: KT. CHỦ TỊCH; để trống nếu ký tên mình)", "", required=False)
    year = answer("nam", "Năm của thành tích", datetime.date.today().year)
    dispatch = None
    if given.get("nguoi_ky_cong_van") or given.get("chuc_vu_cong_van"):
        dispatch = Signatory(str(answer("nguoi_ky_cong_van", "Người ký công văn")),
                             str(answer("chuc_vu_cong_van", "Chức vụ người ký công văn")),
                             str(given.get("quyen_han_cong_van") or ""))
    if missing:
        raise InputError("Chưa đủ thông tin để tạo đợt mới; ghi thêm các tùy chọn: " + ", ".join(missing))
    from .core.vietnamese import upper

    return NewSession(lines, str(abbreviation), str(place), str(level), upper(str(authority)),
                      Signatory(str(name), upper(str(title)), upper(str(capacity or ""))), int(year), dispatch)


@cli.command("lint", context_settings=CONTEXT)
@click.argument("tep", metavar="TỆP…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
def lint_command(tep: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra thể thức (Nghị định 30/2020/NĐ-CP) của các tệp TỆP.docx, TỆP.pdf, kể cả văn bản tự soạn trong Word.

    \b
    Mỗi phát hiện ghi: thành phần, điều thấy, điều quy định, căn cứ, mức (lỗi / cảnh báo).
    Thoát với mã 1 khi có lỗi, 2 khi không đọc được một tệp.
    Ví dụ:  vanban lint quyet-dinh.docx cong-van.pdf
    """
    from .core.errors import InputError
    from .lint import check_file, findings_json, format_findings, has_errors

    results: dict[str, list] = {}
    unreadable: list[str] = []
    for path in tep:
        try:
            results[str(path)] = check_file(path)
        except InputError as exc:
            unreadable.append(exc.format_message())
    if as_json:
        click.echo(findings_json(results))
    else:
        for name, findings in results.items():
            click.echo(format_findings(findings, name))
    for message in unreadable:
        click.echo(f"Lỗi: {message}", err=True)
    if unreadable:
        raise click.exceptions.Exit(2)
    if any(has_errors(findings) for findings in results.values()):
        raise click.exceptions.Exit(1)


@cli.group(context_settings=CONTEXT)
def certificates() -> None:
    """Công cụ cho giấy khen in trên phôi: trang căn chỉnh (calibrate)."""


@certificates.command("calibrate", context_settings=CONTEXT)
@click.argument("profile", metavar="PHÔI")
@click.option("-o", "--output", metavar="TỆP.pdf", type=click.Path(path_type=Path),
              help="Tệp PDF kết quả (mặc định output/can-chinh-<hồ sơ>.pdf).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị (nơi có hồ sơ phôi của đơn vị).")
def certificates_calibrate(profile: str, output: Path | None, templates_dir: Path | None) -> None:
    """In trang căn chỉnh của hồ sơ phôi PHÔI: khung từng ô, thước milimét hai cạnh, dấu chữ thập.

    \b
    In trang này lên một phôi trắng, soi lên ánh sáng, đo độ lệch rồi ghi lech_x, lech_y (mm) vào hồ sơ.
    Ví dụ:  vanban certificates calibrate a4-ngang-phoi -o can-chinh.pdf
    """
    from . import pipeline
    from .core.os_messages import output_error
    from .rendering.certificates import calibration_pdf
    from .rendering.template_folders import template_dirs_for

    data = calibration_pdf(profile, template_dirs_for(templates_dir))
    target = output or pipeline.DEFAULT_OUTPUT / f"can-chinh-{Path(profile).stem}.pdf"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise output_error(f"Không ghi được tệp {target}", exc) from exc
    click.echo(f"Đã lập trang căn chỉnh {target}: in đúng khổ, không co giãn (Actual size / 100%).")


@cli.group(context_settings=CONTEXT)
def templates() -> None:
    """Công cụ cho người sửa mẫu: kiểm tra (lint), xem trước (preview), danh sách biến (fields)."""


_KIND_CHOICE = click.Choice(["quyet-dinh", "cong-van", "giay-khen"])


@templates.command("lint", context_settings=CONTEXT)
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Thư mục mẫu cần kiểm tra.")
@click.option("--dot", type=click.Path(path_type=Path), help="Đợt dùng làm dữ liệu thử (mặc định: đợt mẫu).")
def templates_lint(templates_dir: Path | None, dot: Path | None) -> None:
    """Kiểm tra mọi mẫu (quyet-dinh, cong-van kể cả gui-quyet-dinh.md, giay-khen kể cả hồ sơ phôi *.toml).

    \b
    Cú pháp, biến lạ, thẻ bị Word tách, thẻ còn sót, bản DOCX và bản PDF cùng lời; mỗi lỗi kèm tệp và dòng
    (HTML, .md, .j2, .toml) hoặc đoạn văn (DOCX). Mã thoát 1 khi có lỗi.

    \b
    Ví dụ:  vanban templates lint --templates mau-cua-xa
    """
    from .rendering.template_folders import template_dirs_for
    from .template_tools.lint import lint

    findings = lint(template_dirs_for(templates_dir), session_folder=dot)
    for finding in findings:
        click.echo(finding.describe())
    errors = sum(f.error for f in findings)
    click.echo(f"{errors} lỗi, {len(findings) - errors} cảnh báo.")
    if errors:
        raise click.exceptions.Exit(1)


@templates.command("preview", context_settings=CONTEXT)
@click.argument("kind", metavar="LOẠI", type=_KIND_CHOICE)
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Thư mục mẫu riêng.")
@click.option("--dot", type=click.Path(path_type=Path), help="Đợt dùng làm dữ liệu (mặc định: đợt mẫu).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Thư mục (mặc định output/preview).")
@click.option("--watch", is_flag=True, help="Vẽ lại mỗi khi một tệp mẫu thay đổi (Ctrl+C để dừng).")
@click.option("--times", type=click.IntRange(1), default=None, hidden=True)
def templates_preview(kind: str, templates_dir: Path | None, dot: Path | None, output: Path | None, watch: bool,
                      times: int | None) -> None:
    """Vẽ thử một loại văn bản ra PDF và ảnh PNG từng trang (output/preview/); bản Word không được vẽ thử.

    \b
    giay-khen: giấy đầu tiên của mỗi hình thức, theo hồ sơ phôi của đợt (mặc định a4-ngang-day-du).
    Ví dụ:  vanban templates preview quyet-dinh --watch
            vanban templates preview giay-khen --templates mau-cua-xa --watch
    """
    from . import pipeline
    from .rendering.template_folders import template_dirs_for
    from .template_tools.preview import preview, word_not_previewed
    from .template_tools.preview import watch as watch_templates

    dirs = template_dirs_for(templates_dir)
    target = output or pipeline.DEFAULT_OUTPUT / "preview"
    pdf, pngs, seconds = preview(kind, dirs, target, dot)
    click.echo(f"Đã vẽ {pdf} và {len(pngs)} ảnh PNG ({seconds:.2f} giây)")
    click.echo(word_not_previewed(kind))
    if watch:
        click.echo("Đang theo dõi thay đổi của mẫu… (Ctrl+C để dừng)")
        watch_templates(kind, dirs, target, dot, lambda line: click.echo(line), times=times)


@templates.command("fields", context_settings=CONTEXT)
@click.argument("kind", metavar="LOẠI", type=_KIND_CHOICE)
def templates_fields(kind: str) -> None:
    """In các biến mà mẫu của một loại văn bản được dùng, kèm giải thích.

    \b
    cong-van in hai bảng: template.html/template.docx và nội dung gui-quyet-dinh.md.
    giay-khen: biến của loi-van.j2 (macro nhận c) và template.docx (c.texts, c.sizes).
    Ví dụ:  vanban templates fields quyet-dinh
    """
    from .template_tools.fields import fields_text

    click.echo(fields_text(kind))


@cli.command("sign", context_settings=CONTEXT)
@click.argument("tep", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--vai-tro", "role", required=True, type=click.Choice(["nguoi-ky", "co-quan"]),
              help="nguoi-ky: người có thẩm quyền ký trước; co-quan: văn thư ký số của cơ quan sau.")
@click.option("--anh", "image", type=click.Path(path_type=Path),
              help="Ảnh .png nền trong suốt: chữ ký (màu xanh) khi nguoi-ky, con dấu (màu đỏ) khi co-quan.")
@click.option("--duong-kinh-dau", "seal_mm", type=click.FloatRange(10, 80),
              help="Đường kính thật của con dấu (mm) khi ảnh không ghi DPI.")
@click.option("--p12", type=click.Path(path_type=Path), help="Tệp khóa PKCS#12 (.p12/.pfx); mật khẩu sẽ được hỏi.")
@click.option("--pkcs11", "module", type=click.Path(path_type=Path),
              help="Tệp thư viện PKCS#11 của thiết bị ký (USB token); README mục «Ký số» ghi tên tệp thường gặp.")
@click.option("--token", "token_label", help="Nhãn thiết bị ký khi cắm nhiều thiết bị.")
@click.option("--khoa-id", "key_id", help="ID của khóa trên thiết bị (hệ mười sáu).")
@click.option("--van-tay", "fingerprint", help="Vân tay SHA-256 của chứng thư số.")
@click.option("--nhan", "label", help="Nhãn của khóa (chỉ dùng khi nhãn là duy nhất).")
@click.option("--khong-pss", is_flag=True,
              help="Ký PKCS#1 v1.5 khi thiết bị không hỗ trợ RSASSA-PSS (không khuyến nghị).")
@click.option("--dinh-kem", "attachment", help="Văn bản kèm theo tệp riêng: số, ký hiệu văn bản chính (không ảnh).")
@click.option("--ban-sao", "copy_form", type=click.Choice(["SAO Y", "SAO LỤC", "TRÍCH SAO"]),
              help="Bản sao điện tử: hình thức sao (không ảnh); cùng --co-quan-sao.")
@click.option("--co-quan-sao", "copying_body", help="Tên cơ quan, tổ chức sao văn bản.")
@click.option("--tsa", "tsa_url", help="Địa chỉ dịch vụ cấp dấu thời gian RFC 3161 (tùy chọn).")
def sign_command(tep: tuple[Path, ...], role: str, image: Path | None, seal_mm: float | None, p12: Path | None,
                 module: Path | None, token_label: str | None, key_id: str | None, fingerprint: str | None,
                 label: str | None, khong_pss: bool, attachment: str | None, copy_form: str | None,
                 copying_body: str | None, tsa_url: str | None) -> None:
    """Ký số văn bản đã lập (tệp PDF hoặc cả thư mục kết quả) theo Nghị định 30: người ký trước, cơ quan sau.

    \b
    Ví dụ:  vanban sign output/vi-du --vai-tro nguoi-ky --anh chu-ky.png --p12 ca-nhan.p12
            vanban sign output/vi-du --vai-tro co-quan --anh con-dau.png --pkcs11 <tệp thư viện> --khoa-id 01
            vanban sign phu-luc.pdf --vai-tro co-quan --dinh-kem 05/QĐ-UBND --p12 co-quan.p12
    """
    from .signing.commands import open_key, sign_targets
    from .signing.keys import TokenChoice
    from .signing.sign import TextBlock

    text_block = None
    if attachment and copy_form:
        raise click.UsageError("Chọn một trong --dinh-kem và --ban-sao.")
    if attachment:
        text_block = TextBlock((attachment,))
    elif copy_form:
        if not copying_body:
            raise click.UsageError("--ban-sao cần --co-quan-sao <tên cơ quan, tổ chức sao>.")
        text_block = TextBlock((copy_form, copying_body))
    token = TokenChoice(module, token_label, key_id, fingerprint, label) if module else None
    key = open_key(p12, token, lambda prompt: click.prompt(prompt, hide_input=True, err=True), not khong_pss)
    try:
        records = sign_targets(list(tep), role, key, image, text_block, seal_mm, tsa_url)
    finally:
        key.close()
    for record in records:
        click.echo(f"Đã ký {record['tep']} ({record['vai_tro']}: {record['nguoi_ky']}, {record['thoi_gian']}), "
                   f"SHA-256 {record['sha256'][:16]}…")


@cli.command("verify", context_settings=CONTEXT)
@click.argument("tep", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tin-cay", "trust_roots", multiple=True, type=click.Path(path_type=Path),
              help="Chứng thư gốc tin cậy (PEM/DER), ví dụ chứng thư gốc của Bộ Khoa học và Công nghệ; lặp lại được.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
def verify_command(tep: tuple[Path, ...], trust_roots: tuple[Path, ...], as_json: bool) -> None:
    """Kiểm tra chữ ký số trong tệp PDF: người ký, thời gian, toàn vẹn, chuỗi chứng thư, thể thức Nghị định 30.

    \b
    Ví dụ:  vanban verify output/vi-du/quyet-dinh-giay-khen.pdf --tin-cay goc-tin-cay.pem
    """
    from .signing.commands import verify_targets

    verify_targets(list(tep), list(trust_roots), as_json, click.echo)


INTERRUPTED = 130  # the shell's convention for a command stopped by Ctrl+C (128 + SIGINT)


def _stopped() -> None:
    """Ctrl+C: say in which state the output is, and exit 130. Never a traceback, never ignored."""
    from .core.interruption import published_before_interrupt

    published = published_before_interrupt()
    if published is not None:
        click.echo(f"Đã dừng theo yêu cầu (Ctrl+C), sau khi bản mới đã ghi xong: thư mục {published} là bản "
                   "mới, đầy đủ.", err=True)
    else:
        click.echo("Đã dừng theo yêu cầu (Ctrl+C). Chưa có kết quả mới nào được công bố: thư mục kết quả (nếu "
                   "có) vẫn là bản trước, nguyên vẹn; phần đang ghi dở được bỏ. Chạy lại lệnh khi cần.", err=True)
    sys.exit(INTERRUPTED)


_name_values(cli)


def main() -> None:
    """Console entry: user errors print their Vietnamese message; a genuine bug asks to be reported."""
    from .core import interruption

    interruption.install()
    try:
        # Outside standalone mode Click returns the code of click.exceptions.Exit instead of exiting with it.
        code = cli.main(prog_name="vanban", standalone_mode=False)
        if interruption.interrupted():  # a Ctrl+C whose exception some library swallowed
            _stopped()
        if isinstance(code, int) and code:
            sys.exit(code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _stopped()
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:
        import traceback

        traceback.print_exc()
        click.echo("\nĐây là lỗi của chương trình vanban, không phải của dữ liệu. Vui lòng gửi toàn bộ thông báo "
                   "trên cho nhóm phát triển.", err=True)
        sys.exit(70)


if __name__ == "__main__":
    main()
