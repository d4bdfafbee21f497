"""Turn Ctrl+C (SIGINT) into a defined stop: a flag checked between the steps of a build, never lost.

Python raises KeyboardInterrupt wherever the main thread happens to be; raised inside a finaliser or a library's
``except BaseException`` it can be swallowed, and the build would go on as if nothing happened. So the handler also
sets a flag, every step boundary (``checkpoint``) re-raises while it is set, and the command line checks it once
more before exiting. The one step that must not be cut in two, the switch to the new version, runs in ``deferred``:
a Ctrl+C there is remembered and acted on right after.

The test hook: with the environment variable VANBAN_TEST_PAUSE set to a number of seconds, every checkpoint prints
``vanban-moc: <step>`` on stderr and sleeps that long, so a test can send a signal at a chosen step instead of at
a random moment.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PAUSE_VARIABLE = "VANBAN_TEST_PAUSE"
MARKER = "vanban-moc: "


class _State:
    interrupted = False
    deferring = False
    published: Path | None = None  # the output path whose new version was switched in before a Ctrl+C


def install() -> None:
    """Handle SIGINT in this (main) process: set the flag, and raise KeyboardInterrupt unless deferred."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)


def _on_sigint(signum: int, frame: object) -> None:
    _State.interrupted = True
    if not _State.deferring:
        raise KeyboardInterrupt


def interrupted() -> bool:
    return _State.interrupted


def published_before_interrupt() -> Path | None:
    return _State.published


def note_published(target: Path) -> None:
    """Called right after the atomic switch: from here on a Ctrl+C finds the new version complete."""
    _State.published = Path(target)


def reset() -> None:
    """Forget an earlier Ctrl+C (tests call the pipeline many times in one process)."""
    _State.interrupted = False
    _State.deferring = False
    _State.published = None


def test_hook(step: str) -> None:
    """With VANBAN_TEST_PAUSE set: say which step is next on stderr and pause there (for the signal tests)."""
    pause = os.environ.get(PAUSE_VARIABLE)
    if not pause:
        return
    sys.stderr.write(f"{MARKER}{step}\n")
    sys.stderr.flush()
    time.sleep(float(pause))


def checkpoint(step: str) -> None:
    """A boundary between two steps: stop here when Ctrl+C was pressed, even if its exception got lost."""
    test_hook(step)
    if _State.interrupted and not _State.deferring:
        raise KeyboardInterrupt


@contextmanager
def deferred() -> Iterator[None]:
    """Run a short section that must not be cut: a Ctrl+C inside it takes effect when the section ends."""
    already = _State.deferring
    _State.deferring = True
    try:
        yield
    finally:
        _State.deferring = already
    if _State.interrupted and not already:
        raise KeyboardInterrupt
