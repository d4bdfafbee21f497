"""Shared fixtures: the bundled examples built once per test run, and readers that get words back from files."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "vi-du"
EXAMPLE_2024 = ROOT / "data" / "vi-du-2024"
MM = 72 / 25.4


@pytest.fixture(scope="session")
def built_example(tmp_path_factory):
    from generator import pipeline

    return pipeline.build(EXAMPLE, tmp_path_factory.mktemp("vi-du") / "vi-du")


@pytest.fixture(scope="session")
def built_2024(tmp_path_factory):
    from generator import pipeline

    return pipeline.build(EXAMPLE_2024, tmp_path_factory.mktemp("vi-du-2024") / "out")


@pytest.fixture
def session_copy(tmp_path):
    """A writable copy of the example session, for tests that break it."""
    target = tmp_path / "dot-thu"
    shutil.copytree(EXAMPLE, target)
    return target


def docx_paragraphs(data: bytes) -> list[str]:
    """Body paragraphs in reading order, table cells included (headers and footers excluded)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    texts = []
    for paragraph in document.element.body.iter(qn("w:p")):
        # A document number's hyphen is Word's non-breaking hyphen (<w:noBreakHyphen/>): it reads as "-".
        texts.append("".join((node.text or "") if node.tag == qn("w:t") else "-"
                             for node in paragraph.iter(qn("w:t"), qn("w:noBreakHyphen"))))
    return texts


def pdf_pages(data: bytes, *, skip_top_margin: bool = True) -> list[str]:
    """Text of each page; the top margin (page numbers) is left out unless asked for."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    pages = []
    for page in pdf:
        width, height = page.get_size()
        text_page = page.get_textpage()
        top = height - 20 * MM if skip_top_margin else height
        # pdfium marks a hyphen that ends a line with U+0002 and drops the line break after it.
        pages.append(text_page.get_text_bounded(left=0, bottom=0, right=width, top=top).replace("\x02", "-"))
    return pages


ANNEX_HEADER = "STT Họ và tên / Tên tập thể Chức vụ, đơn vị Số tiền (đồng) Ghi chú"


def pdf_words(data: bytes, header: str = ANNEX_HEADER) -> Counter:
    """Words of a PDF as the DOCX holds them: the annex header row repeated on later pages counted once."""
    pages = pdf_pages(data)
    counted = words(" ".join(pages))
    first_word = header.split()[0]
    repeats = sum(first_word in page.split() for page in pages) - 1
    for _ in range(max(0, repeats)):
        counted -= words(header)
    return counted


def words(text: str) -> Counter:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return Counter(re.split(r"\s+", text.strip())) - Counter({"": 10**9})


def output_file(result, name: str) -> bytes:
    return (result.output / name).read_bytes()


# ---------------------------------------------------------------------------------------------- the register


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the test run (Debian's binaries); its URL without a database name."""
    from postgres_cluster import start_cluster

    with start_cluster() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def register_location(request, tmp_path):
    """Where a test's register lives: a new SQLite file, or a new database on the test cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "so-dang-ky.sqlite")
    server = request.getfixturevalue("postgres_server")
    return server.new_database()
