"""Turn a line of text into its printed width for the checker: the one place lint reaches the font metrics.

The metrics are the core's (generator/core/metrics.py, the bundled fonts' widths): the checker depends on nothing else.
"""

from __future__ import annotations

from ..core.metrics import text_width_mm

__all__ = ["text_width_mm"]
