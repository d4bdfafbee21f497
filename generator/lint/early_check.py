"""Turn a PDF's pages handed over before the file was finished (core.early_pages) into the file's findings.

The typesetter's pages of a long annex are a PDF of their own while WeasyPrint lays out the annex's end; the second
process reads them then, numbered as in the finished file, and keeps what it read (``read_kept``). When the file is
finished, the build reads the pages beside them (WeasyPrint's first and last pages) from the file itself, and the
handed-over pages the second process has not reached, from the back, as for any shared PDF (pdf_sharing.py). It sends
the second process these few pages; the second process sets them around its own and checks the whole (``check_kept``),
so that only findings come back, not the blocks of a hundred pages.

Before the hand-over is trusted, the first and the last handed-over page are read from the file too and must be the
very pages read from the hand-over: otherwise (the file was made another way, pages moved) the whole file is read
again, as if nothing was handed over.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace

from . import check_bytes
from .limits import check_pdf_streams, own_document
from .model import Finding
from .pdf_reader import OpenPdf, PagesRead, PdfPart
from .pdf_sharing import Slots, part_of, read_front

_kept: dict[int, PdfPart] = {}  # in the second process: slot -> the handed-over pages it read


@dataclass
class EarlyPages:
    """Pages handed over for a file still being made: ``count`` pages from the file's page ``first``, being read
    from the front by the second process (``future``: how many it read) through ``slot``."""

    data: bytes
    name: str
    first: int
    count: int
    slot: int
    future: Future

    @property
    def numbers(self) -> range:
        """Their page numbers in the finished file."""
        return range(self.first, self.first + self.count)


class EarlyListener:
    """core.early_pages' listener while one PDF is made: the first pages handed over go to ``start`` (which
    begins reading them and gives an ``EarlyPages``, or None when it cannot), a withdrawal to ``drop``."""

    def __init__(self, start: Callable[[bytes, int], EarlyPages | None],
                 drop: Callable[[EarlyPages], None]) -> None:
        self._start, self._drop = start, drop
        self.handed_over: EarlyPages | None = None
        self._heard = False

    def pages(self, pdf: bytes, first_page: int) -> None:
        if not self._heard:  # a renderer hands over once; anything more is read with the file
            self._heard = True
            self.handed_over = self._start(pdf, first_page)

    def withdrawn(self) -> None:
        if self.handed_over is not None:
            self._drop(self.handed_over)
            self.handed_over = None


def read_kept(data: bytes, name: str, slot: int, offset: int) -> int:
    """In the second process: the handed-over pages claimed from the front (pdf_sharing.read_front), kept for
    ``check_kept``; how many."""
    part = read_front(data, name, slot, offset)
    _kept[slot] = part
    return len(part.blocks.pages)


def check_kept(path: str, slot: int, before: list[PdfPart], after: list[PdfPart]) -> list[Finding] | None:
    """In the second process: the findings of the file whose pages are ``before``, the pages kept for ``slot``,
    then ``after``; None when a paragraph runs into the kept pages from before (their pages were not kept)."""
    kept = _kept.pop(slot, None)
    if kept is None:  # never read here (the build then checks the whole file)
        return None
    try:
        return check_bytes(b"", "pdf", path, [*before, kept, *after], own=True)
    except ValueError:
        return None


def early_findings(data: bytes, path: str, early: EarlyPages, slots: Slots, front_count: Callable[[], int | None],
                   check_there: Callable[[list[PdfPart], list[PdfPart]], list[Finding] | None],
                   ) -> list[Finding] | None:
    """The findings of the finished file ``data``, its handed-over pages read by the second process as far as it
    came (``front_count()``, once this process has read from the back what it left; None: it read none) and
    checked there with the others (``check_there(before, after)``); None when the file does not hold the pages
    handed over, or the parts cannot be checked apart: the caller reads the whole file then."""
    numbers = early.numbers
    offset = early.first - 1
    check_pdf_streams(data, path)  # before pdfium opens it
    with own_document(), OpenPdf(data, path) as pdf:
        total = len(pdf)
        if numbers.stop - 1 > total:
            return None
        found = {number: pdf.page(number) for number in range(1, total + 1) if number not in numbers}
        from_file = {number: pdf.page(number) for number in (numbers.start, numbers.stop - 1)}
    back = slots.read_back(early.slot, early.data, early.name, offset)
    before = front_count() or 0  # pages numbers.start .. numbers.start + before - 1 are the second process's
    start = min(back, default=numbers.stop)
    with own_document(), OpenPdf(early.data, early.name) as pdf:
        # Both read a page at the same moment (kept from the second process), or the second process died: the
        # pages between its part and this process's are read here.
        back.update((number, pdf.page(number - offset, number)) for number in range(numbers.start + before, start))
        handed: dict[int, PagesRead] = {number: back.get(number) or pdf.page(number - offset, number)
                                        for number in from_file}
    if handed != from_file:
        return None
    head = [part_of(found, 1, early.first - 1)] if early.first > 1 else []
    after = [part_of(back, numbers.start + before, numbers.stop - 1)] if numbers.start + before < numbers.stop else []
    if numbers.stop <= total:
        after.append(part_of(found, numbers.stop, total))
    if before:
        # Blocks only: the pages of a part are needed only when a paragraph runs into it (check_kept says so).
        return check_there([replace(part, pages=None) for part in head], [replace(part, pages=None) for part in after])
    try:
        return check_bytes(data, "pdf", path, head + after, own=True)
    except ValueError:
        return None
