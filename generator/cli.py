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
    bar = _ProgressBar("  giấy khen", quiet)

    def progress(name: str) -> None:
        if not quiet:
            click.echo(f"  đang lập {name} …", err=True)

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
