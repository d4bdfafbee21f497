"""Turn a part's name into a zip member that is the same in every build: fixed time, file mode and compression.

Word files are zip packages; two builds of the same inputs must give the same bytes, so no member carries the clock.
"""

from __future__ import annotations

import zipfile

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def fixed_member(name: str) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    return member
