"""Turn a long PDF into two parts read at once: pages taken from the front by the second process, from the back by
the build's own, until the two meet — however busy either is, neither waits while pages are left.

Each PDF shared so has a slot of two cells in memory both processes see: the second process writes only how far it
has come from the front, the build only how far from the back, so that no lock is needed (a lock held by a process
that dies would stop the other for good). Each side claims a page before reading it and then looks at the other's
cell; a page both happen to claim at the same moment is read twice and kept once, and no page is ever left out:
the build gives up a page only when it sees that the second process has claimed it (``read_back``).
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from .limits import own_document
from .pdf_blocks import PageBlocks, built
from .pdf_reader import OpenPdf, PagesRead, PdfPart, joined_pages

SLOTS = 16  # long PDFs shared at the same time (one per decision); more are read whole by the second process
_cells: Any = None  # in the second process: the cells it shares with the build (``attach``)


class Slots:
    """The shared cells, made by the build before the second process starts (which gets them with ``attach``)."""

    def __init__(self) -> None:
        self.cells = multiprocessing.get_context("spawn").RawArray("i", 2 * SLOTS)
        self._free = list(range(SLOTS - 1, -1, -1))

    def take(self, pages: int) -> int | None:
        """A slot for a PDF of ``pages`` pages, nothing claimed yet; None when all are in use."""
        if not self._free:
            return None
        slot = self._free.pop()
        self.cells[2 * slot], self.cells[2 * slot + 1] = 0, pages
        return slot

    def give_back(self, slot: int) -> None:
        self._free.append(slot)

    def read_back(self, slot: int, data: bytes, name: str, offset: int = 0) -> dict[int, PagesRead]:
        """In the build: the pages (1-based number -> page read) claimed from the back until the front is met;
        ``offset``: pages of the document before this PDF's first (core.early_pages), added to the numbers."""
        cells, front, back = self.cells, 2 * slot, 2 * slot + 1
        found: dict[int, PagesRead] = {}
        with own_document(), OpenPdf(data, name) as pdf:
            while cells[back] > 0:
                index = cells[back] - 1
                cells[back] = index
                if cells[front] > index:
                    break  # the second process claimed it: it reads it
                found[offset + index + 1] = pdf.page(index + 1, offset + index + 1)
        return found

    def front(self, slot: int) -> int:
        """How many pages the second process has claimed from the front."""
        return self.cells[2 * slot]


def attach(cells: Any) -> None:
    """In the second process: the cells made by the build's ``Slots``."""
    global _cells
    _cells = cells


def read_front(data: bytes, name: str, slot: int, offset: int = 0) -> PdfPart:
    """In the second process: the pages claimed from the front until the build's pages are met, as a part (the
    first pages, 1 to n, turned into blocks; ``len(part.blocks.pages)`` is n); ``offset`` as in ``read_back``."""
    cells, front, back = _cells, 2 * slot, 2 * slot + 1
    part = PageBlocks()
    read: list[PagesRead] = []
    with own_document(), OpenPdf(data, name) as pdf:
        index = cells[front]
        while index < cells[back]:
            cells[front] = index + 1
            pages, fonts, unembedded = pdf.page(index + 1, offset + index + 1)
            part.add(offset + index + 1, pages[0])
            read.append(([], fonts, unembedded))
            index += 1
    part.finish(keep_last=True)
    _, fonts, unembedded = joined_pages(read)
    return PdfPart(part, fonts, unembedded)


def part_of(found: dict[int, PagesRead], first: int, last: int) -> PdfPart:
    """Pages ``first`` to ``last`` (1-based, included) of those read by ``Slots.read_back``, as a part."""
    pages, fonts, unembedded = joined_pages([found[number] for number in range(first, last + 1)])
    return PdfPart(built(pages, first), fonts, unembedded, pages)
