"""Turn claims for document numbers and Số sổ into rows of the register, one transaction at a time, and back.

One code path for SQLite (one file, the default) and PostgreSQL (an office network): SQLAlchemy Core. Every
writing transaction first takes the register's lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
PostgreSQL), so two clerks issuing at the same moment are served one after the other and never get one number.
A number once written is never deleted nor freed: withdrawing a document marks it void.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, and_, create_engine, event, func, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..core.errors import InputError, Location, Problem, VanbanError
from ..core.legal import form_key
from ..core.register_location import ENVIRONMENT_VARIABLE, register_url
from .tables import certificates, documents

SHARED_SERIES = "chung"
SERIES_MODES = ("theo-loai", "chung")  # [so_dang_ky] danh_so: one series per type, or one shared series
_POSTGRES_LOCK_KEY = 0x56414E42  # "VANB": the advisory lock every writing transaction takes on PostgreSQL
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class RegisterError(VanbanError):
    """The register cannot be opened, created or written (file, server, permissions)."""

    exit_code = 8  # 6 and 7 are the signing commands' (vanban sign, vanban verify)
    heading = "Không dùng được sổ đăng ký văn bản"


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as typed
        return url


def number_text(number: int) -> str:
    """'05', '12': numbers below 10 get their leading zero (Nghị định 30, Điều 15)."""
    return f"{number:02d}"


@dataclass(frozen=True)
class Claim:
    """A document of a session that needs a number: the one typed in dot.toml (``number``) or the next free one."""

    document: str  # its slug in the session: "quyet-dinh-giay-khen", "cong-van-gui-quyet-dinh/truong-a"
    kind: str  # tên loại: "Quyết định", "Công văn"
    symbol: str
    signed_on: date
    number: int | None = None
    key: str = ""  # the dot.toml key where the number is written, for messages
    file: str = "dot.toml"
    summary: str = ""
    signer: str = ""
    recipients: str = ""
    archive: str = ""
    copies: int | None = None


@dataclass(frozen=True)
class Entry:
    """One row of the register."""

    id: int
    issuer: str
    year: int
    series: str
    number: int
    symbol: str
    kind: str
    signed_on: date
    summary: str
    signer: str
    recipients: str
    archive: str
    copies: int | None
    note: str
    session: str
    session_folder: str
    document: str
    files: tuple[str, ...]
    pdf_sha256: str | None
    void: bool
    void_reason: str
    recorded_at: datetime

    @property
    def reference(self) -> str:
        return f"{number_text(self.number)}/{self.symbol}"

    def describe(self) -> str:
        """'Quyết định số 05/QĐ-UBND ngày 20/01/2026 (đợt «vi-du», văn bản quyet-dinh-giay-khen)'."""
        where = f"đợt «{self.session}», văn bản {self.document}" if self.session else "ghi tay vào sổ"
        state = "; số này đã hủy" if self.void else ""
        return (f"{self.kind} số {self.reference} ngày {self.signed_on:%d/%m/%Y} ({where}, "
                f"thư mục {self.session_folder}{state})")


@dataclass(frozen=True)
class CertificateClaim:
    """A certificate of a session: which form, who, and the Số sổ it already has in dot.toml's series, if any."""

    form: str
    name: str
    unit: str
    decision: str  # "05/QĐ-UBND ngày 20/01/2026"
    position: int  # its place in the print order within its form, from 0


@dataclass(frozen=True)
class CertificateEntry:
    issuer: str
    form: str
    number: int
    name: str
    unit: str
    session: str
    session_folder: str
    decision: str


@dataclass
class Claimed:
    """What one issuing transaction returned: the entries of the session's documents, in the claims' order."""

    entries: list[Entry]
    new: list[Entry] = field(default_factory=list)  # entries written by this transaction (not there before)


