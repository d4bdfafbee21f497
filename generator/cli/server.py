"""Turn `vanban serve` into the web application's server (generator/web)."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, cli


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
    from ..web.server import serve as run_server  # imported here: `vanban --help` must not load the web stack

    run_server(host, port, data)
