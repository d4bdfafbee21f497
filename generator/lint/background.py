"""Turn documents handed over as they are made into format-checker findings, read in a second process meanwhile.

A build makes the Word file of a decision, then its PDF, then the certificates; the Word file can be checked while
the PDF is laid out, and the PDF while the certificates are drawn, so that the person waiting does not wait for
the check as well. The findings are the very ones ``check_bytes`` gives in the main process: a file the second
process could not check (it died, or could not start) is checked again in the main process. Large files are checked
in the main process after the others, one at a time, so that two long lists are never held by two processes at
once (the memory of a province-sized list stays bounded). Pages of a PDF handed over before the PDF is finished
(core.early_pages: a long annex's typeset pages) are read by the second process at once (early_check.py).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from . import check_bytes, early_check
from .early_check import EarlyListener, EarlyPages
from .model import Finding

# A compressed DOCX of about 35.000 rows or a PDF of about 8.000 rows.
BACKGROUND_MAX_BYTES = 2 * 1024 * 1024
# A PDF of this many pages or more is shared: read from the front in the second process and from the back here.
SPLIT_PAGES = 20


@dataclass
class _Pending:
    path: str
    data: bytes
    fmt: str
    future: Future | None  # the findings, or (shared) the first pages read as a part (pdf_sharing.read_front)
    slot: int | None = None  # shared: the PDF's cells in pdf_sharing.Slots
    pages: int = 0
    early: EarlyPages | None = None  # pages of it handed over before it was finished (early_check.py)


def _start_checker(cells: object = None) -> None:
    import signal

    # Ctrl+C reaches the whole process group: only the main process answers it (and stops this one).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # Linux: end with the build even when the build is killed outright (SIGKILL leaves no time to clean up).
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    import pypdfium2  # noqa: F401 - its native library too is loaded while the main process still renders

    from . import docx_reader, pdf_reader, pdf_sharing, rules  # noqa: F401

    pdf_sharing.attach(cells)


def _ready() -> bool:
    return True


def _check_pdf(data: bytes, path: str) -> list[Finding]:
    """The findings of a PDF whose streams the build has checked already (limits.check_pdf_streams)."""
    from .pdf_reader import read_pages

    return check_bytes(data, "pdf", path, read_pages(data, path, 0, None, True), own=True)


class BackgroundChecks:
    """``submit`` each file as soon as it is made; ``results`` gives path -> findings in the order submitted."""

    def __init__(self) -> None:
        self._executor = None
        self._slots = None
        self._pending: list[_Pending] = []

    def start(self) -> None:
        """Start the second process (with the first file small enough for it): its start-up overlaps the
        rendering of the next document."""
        if self._executor is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .pdf_sharing import Slots

        # spawn, not fork: the child starts small (a forked child would count the build's memory twice) and safe
        # from the threads of the libraries the build has loaded.
        try:
            self._slots = Slots()
            self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_checker, initargs=(self._slots.cells,))
            self._executor.submit(_ready)
        except OSError:
            self._executor = self._slots = None

    def listener(self) -> EarlyListener:
        """For core.early_pages while one PDF is made; its ``handed_over`` goes to ``submit`` with the file."""
        return EarlyListener(self._early, self._drop)

    def _early(self, data: bytes, first: int) -> EarlyPages | None:
        """Pages handed over, from page ``first`` of a PDF still being made: read by the second process now."""
        from ..core.errors import InputError
        from .limits import check_pdf_streams
        from .pdf_reader import page_count

        if len(data) > BACKGROUND_MAX_BYTES:
            return None
        self.start()
        if self._executor is None:
            return None
        name = f"trang {first} trở đi"  # named in a message only if the typesetter's own PDF cannot be read
        try:
            check_pdf_streams(data, name)
            count = page_count(data, name)
        except InputError:
            return None  # read with the file, which will say what is wrong
        slot = self._slots.take(count) if count else None
        if slot is None:
            return None
        try:
            future = self._executor.submit(early_check.read_kept, data, name, slot, first - 1)
        except RuntimeError:  # the pool broke earlier
            self._slots.give_back(slot)
            return None
        return EarlyPages(data, name, first, count, slot, future)

    def _drop(self, early: EarlyPages) -> None:
        """Pages handed over that the file will not hold: the second process stops reading them."""
        # Nothing left to claim. The slot is not given back: the second process may still be on a page.
        self._slots.cells[2 * early.slot + 1] = 0

    def submit(self, data: bytes, fmt: str, path: str, early: EarlyPages | None = None) -> None:
        """Check the file ``data`` (made at ``path``); ``early``: pages of it handed over while it was made."""
        if fmt == "pdf" and early is not None:
            self._pending.append(_Pending(path, data, fmt, None, early=early))
            return
        future, slot, pages = None, None, 0
        if len(data) <= BACKGROUND_MAX_BYTES:
            self.start()
            if self._executor is not None:
                try:
                    if fmt == "pdf":
                        from .limits import check_pdf_streams
                        from .pdf_reader import page_count
                        from .pdf_sharing import read_front

                        check_pdf_streams(data, path)  # before pdfium opens it, here or there
                        pages = page_count(data, path)
                        slot = self._slots.take(pages) if pages >= SPLIT_PAGES else None
                        if slot is not None:
                            future = self._executor.submit(read_front, data, path, slot)
                        else:
                            future = self._executor.submit(_check_pdf, data, path)
                    else:
                        future = self._executor.submit(check_bytes, data, fmt, path, None, True)
                except RuntimeError:  # the pool broke earlier: checked in this process below
                    if slot is not None:
                        self._slots.give_back(slot)
                    future, slot = None, None
        self._pending.append(_Pending(path, data, fmt, future, slot, pages))

    def results(self, progress: Callable[[str], None] | None = None) -> dict[str, list[Finding]]:
        """Wait for every check; ``progress`` hears the path of each file as its check is awaited or run."""
        findings: dict[str, list[Finding]] = {}
        # Shared PDFs first, the last made first: their pages left are read here while the second process ends
        # what it has; then the files it checks alone; then those too large for it, here.
        shared = [item for item in reversed(self._pending) if item.slot is not None or item.early is not None]
        order = shared + sorted((item for item in self._pending if item.slot is None and item.early is None),
                                key=lambda item: item.future is None)
        try:
            for item in order:
                if progress:
                    progress(item.path)
                findings[item.path] = self._findings(item)
        except BaseException:
            self._end()
            raise
        # Every check is in: the second process is ended rather than let go. Its own exit (interpreter teardown,
        # pdfium) took 0,15–0,25 s that the person waiting spent waiting; it holds nothing that needs saving.
        self._end()
        return {item.path: findings[item.path] for item in self._pending}

    def _findings(self, item: _Pending) -> list[Finding]:
        from concurrent.futures.process import BrokenProcessPool

        if item.early is not None:
            return self._early_findings(item)
        if item.slot is not None:
            return self._shared_findings(item)
        if item.future is not None:
            try:
                return item.future.result()
            except BrokenProcessPool:
                pass
        return check_bytes(item.data, item.fmt, item.path, own=True)

    def _shared_findings(self, item: _Pending) -> list[Finding]:
        """A shared PDF: its pages from the back read here until the second process's are met, then joined."""
        from concurrent.futures.process import BrokenProcessPool

        from .limits import own_document
        from .pdf_reader import OpenPdf
        from .pdf_sharing import part_of

        found = self._slots.read_back(item.slot, item.data, item.path)
        # This process's pages turned into blocks while the second process sends its own.
        start = min(found, default=item.pages + 1)
        last = part_of(found, start, item.pages) if found else None
        try:
            first = None if item.future.cancel() else item.future.result()
        except BrokenProcessPool:
            first = None
        self._slots.give_back(item.slot)
        before = len(first.blocks.pages) if first is not None else 0  # pages 1..before: the second process's
        if before + 1 != start:
            # Both read a page at the same moment (kept from the second process), or the second process died
            # (its pages are read here).
            missing = range(before + 1, start)
            if len(missing):
                with own_document(), OpenPdf(item.data, item.path) as pdf:
                    found.update((number, pdf.page(number)) for number in missing)
            last = part_of(found, before + 1, item.pages) if before < item.pages else None
        parts = [part for part in (first, last) if part is not None]
        return check_bytes(item.data, "pdf", item.path, parts, own=True)

    def _early_findings(self, item: _Pending) -> list[Finding]:
        """A PDF of which pages were handed over: those the second process has read stay there, and it checks the
        file with the others read here (early_check.py); the whole file is read here when that cannot be."""
        from ..core.errors import InputError

        early = item.early
        try:
            findings = early_check.early_findings(
                item.data, item.path, early, self._slots, lambda: self._front(early.future),
                lambda before, after: self._check_there(item.path, early.slot, before, after))
        except InputError:
            findings = None  # the hand-over could not be read: the file is, and says what is wrong if it is the file
        finally:
            if early.future.done():  # else the second process may still be on one of its pages
                self._slots.give_back(early.slot)
        return findings if findings is not None else check_bytes(item.data, "pdf", item.path, own=True)

    @staticmethod
    def _front(future: Future) -> int | None:
        """How many handed-over pages the second process read: None when it had not begun (cancelled) or died."""
        from concurrent.futures.process import BrokenProcessPool

        from ..core.errors import InputError

        try:
            return None if future.cancel() else future.result()
        except (BrokenProcessPool, InputError):
            return None  # its pages are read here

    def _check_there(self, path: str, slot: int, before: list, after: list) -> list[Finding] | None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._executor.submit(early_check.check_kept, path, slot, before, after).result()
        except (BrokenProcessPool, RuntimeError):
            return None

    def close(self) -> None:
        """Let the second process go once it has nothing left, and wait for the pool to close: left closing on its
        own, the pool's thread races with the interpreter's exit (CPython 3.11: "Bad file descriptor" printed with a
        traceback after a build that went well)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _end(self) -> None:
        """Stopped (Ctrl+C, an error): the second process is not waited for, it is ended."""
        if self._executor is not None:
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
            self.close()

    def __enter__(self) -> BackgroundChecks:
        # Started by the first file small enough for it (a province's list checks its files here: no second
        # process then, holding memory for nothing).
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._end()
