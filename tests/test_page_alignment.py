"""One decision, one pagination: the PDF and LibreOffice's PDF of the DOCX have as many pages, for every example."""

from __future__ import annotations

import subprocess

import pypdfium2
import pytest
from test_libreoffice import soffice


@pytest.mark.parametrize("example", ["built_example", "built_2024"])
def test_docx_and_pdf_of_every_document_have_the_same_page_count(example, request, tmp_path):
    command = soffice()
    output = request.getfixturevalue(example).output
    documents = sorted(output.rglob("*.docx"))  # decisions, dispatches, and giay-khen/tat-ca.docx
    assert len({document.stem for document in documents}) == len(documents)
    assert any(document.parent.name == "giay-khen" for document in documents)
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
