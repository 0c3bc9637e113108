"""Opening the history database: read-write, read-only, or in memory.

Opening checks only what is cheap (the header, the schema, the version): a full
check reads every page, which would make a big history slow down every start.
A file damaged enough to fail that check is moved aside and a new database
started (`open_writable`); damage deeper in the file is met later, where a read
or write touches it (`backtimer.history.database`).

Every SQLite error a user can cause becomes one sentence (`as_user_error`):
a folder that cannot be written, a full disk, a database busy for longer than
any wait should last.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import urllib.parse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from backtimer.errors import UserError
from backtimer.history import files, schema

BUSY_TIMEOUT_MS = 10_000
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_UNWRITABLE_CODES = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}
_FULL_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Corrupt(Exception):
    """The file is not a database, or its header or schema is damaged."""


class _Busy(Exception):
    """Another connection holds the lock that setting up this one needs."""

    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


def _primary(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code (extended codes keep it in the low byte)."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_corrupt(error: sqlite3.Error) -> bool:
    code = _primary(error)
    if code is not None:
        return code in _CORRUPT_CODES
    text = str(error)
    return "malformed" in text or "not a database" in text


def is_full(error: sqlite3.Error) -> bool:
    code = _primary(error)
    if code is not None:
        return code == sqlite3.SQLITE_FULL
    return "disk is full" in str(error)


def as_user_error(error: sqlite3.Error, path: Path | None) -> UserError:
    """The one sentence a user reads for an SQLite error; `files.Unwritable` (which
    `open_for_reading` answers by reading) when the history cannot be written."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = _primary(error)
    where = path.parent if path is not None else Path(".")
    if code in _UNWRITABLE_CODES:
        return files.unwritable(where, OSError(0, str(error)))
    if primary == sqlite3.SQLITE_FULL:
        return files.Unwritable(f"The disk holding the history ({where}) is full.", error)
    if primary in _FULL_CODES:  # a failing write
        return files.Unwritable(f"Cannot use the history database in {where} ({error}).", error)
    if primary in _BUSY_CODES:
        return UserError(f"The history database in {where} is busy; try again in a moment.")
    return UserError(f"Cannot use the history database in {where} ({error}).")


def rollback(conn: sqlite3.Connection) -> None:
    """End a transaction that failed, whatever state the connection is in."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


def moved_notice(moved: Path) -> str:
    return (
        f"The history database was damaged, so it was moved aside to {moved.name} "
        "and a new one was started."
    )


def open_writable(path: Path, now: Callable[[], datetime]) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating, migrating, repairing) the database at `path`, with the
    notices for the user: a damaged file is moved aside (named by `now()`) and a
    new one started. Raises UserError when the folder cannot be written
    (`files.Unwritable`) or the database is from a newer backtimer."""
    files.prepare(path)
    try:
        return connect(path), []
    except Corrupt:
        notice = moved_notice(files.move_aside(path, now()))
        return connect_fresh(path), [notice]


def connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate; raises Corrupt for a damaged file.

    Switching to WAL needs the database to itself, and SQLite answers "locked"
    at once, without waiting, when another process is creating or migrating it
    just then (two sessions started together): so that case is retried for as
    long as any other wait on the database would last.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return _connect_once(path)
        except _Busy as busy:
            if time.monotonic() >= deadline:
                raise as_user_error(busy.error, path) from None
            time.sleep(0.05)


def connect_fresh(path: Path) -> sqlite3.Connection:
    """A new database where a damaged one was just moved away."""
    files.prepare(path)
    try:
        return connect(path)
    except Corrupt as error:  # pragma: no cover - a fresh file cannot be damaged
        raise UserError(f"Cannot create a new history database at {path}.") from error


def connect_memory() -> sqlite3.Connection:
    """An empty, migrated database that lives in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    schema.migrate(conn)
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. Without a write-ahead log beside it (no
    connection has the database open), everything is in the database file, which
    `immutable=1` reads alone, creating no side files; with one, `mode=ro` reads
    the log too, or where even that needs to write (a read-only mount),
    `immutable=1` reads what was already copied into the database."""
    conn = None
    error: sqlite3.Error | None = None
    try:
        has_log = path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        has_log = False
    queries = ("mode=ro", "mode=ro&immutable=1") if has_log else ("mode=ro&immutable=1",)
    for query in queries:
        try:
            conn = sqlite3.connect(
                _uri(path, query), uri=True, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            version = schema.user_version(conn)
            break
        except sqlite3.Error as failed:
            error = failed
            if conn is not None:
                conn.close()
                conn = None
    if conn is None:
        assert error is not None
        raise UserError(f"Cannot read the history database {path} ({error}).") from error
    schema.refuse_newer(version)
    if version < schema.latest_version():
        conn.close()
        raise UserError(
            f"The history database {path} is from an older backtimer and cannot be "
            "upgraded where it is; copy it to a writable folder to read it."
        )
    return conn


def _uri(path: Path, query: str) -> str:
    return f"file:{urllib.parse.quote(str(path.absolute()))}?{query}"


def _refuse_newer(path: Path) -> None:
    """Read the schema version through a read-only connection, so a database from
    a newer backtimer is refused byte for byte untouched: a read-write connection
    would switch its journal mode, and its close could checkpoint a WAL into it."""
    try:
        conn = sqlite3.connect(_uri(path, "mode=ro"), uri=True, isolation_level=None)
    except sqlite3.Error:
        return  # cannot even be read this way: the read-write open says why
    try:
        schema.refuse_newer(schema.user_version(conn))
    except sqlite3.Error:
        pass  # damaged, or a WAL that needs writing to read: met below
    finally:
        conn.close()


def _connect_once(path: Path) -> sqlite3.Connection:
    _refuse_newer(path)
    try:
        conn = sqlite3.connect(
            path,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    except sqlite3.Error as error:
        raise as_user_error(error, path) from error
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Cheap on purpose: the header (journal mode, version) and the schema page.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        schema.migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_corrupt(error):
            raise Corrupt(str(error)) from error
        if _primary(error) in _BUSY_CODES:
            raise _Busy(error) from error
        raise as_user_error(error, path) from error
    except BaseException:
        conn.close()
        raise
    return conn


__all__ = [
    "BUSY_TIMEOUT_MS",
    "Corrupt",
    "as_user_error",
    "connect",
    "connect_fresh",
    "connect_memory",
    "connect_read_only",
    "is_corrupt",
    "is_full",
    "moved_notice",
    "open_writable",
    "rollback",
]