class Register:
    """The register at one URL; created and migrated to the newest schema on first use."""

    def __init__(self, location: str | Path | None = None) -> None:
        self.url = register_url(location)
        self.engine = self._engine()
        self._migrate()

    # ---------------------------------------------------------------------------------------------- opening

    def _engine(self) -> Engine:
        try:
            if self.url.startswith("sqlite"):
                path = Path(self.url.split("///", 1)[1])
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise RegisterError(f"Không tạo được thư mục của sổ đăng ký «{path.parent}»: {exc.strerror}. "
                                        f"Chọn nơi khác bằng biến môi trường {ENVIRONMENT_VARIABLE} hoặc "
                                        "tùy chọn --so-dang-ky.") from exc
                engine = create_engine(self.url, connect_args={"timeout": 120})

                @event.listens_for(engine, "connect")
                def _no_implicit_transactions(dbapi_connection, _record) -> None:  # noqa: ANN001
                    # pysqlite opens its transactions lazily and deferred; the register wants them explicit.
                    dbapi_connection.isolation_level = None

                @event.listens_for(engine, "begin")
                def _write_lock(connection) -> None:  # noqa: ANN001
                    # IMMEDIATE takes the file's write lock at once: allocation reads and writes under one lock.
                    connection.exec_driver_sql("BEGIN IMMEDIATE")

                return engine
            return create_engine(self.url, pool_pre_ping=True)
        except RegisterError:
            raise
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise RegisterError(f"Địa chỉ sổ đăng ký «{shown_url(self.url)}» không dùng được: {exc}. "
                                "Ghi đường dẫn một tệp (SQLite) hoặc postgresql://người_dùng:mật_khẩu@máy/tên_csdl."
                                ) from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A writing transaction under the register's lock; database failures become a RegisterError."""
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(select(func.pg_advisory_xact_lock(_POSTGRES_LOCK_KEY)))
                yield connection
        except VanbanError:
            raise
        except (DBAPIError, SQLAlchemyError) as exc:
            raise RegisterError(self._failure(exc)) from exc

    def _failure(self, exc: Exception) -> str:
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return (f"Không đọc/ghi được sổ đăng ký «{shown_url(self.url)}»: {detail}. Kiểm tra tệp (quyền ghi, ổ đĩa) "
                "hoặc máy chủ PostgreSQL (địa chỉ, tài khoản), rồi chạy lại; không có số nào được cấp.")

    def _migrate(self) -> None:
        """Bring the register to the newest schema, under the lock so that concurrent first uses do it once."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()
        try:
            with self.engine.connect() as connection:
                if MigrationContext.configure(connection).get_current_revision() == head:
                    return
        except (DBAPIError, SQLAlchemyError) as exc:
            raise RegisterError(self._failure(exc)) from exc
        with self.transaction() as connection:
            if MigrationContext.configure(connection).get_current_revision() != head:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------------------------------------- numbers

    def claim(self, issuer: str, session: str, folder: str, claims: list[Claim], series_mode: str) -> Claimed:
        """Numbers for the documents of one session, in one transaction: all or none.

        A document the register already holds keeps its number (issuing again changes nothing). A number typed by
        hand is recorded when it is free; one held by another document, or voided, is refused naming the holder.
        Other documents get the next number of their series: per issuing body, per calendar year, from 01.
        """
        problems: list[Problem] = []
        result = Claimed([])
        with self.transaction() as connection:
            self._check_series_mode(connection, issuer, claims, series_mode, problems)
            for claim in claims:
                series = SHARED_SERIES if series_mode == SHARED_SERIES else claim.kind
                year = claim.signed_on.year
                held = self._held_by_document(connection, folder, claim.document)
                if held is not None:
                    if claim.number is not None and claim.number != held.number:
                        problems.append(_renumbered(claim, held))
                    result.entries.append(held)
                    continue
                if claim.number is not None:
                    holder = self._holder(connection, issuer, year, series, claim.number)
                    if holder is not None and _moved(holder, session, claim):
                        # The same document of the same session, whose folder was moved or renamed since.
                        connection.execute(update(documents).where(documents.c.id == holder.id).values(
                            session_folder=folder, note=_join_note(holder.note, f"chuyển từ {holder.session_folder}")))
                        result.entries.append(_entry(connection.execute(
                            select(documents).where(documents.c.id == holder.id)).one()))
                        continue
                    if holder is not None:
                        problems.append(_taken(claim, holder))
                        continue
                    number = claim.number
                else:
                    number = self._next_number(connection, issuer, year, series)
                entry = self._insert(connection, issuer, session, folder, claim, series, number)
                result.entries.append(entry)
                result.new.append(entry)
            if problems:  # raising inside the transaction rolls it back: all or none
                raise InputError(f"Không cấp được số cho đợt «{session}»; sổ đăng ký không thay đổi "
                                 f"({len(problems)} lỗi)", problems)
        return result

    def review(self, issuer: str, session: str, folder: str, claims: list[Claim], series_mode: str) -> list[Problem]:
        """What ``claim`` would refuse of the numbers these claims carry, as warnings, writing nothing: ``check`` and
        ``build`` say it before the session is issued (a number typed by hand that another document holds, a
        document the register holds under another number, a series mode other than the year's)."""
        problems: list[Problem] = []
        try:
            with self.engine.connect() as connection:
                self._check_series_mode(connection, issuer, claims, series_mode, problems)
                for claim in claims:
                    if claim.number is None:
                        continue  # a draft: issuing gives it the next number
                    held = self._held_by_document(connection, folder, claim.document)
                    if held is not None:
                        if claim.number != held.number:
                            problems.append(_renumbered(claim, held))
                        continue
                    series = SHARED_SERIES if series_mode == SHARED_SERIES else claim.kind
                    holder = self._holder(connection, issuer, claim.signed_on.year, series, claim.number)
                    if holder is not None and not _moved(holder, session, claim):
                        problems.append(_taken(claim, holder))
        except (DBAPIError, SQLAlchemyError) as exc:
            raise RegisterError(self._failure(exc)) from exc
        return [Problem(problem.location, problem.message, warning=True) for problem in problems]

    def _check_series_mode(self, connection: Connection, issuer: str, claims: list[Claim], mode: str,
                           problems: list[Problem]) -> None:
        """The series mode is the body's choice for a year; a session set otherwise would mix two numberings."""
        for year in sorted({claim.signed_on.year for claim in claims}):
            used = set(connection.execute(select(documents.c.series).distinct().where(
                documents.c.issuer == issuer, documents.c.year == year)).scalars())
            mixed = (mode == SHARED_SERIES and used - {SHARED_SERIES}) or (mode != SHARED_SERIES
                                                                            and SHARED_SERIES in used)
            if mixed:
                before = "một dãy số chung" if SHARED_SERIES in used else "mỗi loại văn bản một dãy số"
                problems.append(Problem(None, (
                    f"mục [so_dang_ky] danh_so = «{mode}»: năm {year} cơ quan «{issuer}» đã đánh số theo {before}; "
                    "trong một năm chỉ theo một cách — sửa danh_so cho giống các đợt trước.")))

    def _held_by_document(self, connection: Connection, folder: str, document: str) -> Entry | None:
        row = connection.execute(select(documents).where(
            documents.c.session_folder == folder, documents.c.document == document,
            documents.c.void.is_(False))).first()
        return _entry(row) if row else None

    def _holder(self, connection: Connection, issuer: str, year: int, series: str, number: int) -> Entry | None:
        row = connection.execute(select(documents).where(
            documents.c.issuer == issuer, documents.c.year == year, documents.c.series == series,
            documents.c.number == number)).first()
        return _entry(row) if row else None

    def _next_number(self, connection: Connection, issuer: str, year: int, series: str) -> int:
        # Voided numbers count: a withdrawn number is never handed out again.
        highest = connection.execute(select(func.max(documents.c.number)).where(
            documents.c.issuer == issuer, documents.c.year == year, documents.c.series == series)).scalar()
        return (highest or 0) + 1

    def _insert(self, connection: Connection, issuer: str, session: str, folder: str, claim: Claim, series: str,
                number: int) -> Entry:
        values = dict(
            issuer=issuer, year=claim.signed_on.year, series=series, number=number, symbol=claim.symbol,
            kind=claim.kind, signed_on=claim.signed_on, summary=claim.summary, signer=claim.signer,
            recipients=claim.recipients, archive=claim.archive, copies=claim.copies, note="", session=session,
            session_folder=folder,
            document=claim.document, files="", pdf_sha256=None, void=False, void_reason="",
            recorded_at=datetime.now().replace(microsecond=0),
        )
        new_id = connection.execute(insert(documents).values(**values)).inserted_primary_key[0]
        return _entry(connection.execute(select(documents).where(documents.c.id == new_id)).one())

    def attach_files(self, folder: str, document: str, files: list[str], pdf_sha256: str | None) -> None:
        """After the rebuild: the file names of an issued document and the SHA-256 of its PDF."""
        with self.transaction() as connection:
            connection.execute(update(documents).where(
                documents.c.session_folder == folder, documents.c.document == document,
                documents.c.void.is_(False)).values(files="\n".join(files), pdf_sha256=pdf_sha256))

    def void(self, issuer: str | None, year: int, number: int, symbol: str | None, reason: str) -> Entry:
        """Withdraw a document: its row is kept, marked void, and its number is never handed out again."""
        with self.transaction() as connection:
            conditions = [documents.c.year == year, documents.c.number == number]
            if issuer:
                conditions.append(documents.c.issuer == issuer)
            if symbol:
                conditions.append(documents.c.symbol == symbol)
            rows = [_entry(row) for row in connection.execute(select(documents).where(and_(*conditions)))]
            if not rows:
                raise InputError(f"Sổ đăng ký không có văn bản số {number_text(number)}"
                                 f"{'/' + symbol if symbol else ''} năm {year} "
                                 f"(xem: vanban register list --nam {year}).")
            if len(rows) > 1:
                listed = "; ".join(f"{row.reference} của {row.issuer}" for row in rows)
                raise InputError(f"Có {len(rows)} văn bản số {number_text(number)} năm {year}: {listed}. "
                                 "Ghi thêm ký hiệu (--ky-hieu) hoặc cơ quan (--co-quan) để chọn một.")
            entry = rows[0]
            if entry.void:
                raise InputError(f"{entry.describe()} đã hủy từ trước; sổ không thay đổi.")
            connection.execute(update(documents).where(documents.c.id == entry.id).values(
                void=True, void_reason=reason))
            return _entry(connection.execute(select(documents).where(documents.c.id == entry.id)).one())

    def entries(self, year: int | None = None, session_folder: str | None = None,
                issuer: str | None = None) -> list[Entry]:
        """The register's rows, in the order of the paper register: by year, then number."""
        conditions = []
        if year is not None:
            conditions.append(documents.c.year == year)
        if session_folder is not None:
            conditions.append(documents.c.session_folder == session_folder)
        if issuer is not None:
            conditions.append(documents.c.issuer == issuer)
        query = select(documents).where(and_(True, *conditions)).order_by(
            documents.c.issuer, documents.c.year, documents.c.series, documents.c.number)
        try:
            with self.engine.connect() as connection:
                return [_entry(row) for row in connection.execute(query)]
        except (DBAPIError, SQLAlchemyError) as exc:
            raise RegisterError(self._failure(exc)) from exc

    # ---------------------------------------------------------------------------------------------- Số sổ

    def claim_certificates(self, issuer: str, session: str, folder: str, claims: list[CertificateClaim],
                           typed_starts: dict[str, int] | None = None) -> dict[str, int]:
        """The first Số sổ of each form for this session: kept when the session already has its certificates in
        the register, else the next after the last one of that form (per issuing body, across sessions), or the
        start typed in dot.toml when that is further on (the office's paper book before its first issued session)."""
        starts: dict[str, int] = {}
        with self.transaction() as connection:
            by_form: dict[str, list[CertificateClaim]] = {}
            for claim in claims:
                by_form.setdefault(form_key(claim.form), []).append(claim)
            for key, group in by_form.items():
                group.sort(key=lambda claim: claim.position)
                existing = connection.execute(select(func.min(certificates.c.number)).where(
                    certificates.c.issuer == issuer, certificates.c.form_key == key,
                    certificates.c.session_folder == folder)).scalar()
                if existing is None:
                    existing = self._moved_certificates(connection, issuer, key, session, folder)
                if existing is not None:
                    starts[group[0].form] = existing
                    continue
                highest = connection.execute(select(func.max(certificates.c.number)).where(
                    certificates.c.issuer == issuer, certificates.c.form_key == key)).scalar()
                start = max((highest or 0) + 1, (typed_starts or {}).get(group[0].form, 1))
                starts[group[0].form] = start
                now = datetime.now().replace(microsecond=0)
                connection.execute(insert(certificates), [dict(
                    issuer=issuer, form=claim.form, form_key=key, number=start + offset, name=claim.name,
                    unit=claim.unit, session=session, session_folder=folder, decision=claim.decision,
                    recorded_at=now) for offset, claim in enumerate(group)])
        return starts

    def _moved_certificates(self, connection: Connection, issuer: str, key: str, session: str,
                            folder: str) -> int | None:
        """The first Số sổ of this session's certificates recorded under its old folder, now gone (moved)."""
        old_folders = connection.execute(select(certificates.c.session_folder).distinct().where(
            certificates.c.issuer == issuer, certificates.c.form_key == key, certificates.c.session == session,
        )).scalars().all()
        gone = [old for old in old_folders if not Path(old).exists()]
        if len(gone) != 1:
            return None
        connection.execute(update(certificates).where(
            certificates.c.issuer == issuer, certificates.c.form_key == key,
            certificates.c.session_folder == gone[0]).values(session_folder=folder))
        return connection.execute(select(func.min(certificates.c.number)).where(
            certificates.c.issuer == issuer, certificates.c.form_key == key,
            certificates.c.session_folder == folder)).scalar()

    def certificate_entries(self, session_folder: str | None = None) -> list[CertificateEntry]:
        query = select(certificates).order_by(certificates.c.issuer, certificates.c.form_key, certificates.c.number)
        if session_folder is not None:
            query = query.where(certificates.c.session_folder == session_folder)
        try:
            with self.engine.connect() as connection:
                return [CertificateEntry(row.issuer, row.form, row.number, row.name, row.unit, row.session,
                                         row.session_folder, row.decision) for row in connection.execute(query)]
        except (DBAPIError, SQLAlchemyError) as exc:
            raise RegisterError(self._failure(exc)) from exc


def _entry(row) -> Entry:  # noqa: ANN001 - a SQLAlchemy Row of documents
    files = tuple(line for line in (row.files or "").split("\n") if line)
    return Entry(row.id, row.issuer, row.year, row.series, row.number, row.symbol, row.kind, row.signed_on,
                 row.summary, row.signer, row.recipients, row.archive, row.copies, row.note, row.session,
                 row.session_folder,
                 row.document, files, row.pdf_sha256, bool(row.void), row.void_reason, row.recorded_at)


def _moved(holder: Entry, session: str, claim: Claim) -> bool:
    """A holder that is this very document, recorded under a session folder that no longer exists."""
    return (not holder.void and holder.session == session and holder.document == claim.document
            and holder.symbol == claim.symbol and not Path(holder.session_folder).exists())


def _join_note(note: str, addition: str) -> str:
    return f"{note}; {addition}" if note else addition


def _renumbered(claim: Claim, held: Entry) -> Problem:
    return _problem(claim, (
        f"{claim.kind} này đã được vào sổ với số {held.reference} ngày {held.signed_on:%d/%m/%Y}, "
        f"nhưng dot.toml ghi số {number_text(claim.number or 0)}. Ghi lại so = {held.number}; "
        "muốn đổi số thì hủy số cũ trước (vanban register void) rồi xóa dòng so để cấp số mới."))


def _taken(claim: Claim, holder: Entry) -> Problem:
    return _problem(claim, (
        f"số {number_text(claim.number or 0)} năm {claim.signed_on.year} đã dùng cho {holder.describe()}. "
        "Xóa dòng so để vanban issue cấp số tiếp theo, hoặc ghi một số chưa dùng (xem: vanban register list)."))


def _problem(claim: Claim, message: str) -> Problem:

    return Problem(Location(claim.file, key=claim.key) if claim.key else None, message)
