"""Opening the database (history/connection.py) and keeping it usable through
damage (history/database.py), below the Store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from history_helpers import FrozenNow, smash_steps

from backtimer.errors import UserError
from backtimer.history import connection
from backtimer.history.database import Database

_SESSION = (
    "INSERT INTO sessions (id, routine_name, started_at, status)"
    " VALUES (?, 'Morning', '2024-05-01T07:30:00.000Z', 'running')"
)
_STEP = (
    "INSERT INTO steps (session_id, step_index, name, kind, finished_at)"
    " VALUES (?, ?, 'Step', 'hold', '2024-05-01T07:31:00.000Z')"
)


def _ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM sessions ORDER BY id")]


def test_connect_refuses_a_damaged_file_and_leaves_it_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database at all\n" * 400
    path.write_bytes(garbage)
    with pytest.raises(connection.Corrupt):
        connection.connect(path)
    assert path.read_bytes() == garbage  # moving aside is open_writable's to do


def test_open_writable_starts_a_new_database_beside_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"not a database")
    conn, notices = connection.open_writable(path, FrozenNow())
    try:
        assert _ids(conn) == []
        (notice,) = notices
        assert "history.sqlite3.corrupt-20240501T073000" in notice
    finally:
        conn.close()


def test_damage_met_by_a_read_keeps_only_this_processs_sessions(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    conn, _ = connection.open_writable(path, FrozenNow())
    conn.execute(_SESSION, ("another-process",))
    conn.execute(_STEP, ("another-process", 0))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    smash_steps(path)

    told: list[str] = []
    db = Database(connection.connect(path), path, now=FrozenNow(), notify=told.append)
    try:
        db.write(_SESSION, ("mine",), own="mine")  # the sessions table is whole
        assert db.use(_ids) == ["another-process", "mine"]
        steps = db.use(lambda c: c.execute("SELECT count(*) FROM steps").fetchone()[0])
        assert steps == 0  # read again, in the new database
        (notice,) = told
        assert "moved aside" in notice
        assert db.use(_ids) == ["mine"]
        assert path.with_name("history.sqlite3.corrupt-20240501T073000").exists()
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_a_database_in_memory_is_never_recovered() -> None:
    told: list[str] = []
    db = Database(connection.connect_memory(), None, now=FrozenNow(), notify=told.append)

    def damaged(conn: sqlite3.Connection) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(sqlite3.DatabaseError):
        db.use(damaged)
    assert told == []
    db.close()


def test_a_lock_held_while_the_database_is_set_up_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite answers "locked" at once, without its busy wait, when another process
    is creating the database: `connect` tries again."""
    path = tmp_path / "history.sqlite3"
    real = connection._connect_once
    tries: list[int] = []

    def locked_twice(at: Path) -> sqlite3.Connection:
        tries.append(1)
        if len(tries) <= 2:
            error = sqlite3.OperationalError("database is locked")
            error.sqlite_errorcode = sqlite3.SQLITE_LOCKED  # type: ignore[attr-defined]
            raise connection._Busy(error)
        return real(at)

    monkeypatch.setattr(connection, "_connect_once", locked_twice)
    conn = connection.connect(path)
    assert len(tries) == 3
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_lock_held_for_longer_than_any_wait_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def always_locked(at: Path) -> sqlite3.Connection:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_LOCKED  # type: ignore[attr-defined]
        raise connection._Busy(error)

    monkeypatch.setattr(connection, "_connect_once", always_locked)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    with pytest.raises(UserError, match=r"is busy; try again in a moment\.$"):
        connection.connect(tmp_path / "history.sqlite3")


@pytest.mark.parametrize(
    ("code", "text", "corrupt", "full"),
    [
        (sqlite3.SQLITE_CORRUPT, "", True, False),
        (sqlite3.SQLITE_NOTADB, "", True, False),
        (sqlite3.SQLITE_FULL, "", False, True),
        (sqlite3.SQLITE_IOERR, "", False, False),
        (None, "database disk image is malformed", True, False),
        (None, "file is not a database", True, False),
        (None, "database or disk is full", False, True),
        (None, "no such table: steps", False, False),
    ],
)
def test_damage_and_a_full_disk_are_told_apart(
    code: int | None, text: str, corrupt: bool, full: bool
) -> None:
    error = sqlite3.DatabaseError(text)
    if code is not None:
        error.sqlite_errorcode = code | 0x100  # type: ignore[attr-defined] # an extended code
    assert connection.is_corrupt(error) is corrupt
    assert connection.is_full(error) is full
