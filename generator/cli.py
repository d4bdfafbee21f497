"""Turn command-line arguments into pipeline calls; no logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import VanbanError

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
@click.option("--only", default="quyet-dinh,cong-van", show_default=True,
              help="Loại văn bản: quyet-dinh, cong-van.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Số tiến trình song song.")
@click.option("-q", "--quiet", is_flag=True, help="Không in tiến độ.")
def build(dot: Path | None, output: Path | None, formats: str, only: str, jobs: int | None, quiet: bool) -> None:
    """Lập mọi văn bản của một đợt khen thưởng (thư mục ĐỢT), dạng DOCX và PDF.

    \b
    Không ghi ĐỢT: lập đợt mẫu data/vi-du.
    Ví dụ:  vanban build data/vi-du -o ket-qua --format pdf
    """
    from . import pipeline

    chosen_formats = _split(formats, pipeline.FORMATS, "--format")
    kinds = _split(only, pipeline.KINDS, "--only")

    def progress(name: str) -> None:
        if not quiet:
            click.echo(f"  đang lập {name} …", err=True)

    result = pipeline.build(dot or pipeline.DEFAULT_SESSION, output, chosen_formats, kinds=kinds, progress=progress)
    for warning in result.checked.warnings:
        click.echo(f"Cảnh báo: {warning.describe()}", err=True)
    click.echo(f"Đã lập {len(result.files)} tệp trong thư mục {result.output}")
    for item in result.files:
        pages = f" ({item.pages} trang)" if item.pages else ""
        click.echo(f"  {item.path}{pages}")


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
def dispatch(tep: Path, output: Path | None, dot: Path | None, formats: str) -> None:
    """Lập một công văn từ tệp văn bản TỆP.md (phần cài đặt giữa hai dòng +++, rồi nội dung).

    \b
    Ví dụ:  vanban dispatch huong-dan.md -o ket-qua
    """
    from . import pipeline

    result = pipeline.build_dispatch(tep, output, _split(formats, pipeline.FORMATS, "--format"), dot)
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


def main() -> None:
    """Console entry: user errors print their Vietnamese message; a genuine bug asks to be reported."""
    try:
        cli.main(prog_name="vanban", standalone_mode=False)
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
