"""Turn rendered files into a published output folder with a manifest, never destroying what was there before.

The output path shows one complete version at a time and every earlier version is kept (output_history.py). What a
build replaces is exactly what vanban wrote before and the build makes again: files of kinds not rebuilt (--only)
or of other dispatches are carried over, files the office put in the folder are carried over untouched, and a file
vanban wrote that someone has edited since (its SHA-256 differs from the manifest) stops the build before anything
is written, unless the build is told to move the edited copies aside first (--giu-ban-sua).
A failed or interrupted build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core import interruption
from ..core.errors import InputError, OutputError
from ..core.files import OutputFile, sha256
from ..core.os_messages import output_error
from . import history as output_history
from .manifest_json import write_manifest
from .staging import StagedFile, Staging

MANIFEST = "manifest.json"
EDITED_FOLDER = "ban-da-sua"  # where --giu-ban-sua moves the edited copies, inside the new version
KIND_ORDER = ("quyet-dinh", "cong-van", "giay-khen")


def input_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def manifest(session_name: str, input_sha: str, files: list[OutputFile | StagedFile], counts: dict,
             totals: dict) -> dict:
    entries = []
    for item in files:
        entry = {"path": item.path, "kind": item.kind, "format": item.format}
        if item.hinh_thuc:
            entry["hinh_thuc"] = item.hinh_thuc
        if item.pages is not None:
            entry["pages"] = item.pages
        entry.update(item.extra)
        # A file already written into the staging folder carries its checksum; its bytes are not in memory.
        entry["sha256"] = item.sha256 if isinstance(item, StagedFile) else sha256(item.data)
        entries.append(entry)
    return {"dot": session_name, "input_sha256": input_sha, "files": entries, "counts": counts, "totals": totals}




# ---------------------------------------------------------------------------------------------------------
# What is in the output folder now
# ---------------------------------------------------------------------------------------------------------


class EditedOutputError(InputError):
    """Files vanban wrote were changed by hand since; the build would replace them, so it stops first (exit 2)."""

    heading = "Kết quả lần trước đã được sửa tay"


@dataclass(frozen=True)
class Previous:
    """The version the output path shows now, seen by a build about to replace part of it."""

    folder: Path | None
    entries: list[dict]  # the previous manifest's file entries
    replaced: list[dict]  # those this build replaces or drops
    edited: list[str]  # paths among ``replaced`` whose bytes differ from the manifest
    own_files: list[str]  # files not in the manifest (put there by the office), relative, with "/"


def _read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def _file_sha(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def inspect(target: Path, replaces: Callable[[dict], bool], *, refuse_foreign: bool = True) -> Previous:
    """Read the current version: which of its files this build replaces, which were edited, which are the office's.

    A folder with files but no manifest is not vanban's: publishing into it is refused (``refuse_foreign``).
    """
    target = Path(target)
    output_history.refuse_unusable(target)
    folder = output_history.current_version(target)
    if folder is None:
        return Previous(None, [], [], [], [])
    previous = _read_manifest(folder)
    in_history = _inside(folder, output_history.store_of(target))
    if previous is None and not in_history:
        if refuse_foreign and any(folder.iterdir()):
            raise InputError(f"Thư mục kết quả {target} đã có tệp không do vanban lập (không có {MANIFEST}); "
                             "vanban không ghi vào đó để khỏi lẫn hay mất tệp. Chọn một thư mục mới hoặc trống "
                             "(-o THƯ_MỤC).")
        return Previous(folder, [], [], [], [])
    # A version whose manifest.json was deleted: every file in it is kept as the office's own.
    entries = [entry for entry in (previous or {"files": []})["files"]
               if isinstance(entry, dict) and _safe_relative(entry.get("path"))]
    replaced = [entry for entry in entries if replaces(entry)]
    edited = []
    for entry in replaced:
        path = folder / entry["path"]
        if path.is_file() and _file_sha(path) != entry.get("sha256"):
            edited.append(entry["path"])
    listed = {entry["path"] for entry in entries} | {MANIFEST}
    own_files = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if relative not in listed:
                own_files.append(relative)
    return Previous(folder, entries, replaced, edited, sorted(own_files))


def _safe_relative(path: object) -> bool:
    """A manifest path that stays inside its folder (a hand-edited manifest must not reach elsewhere)."""
    if not isinstance(path, str) or not path or "\\" in path:
        return False
    parts = Path(path).parts
    return not Path(path).is_absolute() and ".." not in parts and parts[0] != MANIFEST


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def refuse_edited(target: Path, previous: Previous) -> None:
    if not previous.edited:
        return
    listing = "\n".join(f"  - {target / path}" for path in previous.edited)
    raise EditedOutputError(
        f"{len(previous.edited)} tệp do vanban lập lần trước đã được sửa sau đó (khác mã SHA-256 ghi trong "
        f"{MANIFEST}); lập lại sẽ thay các tệp này nên chưa ghi gì:\n{listing}\n"
        f"Để giữ bản đã sửa rồi lập lại: chạy lại lệnh với --giu-ban-sua (bản đã sửa được chuyển vào "
        f"{target / EDITED_FOLDER}/<ngày-giờ>/). Mọi bản đã lập trước đây vẫn còn trong "
        f"{output_history.store_of(target)}.")


# ---------------------------------------------------------------------------------------------------------
# Default output folders: one per session folder, one per dispatch file
# ---------------------------------------------------------------------------------------------------------


def default_output(base: Path, names: list[str], source: Path) -> Path:
    """The first of ``names`` under ``base`` that is free or already the output of ``source``; then name-2, -3…

    The owner of an output is recorded by its first publish (output_history.SOURCE), so two session folders with
    the same name (2025/dot-1 and 2026/dot-1) never write into one folder.
    """
    identity = str(Path(source).resolve())
    candidates = list(names) + [f"{names[-1]}-{number}" for number in range(2, 1000)]
    for name in candidates:
        target = base / name
        recorded = output_history.owner(target)
        if recorded == identity or (recorded is None and not _taken_by_other(target)):
            return target
    raise OutputError(f"Không tìm được tên thư mục kết quả trống trong {base}; ghi rõ thư mục bằng -o.")


def _taken_by_other(target: Path) -> bool:
    """A path with no recorded owner is free when nothing is there, or when it is an empty folder."""
    if target.is_symlink():
        return True
    if target.is_dir():
        return any(target.iterdir()) and _read_manifest(target) is None
    return target.exists()


# ---------------------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------------------


def _kind_rank(entry: dict) -> int:
    kind = entry.get("kind")
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


@dataclass(frozen=True)
class Published:
    """What a publish did: the version folder now shown, and what it kept from the previous one."""

    version: Path
    carried: list[str]  # files of the previous version kept as they were (kinds not rebuilt, other dispatches)
    own_files: list[str]  # the office's files, carried over untouched
    aside: list[str]  # edited copies moved into ban-da-sua/<ngày-giờ>/ (paths in the new version)
    had_previous: bool


def publish(target: Path, files: list[OutputFile | StagedFile], receipt: dict, *,
            replaces: Callable[[dict], bool] = lambda entry: True, keep_edited: bool = False,
            description: str = "lập lại toàn bộ", source: Path | None = None,
            staging: Staging | None = None) -> Published:
    """Write a new complete version of ``target`` and switch to it in one atomic step.

    ``replaces`` says which entries of the previous manifest this build makes again (the others, and the
    office's own files, are carried over); ``receipt`` is the manifest of the new files and receives the carried
    entries. Edited files among the replaced ones stop the build (EditedOutputError) unless ``keep_edited``.
    ``staging``: the folder some of ``files`` were already written in as they were made (StagedFile); the
    version is finished there. Without it every file is written now, into a new staging folder.
    """
    target = Path(target)
    paths = [item.path for item in files]
    if len(set(paths)) != len(paths):
        raise RuntimeError(f"two output files share a path: {sorted(p for p in paths if paths.count(p) > 1)}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(f"Không tạo được thư mục {target.parent}", exc) from exc
    output_history.refuse_unusable(target)
    previous = inspect(target, replaces)  # refusals first, before the store is created
    if not keep_edited:
        refuse_edited(target, previous)
    store = output_history.store_of(target)
    new_store = not store.exists()
    early, staging = staging, None
    result = None
    try:
        with output_history.locked(target):
            output_history.recover(target)
            previous = inspect(target, replaces)
            if not keep_edited:
                refuse_edited(target, previous)
            interruption.checkpoint("bat-dau-ghi")
            staging = (early.finish() if early is not None else None) or output_history.new_staging(target)
            for item in files:
                if isinstance(item, StagedFile):
                    continue  # written as it was made
                path = staging / item.path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(item.data)
                interruption.checkpoint(f"da-ghi {item.path}")
            aside = _aside_folder(previous)
            carried = _carry_over(previous, staging, set(paths), aside)
            _keep_edited_copies(previous, staging / aside, keep_edited)
            new_entries = list(receipt["files"])
            receipt = {**receipt, "files": sorted(carried + new_entries, key=_kind_rank)}
            with open(staging / MANIFEST, "w", encoding="utf-8") as sink:
                write_manifest(receipt, sink)
                sink.write("\n")
            interruption.checkpoint("da-ghi manifest.json")
            source_text = str(Path(source).resolve()) if source else None
            version = output_history.switch(target, staging, description, source_text)
            staging = None
            if early is not None:
                early.switched(version)
            aside_paths = [f"{aside}/{relative}" for relative in previous.edited] if keep_edited else []
            result = Published(version, [entry["path"] for entry in carried], previous.own_files, aside_paths,
                               previous.folder is not None)
    except OSError as exc:
        raise output_error(f"Không ghi được thư mục kết quả {target}", exc) from exc
    finally:
        if staging is not None:  # stopped before the switch: the half-written version goes, the old one stays
            shutil.rmtree(staging, ignore_errors=True)
        if new_store and result is None and not output_history.versions(target):
            shutil.rmtree(store, ignore_errors=True)  # nothing was published: leave no empty store behind
    return result


def _carry_over(previous: Previous, staging: Path, new_paths: set[str], aside: str) -> list[dict]:
    """Copy into the new version what this build does not make again; returns the manifest entries kept."""
    if previous.folder is None:
        return []
    replaced = {entry["path"] for entry in previous.replaced}
    kept = []
    for entry in previous.entries:
        if entry["path"] in replaced or entry["path"] in new_paths:
            continue
        source = previous.folder / entry["path"]
        if not source.is_file():
            continue  # removed by hand: not published again, still in the history
        _copy(source, staging / entry["path"])
        interruption.checkpoint(f"da-chep {entry['path']}")
        kept.append(entry)
    for relative in previous.own_files:
        destination = staging / relative
        if relative in new_paths or not _free(destination, staging):
            # The office's file has the name of a new one: it moves aside, never overwritten.
            destination = staging / aside / relative
        _copy(previous.folder / relative, destination)
        interruption.checkpoint(f"da-chep {relative}")
    return kept


def _free(destination: Path, staging: Path) -> bool:
    """Nothing is at ``destination`` yet, and no folder on its way is a file."""
    if destination.exists() or destination.is_symlink():
        return False
    parent = destination.parent
    while parent != staging:
        if parent.exists() and not parent.is_dir():
            return False
        parent = parent.parent
    return True


def _keep_edited_copies(previous: Previous, folder: Path, keep_edited: bool) -> None:
    if not keep_edited or not previous.edited:
        return
    for relative in previous.edited:
        _copy(previous.folder / relative, folder / relative)


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination, follow_symlinks=False)


def _aside_folder(previous: Previous) -> str:
    """``ban-da-sua/<ngày-giờ>``: where this build moves copies aside, a name no earlier build used."""
    name = time.strftime("%Y%m%d-%H%M%S")
    taken = {Path(relative).parts[1] for relative in previous.own_files
             if relative.startswith(EDITED_FOLDER + "/") and len(Path(relative).parts) > 2}
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name}-{number}", number + 1
    return f"{EDITED_FOLDER}/{unique}"
