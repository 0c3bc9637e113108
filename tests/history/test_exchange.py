"""The export and import SQL on a bare connection: the exchanged columns, read and
written in the order `columns` declares them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from backtimer.history import columns, exchange
from backtimer.history.connection import connect_memory

# Columns that say where a session is being recorded: of this machine only, never
# exchanged (backtimer.history.liveness).
LOCAL_SESSION_COLUMNS = {"pid", "host", "boot_id", "resume_count"}


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    opened = connect_memory()
    yield opened
    opened.close()


def _session(ident: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": ident,
        "routine_name": "Morning",
        "routine_file": "morning.yaml",
        "routine_hash": "",
        "started_at": f"2024-05-0{ident[-1]}T07:30:00.000Z",
        "ended_at": None,
        "status": "completed",
        "active_seconds": 60.0,
        "paused_seconds": 0.0,
        "pain_before": 2,
        "pain_after": 1,
    }
    row.update(changes)
    return row


def _step(index: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "step_index": index,
        "name": f"Step {index}",
        "kind": "hold",
        "planned_reps": None,
        "done_reps": 0,
        "planned_sets": 1,
        "done_sets": 1,
        "planned_sides": "",
        "done_sides": "",
        "planned_seconds": 30.0,
        "active_seconds": 30.0,
        "skipped": 0,
        "finished_at": "2024-05-01T07:31:00.000Z",
    }
    row.update(changes)
    return row


def _table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_every_column_of_the_tables_is_exchanged_or_known_to_be_local(
    conn: sqlite3.Connection,
) -> None:
    """A migration that adds a column must say whether it leaves the history."""
    sessions = _table_columns(conn, "sessions")
    assert sessions - set(columns.SESSION_NAMES) == LOCAL_SESSION_COLUMNS
    assert set(columns.SESSION_NAMES) <= sessions
    steps = _table_columns(conn, "steps")
    assert steps - set(columns.STEP_NAMES) == {"session_id"}
    assert set(columns.STEP_NAMES) <= steps


def test_tables_are_read_in_the_declared_order_with_seconds_to_the_millisecond(
    conn: sqlite3.Connection,
) -> None:
    exchange.insert(
        conn,
        [_session("s2", started_at="2024-05-02T07:30:00.000Z"), _session("s1")],
        {"s1": [_step(1), _step(0, active_seconds=12.34567)]},
    )
    sessions, steps = exchange.read_tables(conn)
    assert [row[0] for row in sessions] == ["s1", "s2"]  # oldest first
    assert len(sessions[0]) == len(columns.SESSION)
    assert [row[0] for row in steps["s1"]] == [0, 1]  # by index
    step_row = dict(zip(columns.STEP_NAMES, steps["s1"][0], strict=True))
    assert step_row["active_seconds"] == 12.346
    assert "s2" not in steps
    assert not conn.in_transaction  # the read's transaction is over


def test_rows_as_dicts_carry_their_steps(conn: sqlite3.Connection) -> None:
    exchange.insert(conn, [_session("s1"), _session("s2")], {"s1": [_step(0)]})
    first, second = exchange.as_dicts(exchange.read_tables(conn))
    assert list(first) == [*columns.SESSION_NAMES, "steps"]
    assert first["id"] == "s1" and [s["step_index"] for s in first["steps"]] == [0]
    assert second["steps"] == []


def test_an_optional_column_left_out_gets_its_default(conn: sqlite3.Connection) -> None:
    row = _session("s1")
    assert "note" not in row and "planned_steps" not in row
    assert exchange.insert(conn, [row], {}) == 1
    (read,) = exchange.as_dicts(exchange.read_tables(conn))
    assert read["note"] is None and read["planned_steps"] is None


def test_a_known_session_is_skipped_with_its_steps(conn: sqlite3.Connection) -> None:
    exchange.insert(conn, [_session("s1")], {"s1": [_step(0)]})
    again = exchange.insert(conn, [_session("s1", routine_name="Changed")], {"s1": [_step(1)]})
    assert again == 0
    (read,) = exchange.as_dicts(exchange.read_tables(conn))
    assert read["routine_name"] == "Morning" and len(read["steps"]) == 1


def test_a_failing_insert_adds_nothing(conn: sqlite3.Connection) -> None:
    broken = _step(0, name=None)  # the steps' name is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        exchange.insert(conn, [_session("s1"), _session("s2")], {"s2": [broken]})
    assert exchange.read_tables(conn) == ([], {})
    assert not conn.in_transaction
