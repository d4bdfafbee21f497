"""Turn the trust-root files the office names (--tin-cay, PEM or DER) into certificates for validation."""

from __future__ import annotations

from pathlib import Path

from .errors import SigningError


def load_trust_roots(paths: list[Path]) -> list:
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise SigningError(f"Không đọc được tệp chứng thư gốc tin cậy {path}: {exc.strerror}") from exc
        try:
            if pem.detect(data):
                roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
            else:
                roots.append(x509.Certificate.load(data))
        except ValueError as exc:
            raise SigningError(f"{path} không phải chứng thư số (PEM hoặc DER).") from exc
    return roots
