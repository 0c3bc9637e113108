"""The SQL of export and import: the history's tables as the exchanged columns.

Both directions read the one declaration of the columns (`backtimer.history.columns`):
an export selects each column through its `select`, an import inserts the checked
values into the same columns, so a column added there is exported and imported
without a line here. The JSON and CSV writers and the import's checks live in
`backtimer.history.export`; these functions take an open connection and leave
retrying and recovery to `backtimer.history.database`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from backtimer.history import columns
from backtimer.history.connection import rollback

SESSION_COLUMNS = columns.SESSION_NAMES
STEP_COLUMNS = columns.STEP_NAMES

Tables = tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]

_SESSION_SQL = (
    f"SELECT {', '.join(c.select for c in columns.SESSION)} FROM sessions ORDER BY started_at, id"
)
_STEP_SQL = (
    f"SELECT session_id, {', '.join(c.select for c in columns.STEP)} FROM steps"
    " ORDER BY session_id, step_index"
)
_INSERT_SESSION = (
    f"INSERT OR IGNORE INTO sessions ({', '.join(SESSION_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(SESSION_COLUMNS))})"
)
_INSERT_STEP = (
    f"INSERT INTO steps ({', '.join(('session_id', *STEP_COLUMNS))})"
    f" VALUES ({', '.join('?' * (len(STEP_COLUMNS) + 1))})"
)
# What an import stores for an optional column its rows lack (one added to the
# exports after the rows were made, such as `note`).
_DEFAULTS = {c.name: c.default for c in columns.SESSION if c.default is not columns.REQUIRED}


def read_tables(conn: sqlite3.Connection) -> Tables:
    """Every session, oldest first, and each session's steps by index, as tuples
    in the order of `columns.SESSION` and `columns.STEP`, each column read through
    its `select`. Both read in one transaction, so a session written meanwhile is
    in both or neither."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: the fast path a big history needs
    cursor.execute("BEGIN")
    try:
        step_rows = cursor.execute(_STEP_SQL).fetchall()
        session_rows = cursor.execute(_SESSION_SQL).fetchall()
    finally:
        rollback(conn)  # nothing to keep: ends the read
    by_session: dict[str, list[tuple[Any, ...]]] = {}
    for values in step_rows:
        by_session.setdefault(values[0], []).append(values[1:])
    return session_rows, by_session


def as_dicts(tables: Tables) -> list[dict[str, Any]]:
    """`read_tables`' rows as dicts keyed by column name, each session with a
    "steps" list."""
    session_rows, steps = tables
    return [
        {
            **dict(zip(SESSION_COLUMNS, values, strict=True)),
            "steps": [dict(zip(STEP_COLUMNS, s, strict=True)) for s in steps.get(values[0], [])],
        }
        for values in session_rows
    ]


def insert(
    conn: sqlite3.Connection,
    sessions: Sequence[Mapping[str, Any]],
    steps: Mapping[str, Sequence[Mapping[str, Any]]],
) -> int:
    """Insert already-checked rows in one transaction; a session whose id is
    already there is skipped with its steps. Returns how many were added."""
    added = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for row in sessions:
            cursor = conn.execute(
                _INSERT_SESSION,
                [row[c] if c in row else _DEFAULTS[c] for c in SESSION_COLUMNS],
            )
            if cursor.rowcount == 0:
                continue
            added += 1
            conn.executemany(
                _INSERT_STEP,
                [
                    [row["id"], *(step[c] for c in STEP_COLUMNS)]
                    for step in steps.get(row["id"], ())
                ],
            )
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return added


__all__ = ["SESSION_COLUMNS", "STEP_COLUMNS", "Tables", "as_dicts", "insert", "read_tables"]
