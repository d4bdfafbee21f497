"""Turn the văn thư's commands (issue, register, reprint) into calls of issuing, the register and reprinting."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, REGISTER_HELP, cli, report_format_findings, split_choices

_DATE = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])


@cli.command(context_settings=CONTEXT)
@click.argument("dot", type=click.Path(path_type=Path))
@click.option("--ngay", type=_DATE, help="Ngày ký của các văn bản chưa ghi ngày (mặc định: [dot] ngay, rồi hôm nay).")
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Thư mục kết quả (mặc định output/<tên đợt>).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Định dạng: pdf, docx.")
@click.option("--only", default="quyet-dinh,cong-van,giay-khen", show_default=True,
              help="Loại văn bản lập lại: quyet-dinh, cong-van, giay-khen.")
@click.option("--no-lint", is_flag=True, help="Không kiểm tra thể thức văn bản sau khi lập.")
@click.option("-q", "--quiet", is_flag=True, help="Không in danh sách tệp.")
def issue(dot: Path, ngay, register_location: str | None, output: Path | None, formats: str, only: str,  # noqa: ANN001
          no_lint: bool, quiet: bool) -> None:
    """Ban hành một đợt: lấy số tiếp theo trong sổ đăng ký cho mọi quyết định và công văn, ghi vào dot.toml, lập lại.

    \b
    Số đã ghi tay trong dot.toml được đối chiếu với sổ: số đã dùng cho văn bản khác thì dừng, nêu văn bản đó.
    Ban hành lại cùng một đợt không đổi gì. Số sổ giấy khen chạy tiếp từ đợt trước.
    Ví dụ:  vanban issue data/dot-2026 --ngay 2026-01-20
    """
    from .. import issuing, pipeline
    from ..register import Register

    result = issuing.issue(dot, ngay.date() if ngay else None, Register(register_location), output=output,
                           formats=split_choices(formats, pipeline.FORMATS, "--format"),
                           kinds=split_choices(only, pipeline.KINDS, "--only"), lint=not no_lint)
    new = {entry.id for entry in result.new}
    for entry in sorted(result.entries, key=lambda entry: (entry.kind != issuing.DECISION_KIND, entry.number)):
        state = "cấp mới" if entry.id in new else "đã có trong sổ"
        click.echo(f"  {issuing.describe(entry)} ({state})")
    for form, start in result.certificate_starts.items():
        click.echo(f"  Số sổ {form}: bắt đầu từ {start}")
    click.echo("Đã ghi số và ngày vào dot.toml." if result.dot_changed else "dot.toml không thay đổi.")
    if result.build is not None:
        for warning in result.build.checked.warnings:
            click.echo(f"Cảnh báo: {warning.describe()}", err=True)
        report_format_findings(result.build.findings)
        click.echo(f"Đã lập {len(result.build.files)} tệp trong thư mục {result.build.output}")
        if not quiet:
            for item in result.build.files:
                click.echo(f"  {item.path}")


@cli.group("register", context_settings=CONTEXT)
def register_group() -> None:
    """Sổ đăng ký văn bản đi: xem, xuất ra Excel, hủy số."""


def _entries(register_location: str | None, nam: int | None, dot: Path | None) -> tuple:
    from ..issuing import session_identity
    from ..register import Register

    register = Register(register_location)
    return register, register.entries(year=nam, session_folder=session_identity(dot) if dot else None)


@register_group.command("list", context_settings=CONTEXT)
@click.option("--nam", type=int, help="Chỉ năm này.")
@click.option("--dot", type=click.Path(path_type=Path), help="Chỉ văn bản của đợt này (thư mục đợt).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
def register_list(nam: int | None, dot: Path | None, as_json: bool, register_location: str | None) -> None:
    """In sổ đăng ký văn bản đi (theo năm hoặc theo đợt), kể cả các số đã hủy."""
    from ..register import listing

    _, entries = _entries(register_location, nam, dot)
    click.echo(listing.as_json(entries) if as_json else listing.as_text(entries))


@register_group.command("export", context_settings=CONTEXT)
@click.argument("tep", type=click.Path(path_type=Path))
@click.option("--nam", type=int, help="Chỉ năm này.")
@click.option("--dot", type=click.Path(path_type=Path), help="Chỉ văn bản của đợt này (thư mục đợt).")
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
def register_export(tep: Path, nam: int | None, dot: Path | None, register_location: str | None) -> None:
    """Xuất sổ đăng ký ra tệp Excel TỆP.xlsx như sổ giấy (Phụ lục IV, Nghị định 30): A4 ngang, Times New Roman.

    \b
    Ví dụ:  vanban register export so-dang-ky-2026.xlsx --nam 2026
    """
    from ..issuing import session_identity
    from ..register import listing

    register, entries = _entries(register_location, nam, dot)
    title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI" + (f" NĂM {nam}" if nam else "")
    certificates = register.certificate_entries(session_identity(dot) if dot else None)
    listing.write_xlsx(tep, listing.export_xlsx(entries, title, certificates))
    click.echo(f"Đã xuất {len(entries)} văn bản vào {tep}")


@register_group.command("void", context_settings=CONTEXT)
@click.argument("so", type=click.IntRange(1))
@click.option("--nam", type=int, required=True, help="Năm của văn bản.")
@click.option("--ky-hieu", help="Ký hiệu, ví dụ QĐ-UBND (khi cùng số có nhiều văn bản).")
@click.option("--co-quan", help="Cơ quan ban hành, như trong sổ (khi một sổ dùng cho nhiều cơ quan).")
@click.option("--ly-do", required=True, help="Lý do hủy (ghi vào cột Ghi chú).")
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
def register_void(so: int, nam: int, ky_hieu: str | None, co_quan: str | None, ly_do: str,
                  register_location: str | None) -> None:
    """Hủy một số đã cấp (văn bản bị thu hồi): số vẫn nằm trong sổ, ghi là đã hủy, và không bao giờ được cấp lại.

    \b
    Ví dụ:  vanban register void 7 --nam 2026 --ky-hieu QĐ-UBND --ly-do "Thu hồi, ban hành lại"
    """
    from ..register import Register

    entry = Register(register_location).void(co_quan, nam, so, ky_hieu, ly_do)
    click.echo(f"Đã hủy: {entry.describe()}. Số này không được cấp lại.")


@cli.command(context_settings=CONTEXT)
@click.argument("dot", type=click.Path(path_type=Path))
@click.option("--ten", multiple=True, help="Họ và tên (hoặc tên tập thể) cần in lại; ghi nhiều lần được.")
@click.option("--don-vi", "don_vi", multiple=True, help="In lại mọi giấy của đơn vị này; ghi nhiều lần được.")
@click.option("--so-so", "so_so", multiple=True, type=click.IntRange(1), help="Số sổ cần in lại; ghi nhiều lần được.")
@click.option("--hinh-thuc", help="Chỉ giấy của hình thức này (Số sổ chạy riêng từng hình thức).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp PDF (mặc định output/<đợt>-in-lai/giay-khen-in-lai.pdf; không bao giờ ghi đè tệp có sẵn).")
@click.option("--profile", help="Hồ sơ phôi (mặc định [giay_khen] ho_so của dot.toml).")
@click.option("--mode", type=click.Choice(["full", "overlay"]), help="full | overlay (mặc định theo hồ sơ).")
def reprint(dot: Path, ten: tuple[str, ...], don_vi: tuple[str, ...], so_so: tuple[int, ...], hinh_thuc: str | None,
            output: Path | None, profile: str | None, mode: str | None) -> None:
    """In lại một vài giấy khen (theo tên, đơn vị hoặc Số sổ) vào một tệp riêng, giữ nguyên Số sổ đã cấp.

    \b
    Không đụng đến thư mục kết quả của đợt.
    Ví dụ:  vanban reprint data/dot-2026 --ten "Nguyễn Văn Bình" --so-so 12
    """
    from ..reprinting import reprint as reprint_certificates

    result = reprint_certificates(dot, ten, don_vi, so_so, hinh_thuc, output, profile, mode)
    for notice in result.notices:
        click.echo(f"Cảnh báo: {notice}", err=True)
    click.echo(f"Đã in lại {len(result.certificates)} giấy vào {result.path}:")
    for item in result.certificates:
        click.echo(f"  Số sổ {item['so_so']} — {item['hinh_thuc']} — {item['ho_ten']} ({item['don_vi']})")
