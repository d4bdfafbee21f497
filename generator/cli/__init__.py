"""Turn command-line arguments into pipeline calls; no logic lives here (one module per group of commands)."""

from __future__ import annotations

import sys

import click

from . import documents, office, server, signing, tools  # noqa: F401 - each registers its commands
from .base import cli, name_values

INTERRUPTED = 130  # the shell's convention for a command stopped by Ctrl+C (128 + SIGINT)


def _stopped() -> None:
    """Ctrl+C: say in which state the output is, and exit 130. Never a traceback, never ignored."""
    from ..core.interruption import published_before_interrupt

    published = published_before_interrupt()
    if published is not None:
        click.echo(f"Đã dừng theo yêu cầu (Ctrl+C), sau khi bản mới đã ghi xong: thư mục {published} là bản "
                   "mới, đầy đủ.", err=True)
    else:
        click.echo("Đã dừng theo yêu cầu (Ctrl+C). Chưa có kết quả mới nào được công bố: thư mục kết quả (nếu "
                   "có) vẫn là bản trước, nguyên vẹn; phần đang ghi dở được bỏ. Chạy lại lệnh khi cần.", err=True)
    sys.exit(INTERRUPTED)


# Every command's module registers it on the group; then the value names are set once, for all of them.
name_values(cli)


def main() -> None:
    """Console entry: user errors print their Vietnamese message; a genuine bug asks to be reported."""
    import gc

    from ..core import interruption

    interruption.install()
    # A command is one burst that allocates objects by the hundred thousand on a long list (rows, cells, awards,
    # certificates): the collector with Python's default thresholds walks them again and again. Cycles are still
    # freed, only less often; what is loaded at start-up is left out of every collection.
    gc.freeze()
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
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
    finally:
        # The process ends here: what the command made goes with it, without the collector walking it all again
        # while the interpreter shuts down (a tenth of a second after a build of certificates).
        gc.freeze()

