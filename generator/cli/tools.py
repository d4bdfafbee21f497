"""Turn the certificate stock and template maintainers' commands (certificates, templates) into tool calls."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, cli


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
    from .. import pipeline
    from ..core.os_messages import output_error
    from ..rendering.certificates import calibration_pdf
    from ..rendering.template_folders import template_dirs_for

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
    from ..rendering.template_folders import template_dirs_for
    from ..template_tools.lint import lint

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
    from .. import pipeline
    from ..rendering.template_folders import template_dirs_for
    from ..template_tools.preview import preview, word_not_previewed
    from ..template_tools.preview import watch as watch_templates

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
    from ..template_tools.fields import fields_text

    click.echo(fields_text(kind))
