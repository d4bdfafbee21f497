"""Turn rendered files into an output folder, atomically: a temporary folder renamed into place, with a manifest.

A failed build leaves the previous output exactly as it was and no partial files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from .core.errors import OutputError
from .core.files import OutputFile, sha256


def input_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def manifest(session_name: str, input_sha: str, files: list[OutputFile], counts: dict, totals: dict) -> dict:
    entries = []
    for item in files:
        entry = {"path": item.path, "kind": item.kind, "format": item.format}
        if item.hinh_thuc:
            entry["hinh_thuc"] = item.hinh_thuc
        if item.pages is not None:
            entry["pages"] = item.pages
        entry.update(item.extra)
        entry["sha256"] = sha256(item.data)
        entries.append(entry)
    return {"dot": session_name, "input_sha256": input_sha, "files": entries, "counts": counts, "totals": totals}


def publish(target: Path, files: list[OutputFile], receipt: dict) -> Path:
    """Write every file into a sibling temporary folder, then swap it with ``target`` in one rename."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.dang-ghi-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục kết quả {target.parent}: {exc.strerror}") from exc
    try:
        for item in files:
            path = staging / item.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item.data)
        (staging / "manifest.json").write_text(json.dumps(receipt, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.cu-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
        try:
            staging.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"Không ghi được thư mục kết quả {target}: {exc.strerror or exc}") from exc
    return target
