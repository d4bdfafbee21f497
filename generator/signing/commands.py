"""Turn `vanban sign` and `vanban verify` requests (files or an issued session folder) into signing and reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .errors import SigningError, VerificationFailed
from .keys import KeyMaterial, TokenChoice, from_pkcs11, from_pkcs12
from .sign import MANIFEST, TextBlock, sign_pdf

# Documents with a signature block: the issued decisions and dispatches (certificates are printed and signed on paper).
SIGNED_KINDS = ("quyet-dinh", "cong-van")


def files_to_sign(target: Path) -> list[Path]:
    """A PDF as given, or every decision and dispatch PDF an issued session folder's manifest lists."""
    target = Path(target)
    if target.is_file():
        return [target]
    if not target.is_dir():
        raise SigningError(f"Không thấy {target}.")
    try:
        entries = json.loads((target / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError) as exc:
        raise SigningError(f"{target} không phải thư mục kết quả của vanban build (thiếu hoặc hỏng {MANIFEST}).") \
            from exc
    found = [target / entry["path"] for entry in entries
             if entry.get("format") == "pdf" and entry.get("kind") in SIGNED_KINDS]
    if not found:
        raise SigningError(f"{target / MANIFEST} không liệt kê quyết định hay công văn PDF nào để ký.")
    return found


def open_key(p12: Path | None, token: TokenChoice | None, ask_secret: Callable[[str], str], pss: bool) -> KeyMaterial:
    """The key: a PKCS#12 file or a PKCS#11 token; the password/PIN is asked once, used once, never stored."""
    if (p12 is None) == (token is None):
        raise SigningError("Chọn đúng một nguồn khóa ký: --p12 <tệp .p12/.pfx> hoặc --pkcs11 <thư viện .so/.dll>.")
    if p12 is not None:
        return from_pkcs12(p12, ask_secret(f"Mật khẩu tệp {p12}"), pss)
    return from_pkcs11(token, ask_secret("Mã PIN thiết bị ký"), pss)


def sign_targets(targets: list[Path], role: str, key: KeyMaterial, image: Path | None,
                 text_block: TextBlock | None, seal_diameter_mm: float | None, tsa_url: str | None = None,
                 ltv_roots: list[Path] | None = None) -> list[dict]:
    """Sign every file; stop at the first refusal (the files signed before it stay signed, the rest untouched)."""
    records = []
    files = [path for target in targets for path in files_to_sign(target)]
    for path in files:
        records.append(sign_pdf(path, role, key, image=image, text_block=text_block,
                                seal_diameter_mm=seal_diameter_mm, tsa_url=tsa_url, ltv_roots=ltv_roots))
    return records


def verify_targets(files: list[Path], trust_roots: list[Path], as_json: bool, echo: Callable[[str], None]) -> None:
    from .verify import describe, verify_pdf

    reports = [verify_pdf(path, trust_roots) for path in files]
    if as_json:
        echo(json.dumps([report.as_json() for report in reports] if len(reports) > 1 else reports[0].as_json(),
                        ensure_ascii=False, indent=2))
    else:
        for report in reports:
            for line in describe(report):
                echo(line)
    failed = [report.file for report in reports if not report.ok]
    if failed:
        raise VerificationFailed(f"{len(failed)} tệp không đạt: {', '.join(failed)}")
