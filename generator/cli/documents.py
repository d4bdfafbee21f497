"""Turn the commands that make documents (build, check, export, dispatch, new, lint) into pipeline calls."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.errors import InputError
from .base import (
    CONTEXT,
    REGISTER_HELP,
    ProgressBar,
    cli,
    exit_on_format_errors,
    interactive,
    is_terminal,
    report_format_findings,
    report_published,
    report_reading,
    split_choices,
)


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
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
def build(dot: Path | None, output: Path | None, formats: str, only: str, profile: str | None, mode: str | None,
          background: Path | None, jobs: int | None, no_lint: bool, quiet: bool, templates_dir: Path | None,
          keep_edited: bool, register_location: str | None) -> None:
    """Lập mọi văn bản của một đợt khen thưởng (thư mục ĐỢT): quyết định, công văn, giấy khen; DOCX và PDF.

    \b
    Không ghi ĐỢT: lập đợt mẫu data/vi-du.
    Ví dụ:  vanban build data/vi-du -o ket-qua --format pdf
            vanban build data/vi-du --only giay-khen --profile a4-ngang-phoi
    """
    from .. import pipeline

    chosen_formats = split_choices(formats, pipeline.FORMATS, "--format")
    kinds = split_choices(only, pipeline.KINDS, "--only")
    # Progress is for a person watching: into a file or a pipe it would only be noise in the log.
    quiet = quiet or not is_terminal(sys.stderr)
    bar = ProgressBar("  in giấy khen", quiet)

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
    from .. import issuing

    result.checked.warnings.extend(issuing.register_warnings(result.checked, register_location))
    for warning in result.checked.warnings:
        click.echo(f"Cảnh báo: {warning.describe()}", err=True)
    for notice in result.notices:
        click.echo(f"Cảnh báo: {notice}", err=True)
    report_reading(result.checked.loaded, dot or pipeline.DEFAULT_SESSION)
    report_format_findings(result.findings)
    click.echo(f"Đã lập {len(result.files)} tệp trong thư mục {result.output}")
    for item in result.files:
        pages = f" ({item.pages} trang)" if item.pages else ""
        click.echo(f"  {item.path}{pages}")
    report_published(result.output, result.published)
    exit_on_format_errors(result.findings)


@cli.command(context_settings=CONTEXT)
@click.argument("dot", metavar="ĐỢT", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path),
              help="Thư mục mẫu riêng của đơn vị, như vanban build (nơi có hồ sơ phôi của đơn vị).")
@click.option("--so-dang-ky", "register_location", help=REGISTER_HELP)
def check(dot: Path, as_json: bool, templates_dir: Path | None, register_location: str | None) -> None:
    """Đọc và kiểm tra một đợt (không ghi tệp nào): số lượng, số tiền, căn cứ pháp lý, cảnh báo.

    \b
    Ví dụ:  vanban check data/vi-du
    """
    from .. import issuing, pipeline, summary

    checked = pipeline.check(dot)
    checked.warnings.extend(issuing.register_warnings(checked, register_location))
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
    from .. import pipeline
    from ..exports import export

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
    from .. import pipeline
    from ..rendering.template_folders import template_dirs_for

    result = pipeline.build_dispatch(tep, output, split_choices(formats, pipeline.FORMATS, "--format"), dot,
                                     template_dirs_for(templates_dir), keep_edited=keep_edited)
    report_format_findings(result.findings)
    click.echo(f"Đã lập {len(result.files)} tệp trong thư mục {result.output}")
    for item in result.files:
        click.echo(f"  {item.path}")
    report_published(result.output, result.published)
    exit_on_format_errors(result.findings)


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
    from ..reading.new_session import create

    if thu_muc.exists() and (not thu_muc.is_dir() or any(thu_muc.iterdir())):
        raise InputError(f"Thư mục {thu_muc} đã có dữ liệu; chọn một thư mục mới.")
    written = create(thu_muc, _new_session_answers(answers))
    click.echo(f"Đã tạo {thu_muc}: {', '.join(path.name for path in written)}. Điền danh sách, ghi dòng de_nghi "
               f"(tờ trình) trong dot.toml, rồi chạy: vanban check {thu_muc}")


def _new_session_answers(given: dict):  # noqa: ANN202 - reading.new_session.NewSession (imported lazily)
    """The answers of `vanban new`: options first, then questions at a terminal, else a list of what is missing."""
    import datetime

    from ..reading.new_session import NewSession, Signatory, default_authority

    missing: list[str] = []

    def answer(key: str, question: str, default: str | int | None = None, required: bool = True):  # noqa: ANN202
        value = given.get(key)
        if value not in (None, ""):
            return value
        if interactive():
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
    from ..core.vietnamese import upper

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
    from ..core.errors import InputError
    from ..lint import check_file, findings_json, format_findings, has_errors

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
