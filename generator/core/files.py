"""Turn rendered bytes into an output file on its way to the output folder: its path, kind, format and checksum."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, with "/"
    kind: str  # "quyet-dinh", "giay-khen", "cong-van"
    format: str  # "pdf" | "docx"
    data: bytes
    hinh_thuc: str | None = None
    pages: int | None = None
    extra: dict = field(default_factory=dict)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
