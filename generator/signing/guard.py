"""Turn an output folder into the list of signed PDFs in it, and refuse a rebuild that would replace any of them.

A signed PDF is the legal original (Nghị định 30, Điều 5.1): rebuilding the session must never overwrite it.
`pipeline.build` and `pipeline.build_dispatch` call ``refuse_overwriting_signed(target)`` before rendering; if the
publishing step is rewritten, the call belongs right before the output folder is replaced.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OutputError

# Every PDF signature dictionary carries /ByteRange; an unsigned WeasyPrint PDF never does.
_SIGNATURE_MARK = b"/ByteRange"


def is_signed(pdf: Path) -> bool:
    try:
        return _SIGNATURE_MARK in Path(pdf).read_bytes()
    except OSError:
        return False


def signed_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*.pdf") if path.is_file() and is_signed(path))


def refuse_overwriting_signed(target: Path) -> None:
    """An OutputError naming the signed files when ``target`` holds any; nothing happens otherwise."""
    signed = signed_files(target)
    if signed:
        names = ", ".join(str(path.relative_to(target)) for path in signed[:5])
        more = f" và {len(signed) - 5} tệp khác" if len(signed) > 5 else ""
        raise OutputError(f"Thư mục kết quả {target} có văn bản đã ký số ({names}{more}); vanban không lập đè lên "
                          f"bản gốc đã ký. Chọn thư mục khác bằng -o, hoặc chuyển các tệp đã ký sang nơi lưu trữ "
                          f"rồi chạy lại.")
