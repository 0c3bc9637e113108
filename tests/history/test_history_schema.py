"""Versioned migrations: from nothing, from an old version, and refusing a newer one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backtimer.errors import UserError
from backtimer.history import schema
from backtimer.history.store import Store


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_shipped_migrations_are_numbered_and_split() -> None:
    found = schema.migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert found[0].name == "0001_initial.sql"
    assert all(schema.statements(m.sql) for m in found)


def test_statement_splitter_keeps_semicolons_inside_strings_and_comments() -> None:
    sql = "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');\n-- trailing\n"
    assert schema.statements(sql) == [
        "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');"
    ]
    with pytest.raises(RuntimeError):
        schema.statements("CREATE TABLE t (x)")


def test_a_new_database_is_migrated_from_version_0(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert schema.user_version(conn) == 0
    assert schema.migrate(conn) == schema.latest_version() >= 2
    assert {"id", "status", "resume_count", "boot_id"} <= _columns(conn, "sessions")
    assert {"session_id", "step_index", "skipped", "finished_at"} <= _columns(conn, "steps")
    assert schema.migrate(conn) == schema.latest_version()  # running again changes nothing


def test_a_version_1_database_upgrades_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert schema.migrate(conn, target=1) == 1
    assert "resume_count" not in _columns(conn, "sessions")
    conn.execute(
        "INSERT INTO sessions (id, routine_name, started_at, status) "
        "VALUES ('old', 'Morning', '2023-01-01T08:00:00.000Z', 'completed')"
    )
    conn.execute(
        "INSERT INTO steps (session_id, step_index, name, kind, finished_at) "
        "VALUES ('old', 0, 'Cat-cow', 'reps', '2023-01-01T08:01:00.000Z')"
    )
    conn.close()

    with Store.open(path) as store:
        assert store.version == schema.latest_version()
        row = store.session("old")
    assert row is not None
    assert row.routine_name == "Morning" and row.resume_count == 0
    assert [s.name for s in row.steps] == ["Cat-cow"]


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    schema.migrate(conn, target=1)
    broken = schema.Migration(2, "0002_broken.sql", "ALTER TABLE sessions ADD COLUMN x;\nNOPE;")
    first = schema.migrations()[0]
    monkeypatch.setattr(schema, "migrations", lambda: (first, broken))
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn)
    assert schema.user_version(conn) == 1
    assert "x" not in _columns(conn, "sessions")  # the first statement was rolled back too


def test_a_database_from_a_newer_backtimer_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(UserError, match="newer backtimer"):
        Store.open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99
    assert not list(tmp_path.glob("*.corrupt-*"))
