"""Turn a line of text into its printed width for the checker: the one place lint reaches the font metrics.

The metrics live outside lint today (generator/rendering/metrics.py); when they move to the core, only this import
changes.
"""

from __future__ import annotations

from ..rendering.metrics import text_width_mm

__all__ = ["text_width_mm"]
