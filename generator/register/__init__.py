"""Turn issued documents into the register of outgoing documents (sổ đăng ký văn bản đi), listed and exported.

``Register`` (store.py) holds the numbers in SQLite or PostgreSQL; ``export_xlsx`` (export.py) lays the register
out like the paper one of Phụ lục IV, Nghị định 30.
"""

from .store import (
                    ENVIRONMENT_VARIABLE,
                    SERIES_MODES,
                    SHARED_SERIES,
                    CertificateClaim,
                    CertificateEntry,
                    Claim,
                    Claimed,
                    Entry,
                    Register,
                    RegisterError,
                    default_location,
                    number_text,
                    register_url,
                    shown_url,
)

__all__ = [
    "ENVIRONMENT_VARIABLE", "SERIES_MODES", "SHARED_SERIES", "CertificateClaim", "CertificateEntry", "Claim",
    "Claimed", "Entry", "Register", "RegisterError", "default_location", "number_text", "register_url", "shown_url",
]
