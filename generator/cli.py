"""Turn command-line arguments into pipeline calls; no logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .core.errors import VanbanError

# Each command imports what it calls inside its own body: `vanban --help` and a mistyped option answer at once,
# without loading the renderers, the spreadsheet reader and the format checker.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _split(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        raise click.BadParameter(f"chỉ nhận: {', '.join(allowed)} (đang ghi: {value})", param_hint=option)
    return items


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="vanban", message="vanban %(version)s")
def cli() -> None:
    """vanban: lập Quyết định khen thưởng, Giấy khen và Công văn đúng Nghị định 30/2020/NĐ-CP.

    \b
    Ví dụ:
      vanban build                      lập bộ văn bản của đợt mẫu data/vi-du
      vanban check data/vi-du           kiểm tra danh sách, không ghi gì
    """


@cli.command(context_settings=CONTEXT)
@click.argument("dot", required=False, type=click.Path(path_type=Path))
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
def build(dot: Path | None, output: Path | None, formats: str, only: str, profile: str | None, mode: str | None,
          background: Path | None, jobs: int | None, no_lint: bool, quiet: bool, templates_dir: Path | None) -> None:
    """Lập mọi văn bản của một đợt khen thưởng (thư mục ĐỢT): quyết định, công văn, giấy khen; DOCX và PDF.

    \b
    Không ghi ĐỢT: lập đợt mẫu data/vi-du.
    Ví dụ:  vanban build data/vi-du -o ket-qua --format pdf
            vanban build data/vi-du --only giay-khen --profile a4-ngang-phoi
    """
    from . import pipeline

    chosen_formats = _split(formats, pipeline.FORMATS, "--format")
    kinds = _split(only, pipeline.KINDS, "--only")
    bar = _ProgressBar("  giấy khen", quiet)

    def progress(name: str) -> None:
        if not quiet:
            click.echo(f"  đang lập {name} …", err=True)

    options = pipeline.CertificateOptions(profile, mode, background, jobs, bar.update)
    try:
        result = pipeline.build(dot or pipeline.DEFAULT_SESSION, output, chosen_formats, kinds=kinds,
                                progress=progress, templates=templates_dir, certificates=options, lint=not no_lint)
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
@click.argument("dot", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
def check(dot: Path, as_json: bool) -> None:
    """Đọc và kiểm tra một đợt (không ghi tệp nào): số lượng, số tiền, căn cứ pháp lý, cảnh báo.

    \b
    Ví dụ:  vanban check data/vi-du
    """
    from . import pipeline, summary

    checked = pipeline.check(dot)
    click.echo(summary.as_json(checked) if as_json else summary.as_text(checked))


@cli.command(context_settings=CONTEXT)
@click.argument("tep", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Thư mục kết quả (mặc định output/cong-van).")
@click.option("--dot", type=click.Path(path_type=Path), help="Lấy cơ quan, người ký, Lưu từ dot.toml của một đợt.")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Định dạng: pdf, docx.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị, đặt chồng lên mẫu có sẵn.")
def dispatch(tep: Path, output: Path | None, dot: Path | None, formats: str, templates_dir: Path | None) -> None:
    """Lập một công văn từ tệp văn bản TỆP.md (phần cài đặt giữa hai dòng +++, rồi nội dung).

    \b
    Ví dụ:  vanban dispatch huong-dan.md -o ket-qua
    """
    from . import pipeline
    from .rendering.template_folders import template_dirs_for

    result = pipeline.build_dispatch(tep, output, _split(formats, pipeline.FORMATS, "--format"), dot,
                                     template_dirs_for(templates_dir))
    click.echo(f"Đã lập {len(result)} tệp trong thư mục {(output or pipeline.DEFAULT_OUTPUT / 'cong-van')}")
    for item in result:
        click.echo(f"  {item.path}")


@cli.command(context_settings=CONTEXT)
@click.argument("thu_muc", type=click.Path(path_type=Path))
def new(thu_muc: Path) -> None:
    """Tạo thư mục đợt mới từ đợt mẫu (dot.toml có chú thích từng mục, danh sách mẫu).

    \b
    Ví dụ:  vanban new data/dot-2026
    """
    import shutil

    from . import pipeline

    if thu_muc.exists() and any(thu_muc.iterdir()):
        raise VanbanError(f"Thư mục {thu_muc} đã có dữ liệu; chọn một thư mục mới.")
    shutil.copytree(pipeline.DEFAULT_SESSION, thu_muc, dirs_exist_ok=True)
    click.echo(f"Đã tạo {thu_muc}: sửa dot.toml và danh-sach.xlsx, rồi chạy: vanban check {thu_muc}")


@cli.command("lint", context_settings=CONTEXT)
@click.argument("tep", nargs=-1, required=True, type=click.Path(path_type=Path))
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


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ nghe (0.0.0.0: mọi máy trong mạng).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Cổng.")
@click.option("--data", type=click.Path(path_type=Path),
              help="Thư mục dữ liệu (mặc định biến VANBAN_DATA, hoặc ./vanban-du-lieu).")
def serve(host: str, port: int, data: Path | None) -> None:
    """Chạy trang web cho văn phòng: chuẩn bị, kiểm tra, xem trước, lập và tải về các đợt khen thưởng.

    \b
    Ví dụ:  vanban serve            rồi mở http://127.0.0.1:8000/
    Cài đặt bằng biến môi trường: VANBAN_DATABASE_URL, VANBAN_REDIS_URL… (xem README).
    """
    from .web.server import serve as run_server

    run_server(host, port, data)


@cli.group(context_settings=CONTEXT)
def certificates() -> None:
    """Công cụ cho giấy khen in trên phôi: trang căn chỉnh (calibrate)."""


@certificates.command("calibrate", context_settings=CONTEXT)
@click.argument("profile")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp PDF kết quả (mặc định output/can-chinh-<hồ sơ>.pdf).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị (nơi có hồ sơ phôi của đơn vị).")
def certificates_calibrate(profile: str, output: Path | None, templates_dir: Path | None) -> None:
    """In trang căn chỉnh của hồ sơ phôi PROFILE: khung từng ô, thước milimét hai cạnh, dấu chữ thập.

    \b
    In trang này lên một phôi trắng, soi lên ánh sáng, đo độ lệch rồi ghi lech_x, lech_y (mm) vào hồ sơ.
    Ví dụ:  vanban certificates calibrate a4-ngang-phoi -o can-chinh.pdf
    """
    from . import pipeline
    from .core.errors import OutputError
    from .rendering.certificates import calibration_pdf
    from .rendering.template_folders import template_dirs_for

    data = calibration_pdf(profile, template_dirs_for(templates_dir))
    target = output or pipeline.DEFAULT_OUTPUT / f"can-chinh-{Path(profile).stem}.pdf"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp {target}: {exc.strerror or exc}") from exc
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
@click.argument("kind", type=_KIND_CHOICE)
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="Thư mục mẫu riêng.")
@click.option("--dot", type=click.Path(path_type=Path), help="Đợt dùng làm dữ liệu (mặc định: đợt mẫu).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Thư mục (mặc định output/preview).")
@click.option("--watch", is_flag=True, help="Vẽ lại mỗi khi một tệp mẫu thay đổi (Ctrl+C để dừng).")
@click.option("--times", type=click.IntRange(1), default=None, hidden=True)
def templates_preview(kind: str, templates_dir: Path | None, dot: Path | None, output: Path | None, watch: bool,
                      times: int | None) -> None:
    """Vẽ thử một loại văn bản ra PDF và ảnh PNG từng trang (output/preview/).

    \b
    giay-khen: giấy đầu tiên của mỗi hình thức, theo hồ sơ phôi của đợt (mặc định a4-ngang-day-du).
    Ví dụ:  vanban templates preview quyet-dinh --watch
            vanban templates preview giay-khen --templates mau-cua-xa --watch
    """
    from . import pipeline
    from .rendering.template_folders import template_dirs_for
    from .template_tools.preview import preview
    from .template_tools.preview import watch as watch_templates

    dirs = template_dirs_for(templates_dir)
    target = output or pipeline.DEFAULT_OUTPUT / "preview"
    pdf, pngs, seconds = preview(kind, dirs, target, dot)
    click.echo(f"Đã vẽ {pdf} và {len(pngs)} ảnh PNG ({seconds:.2f} giây)")
    if watch:
        click.echo("Đang theo dõi thay đổi của mẫu… (Ctrl+C để dừng)")
        watch_templates(kind, dirs, target, dot, lambda line: click.echo(line), times=times)


@templates.command("fields", context_settings=CONTEXT)
@click.argument("kind", type=_KIND_CHOICE)
def templates_fields(kind: str) -> None:
    """In các biến mà mẫu của một loại văn bản được dùng, kèm giải thích.

    \b
    cong-van in hai bảng: template.html/template.docx và nội dung gui-quyet-dinh.md.
    giay-khen: biến của loi-van.j2 (macro nhận c) và template.docx (c.texts, c.sizes).
    Ví dụ:  vanban templates fields quyet-dinh
    """
    from .template_tools.fields import fields_text

    click.echo(fields_text(kind))


def main() -> None:
    """Console entry: user errors print their Vietnamese message; a genuine bug asks to be reported."""
    try:
        # Outside standalone mode Click returns the code of click.exceptions.Exit instead of exiting with it.
        code = cli.main(prog_name="vanban", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)
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
