"""Turn files handed over one by one into what ``keep`` makes of them, kept by a thread of its own meanwhile, in order.

A build keeps each file as it is made (publishing.staging.Staging.keep: its SHA-256, then the bytes written into the
new version's folder). Hashing and writing let go of the interpreter's lock, so a second thread does them while
this one assembles the next file: the certificates' hundreds of unit files, 110 MB at 50.000 rows, are hashed and
written on the second core instead of one after the other with assembling them.

``KeptMeanwhile(keep)``: ``hand(item)`` passes a file on (waiting while the files not yet kept hold more than
``max_waiting_bytes``, so that memory stays bounded); ``results()`` waits for the last one and gives, in order, what
``keep`` returned for each, raising the first error ``keep`` raised (a full disk: the project's OutputError).
Leaving the ``with`` block waits for the file being kept and drops the rest: a build stopped by an error or Ctrl+C
discards its folder only when nothing writes into it any more.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from ..core.files import OutputFile

MAX_WAITING_BYTES = 64 * 1024 * 1024


class KeptMeanwhile:
    """See the module docstring."""

    def __init__(self, keep: Callable[[OutputFile], Any], max_waiting_bytes: int = MAX_WAITING_BYTES) -> None:
        self.keep = keep
        self.max_waiting_bytes = max_waiting_bytes
        self._waiting: deque[OutputFile] = deque()
        self._waiting_bytes = 0
        self._kept: list[Any] = []
        self._error: BaseException | None = None
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="vanban-keep", daemon=True)
        self._thread.start()

    def __enter__(self) -> KeptMeanwhile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def hand(self, item: OutputFile) -> None:
        size = len(item.data)
        with self._condition:
            # One file larger than the bound waits until the others are kept, then goes alone.
            while (self._waiting and self._waiting_bytes + size > self.max_waiting_bytes
                   and self._error is None):
                self._condition.wait()
            self._raise_error()
            self._waiting.append(item)
            self._waiting_bytes += size
            self._condition.notify_all()

    def results(self) -> list[Any]:
        """What ``keep`` returned for each file handed over, in order, once all are kept."""
        with self._condition:
            while self._waiting and self._error is None:
                self._condition.wait()
            self._raise_error()
            return list(self._kept)

    def close(self) -> None:
        """Drop the files not yet kept, wait for the one being kept, and end the thread."""
        with self._condition:
            self._closed = True
            self._waiting.clear()
            self._waiting_bytes = 0
            self._condition.notify_all()
        self._thread.join()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            self._closed = True
            self._waiting.clear()
            self._condition.notify_all()
            raise error

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._waiting and not self._closed:
                    self._condition.wait()
                if self._closed:
                    return
                item = self._waiting[0]  # stays counted as waiting until kept: results() waits for it
            try:
                kept = self.keep(item)
            except BaseException as exc:  # noqa: BLE001 - raised in the thread that handed the file over
                with self._condition:
                    self._error = exc
                    self._condition.notify_all()
                return
            with self._condition:
                if self._waiting and self._waiting[0] is item:
                    self._waiting.popleft()
                    self._waiting_bytes -= len(item.data)
                self._kept.append(kept)
                self._condition.notify_all()


class KeptAtOnce:
    """The same hand-over, each file kept at once in this thread (no ``keep`` worth a thread: files stay in memory)."""

    def __init__(self, keep: Callable[[OutputFile], Any]) -> None:
        self.keep = keep
        self._kept: list[Any] = []

    def __enter__(self) -> KeptAtOnce:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def hand(self, item: OutputFile) -> None:
        self._kept.append(self.keep(item))

    def results(self) -> list[Any]:
        return list(self._kept)
