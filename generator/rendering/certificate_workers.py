"""Turn certificates into deflated pages, in worker processes, and give them back in print order.

The build process sets the words of each chunk and the workers fit, draw and deflate them; given a wording
(certificate_texts.Wording), the workers set the words themselves and the build process only sends certificates.
A chunk whose words a worker could not set (a broken template, a macro reading a decision's annex, which workers
are not given) comes back unset: the build process sets and draws it itself, so that an error is reported exactly
as it always was. For a long list the workers are started afresh rather than forked: a forked worker shares the
build process's memory, the whole list included, yet the system counts that memory once more for each worker.
A few thousand certificates hold little memory, and a forked worker starts at once, so shorter runs fork.

What crosses between processes is compact: a chunk's words (or certificates, a decision as an index) go out
pickled, the pages come back as one bytes object and their lengths.
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
from typing import TYPE_CHECKING

from .certificate_pdf import PageDrawer
from .certificate_profile import Profile
from .pdf_writer import FONT_STYLES, embedded_font, font_metrics, remember_embedded_fonts

if TYPE_CHECKING:  # a worker imports the wording (Jinja) only when it is sent one
    from .certificate_texts import Wording

# From this many certificates on, workers start afresh (see the module docstring).
FRESH_WORKERS_FROM = 3000

Row = tuple[bool, tuple[str, ...]]  # (draft, the words of each printed box, in the profile's order)


@dataclass
class DrawnChunk:
    """A chunk of pages as a worker gives it back."""

    pages: bytes  # each page's own deflated content stream, one after another
    lengths: bytes  # array("I") of each page's length in ``pages``
    characters: dict[tuple[bool, bool], str]  # per font style, characters drawn first in this chunk
    unfit: list[tuple[int, str, bool, str]]  # (page in the chunk, field, fits, characters without a glyph)
    words: dict[int, tuple[str, ...]]  # the words of each page with something unfit, for the warnings
    shared: list[bytes]  # the distinct shared streams of the chunk (certificate_pdf.SHARED_FIELDS)
    shared_index: bytes  # array("i"), two per page: its shared streams (before, after) in ``shared``, -1 for none

    def streams(self) -> list[bytes]:
        sizes = array("I")
        sizes.frombytes(self.lengths)
        streams, start = [], 0
        pages = self.pages
        for size in sizes:
            streams.append(pages[start:start + size])
            start += size
        return streams

    def shared_streams(self) -> list[tuple[bytes, bytes]]:
        """Each page's shared streams, before and after its own (b"" for none)."""
        indexes = array("i")
        indexes.frombytes(self.shared_index)
        table = [*self.shared, b""]  # -1 picks the last
        return [(table[before], table[after]) for before, after in zip(indexes[::2], indexes[1::2], strict=True)]


def draw_rows(drawer: PageDrawer, rows: list[Row]) -> DrawnChunk:
    """The pages of ``rows`` drawn by ``drawer`` (in this process)."""
    fields = [box.field for box in drawer.boxes]
    drawer.characters = {}
    streams, lengths, unfit, unfit_words = [], array("I"), [], {}
    shared_at: dict[bytes, int] = {}
    shared_index = array("i")
    for index, (draft, words) in enumerate(rows):
        (before, stream, after), fitted = drawer.page(dict(zip(fields, words, strict=True)), draft=draft)
        streams.append(stream)
        lengths.append(len(stream))
        shared_index.append(shared_at.setdefault(before, len(shared_at)) if before else -1)
        shared_index.append(shared_at.setdefault(after, len(shared_at)) if after else -1)
        for field, result in fitted.items():
            if not result.fits or result.missing:
                unfit.append((index, field, result.fits, result.missing))
                unfit_words[index] = words
    characters = {style: "".join(sorted(used)) for style, used in drawer.characters.items()}
    return DrawnChunk(b"".join(streams), lengths.tobytes(), characters, unfit, unfit_words, list(shared_at),
                      shared_index.tobytes())


@dataclass(frozen=True)
class FontRequest:
    """A job for a worker: cut the fonts down to these characters and serialise them (pdf_writer.embedded_font), so
    that the build process, which sets the words meanwhile, does not (nor loads the font tools and metrics)."""

    characters: dict[tuple[bool, bool], frozenset[str]]

    def answer(self) -> dict[tuple[bool, bool, frozenset[str]], object]:
        return {(bold, italic, used): embedded_font(bold, italic, used)
                for (bold, italic), used in self.characters.items() if used}


