"""Turn an output path into a kept history of published versions, switched atomically by a symbolic link.

For the output path ``output/vi-du``::

    output/vi-du -> .vi-du.lich-su/0003_20260120-101502   a relative symbolic link to the current version
    output/.vi-du.lich-su/
        0001_20260119-160210/ …                            every published version, whole, with its manifest.json
        lich-su.txt                                        one line per published version
        nguon.txt                                          the session folder (or dispatch file) this output is of
        .khoa                                              lock file: one publisher at a time

Publishing writes a new version folder completely, then puts a new link in place of the old one with os.replace —
one atomic step on POSIX. A process killed at any moment leaves the link on the previous version (or, after the
switch, on the new one); what it left in the store (a half-written ``dang-ghi-…`` folder, a version never switched
to, a spare link) is removed by the next publish, under the lock. A build writes its ``dang-ghi-…`` folder while it
renders (publishing/staging.py): that folder is left alone as long as its build runs (``staging_in_use``).

A real folder at the output path (written by an older vanban, with its manifest.json) becomes the first version of
the history: it is renamed into the store and the link takes its place. Only there is the output path briefly
missing; a pending link in the store records the switch, and the next start finishes it (``recover``).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core import interruption
from ..core.errors import InputError
from ..core.os_messages import output_error

STORE_SUFFIX = ".lich-su"
LOG = "lich-su.txt"
SOURCE = "nguon.txt"
LOCK = ".khoa"
PENDING_LINK = ".lien-ket-moi"
STAGING_PREFIX = "dang-ghi-"
IN_USE = ".dang-lap"  # the lock file inside a staging folder whose build is still rendering (publishing.staging)
VERSION_NAME = re.compile(r"^(\d{4,})_\d{8}-\d{6}$")


def store_of(target: Path) -> Path:
    return target.parent / f".{target.name}{STORE_SUFFIX}"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def refuse_unusable(target: Path) -> None:
    """An output path that is a file, or a link vanban did not make, is refused before anything is built."""
    target = Path(target)
    try:
        target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:  # a name too long, a folder on the way that cannot be read…
        raise output_error(f"Không dùng được thư mục kết quả {target}", exc) from exc
    if target.is_symlink():
        resolved = target.resolve()
        # A link into the store whose version was deleted by hand is replaced by the next publish.
        if not _inside(resolved, store_of(target).resolve()):
            raise InputError(f"Thư mục kết quả {target} là một liên kết tới {os.readlink(target)}, không do vanban "
                             "tạo; chọn một thư mục kết quả khác (-o).")
    elif target.exists() and not target.is_dir():
        raise InputError(f"{target} là một tệp, không phải thư mục; chọn một thư mục kết quả khác (-o THƯ_MỤC), "
                         "tệp này được giữ nguyên.")


def current_version(target: Path) -> Path | None:
    """The folder the output path shows now: a version in the store, a real folder, or None before any build."""
    target = Path(target)
    if target.is_symlink():
        return target.resolve() if target.resolve().is_dir() else None
    if target.is_dir():
        return target
    pending = store_of(target) / PENDING_LINK
    if pending.is_symlink():  # a switch cut short: the version it was going to show
        version = (target.parent / os.readlink(pending)).resolve()
        return version if version.is_dir() else None
    return None


def is_legacy_folder(target: Path) -> bool:
    """A real folder at the output path (not yet a link)."""
    return Path(target).is_dir() and not Path(target).is_symlink()


def versions(target: Path) -> list[Path]:
    """Every complete version in the store, oldest first."""
    store = store_of(target)
    if not store.is_dir():
        return []
    found = [entry for entry in store.iterdir() if VERSION_NAME.match(entry.name) and entry.is_dir()]
    return sorted(found, key=lambda entry: int(VERSION_NAME.match(entry.name).group(1)))


def logged_versions(target: Path) -> list[str]:
    log = store_of(target) / LOG
    if not log.is_file():
        return []
    return [line.split("\t", 1)[0] for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def owner(target: Path) -> str | None:
    """The session folder (or dispatch file) whose output this is, as recorded by its first publish."""
    source = store_of(target) / SOURCE
    return source.read_text(encoding="utf-8").strip() if source.is_file() else None


@contextmanager
def locked(target: Path) -> Iterator[Path]:
    """Hold the store's lock (creating the store) while publishing; two builds into one path take turns."""
    store = store_of(target)
    store.mkdir(parents=True, exist_ok=True)
    with open(store / LOCK, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one build at a time is then the user's care
            fcntl = None
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield store
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def recover(target: Path) -> None:
    """Under the lock: finish a switch cut short, then remove what an interrupted publish left in the store."""
    store = store_of(target)
    if not store.is_dir():
        return
    pending = store / PENDING_LINK
    if pending.is_symlink() or pending.exists():
        if not target.exists() and not target.is_symlink():
            os.replace(pending, target)  # the old real folder was already moved into the store: show the new one
            _log(target, current_version(target), "hoàn tất lần lập bị dừng giữa chừng")
        else:
            pending.unlink()
    for entry in store.iterdir():
        if entry.name.startswith(STAGING_PREFIX) and not staging_in_use(entry):
            shutil.rmtree(entry, ignore_errors=True)
    _recover_old_swap(target)
    current = current_version(target)
    logged = logged_versions(target)
    if current is not None and VERSION_NAME.match(current.name) and current.name not in logged:
        _log(target, current, "đã công bố; dòng lịch sử ghi bù sau khi bị dừng")  # killed right after the switch
        logged.append(current.name)
    # A version above every logged one that the link does not show was written but never switched to.
    highest_logged = max((_number(name) for name in logged), default=0)
    for version in versions(target):
        if _number(version.name) > highest_logged and version != current and version.name not in logged:
            shutil.rmtree(version, ignore_errors=True)


def staging_in_use(folder: Path) -> bool:
    """A staging folder another build is still writing: its lock file is locked by a live process, or by this one.

    The lock is a POSIX record lock (publishing.staging): released by the system when its process dies, even by
    SIGKILL, and never inherited by forked workers. Record locks never conflict within one process, so this
    process's own folders are recognised by their name.
    """
    if folder.name.startswith(f"{STAGING_PREFIX}{os.getpid()}-"):
        return True
    try:
        import fcntl
    except ImportError:  # Windows: no record locks; one build at a time is then the user's care
        return False
    try:
        with open(folder / IN_USE, "r+b") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.lockf(handle, fcntl.LOCK_UN)
    except OSError:
        return False  # no lock file: left by an interrupted publish
    return False


def _recover_old_swap(target: Path) -> None:
    """What vanban's earlier two-rename publish left beside the output when stopped between its renames.

    ``.vi-du.dang-ghi-…`` is a half-written folder: removed. ``.vi-du.cu-PID`` is the previous version, whole: put
    back in place when the output path is missing, otherwise kept as a version of the history.
    """
    prefix = f".{target.name}."
    for entry in sorted(target.parent.iterdir()):
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        rest = entry.name[len(prefix):]
        if rest.startswith("dang-ghi-"):
            shutil.rmtree(entry, ignore_errors=True)
        elif re.fullmatch(r"cu-\d+", rest):
            if not target.exists() and not target.is_symlink():
                os.rename(entry, target)
            else:
                name = new_version_name(target)
                _log(target, store_of(target) / name, "bản trước còn lại sau một lần lập bị dừng (vanban cũ)")
                os.rename(entry, store_of(target) / name)


def _number(name: str) -> int:
    match = VERSION_NAME.match(name)
    return int(match.group(1)) if match else 0


def new_version_name(target: Path, after: int = 0) -> str:
    highest = max([_number(v.name) for v in versions(target)] + [_number(n) for n in logged_versions(target)]
                  + [after])
    return f"{highest + 1:04d}_{time.strftime('%Y%m%d-%H%M%S')}"


def new_staging(target: Path) -> Path:
    staging = store_of(target) / f"{STAGING_PREFIX}{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def switch(target: Path, staging: Path, description: str, source: str | None = None) -> Path:
    """Make the complete ``staging`` folder the version the output path shows, in one atomic step."""
    target = Path(target)
    store = store_of(target)
    if source is not None and not (store / SOURCE).exists():
        (store / SOURCE).write_text(source + "\n", encoding="utf-8")  # before the switch: a kill keeps the owner
    legacy = is_legacy_folder(target)
    legacy_name = new_version_name(target) if legacy else None
    version = store / new_version_name(target, after=_number(legacy_name) if legacy_name else 0)
    pending = store / PENDING_LINK
    os.rename(staging, version)
    try:
        interruption.checkpoint("da-dat-ten-ban-moi")
        if pending.is_symlink() or pending.exists():
            pending.unlink()
        os.symlink(os.path.relpath(version, target.parent), pending, target_is_directory=True)
        interruption.checkpoint("da-tao-lien-ket-moi")
    except BaseException:  # stopped before the switch: the new version goes, the old one stays shown
        if pending.is_symlink():
            pending.unlink()
        shutil.rmtree(version, ignore_errors=True)
        raise
    with interruption.deferred():
        if legacy:
            if not any(target.iterdir()):
                target.rmdir()  # an empty folder made by hand: nothing to keep
            else:
                _log(target, store / legacy_name, "thư mục kết quả trước khi có lịch sử")
                os.rename(target, store / legacy_name)
                interruption.test_hook("da-chuyen-thu-muc-cu-vao-lich-su")
        os.replace(pending, target)  # the commit point
        interruption.note_published(target)
        interruption.test_hook("da-chuyen-sang-ban-moi")
        _log(target, version, description)
    return version


def _log(target: Path, version: Path | None, description: str) -> None:
    if version is None:
        return
    line = f"{version.name}\t{time.strftime('%Y-%m-%d %H:%M:%S')}\t{description}\n"
    with open(store_of(target) / LOG, "a", encoding="utf-8") as handle:
        handle.write(line)
