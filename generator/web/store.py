"""Turn the web application's records (offices, accounts, sessions, builds) into rows of SQLite or PostgreSQL.

The session folder on disk stays the source of truth for a session's settings and list; the database only knows
which office owns which folder, who may do what, and how each build is going.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = {"chuyen-vien": "chuyên viên", "van-thu": "văn thư", "quan-tri": "quản trị"}
# Who may do what: a chuyên viên prepares sessions; a văn thư also issues numbers and sees the register; a quản trị
# manages accounts and office settings as well.
PERMISSIONS = {
    "chuyen-vien": {"prepare"},
    "van-thu": {"prepare", "issue"},
    "quan-tri": {"prepare", "issue", "admin"},
}
BUILD_STATES = {"cho": "đang chờ", "dang-lap": "đang lập", "xong": "đã lập xong", "loi": "không lập được"}

metadata = sa.MetaData()
offices = sa.Table(
    "offices", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("settings", sa.Text, nullable=False, default="{}"),  # JSON: dot.toml key -> value, entered once
)
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("full_name", sa.String(200), nullable=False, default=""),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
)
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id")),
)
builds = sa.Table(
    "builds", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False),
    sa.Column("state", sa.String(20), nullable=False, default="cho"),
    sa.Column("progress", sa.Integer, nullable=False, default=0),  # percent
    sa.Column("step", sa.String(300), nullable=False, default=""),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("finished", sa.DateTime),
)

_hasher = PasswordHasher()


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@cache
def engine(url: str) -> sa.Engine:
    """One engine per database URL in each process; tables are created on first use."""
    options = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else {}
    made = sa.create_engine(url, future=True, **options)
    if url.startswith("sqlite"):
        @sa.event.listens_for(made, "connect")
        def _wal(connection, _record) -> None:  # noqa: ANN001 - DBAPI connection
            # The server reads progress while a worker process writes it: WAL lets both go on.
            connection.execute("PRAGMA journal_mode=WAL")
    metadata.create_all(made)
    return made


@dataclass(frozen=True)
class User:
    id: int
    office_id: int
    username: str
    full_name: str
    role: str

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, set())

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


class Store:
    """The records of one database; every read of a session or a build is scoped by the caller's office."""

    def __init__(self, url: str) -> None:
        self.db = engine(url)

    # ------------------------------------------------------------------------------------------------ offices, users
    def create_office(self, name: str, settings: dict | None = None) -> int:
        with self.db.begin() as conn:
            return conn.execute(offices.insert().values(
                name=name, settings=json.dumps(settings or {}, ensure_ascii=False))).inserted_primary_key[0]

    def office(self, office_id: int) -> dict:
        with self.db.connect() as conn:
            row = conn.execute(offices.select().where(offices.c.id == office_id)).mappings().one()
        return {"id": row["id"], "name": row["name"], "settings": json.loads(row["settings"] or "{}")}

    def save_office_settings(self, office_id: int, settings: dict) -> None:
        with self.db.begin() as conn:
            conn.execute(offices.update().where(offices.c.id == office_id).values(
                settings=json.dumps(settings, ensure_ascii=False)))

    def has_users(self) -> bool:
        with self.db.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() > 0

    def create_user(self, office_id: int, username: str, password: str, role: str, full_name: str = "") -> int:
        if role not in ROLES:
            raise ValueError(role)
        with self.db.begin() as conn:
            return conn.execute(users.insert().values(
                office_id=office_id, username=username, full_name=full_name, role=role,
                password_hash=_hasher.hash(password))).inserted_primary_key[0]

    def username_taken(self, username: str) -> bool:
        with self.db.connect() as conn:
            return conn.execute(users.select().where(users.c.username == username)).first() is not None

    def authenticate(self, username: str, password: str) -> User | None:
        with self.db.connect() as conn:
            row = conn.execute(users.select().where(users.c.username == username)).mappings().first()
        if row is None:
            _hasher.hash(password)  # the same work as a wrong password: no timing hint that the name exists
            return None
        try:
            _hasher.verify(row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            return None
        return self.user(row["id"])

    def user(self, user_id: int) -> User | None:
        with self.db.connect() as conn:
            row = conn.execute(users.select().where(users.c.id == user_id)).mappings().first()
        if row is None:
            return None
        return User(row["id"], row["office_id"], row["username"], row["full_name"], row["role"])

    def office_users(self, office_id: int) -> list[User]:
        with self.db.connect() as conn:
            rows = conn.execute(users.select().where(users.c.office_id == office_id).order_by(users.c.username))
            return [User(r.id, r.office_id, r.username, r.full_name, r.role) for r in rows]

    # ------------------------------------------------------------------------------------------------ sessions
    def create_session(self, office_id: int, title: str, user_id: int) -> int:
        with self.db.begin() as conn:
            return conn.execute(sessions.insert().values(
                office_id=office_id, title=title, created=now(), created_by=user_id)).inserted_primary_key[0]

    def session(self, office_id: int, session_id: int) -> dict | None:
        """The session only when it belongs to ``office_id``: another office's session does not exist for it."""
        with self.db.connect() as conn:
            row = conn.execute(sessions.select().where(
                sessions.c.id == session_id, sessions.c.office_id == office_id)).mappings().first()
        return dict(row) if row else None

    def office_sessions(self, office_id: int) -> list[dict]:
        with self.db.connect() as conn:
            rows = conn.execute(sessions.select().where(sessions.c.office_id == office_id)
                                .order_by(sessions.c.id.desc())).mappings()
            return [dict(row) for row in rows]

    # ------------------------------------------------------------------------------------------------ builds
    def create_build(self, office_id: int, session_id: int) -> int:
        with self.db.begin() as conn:
            return conn.execute(builds.insert().values(
                office_id=office_id, session_id=session_id, state="cho", progress=0, step="", message="",
                created=now())).inserted_primary_key[0]

    def build(self, build_id: int, office_id: int | None = None) -> dict | None:
        query = builds.select().where(builds.c.id == build_id)
        if office_id is not None:
            query = query.where(builds.c.office_id == office_id)
        with self.db.connect() as conn:
            row = conn.execute(query).mappings().first()
        return dict(row) if row else None

    def latest_build(self, office_id: int, session_id: int) -> dict | None:
        with self.db.connect() as conn:
            row = conn.execute(builds.select().where(builds.c.office_id == office_id,
                                                     builds.c.session_id == session_id)
                               .order_by(builds.c.id.desc()).limit(1)).mappings().first()
        return dict(row) if row else None

    def update_build(self, build_id: int, **values: object) -> None:
        if values.get("state") in ("xong", "loi"):
            values["finished"] = now()
        with self.db.begin() as conn:
            conn.execute(builds.update().where(builds.c.id == build_id).values(**values))


def session_folder(data_offices: Path, office_id: int, session_id: int) -> Path:
    """Folders are named by database ids only: nothing a user typed becomes part of a path."""
    return data_offices / str(int(office_id)) / "dot" / f"dot-{int(session_id)}"


def output_folder(data_offices: Path, office_id: int, session_id: int) -> Path:
    return data_offices / str(int(office_id)) / "ket-qua" / f"dot-{int(session_id)}"
