"""The format checker on correct documents: no error on any of them, typed by hand the ways clerks type, or our own.

The precision corpus (tests/lint_corpus.py) is built as DOCX, converted once per test session by LibreOffice into
PDF, and checked in both forms; so are the tool's own outputs (DOCX, our PDF, and LibreOffice's PDF of our DOCX).
Warnings are allowed; their count per rule is printed (run with ``-s``) so a reviewer sees what is still flagged.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lint_corpus import ISSUERS, build, corpus

from generator.lint import check_file, format_findings
from generator.lint.docx_reader import read_docx
from generator.lint.elements import find_elements

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _convert(folder: Path, sources: list[Path]) -> Path:
    """LibreOffice's PDFs of ``sources``, in ``folder``/pdf (one soffice run for all of them)."""
    target = folder / "pdf"
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(target), *map(str, sources)], capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    return target


@pytest.fixture(scope="session")
def precision_files(tmp_path_factory, built_example, built_2024) -> list[Path]:
    """Every correct file: the corpus (DOCX + LibreOffice PDF) and our outputs (DOCX, PDF, LibreOffice PDF)."""
    folder = tmp_path_factory.mktemp("do-chinh-xac")
    typed = []
    for item in corpus():
        path = folder / f"{item.name}.docx"
        path.write_bytes(build(item))
        typed.append(path)
    ours = []
    for result, prefix in ((built_example, "vi-du"), (built_2024, "vi-du-2024")):
        for path in sorted(result.output.iterdir()):
            if path.suffix in (".docx", ".pdf"):
                copy = folder / f"{prefix}-{path.name}"
                shutil.copy(path, copy)
                ours.append(copy)
    files = typed + ours
    if SOFFICE is not None:
        converted = _convert(folder, typed + [path for path in ours if path.suffix == ".docx"])
        files += [converted / path.with_suffix(".pdf").name
                  for path in typed + [path for path in ours if path.suffix == ".docx"]]
    return files


def test_the_precision_corpus_is_large_and_varied():
    items = corpus()
    assert len(items) >= 40 and len({item.name for item in items}) == len(items)
    assert {item.header for item in items} == {"table", "tabs"}
    assert {item.rules for item in items} == {"border", "shape"}
    assert {item.signature for item in items} == {"table", "tabs"}
    assert {item.addressees for item in items if item.kind == "cv"} == {1, 3}
    assert any(item.annex for item in items) and any(not item.annex for item in items if item.kind == "qd")
    assert any(item.under_signature for item in items) and any(item.one_page for item in items)


def test_no_correct_document_has_an_error(precision_files):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed here: only the DOCX were checked")  # CI always has it
    warnings: Counter = Counter()
    failures = []
    for path in precision_files:
        findings = check_file(path)
        if any(finding.is_error for finding in findings):
            failures.append(format_findings(findings, path.name))
        warnings.update(f"{finding.rule} · {finding.element}" for finding in findings if not finding.is_error)
    docx_count = sum(1 for path in precision_files if path.suffix == ".docx")
    pdf_count = len(precision_files) - docx_count
    print(f"\nĐộ chính xác: {docx_count} DOCX, {pdf_count} PDF, 0 lỗi mong đợi; cảnh báo theo quy tắc:")
    for rule, count in sorted(warnings.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:4d}  {rule}")
    assert docx_count >= 40 and pdf_count >= 40
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("item", [item for item in corpus() if item.under_signature], ids=lambda item: item.name)
def test_a_line_under_the_signature_is_neither_title_nor_recipient(item):
    layout = read_docx(build(item), item.name)
    found = find_elements(layout)
    texts = [layout.blocks[index].stripped for index in found.beneath]
    assert texts == [item.under_signature]
    assert layout.blocks[found.signer_name].stripped == ISSUERS[item.issuer].person
    assert layout.blocks[found.recipients[-1]].stripped.startswith("- Lưu: VT")
