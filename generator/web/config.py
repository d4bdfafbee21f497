"""Turn environment variables into the web application's settings (data folder, database, queue, secret, limits)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path("vanban-du-lieu")
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024  # an approved list of 3.000 rows is well under 1 MB


@dataclass(frozen=True)
class WebConfig:
    """Everything `vanban serve` and its workers need; workers get the same values through the same variables."""

    data: Path  # offices' session folders, outputs, the SQLite file and the cookie secret live here
    database_url: str
    redis_url: str | None = None  # set: builds go through RQ on Redis (a worker runs `rq worker vanban`)
    secret: str = ""
    max_upload: int = DEFAULT_MAX_UPLOAD
    secure_cookies: bool = False  # True behind HTTPS: the session cookie is never sent in clear
    templates: Path | None = None  # folders of offices' own templates, placed by whoever runs the server

    @property
    def template_folders(self) -> list[str]:
        """Names of the template folders a quản trị may choose for the office (never a path typed in a page)."""
        root = self.templates or self.data / "mau"
        if not root.is_dir():
            return []
        return sorted(entry.name for entry in root.iterdir() if entry.is_dir() and not entry.name.startswith("."))

    def template_folder(self, name: str) -> Path | None:
        return (self.templates or self.data / "mau") / name if name in self.template_folders else None

    @property
    def offices(self) -> Path:
        return self.data / "don-vi"

    def environ(self) -> dict[str, str]:
        """The variables that give a worker process this same configuration."""
        values = {"VANBAN_DATA": str(self.data), "VANBAN_DATABASE_URL": self.database_url,
                  "VANBAN_SECRET": self.secret, "VANBAN_MAX_UPLOAD": str(self.max_upload)}
        if self.redis_url:
            values["VANBAN_REDIS_URL"] = self.redis_url
        return values


def load_config(environ: dict[str, str] | None = None, data: Path | None = None) -> WebConfig:
    """VANBAN_DATA, VANBAN_DATABASE_URL, VANBAN_REDIS_URL, VANBAN_SECRET, VANBAN_MAX_UPLOAD, VANBAN_SECURE_COOKIES,
    VANBAN_TEMPLATES."""
    env = os.environ if environ is None else environ
    folder = Path(data or env.get("VANBAN_DATA") or DEFAULT_DATA).resolve()
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)  # the offices' lists and the accounts: for this server's user only
    database = env.get("VANBAN_DATABASE_URL") or f"sqlite:///{folder / 'vanban.sqlite3'}"
    return WebConfig(data=folder, database_url=database, redis_url=env.get("VANBAN_REDIS_URL") or None,
                     secret=env.get("VANBAN_SECRET") or _saved_secret(folder),
                     max_upload=int(env.get("VANBAN_MAX_UPLOAD") or DEFAULT_MAX_UPLOAD),
                     secure_cookies=env.get("VANBAN_SECURE_COOKIES", "") in ("1", "true", "yes"),
                     templates=Path(env["VANBAN_TEMPLATES"]).resolve() if env.get("VANBAN_TEMPLATES") else None)


def _saved_secret(folder: Path) -> str:
    """One random secret per data folder, kept across restarts so that signed cookies stay valid."""
    path = folder / "bi-mat.txt"
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
