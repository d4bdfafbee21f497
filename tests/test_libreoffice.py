"""A real consumer opens every DOCX: LibreOffice converts it to PDF without error, with the same words."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import docx_paragraphs, pdf_words, words


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) must be installed in CI: .ci/run installs it")
        pytest.skip("LibreOffice is not installed here (CI installs it)")
    return path


@pytest.mark.parametrize("example", ["built_example", "built_2024"])
def test_libreoffice_converts_every_docx_with_the_same_words(example, request, tmp_path):
    command = soffice()
    documents = sorted(request.getfixturevalue(example).output.glob("*.docx"))
    assert documents
    profile = tmp_path / "profile"
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, documents)],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    for document in documents:
        converted = tmp_path / (document.stem + ".pdf")
        assert converted.is_file(), f"LibreOffice did not convert {document.name}: {completed.stderr}"
        expected = words(" ".join(docx_paragraphs(document.read_bytes())))
        found = pdf_words(converted.read_bytes())
        assert found == expected, {"only in LibreOffice PDF": found - expected, "only in DOCX": expected - found}
