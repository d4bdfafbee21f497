"""Turn issued documents into the register of outgoing documents (sổ đăng ký văn bản đi), listed and exported.

``Register`` (store.py) holds the numbers in SQLite or PostgreSQL; ``export_xlsx`` (export.py) lays the register
out like the paper one of Phụ lục IV, Nghị định 30.
"""

from ..core.register_location import ENVIRONMENT_VARIABLE, default_location, register_exists, register_url
from .store import (
                    SERIES_MODES,
                    SHARED_SERIES,
                    CertificateClaim,
                    CertificateEntry,
                    Claim,
                    Claimed,
                    Entry,
                    Register,
                    RegisterError,
                    number_text,
                    shown_url,
)

__all__ = [
    "ENVIRONMENT_VARIABLE", "SERIES_MODES", "SHARED_SERIES", "CertificateClaim", "CertificateEntry", "Claim",
    "Claimed", "Entry", "Register", "RegisterError", "default_location", "number_text", "register_exists",
    "register_url", "shown_url",
]
