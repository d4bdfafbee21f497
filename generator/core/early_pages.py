"""Turn pages a renderer has finished before the rest of its document into an early hand-over to whoever listens.

A decision with a long annex is made in three pieces (annex_engine.py): WeasyPrint's first pages, the typesetter's
pages in between, WeasyPrint's last pages, joined into the file at the end. The typesetter's pages, nine tenths of
the file, exist as a PDF of their own while WeasyPrint still lays out the end; the build's format check reads them
then, instead of after the whole file is made (issue 19). A renderer that ends up not using the pages it handed
over (it fell back to another way of laying out) withdraws them. Outside a build nobody listens: nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Listener(Protocol):
    def pages(self, pdf: bytes, first_page: int) -> None:
        """``pdf``'s pages are pages ``first_page`` (1-based) onwards of the document being made."""

    def withdrawn(self) -> None:
        """The pages handed over are not in the document after all."""


_LISTENER: ContextVar[Listener | None] = ContextVar("early_pages", default=None)


@contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Inside: pages handed over by a renderer go to ``listener`` (None: to nobody)."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def hand_over(pdf: bytes, first_page: int) -> None:
    """``pdf``'s pages will be pages ``first_page`` onwards of the document being made, exactly as they are here."""
    listener = _LISTENER.get()
    if listener is not None:
        listener.pages(pdf, first_page)


def withdraw() -> None:
    """The pages handed over while making this document will not be in it."""
    listener = _LISTENER.get()
    if listener is not None:
        listener.withdrawn()
