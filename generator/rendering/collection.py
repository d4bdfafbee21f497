"""Turn a rendering burst into fewer garbage collections: layout allocates millions of short-lived objects.

WeasyPrint's layout of a long annex creates objects by the million; with Python's default thresholds the collector
walks the growing heap again and again (about a fifth of the time of a 2.000-row annex, see BENCHMARKS.md). Raising
the first threshold while a document renders keeps collection on, so cycles are still freed, only less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Objects allocated (net) before a young collection; Python's default is 700.
RENDERING_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect less often inside the block; the previous thresholds come back after it, even on an error."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], RENDERING_THRESHOLD), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
