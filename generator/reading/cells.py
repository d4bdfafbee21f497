"""Turn a cell's text and coordinates into the Cell every later step reads: its text, and its Location when asked.

A list of 50.000 rows holds hundreds of thousands of cells and the messages point at a few of them, so the Location
(a frozen dataclass, slow to build by the hundred thousand) is made only when asked for, from plain coordinates.
"""

from __future__ import annotations

from typing import NamedTuple

from ..core.errors import Location


class Cell(NamedTuple):
    """A cell's text (NFC, trimmed) and where it came from: (file, sheet, row, column as shown)."""

    text: str
    coordinates: tuple[str, str | None, int | None, str | None]

    @property
    def location(self) -> Location:
        return Location(*self.coordinates)
