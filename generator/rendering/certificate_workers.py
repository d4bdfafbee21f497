"""Turn the words of each certificate into deflated pages, in worker processes, and give them back in print order.

The build process sets the words (the templates run there, memoised: certificate_texts.py) and the workers fit,
draw and deflate them: a worker needs nothing but the stock profile and the fonts. For a long list the workers are
started afresh rather than forked: a forked worker shares the build process's memory, the whole list included, yet
the system counts that memory once more for each worker. A few thousand certificates hold little memory, and a
forked worker starts at once, so shorter runs fork.

What crosses between processes is compact: a chunk's words go out as tuples of strings (a text shared by many
pages is one object, pickled once), the pages come back as one bytes object and their lengths.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import traceback
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .certificate_pdf import PageDrawer
from .certificate_profile import Profile

# From this many certificates on, workers start afresh (see the module docstring).
FRESH_WORKERS_FROM = 3000

Row = tuple[bool, tuple[str, ...]]  # (draft, the words of each printed box, in the profile's order)


@dataclass
class DrawnChunk:
    """A chunk of pages as a worker gives it back."""

    pages: bytes  # the deflated content streams, one after another
    lengths: bytes  # array("I") of each page's length in ``pages``
    characters: dict[tuple[bool, bool], str]  # per font style, characters drawn first in this chunk
    unfit: list[tuple[int, str, bool, str]]  # (page in the chunk, field, fits, characters without a glyph)

    def streams(self) -> list[bytes]:
        sizes = array("I")
        sizes.frombytes(self.lengths)
        streams, start = [], 0
        pages = self.pages
        for size in sizes:
            streams.append(pages[start:start + size])
            start += size
        return streams


def draw_rows(drawer: PageDrawer, rows: list[Row]) -> DrawnChunk:
    """The pages of ``rows`` drawn by ``drawer`` (in this process)."""
    fields = [box.field for box in drawer.boxes]
    drawer.characters = {}
    streams, lengths, unfit = [], array("I"), []
    for index, (draft, words) in enumerate(rows):
        stream, fitted = drawer.page(dict(zip(fields, words, strict=True)), draft=draft)
        streams.append(stream)
        lengths.append(len(stream))
        for field, result in fitted.items():
            if not result.fits or result.missing:
                unfit.append((index, field, result.fits, result.missing))
    characters = {style: "".join(sorted(used)) for style, used in drawer.characters.items()}
    return DrawnChunk(b"".join(streams), lengths.tobytes(), characters, unfit)


def chunk_size(total: int, jobs: int) -> int:
    # Several chunks per process keep every core busy to the end; 50 to 1000 pages keep the overhead per chunk
    # small and the memory of a chunk bounded.
    return max(50, min(1000, math.ceil(total / (jobs * 4))))


def draw_pages(chunks: Iterator[list[Row]], total: int, profile: Profile, mode: str, jobs: int,
               progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[list[Row], DrawnChunk]]:
    """Each chunk of rows with its drawn pages, in order; ``chunks`` is consumed as the workers need more.

    ``jobs`` ≤ 1 or a single chunk draws here. The rows of a chunk are kept until its pages come back (the caller
    reports the texts that did not fit), and at most two chunks per worker are under way.
    """
    done = 0

    def finished(rows: list[Row], drawn: DrawnChunk) -> tuple[list[Row], DrawnChunk]:
        nonlocal done
        done += len(rows)
        if progress:
            progress(done, total)
        return rows, drawn

    if jobs <= 1 or total <= chunk_size(total, jobs):
        drawer = PageDrawer(profile, mode)
        for rows in chunks:
            yield finished(rows, draw_rows(drawer, rows))
        return
    count = min(jobs, math.ceil(total / chunk_size(total, jobs)))
    with WorkerPool(count, profile, mode, fresh=total >= FRESH_WORKERS_FROM) as pool:
        under_way: deque[list[Row]] = deque()
        for rows in chunks:
            pool.send(rows)
            under_way.append(rows)
            while len(under_way) > 2 * count:
                yield finished(under_way.popleft(), pool.receive())
        while under_way:
            yield finished(under_way.popleft(), pool.receive())


class WorkerPool:
    """``count`` drawing processes; chunks go to them in turn and come back in the order they were sent."""

    def __init__(self, count: int, profile: Profile, mode: str, *, fresh: bool) -> None:
        self.setup = (profile, mode)
        self.count = count
        self.fresh = fresh and _can_start_afresh()
        self.sent = 0
        self.received = 0
        self.workers: list = []

    def __enter__(self) -> WorkerPool:
        if self.fresh:
            for worker in _take_early_workers(self.count):
                worker.configure(self.setup)
                self.workers.append(worker)
        while len(self.workers) < self.count:
            self.workers.append(_FreshWorker(self.setup) if self.fresh else _ForkedWorker(self.setup))
        return self

    def __exit__(self, *_: object) -> None:
        for worker in self.workers:
            worker.close()

    def send(self, rows: list[Row]) -> None:
        self.workers[self.sent % self.count].send(rows)
        self.sent += 1

    def receive(self) -> DrawnChunk:
        drawn = self.workers[self.received % self.count].receive()
        self.received += 1
        return drawn


def _can_start_afresh() -> bool:
    return bool(sys.executable) and os.path.isfile(sys.executable)


_EARLY: list[_FreshWorker] = []


def start_workers_early(count: int | None = None) -> None:
    """Start ``count`` fresh workers now, before a long list is read, for the next ``draw_pages`` to take.

    Starting a process copies, for an instant, the mapping of the one that starts it: started while the build
    process is small, a worker is never counted with the whole list, and it imports its code while the list is
    being read. Workers left untaken stop with ``stop_early_workers`` (or when this process ends).
    """
    stop_early_workers()
    count = count or os.cpu_count() or 1
    if count > 1 and _can_start_afresh():
        _EARLY.extend(_FreshWorker(None) for _ in range(count))


def stop_early_workers() -> None:
    while _EARLY:
        _EARLY.pop().close()


def _take_early_workers(count: int) -> list[_FreshWorker]:
    taken = [_EARLY.pop(0) for _ in range(min(count, len(_EARLY)))]
    stop_early_workers()  # more than needed: the rest would only wait
    return taken


atexit.register(stop_early_workers)


class _ForkedWorker:
    """A worker process forked from this one (it starts at once)."""

    def __init__(self, setup: tuple[Profile, str]) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve_connection, args=(theirs, setup), daemon=True)
        self.process.start()
        theirs.close()
        self.sender = _Sender(self.connection.send_bytes)

    def send(self, rows: list[Row]) -> None:
        self.sender.put(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> DrawnChunk:
        return _answer(self.connection.recv_bytes())

    def close(self) -> None:
        self.sender.close()
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


class _FreshWorker:
    """A new Python process that imports only the drawing code (no fork of this process's memory).

    It can be started before its profile is known (``start_workers_early``): it waits for its setup.
    """

    def __init__(self, setup: tuple[Profile, str] | None) -> None:
        boot = ("import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
                "from generator.rendering.certificate_workers import serve_pipes; serve_pipes()")
        # A session of its own: Ctrl+C stops the build process, which stops its workers (it may come while a
        # worker is still importing, before it could ignore it).
        own_session = {"start_new_session": True} if os.name == "posix" else {}
        self.process = subprocess.Popen([sys.executable, "-c", boot, json.dumps(sys.path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, **own_session)
        self.sender = _Sender(lambda data: _write_frame(self.process.stdin, data))
        if setup is not None:
            self.configure(setup)

    def configure(self, setup: tuple[Profile, str]) -> None:
        self.sender.put(pickle.dumps(setup, pickle.HIGHEST_PROTOCOL))

    def send(self, rows: list[Row]) -> None:
        self.sender.put(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> DrawnChunk:
        data = _read_frame(self.process.stdout)
        if data is None:
            raise RuntimeError(f"certificate worker stopped (exit code {self.process.wait()})")
        return _answer(data)

    def close(self) -> None:
        self.sender.close()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class _Sender:
    """Writes to a worker from a thread of its own: a worker busy writing its pages back never blocks on us."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.write = write
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, data: bytes) -> None:
        self.queue.put(data)

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.write(data)
            except OSError:
                return  # the worker is gone; receiving from it says so

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=5)


