"""One decision, one pagination: the PDF and LibreOffice's PDF of the DOCX have as many pages, for every example."""

from __future__ import annotations

import subprocess

import pypdfium2
import pytest
from conftest import ROOT
from test_libreoffice import soffice

from generator import pipeline

# The examples the session fixtures of conftest.py build, and the published decisions rebuilt word for word.
BUILT = {"vi-du": "built_example", "vi-du-2024": "built_2024"}
REAL = ("qd-345-ttg-2008", "qd-2284-lam-dong-2025")


@pytest.fixture(scope="module")
def built_real(tmp_path_factory):
    return {folder: pipeline.build(ROOT / "data" / folder, tmp_path_factory.mktemp(folder) / "out")
            for folder in REAL}


def test_every_example_is_covered():
    assert sorted([*BUILT, *REAL]) == sorted(path.parent.name for path in (ROOT / "data").glob("*/dot.toml"))


@pytest.mark.parametrize("example", [*BUILT, *REAL])
def test_docx_and_pdf_of_every_document_have_the_same_page_count(example, request, tmp_path):
    command = soffice()
    if example in BUILT:
        output = request.getfixturevalue(BUILT[example]).output
    else:
        output = request.getfixturevalue("built_real")[example].output
    documents = sorted(output.rglob("*.docx"))  # decisions, dispatches, and giay-khen/tat-ca.docx
    assert len({document.stem for document in documents}) == len(documents)
    if example in BUILT:  # the two published decisions have no certificates
        assert any(document.parent.name == "giay-khen" for document in documents)
    assert any(document.name.startswith("quyet-dinh") for document in documents)
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, documents)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    counts = {}
    for document in documents:
        word = len(pypdfium2.PdfDocument((tmp_path / f"{document.stem}.pdf").read_bytes()))
        pdf = len(pypdfium2.PdfDocument(document.with_suffix(".pdf").read_bytes()))
        counts[document.stem] = (word, pdf)
    assert all(word == pdf for word, pdf in counts.values()), counts