def chunk_size(total: int, jobs: int) -> int:
    # Several chunks per process keep every core busy to the end; 50 to 1000 pages keep the overhead per chunk
    # small and the memory of a chunk bounded.
    return max(50, min(1000, math.ceil(total / (jobs * 4))))


def draw_pages(chunks: Iterator[list], total: int, profile: Profile, mode: str, jobs: int,
               set_words: Callable[[list], list[Row]], wording: Wording | None = None,
               progress: Callable[[int, int], None] | None = None) -> Iterator[tuple[list, DrawnChunk]]:
    """Each chunk of certificates with its drawn pages, in order; ``chunks`` is consumed as the workers need more.

    ``set_words`` gives a chunk's rows in this process: for ``jobs`` ≤ 1 or a single chunk (drawn here too), for
    a chunk a worker gave back unset (drawn here too), and for every chunk when there is no ``wording`` for the
    workers to set them with. At most two chunks per worker are under way. When two thirds are drawn, the workers
    also cut the fonts down (one font each, in turn) to the characters drawn so far (they seldom change any more):
    the file is written with those if the last pages bring no new character (else this process cuts them anew).
    """
    done = 0
    drawers: list[PageDrawer] = []

    def here(chunk: list) -> DrawnChunk:
        if not drawers:
            drawers.append(PageDrawer(profile, mode))
        return draw_rows(drawers[0], set_words(chunk))

    def finished(chunk: list, drawn: DrawnChunk | None) -> tuple[list, DrawnChunk]:
        nonlocal done
        if drawn is None:  # the worker could not set these words: set here, where an error is reported as always
            drawn = here(chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
        return chunk, drawn

    if jobs <= 1 or total <= chunk_size(total, jobs):
        for chunk in chunks:
            yield finished(chunk, here(chunk))
        return
    count = min(jobs, math.ceil(total / chunk_size(total, jobs)))
    characters: dict[tuple[bool, bool], set[str]] = {}
    fonts: list[FontRequest] = []

    def received(chunk: list | FontRequest) -> Iterator[tuple[list, DrawnChunk]]:
        answer = pool.receive()
        if isinstance(chunk, FontRequest):
            remember_embedded_fonts(answer)
            return
        result = finished(chunk, answer)
        for style, used in result[1].characters.items():
            characters.setdefault(style, set()).update(used)
        yield result
        if not fonts and done * 3 >= total * 2:
            # A request per font, to the workers in turn: the last pages wait for the slowest cut, not for all.
            for style, used in characters.items():
                if used:
                    fonts.append(FontRequest({style: frozenset(used)}))
                    pool.send(fonts[-1])
                    under_way.append(fonts[-1])

    with WorkerPool(count, profile, mode, wording, fresh=total >= FRESH_WORKERS_FROM) as pool:
        under_way: deque[list | FontRequest] = deque()
        for chunk in chunks:
            pool.send(chunk if wording is not None else set_words(chunk))
            under_way.append(chunk)
            while len(under_way) > 2 * count:
                yield from received(under_way.popleft())
        while under_way:
            yield from received(under_way.popleft())


class WorkerPool:
    """``count`` drawing processes; chunks go to them in turn and come back in the order they were sent."""

    def __init__(self, count: int, profile: Profile, mode: str, wording: Wording | None, *, fresh: bool) -> None:
        self.setup = (profile, mode, wording)
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
        for worker in self.workers:  # all told first, so that they end together rather than one after the other
            worker.hang_up()
        for worker in self.workers:
            worker.close()

    def send(self, job: list) -> None:
        self.workers[self.sent % self.count].send(job)
        self.sent += 1

    def receive(self) -> DrawnChunk | None:
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

    def __init__(self, setup: tuple[Profile, str, Wording | None]) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve_connection, args=(theirs, setup), daemon=True)
        self.process.start()
        theirs.close()
        self.sender = _Sender(self.connection.send_bytes)

    def send(self, job: list) -> None:
        self.sender.put(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> DrawnChunk | None:
        return _answer(self.connection.recv_bytes())

    def hang_up(self) -> None:
        self.sender.close()
        self.connection.close()

    def close(self) -> None:
        self.hang_up()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


class _FreshWorker:
    """A new Python process that imports only the drawing code (no fork of this process's memory).

    It can be started before its profile is known (``start_workers_early``): it waits for its setup.
    """

    def __init__(self, setup: tuple[Profile, str, Wording | None] | None) -> None:
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

    def configure(self, setup: tuple[Profile, str, Wording | None]) -> None:
        self.sender.put(pickle.dumps(setup, pickle.HIGHEST_PROTOCOL))

    def send(self, job: list) -> None:
        self.sender.put(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> DrawnChunk | None:
        data = _read_frame(self.process.stdout)
        if data is None:
            raise RuntimeError(f"certificate worker stopped (exit code {self.process.wait()})")
        return _answer(data)

    def hang_up(self) -> None:
        """No more chunks: the worker ends when it has read what was sent."""
        self.sender.close()
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def close(self) -> None:
        self.hang_up()
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


def _answer(data: bytes) -> DrawnChunk | None:
    """A worker's pages, or None for a chunk whose words it could not set."""
    answer = pickle.loads(data)
    if isinstance(answer, str):
        raise RuntimeError(f"certificate worker failed:\n{answer}")
    return answer


class _Drawing:
    """What a worker does with each chunk: set its words when it has the wording, then draw the pages."""

    def __init__(self, profile: Profile, mode: str, wording: Wording | None) -> None:
        self.drawer = PageDrawer(profile, mode)
        self.wording = wording
        self.set_words: Callable[[list], list[Row]] | None = None
        if wording is not None:
            try:
                self.set_words = wording.setter([box.field for box in self.drawer.boxes])
            except Exception:  # noqa: BLE001 - the build process sets the words, and reports the error
                self.set_words = None

    def answer(self, data: bytes) -> bytes:
        job = pickle.loads(data)
        if isinstance(job, FontRequest):
            try:
                programs = job.answer()
            except Exception:  # noqa: BLE001 - the build process cuts them itself, and reports what goes wrong
                programs = {}
            return pickle.dumps(programs, pickle.HIGHEST_PROTOCOL)
        rows = job
        if self.wording is not None:
            try:
                if self.set_words is None:
                    raise LookupError("no wording")
                rows = self.set_words(job)
            except Exception:  # noqa: BLE001 - unset: the build process sets these words (see the module docstring)
                return pickle.dumps(None, pickle.HIGHEST_PROTOCOL)
        try:
            answer = draw_rows(self.drawer, rows)
        except Exception:  # noqa: BLE001 - the build process raises it, with the worker's traceback
            answer = traceback.format_exc()
        return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)


def _ignore_interrupt() -> None:
    # Ctrl+C reaches the whole process group: only the main process answers it (and stops the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serve_connection(connection, setup: tuple[Profile, str, Wording | None]) -> None:  # noqa: ANN001 - a multiprocessing pipe
    _ignore_interrupt()
    drawing = _Drawing(*setup)
    while True:
        try:
            data = connection.recv_bytes()
        except (EOFError, OSError):
            return
        connection.send_bytes(drawing.answer(data))


def serve_pipes() -> None:
    """The loop of a fresh worker: frames of pickled rows on stdin, frames of pickled pages on stdout."""
    _ignore_interrupt()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frames
    # Whatever the profile, drawing needs the fonts' metrics: read them now, while a worker started early waits for
    # the list to be read, rather than after.
    for bold, italic in FONT_STYLES:
        font_metrics(bold, italic)
    # One worker cuts the fonts down while the last pages are drawn (FontRequest), and the build process waits for
    # it: the font tools' subsetter is imported now, while waiting, rather than then.
    import fontTools.subset  # noqa: F401
    setup = _read_frame(source)
    if setup is not None:
        drawing = _Drawing(*pickle.loads(setup))
        while (data := _read_frame(source)) is not None:
            _write_frame(sink, drawing.answer(data))
    # Everything it had to say is written and flushed: end now, without tearing the interpreter down (a tenth of a
    # second the build process would wait for).
    sys.stderr.flush()
    os._exit(0)


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
