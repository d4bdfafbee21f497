"""Turn a queued build (a row of the builds table) into the session's output folder, reporting progress as it goes.

Runs outside the web server: a child process per build by default (`python -m generator.web.worker ID`), or an RQ
worker on Redis for a province (`rq worker --url $VANBAN_REDIS_URL vanban`). Either way the page only reads the
row. Publishing is the pipeline's: a build that fails or is killed leaves the previous output as it was.
"""

from __future__ import annotations

import sys
import time
import traceback

from .. import pipeline
from ..core.errors import VanbanError
from .config import load_config
from .store import Store, output_folder, session_folder

# Shares of the progress bar: decisions and công văn first, then certificates, then the format check and publishing.
DOCUMENTS_SHARE, CERTIFICATES_SHARE = 45, 45


class _Progress:
    """Writes progress to the database, at most a few times a second (SQLite is shared with the page)."""

    def __init__(self, store: Store, build_id: int, documents: int) -> None:
        self.store, self.build_id, self.documents = store, build_id, max(documents, 1)
        self.done = 0
        self.last = 0.0

    def write(self, percent: int, step: str, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last > 0.3:
            self.store.update_build(self.build_id, progress=min(percent, 99), step=step)
            self.last = now

    def document(self, name: str) -> None:
        if name == "giay-khen":
            self.write(DOCUMENTS_SHARE, "đang lập giấy khen", force=True)
            return
        self.write(max(1, DOCUMENTS_SHARE * self.done // self.documents), f"đang lập {name}", force=True)
        self.done += 1

    def certificates(self, done: int, total: int) -> None:
        share = CERTIFICATES_SHARE * done // max(total, 1)
        self.write(DOCUMENTS_SHARE + share, f"đang in giấy khen {done}/{total}")


def run_build(build_id: int, environ: dict[str, str] | None = None) -> str:
    """Build one queued session; the row says how it went ("xong" or "loi" with the Vietnamese message)."""
    config = load_config(environ)
    store = Store(config.database_url)
    build = store.build(build_id)
    if build is None:
        return "khong-co"
    folder = session_folder(config.offices, build["office_id"], build["session_id"])
    target = output_folder(config.offices, build["office_id"], build["session_id"])
    store.update_build(build_id, state="dang-lap", progress=1, step="đang đọc danh sách")
    try:
        checked = pipeline.check(folder)
        progress = _Progress(store, build_id, len(checked.decisions) + 1)
        options = pipeline.CertificateOptions(progress=progress.certificates)
        result = pipeline.build(folder, target, progress=progress.document, certificates=options)
    except VanbanError as exc:
        message = exc.format_message().replace(str(folder.resolve()) + "/", "").replace(str(folder) + "/", "")
        store.update_build(build_id, state="loi", message=message, step="")
        return "loi"
    except Exception:  # a bug: the page says so in Vietnamese, the details go to the worker's log
        traceback.print_exc()
        store.update_build(build_id, state="loi", step="", message=(
            "Lỗi của chương trình vanban (không phải của dữ liệu); kết quả lập trước vẫn nguyên. Báo cho người quản "
            "trị, kèm giờ lập, để xem nhật ký của tiến trình lập."))
        return "loi"
    # What the CLI prints after a build: warnings of the check, certificate texts that did not fit their box.
    said = [f"Cảnh báo: {warning.describe()}" for warning in result.checked.warnings]
    said += [f"Cảnh báo: {notice}" for notice in result.notices]
    message = "\n".join(said).replace(str(folder.resolve()) + "/", "").replace(str(folder) + "/", "")
    store.update_build(build_id, state="xong", progress=100, step="", message=message)
    return "xong"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return 0 if run_build(int(args[0])) == "xong" else 1


if __name__ == "__main__":
    sys.exit(main())
