"""Turn the checker's size limits into refusals: a file too big to check gets a Vietnamese message, not a crash.

A 2 MB DOCX can expand to gigabytes (a zip bomb), a PDF stream too; a document of a million paragraphs or a hundred
thousand pages is not an administrative document. Each limit is far above any real decision or dispatch, so that
reading stays bounded in time and memory (see bench/lint.py), and each refusal is an InputError (exit code 2).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..core.errors import InputError

MAX_FILE_BYTES = 256 << 20  # the file itself, read whole into memory
MAX_PART_BYTES = 128 << 20  # one XML part of a DOCX, uncompressed
MAX_PARAGRAPHS = 200_000
MAX_PDF_PAGES = 1_000
MAX_STREAM_BYTES = 128 << 20  # one PDF stream, inflated
MAX_PDF_INFLATED = 512 << 20  # all streams of a PDF together, inflated
# A build checks its own documents, whose size follows the list (a province's 50.000 rows make a 3.000-page annex):
# there the counts are not refused, only a part's size is held to what the list itself may make.
MAX_OWN_PART_BYTES = 4 << 30
_OWN_DOCUMENT: ContextVar[bool] = ContextVar("own_document", default=False)
_CHUNK = 1 << 20
_STREAM = re.compile(rb"stream\r?\n")


def grouped(number: int) -> str:
    """12345678 -> "12.345.678" (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def mebibytes(size: int) -> str:
    return f"{grouped(size >> 20)} MiB"


def too_big_part(name: str, part: str, size: int) -> InputError:
    return InputError(f"{name}: phần {part} của tệp DOCX khi giải nén dài {mebibytes(size)} trở lên, vượt giới hạn "
                      f"{mebibytes(part_limit())} của bộ kiểm tra thể thức (tệp hỏng hoặc cố ý làm phình to). "
                      "Hãy mở bằng Word và lưu lại, hoặc kiểm tra tệp gốc.")


@contextmanager
def own_document() -> Iterator[None]:
    """Inside: the document being checked is one vanban has just made (no count limits, see MAX_OWN_PART_BYTES)."""
    token = _OWN_DOCUMENT.set(True)
    try:
        yield
    finally:
        _OWN_DOCUMENT.reset(token)


def part_limit() -> int:
    """The largest uncompressed DOCX part read: MAX_PART_BYTES, or MAX_OWN_PART_BYTES for a build's own file."""
    return MAX_OWN_PART_BYTES if _OWN_DOCUMENT.get() else MAX_PART_BYTES


def check_file_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(f"{name}: tệp dài {mebibytes(size)}, vượt giới hạn {mebibytes(MAX_FILE_BYTES)} của bộ "
                         "kiểm tra thể thức. Văn bản hành chính hiếm khi quá vài MiB; hãy kiểm tra lại tệp.")


def check_paragraphs(name: str, count: int) -> None:
    if count > MAX_PARAGRAPHS and not _OWN_DOCUMENT.get():
        raise InputError(f"{name}: văn bản có {grouped(count)} đoạn, vượt giới hạn {grouped(MAX_PARAGRAPHS)} đoạn "
                         "của bộ kiểm tra thể thức. Hãy tách văn bản (ví dụ để danh sách kèm theo thành tệp riêng).")


def check_pages(name: str, count: int) -> None:
    if count > MAX_PDF_PAGES and not _OWN_DOCUMENT.get():
        raise InputError(f"{name}: tệp PDF có {grouped(count)} trang, vượt giới hạn {grouped(MAX_PDF_PAGES)} trang "
                         "của bộ kiểm tra thể thức. Hãy kiểm tra từng văn bản riêng.")


def check_pdf_streams(data: bytes, name: str) -> None:
    """Inflate every Flate-compressed stream of a PDF, keeping nothing, and refuse one that expands too far.

    pdfium would inflate a stream whole into memory; this pass counts the bytes chunk by chunk first. Streams that
    are not zlib data (images in DCT, plain text) stop at their first chunk.
    """
    total = 0
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            return
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        position = end
        if start >= end or data[start] & 0x0F != 8:  # zlib streams start with the "deflate" method nibble
            continue
        inflater = zlib.decompressobj()
        size = 0
        offset = start
        try:
            while offset < end and not inflater.eof:
                piece = data[offset:offset + _CHUNK]
                offset += len(piece)
                out = inflater.decompress(piece, _CHUNK)
                while True:
                    size += len(out)
                    if size > MAX_STREAM_BYTES or total + size > MAX_PDF_INFLATED:
                        raise InputError(f"{name}: tệp PDF có luồng dữ liệu khi giải nén dài hơn "
                                         f"{mebibytes(MAX_STREAM_BYTES)}, vượt giới hạn của bộ kiểm tra thể thức "
                                         "(tệp hỏng hoặc cố ý làm phình to).")
                    if not inflater.unconsumed_tail or inflater.eof:
                        break
                    out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            pass  # not zlib data after all, or damaged: pdfium will say what it makes of it
        total += size
