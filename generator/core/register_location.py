"""Turn the --so-dang-ky option, VANBAN_REGISTER or the default into the register's database URL, without a driver.

Kept apart from the register itself (register/store.py, SQLAlchemy) so that ``check`` and ``build`` can tell
whether there is a register to consult without loading a database library when there is none.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "VANBAN_REGISTER"
DEFAULT_FILE_NAME = "so-dang-ky.sqlite"


def default_location() -> Path:
    """Where the register lives when nothing says otherwise: the user's data folder."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vanban" / DEFAULT_FILE_NAME


def register_url(location: str | Path | None = None) -> str:
    """A database URL from the --so-dang-ky option, else VANBAN_REGISTER, else the default SQLite file.

    A plain path means an SQLite file; ``postgresql://user:password@host/db`` a PostgreSQL server.
    """
    value = str(location) if location else os.environ.get(ENVIRONMENT_VARIABLE) or str(default_location())
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def register_exists(location: str | Path | None = None) -> bool:
    """Whether there is a register to consult: a server named, or an SQLite file already made by ``vanban issue``."""
    url = register_url(location)
    if not url.startswith("sqlite"):
        return True
    return Path(url.split("///", 1)[1]).is_file()
