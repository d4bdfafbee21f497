"""Turn a DOCX or PDF file into findings against Nghị định 30/2020/NĐ-CP: the văn thư's format check, automated.

    from generator.lint import check_file, format_findings
    findings = check_file(Path("quyet-dinh.docx"))
    print(format_findings(findings, "quyet-dinh.docx"))

Readers (docx_reader, pdf_reader) turn a file into one neutral layout; elements names its blocks; rules turns
them into findings; report formats them. Unreadable files raise ``InputError`` with a Vietnamese message.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from .limits import check_file_size, own_document
from .model import ERROR, WARNING, Finding
from .report import counts, findings_json, format_findings

FORMATS = ("docx", "pdf")

__all__ = ["ERROR", "WARNING", "FORMATS", "Finding", "check_bytes", "check_file", "counts", "findings_json",
           "format_findings", "has_errors"]


def check_bytes(data: bytes, fmt: str, name: str, pdf_pages: tuple | list | None = None, own: bool = False,
                ) -> list[Finding]:
    """Findings for a file's content; ``fmt`` is "docx" or "pdf", ``name`` is used in messages; ``pdf_pages``: a
    PDF's pages already read (pdf_reader.read_pages), or a list of its parts in page order (pdf_reader.read_part),
    as lint.background reads a long PDF in two processes;
    ``own``: a document the build has just made, as long as its list (limits.own_document)."""
    if own:
        with own_document():
            return check_bytes(data, fmt, name, pdf_pages)

    # Imported here, not at the top: the readers pull in lxml, pypdfium2 and the font metrics, and the CLI imports
    # this package for `vanban --help` and for commands that never check a file.
    from .rules import check_layout

    fmt = fmt.lower().lstrip(".")
    if fmt == "docx":
        from .docx_reader import read_docx

        layout = read_docx(data, name)
    elif fmt == "pdf":
        from .pdf_reader import read_pdf

        if isinstance(pdf_pages, list):
            layout = read_pdf(data, name, parts=pdf_pages)
        else:
            layout = read_pdf(data, name, pdf_pages)
    else:
        raise InputError(f"{name}: chỉ kiểm tra được tệp .docx và .pdf (đang là «{fmt}»).")
    return check_layout(layout)


def check_file(path: Path) -> list[Finding]:
    """Findings for a .docx or .pdf file on disk (the format is chosen by the file's extension)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "doc":
        raise InputError(f"{path}: tệp .doc (Word 97–2003) không kiểm tra được; hãy mở bằng Word và lưu lại "
                         "thành .docx.")
    if suffix not in FORMATS:
        raise InputError(f"{path}: chỉ kiểm tra được tệp .docx và .pdf.")
    try:
        check_file_size(str(path), path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"Không tìm thấy tệp {path}.") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} là thư mục, không phải tệp .docx hoặc .pdf.") from exc
    except OSError as exc:
        raise InputError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    return check_bytes(data, suffix, path.name)


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding is an error (the CLI exits non-zero then)."""
    return any(finding.severity == ERROR for finding in findings)
