"""Turn `vanban sign` and `vanban verify` into calls of the signing package."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, cli


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
@click.option("--ltv", is_flag=True,
              help="Nhúng chứng thư và dữ liệu thu hồi (CRL/OCSP) để kiểm tra được lâu dài không cần mạng "
                   "(PAdES B-LT); cần --tsa và --tin-cay.")
@click.option("--tin-cay", "trust_roots", multiple=True, type=click.Path(path_type=Path),
              help="Chứng thư gốc tin cậy (.pem/.cer) để dựng chuỗi chứng thư khi --ltv; ghi nhiều lần nếu cần.")
def sign_command(tep: tuple[Path, ...], role: str, image: Path | None, seal_mm: float | None, p12: Path | None,
                 module: Path | None, token_label: str | None, key_id: str | None, fingerprint: str | None,
                 label: str | None, khong_pss: bool, attachment: str | None, copy_form: str | None,
                 copying_body: str | None, tsa_url: str | None, ltv: bool, trust_roots: tuple[Path, ...]) -> None:
    """Ký số văn bản đã lập (tệp PDF hoặc cả thư mục kết quả) theo Nghị định 30: người ký trước, cơ quan sau.

    \b
    Ví dụ:  vanban sign output/vi-du --vai-tro nguoi-ky --anh chu-ky.png --p12 ca-nhan.p12
            vanban sign output/vi-du --vai-tro co-quan --anh con-dau.png --pkcs11 <tệp thư viện> --khoa-id 01
            vanban sign phu-luc.pdf --vai-tro co-quan --dinh-kem 05/QĐ-UBND --p12 co-quan.p12
    """
    from ..signing.commands import open_key, sign_targets
    from ..signing.keys import TokenChoice
    from ..signing.sign import TextBlock, check_ltv_options

    text_block = None
    if attachment and copy_form:
        raise click.UsageError("Chọn một trong --dinh-kem và --ban-sao.")
    if attachment:
        text_block = TextBlock((attachment,))
    elif copy_form:
        if not copying_body:
            raise click.UsageError("--ban-sao cần --co-quan-sao <tên cơ quan, tổ chức sao>.")
        text_block = TextBlock((copy_form, copying_body))
    ltv_roots = list(trust_roots) if ltv else None
    check_ltv_options(tsa_url, ltv_roots)
    token = TokenChoice(module, token_label, key_id, fingerprint, label) if module else None
    key = open_key(p12, token, lambda prompt: click.prompt(prompt, hide_input=True, err=True), not khong_pss)
    try:
        records = sign_targets(list(tep), role, key, image, text_block, seal_mm, tsa_url, ltv_roots)
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
    from ..signing.commands import verify_targets

    verify_targets(list(tep), list(trust_roots), as_json, click.echo)