def _answer(data: bytes) -> DrawnChunk:
    answer = pickle.loads(data)
    if isinstance(answer, str):
        raise RuntimeError(f"certificate worker failed:\n{answer}")
    return answer


def _drawn_or_error(drawer: PageDrawer, data: bytes) -> bytes:
    try:
        answer = draw_rows(drawer, pickle.loads(data))
    except Exception:  # noqa: BLE001 - the build process raises it, with the worker's traceback
        answer = traceback.format_exc()
    return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)


def _ignore_interrupt() -> None:
    # Ctrl+C reaches the whole process group: only the main process answers it (and stops the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serve_connection(connection, setup: tuple[Profile, str]) -> None:  # noqa: ANN001 - a multiprocessing pipe
    _ignore_interrupt()
    drawer = PageDrawer(*setup)
    while True:
        try:
            data = connection.recv_bytes()
        except (EOFError, OSError):
            return
        connection.send_bytes(_drawn_or_error(drawer, data))


def serve_pipes() -> None:
    """The loop of a fresh worker: frames of pickled rows on stdin, frames of pickled pages on stdout."""
    _ignore_interrupt()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frames
    setup = _read_frame(source)
    if setup is None:
        return
    drawer = PageDrawer(*pickle.loads(setup))
    while (data := _read_frame(source)) is not None:
        _write_frame(sink, _drawn_or_error(drawer, data))


def _write_frame(stream, data: bytes) -> None:  # noqa: ANN001 - a binary file
    stream.write(len(data).to_bytes(8, "big"))
    stream.write(data)
    stream.flush()


def _read_frame(stream) -> bytes | None:  # noqa: ANN001 - a binary file
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    return data if len(data) == size else None
