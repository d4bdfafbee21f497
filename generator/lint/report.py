"""Turn findings into what people and machines read: a Vietnamese text report and JSON."""

from __future__ import annotations

import json

from .model import ERROR, Finding

_LABEL = {ERROR: "LỖI", "canh-bao": "CẢNH BÁO"}


def counts(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for finding in findings if finding.severity == ERROR)
    return errors, len(findings) - errors


def format_findings(findings: list[Finding], file_name: str) -> str:
    """The report of one file, one finding per paragraph: what, where, found, required, reference."""
    errors, warnings = counts(findings)
    if not findings:
        return f"{file_name}: đúng thể thức, không có lỗi nào."
    lines = [f"{file_name}: {errors} lỗi, {warnings} cảnh báo"]
    for finding in findings:
        where = f" ({finding.location})" if finding.location else ""
        lines.append(f"  {_LABEL.get(finding.severity, finding.severity)} · {finding.element}{where}: "
                     f"{finding.message}")
        lines.append(f"      Thấy: {finding.found} — Quy định: {finding.required} — {finding.rule}")
    return "\n".join(lines)


def findings_json(results: dict[str, list[Finding]]) -> str:
    """Findings of several files as JSON (UTF-8, not escaped), with per-file and overall counts.

    {"errors": 1, "warnings": 0, "files": [{"file": "a.docx", "errors": 1, "warnings": 0, "findings": [
        {"element": …, "found": …, "required": …, "rule": …, "severity": "loi" | "canh-bao", "message": …,
         "location": …}]}]}
    """
    files = []
    total_errors = total_warnings = 0
    for name, findings in results.items():
        errors, warnings = counts(findings)
        total_errors += errors
        total_warnings += warnings
        files.append({"file": name, "errors": errors, "warnings": warnings,
                      "findings": [finding.to_dict() for finding in findings]})
    return json.dumps({"errors": total_errors, "warnings": total_warnings, "files": files}, ensure_ascii=False,
                      indent=2)
