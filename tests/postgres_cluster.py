"""Start a throwaway PostgreSQL cluster from Debian's binaries for the register tests, and stop it afterwards.

As root, PostgreSQL refuses to run: the cluster then belongs to the ``postgres`` system user when there is one
(Debian's package creates it), else to ``nobody``. It listens only on a unix socket in its own temporary folder.
In CI (``CI=true``) a cluster that cannot start fails the run; elsewhere the PostgreSQL half is skipped.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    socket_dir: Path
    port: int
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"postgresql://vanban@/{database}?host={self.socket_dir}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = f"so_{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="vanban", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _unavailable(reason: str):  # noqa: ANN202
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@contextmanager
def start_cluster():
    binaries = _binaries()
    if binaries is None:
        _unavailable("initdb not found (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            owner = pwd.getpwnam("nobody")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", owner.pw_name, "--"]
    os.chmod(base, 0o755)
    data, log, port = base / "data", base / "server.log", _free_port()
    started = False
    try:
        subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "vanban", "--auth=trust",
                        "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                        "-o", f"-p {port} -k {base} -c listen_addresses='' -c max_connections=200 -c fsync=off",
                        "start"], check=True, capture_output=True)
        started = True
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(f"{exc}: {detail.decode(errors='replace')} {text}")
    try:
        yield Server(base, port)
    finally:
        if started:
            subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
