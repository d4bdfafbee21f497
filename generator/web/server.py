"""Turn `vanban serve` into a running web server on the given address, with the settings of the environment."""

from __future__ import annotations

from pathlib import Path

import click

from .app import create_app
from .config import load_config


def serve(host: str, port: int, data: Path | None = None) -> None:
    """Start the application; prints the address to open. Blocks until Ctrl+C."""
    import uvicorn

    config = load_config(data=data)
    app = create_app(config)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(f"vanban đang chạy: mở trình duyệt tại http://{shown}:{port}/  (Ctrl+C để dừng)")
    click.echo(f"  dữ liệu: {config.data}")
    queue = (f"hàng đợi RQ trên {config.redis_url} (cần chạy: rq worker --url {config.redis_url} vanban)"
             if config.redis_url else "tiến trình riêng trên máy này")
    click.echo(f"  lập văn bản: {queue}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
