"""Turn documents handed over as they are made into format-checker findings, read in a second process meanwhile.

A build makes the Word file of a decision, then its PDF, then the certificates; the Word file can be checked while
the PDF is laid out, and the PDF while the certificates are drawn, so that the person waiting does not wait for
the check as well. The findings are the very ones ``check_bytes`` gives in the main process: a file the second
process could not check (it died, or could not start) is checked again in the main process. Large files are checked
in the main process after the others, one at a time, so that two long lists are never held by two processes at
once (the memory of a province-sized list stays bounded).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from . import check_bytes
from .model import Finding

# A compressed DOCX of about 35.000 rows or a PDF of about 8.000 rows.
BACKGROUND_MAX_BYTES = 2 * 1024 * 1024
# A PDF of this many pages or more is read half here and half in the second process, when the build waits for it.
SPLIT_PAGES = 20


@dataclass
class _Pending:
    path: str
    data: bytes
    fmt: str
    future: Future | None  # the findings, or (split) the first pages read
    split: tuple[int, int] | None = None  # (first page read here, page count)


def _start_checker() -> None:
    import signal

    # Ctrl+C reaches the whole process group: only the main process answers it (and stops this one).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # Linux: end with the build even when the build is killed outright (SIGKILL leaves no time to clean up).
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    from . import docx_reader, pdf_reader, rules  # noqa: F401 - loaded while the main process still renders


def _ready() -> bool:
    return True


class BackgroundChecks:
    """``submit`` each file as soon as it is made; ``results`` gives path -> findings in the order submitted."""

    def __init__(self) -> None:
        self._executor = None
        self._pending: list[_Pending] = []

    def start(self) -> None:
        """Start the second process (with the first file small enough for it): its start-up overlaps the
        rendering of the next document."""
        if self._executor is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the child starts small (a forked child would count the build's memory twice) and safe
        # from the threads of the libraries the build has loaded.
        try:
            self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_checker)
            self._executor.submit(_ready)
        except OSError:
            self._executor = None

    def submit(self, data: bytes, fmt: str, path: str) -> None:
        future, split = None, None
        if len(data) <= BACKGROUND_MAX_BYTES:
            self.start()
            if self._executor is not None:
                try:
                    if fmt == "pdf":
                        from .limits import check_pdf_streams
                        from .pdf_reader import page_count, read_pages

                        check_pdf_streams(data, path)  # before pdfium opens it, here or there
                        pages = page_count(data, path)
                        if pages >= SPLIT_PAGES:
                            split = (pages // 2, pages)
                            future = self._executor.submit(read_pages, data, path, 0, pages // 2, True)
                    if future is None:
                        future = self._executor.submit(check_bytes, data, fmt, path, None, True)
                except RuntimeError:  # the pool broke earlier: checked in this process below
                    future, split = None, None
        self._pending.append(_Pending(path, data, fmt, future, split))

    def results(self, progress: Callable[[str], None] | None = None) -> dict[str, list[Finding]]:
        """Wait for every check; ``progress`` hears the path of each file as its check is awaited or run."""
        findings: dict[str, list[Finding]] = {}
        try:
            for item in sorted(self._pending, key=lambda item: item.future is None):
                if progress:
                    progress(item.path)
                findings[item.path] = self._findings(item)
        finally:
            self.close()
        return {item.path: findings[item.path] for item in self._pending}

    @staticmethod
    def _findings(item: _Pending) -> list[Finding]:
        from concurrent.futures.process import BrokenProcessPool

        if item.split is not None:
            from .pdf_reader import joined_pages, read_pages

            middle, pages = item.split
            second = read_pages(item.data, item.path, middle, pages, True)
            try:
                first = item.future.result()
            except BrokenProcessPool:
                first = read_pages(item.data, item.path, 0, middle, True)
            return check_bytes(item.data, "pdf", item.path, joined_pages([first, second]), own=True)
        if item.future is not None:
            try:
                return item.future.result()
            except BrokenProcessPool:
                pass
        return check_bytes(item.data, item.fmt, item.path, own=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> BackgroundChecks:
        # Started by the first file small enough for it (a province's list checks its files here: no second
        # process then, holding memory for nothing).
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._executor is not None:
            # Stopped (Ctrl+C, an error): the second process is not waited for, it is ended.
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
            self.close()
