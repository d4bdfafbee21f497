"""Turn a rendering burst into fewer garbage collections: layout allocates millions of short-lived objects.

WeasyPrint's layout of a long annex creates objects by the million; with Python's default thresholds the collector
walks the growing heap again and again (about a fifth of the time of a 2.000-row annex, see BENCHMARKS.md). Raising
the first threshold while a document renders keeps collection on, so cycles are still freed, only less often.
"""

from __future__ import annotations

import gc
import threading
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


_spared_lock = threading.Lock()
_spared_depth = 0  # blocks of collector_spares_what_exists entered and not yet left, in any thread


@contextmanager
def collector_spares_what_exists() -> Iterator[None]:
    """Inside the block, the cyclic collector leaves alone every object that exists at its start.

    A build's list, awards and decisions live until it ends, yet each full collection would walk all of them again
    (with 50.000 awards, tens of milliseconds each; writing and publishing hundreds of files set off many). Blocks
    nest: each spares what exists when it starts, and only the last one left hands everything back, so that a
    long-lived process (the web site) collects as it always did.
    """
    global _spared_depth
    with _spared_lock:
        if _spared_depth == 0:
            # The garbage left by reading the list would otherwise be spared too, until the end. It is young: the
            # two younger generations hold all of it (measured on 10.000 and 50.000 rows: a full collection
            # afterwards frees nothing more), and collecting the oldest as well would walk the whole list again
            # (0,4 s at 50.000 rows).
            gc.collect(1)
        gc.freeze()
        _spared_depth += 1
    try:
        yield
    finally:
        with _spared_lock:
            _spared_depth -= 1
            if _spared_depth == 0:
                gc.unfreeze()
