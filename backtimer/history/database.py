"""The open history database, kept usable while a session is being recorded.

Every write is a single statement, hence its own transaction: a finished step is on
disk before the next one starts, and a signal handler that finishes the session can
never land inside a half-done write. One lock serialises the process's threads.

Two things would otherwise lose the session being recorded, and both are met here:

- Damage met where a read or write touches it (opening checks only the header and
  schema): the file is moved aside, a new database started with this process's own
  sessions written again, and the work run once more, so the session goes on being
  recorded.
- A disk that fills: the room kept beside the database (`reserve`) is given back
  and the write tried again in it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from backtimer.history import files, reserve
from backtimer.history.connection import (
    as_user_error,
    connect_fresh,
    is_corrupt,
    is_full,
    moved_notice,
    rollback,
)

T = TypeVar("T")
Write = tuple[str, Sequence[object]]

RESERVE_NOTICE = (
    "The disk holding your history is full: this session is still being saved, in room "
    "kept for it. Free some space."
)


class Database:
    """One connection (`conn`) shared by the process's threads.

    `path` None: a database in memory, which has no file to move aside or to keep
    room beside. `now` names a damaged file moved aside; `notify` takes each
    one-sentence notice for the user.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        *,
        now: Callable[[], datetime],
        notify: Callable[[str], None],
    ) -> None:
        self.conn = conn
        self.path = path
        self._now = now
        self._notify = notify
        self._lock = threading.RLock()
        # This process's writes to its own sessions, replayed into a new database
        # when the old one turns out to be damaged.
        self._own: dict[str, list[Write]] = {}

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def use(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the connection. Damage met on the way: the file is moved
        aside, a new database started with this process's sessions written again,
        a notice given, and `work` run once more on the new database."""
        with self._lock:
            try:
                return work(self.conn)
            except sqlite3.DatabaseError as error:
                if self.path is None or not is_corrupt(error):
                    raise
                self.recover()
                return work(self.conn)

    def write(
        self,
        sql: str,
        params: Sequence[object],
        *,
        own: str | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> int:
        """One statement, its own transaction; returns the rows it changed. `own`:
        the session it writes, kept to be written again into a new database should
        this one turn out damaged. `before_commit`: called inside the transaction,
        just before COMMIT. An SQLite error becomes a UserError."""

        def work(conn: sqlite3.Connection) -> int:
            if before_commit is None:
                return conn.execute(sql, params).rowcount
            conn.execute("BEGIN IMMEDIATE")
            try:
                count = conn.execute(sql, params).rowcount
                before_commit()
                conn.execute("COMMIT")
            except BaseException:
                rollback(conn)
                raise
            return count

        try:
            try:
                count = self.use(work)
            except sqlite3.DatabaseError as error:
                if not (is_full(error) and self.path and reserve.release(self.path)):
                    raise
                # The disk filled: the reserve's room holds the rest of this session.
                self._notify(RESERVE_NOTICE)
                count = self.use(work)
        except sqlite3.DatabaseError as error:
            raise as_user_error(error, self.path) from error
        if own is not None:
            self._own.setdefault(own, []).append((sql, tuple(params)))
        return count

    def keep_reserve(self) -> None:
        """Room for the rest of a session just begun (history/reserve.py)."""
        if self.path is not None:
            reserve.ensure(self.path)

    def adopt(self, session_id: str) -> None:
        """Make a session written by an earlier process (one resumed) this process's
        own: as it stands now, it is written again should the database be replaced."""
        self._own[session_id] = self._snapshot(session_id)

    def forget(self, session_id: str) -> None:
        """A deleted session is not written again."""
        self._own.pop(session_id, None)

    def recover(self) -> None:
        """Move the damaged file aside and start a new database holding this
        process's own sessions."""
        assert self.path is not None
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self._notify(moved_notice(files.move_aside(self.path, self._now())))
            self.conn = connect_fresh(self.path)
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for writes in self._own.values():
                    for sql, params in writes:
                        self.conn.execute(sql, params)
                self.conn.execute("COMMIT")
            except BaseException:
                rollback(self.conn)
                raise

    def _snapshot(self, session_id: str) -> list[Write]:
        """A session as it stands, as the INSERTs that would recreate it."""

        def read(conn: sqlite3.Connection) -> list[sqlite3.Row]:
            rows: list[sqlite3.Row] = conn.execute(
                "SELECT * FROM sessions WHERE id = ?", (session_id,)
            ).fetchall()
            return (
                rows
                + conn.execute("SELECT * FROM steps WHERE session_id = ?", (session_id,)).fetchall()
            )

        rows = self.use(read)
        writes: list[Write] = []
        for index, row in enumerate(rows):
            table = "sessions" if index == 0 else "steps"
            names = row.keys()
            marks = ", ".join("?" * len(names))
            writes.append(
                (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", tuple(row))
            )
        return writes


__all__ = ["RESERVE_NOTICE", "Database"]
