"""Turn finished output files into files already written in the new version's folder, keeping path, size and SHA-256.

A long list's files (the certificates' PDFs and Word file, the decisions with their annex) are hundreds of MiB;
kept in memory until publishing, they alone would take a province-sized build over 1 GiB. ``Staging(target)``
makes the folder the next version is written in (``dang-ghi-<pid>`` in the output's history store, the folder
``publish`` switches to) as soon as the first file is finished; ``keep(item)`` writes the file there and returns a
``StagedFile``, which holds everything the manifest needs but the bytes; ``publish(…, staging=…)`` writes the rest
and switches to the folder atomically. The previous version is not touched before that switch.

While the build runs, the folder holds a lock file with a POSIX record lock (``lockf``): owned by this process
alone (forked workers do not inherit it) and released by the system when the process dies, even by SIGKILL. The
next publish's recovery removes a staging folder only when no live process holds its lock; a build that stops
(error, Ctrl+C) removes its folder itself, and the history store too when it made it and nothing was published.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..core import interruption
from ..core.files import OutputFile
from ..core.os_messages import output_error
from . import history as output_history


@dataclass(frozen=True)
class StagedFile:
    """An output file already written into the staging folder: what OutputFile says, with its size and SHA-256.

    ``data`` reads the bytes back from disk (from the published version once switched), for the few callers that
    need them after the build (vanban issue's register entry).
    """

    path: str
    kind: str
    format: str
    hinh_thuc: str | None
    pages: int | None
    extra: dict
    size: int
    sha256: str
    staging: Staging = field(repr=False, compare=False)

    @property
    def data(self) -> bytes:
        return (self.staging.folder / self.path).read_bytes()


class Staging:
    """The folder the next version of ``target`` is written in, made on the first ``keep`` (see the module doc)."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.folder: Path | None = None  # the staging folder, then the version folder once published
        self.published = False
        self._lock_file = None
        self._made_store = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_: object) -> None:
        if not self.published:
            self.discard()

    def keep(self, item: OutputFile) -> StagedFile:
        """Write ``item`` into the staging folder; the returned file no longer holds its bytes."""
        folder = self.open()
        path = folder / item.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item.data)
        except OSError as exc:
            raise output_error(f"Không ghi được thư mục kết quả {self.target}", exc) from exc
        interruption.checkpoint(f"da-ghi {item.path}")  # a moment for the signal tests: a kill leaves this folder
        return StagedFile(item.path, item.kind, item.format, item.hinh_thuc, item.pages, item.extra,
                          len(item.data), hashlib.sha256(item.data).hexdigest(), self)

    def open(self) -> Path:
        """The staging folder, made now if not yet: under the store's lock, so that no recovery sees it half-made."""
        if self.folder is not None:
            return self.folder
        store = output_history.store_of(self.target)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._made_store = not store.exists()
            with output_history.locked(self.target):
                # Unique per build, not only per process: the web server builds in threads.
                folder = store / f"{output_history.STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
                folder.mkdir()
                self._lock_file = open(folder / output_history.IN_USE, "wb")  # noqa: SIM115 - held for the whole build
                _lock(self._lock_file)
        except OSError as exc:
            raise output_error(f"Không ghi được thư mục kết quả {self.target}", exc) from exc
        self.folder = folder
        return folder

    def finish(self) -> Path | None:
        """Under the store's lock, just before the manifest is written: the lock file goes, the folder stays."""
        if self.folder is None:
            return None
        self._release()
        (self.folder / output_history.IN_USE).unlink(missing_ok=True)
        return self.folder

    def switched(self, version: Path) -> None:
        self.folder = version
        self.published = True

    def discard(self) -> None:
        """Stopped before the switch: the half-written folder goes (and a store this build made, if still empty)."""
        self._release()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        store = output_history.store_of(self.target)
        if self._made_store and store.is_dir() and not output_history.versions(self.target) and not any(
                entry.name.startswith(output_history.STAGING_PREFIX) for entry in store.iterdir()):
            shutil.rmtree(store, ignore_errors=True)

    def _release(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()  # closing releases the record lock
            self._lock_file = None


def _lock(handle) -> None:  # noqa: ANN001 - a binary file
    try:
        import fcntl
    except ImportError:  # Windows: no record locks; a staging folder is then removed only by its own build
        return
    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
