"""The session history in SQLite: written as a session goes, read by the history screen.

`Store` is what the rest of backtimer holds: the writes of a session as it goes,
resuming and deleting, export and import, and (from `backtimer.history.reads`) the
reads of the history screen, the report and the progression. The jobs underneath
live beside it: opening the file (`backtimer.history.connection`), keeping it
usable through damage and a full disk (`backtimer.history.database`), whether a
session's process still lives (`backtimer.history.liveness`), the export and import
tables (`backtimer.history.exchange`), and rows made models
(`backtimer.history.rows`). Wall-clock time comes from one seam, `Store.now`,
so tests freeze it.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal

from backtimer.engine.types import SessionStatus, StepResult
from backtimer.errors import UserError
from backtimer.history import checks, exchange, files, liveness, schema
from backtimer.history.connection import (
    as_user_error,
    connect_memory,
    connect_read_only,
    open_writable,
    rollback,
)
from backtimer.history.database import RESERVE_NOTICE, Database
from backtimer.history.models import (
    LevelChange,
    SessionRow,
    StepRow,
    format_time,
)
from backtimer.history.reads import Reads
from backtimer.history.rows import SESSION_SELECT

NOTE_LENGTH = checks.NOTE_MAX  # a session note is one line


class SessionRunning(UserError):
    """The session is being recorded by a living process: it cannot be deleted."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(Reads):
    """Open with `Store.open()`; one instance per process is plenty.

    The writes are here, the reads in `Reads` (backtimer/history/reads.py). Every
    write is a single statement, hence its own transaction: a finished step is on
    disk before the next one starts, and a signal handler that finishes the session
    can never land inside a half-done write. WAL and a busy timeout let two running
    sessions (two terminals) write at once.

    `notices` holds one-sentence messages for the user (a damaged database moved
    aside); `take_notices()` hands each out once.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        *,
        now: Callable[[], datetime] = utc_now,
        tz: tzinfo | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> None:
        self.path = path
        self.now = now
        self.tz = tz  # None: the machine's local time zone
        self.notices: list[str] = []
        self.read_only = False  # see open_for_reading
        self._db = Database(conn, path, now=lambda: self.now(), notify=self._notify)
        self.host = socket.gethostname()
        self.boot_id = liveness.boot_id()
        # Called inside each step's transaction, just before COMMIT: a test holds the
        # write open there to kill the process mid-transaction. None in normal use.
        self.before_commit = before_commit

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        tz: tzinfo | None = None,
    ) -> Store:
        """Open (creating, migrating, repairing) the history database.

        Raises UserError when the folder cannot be written.
        """
        if path is None:
            from backtimer import locations

            path = locations.database_path()
        path = Path(path)
        conn, notices = open_writable(path, now)
        store = cls(conn, path, now=now, tz=tz)
        store.notices.extend(notices)
        try:
            store.mark_interrupted()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_for_reading(
        cls,
        path: Path | str | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        tz: tzinfo | None = None,
    ) -> Store:
        """For what only reads (`history --json`, `export`, the history screen): the
        history as `open` gives it or, where it cannot be written (a read-only
        mount, a full disk, a file without write permission), opened read-only,
        with a notice saying so. Any write to such a store is refused."""
        if path is None:
            from backtimer import locations

            path = locations.database_path()
        path = Path(path)
        try:
            return cls.open(path, now=now, tz=tz)
        except files.Unwritable as error:
            reason = error.reason
        store = cls(connect_read_only(path), path, now=now, tz=tz)
        store.read_only = True
        store.notices.append(
            f"The history cannot be written here ({reason}), so it was opened read-only."
        )
        return store

    @classmethod
    def memory(cls, *, now: Callable[[], datetime] = utc_now, tz: tzinfo | None = None) -> Store:
        """An empty store that lives in memory: for a machine with no history yet
        (so that reading commands create no files), and for tests."""
        return cls(connect_memory(), None, now=now, tz=tz)

    def _notify(self, notice: str) -> None:
        self.notices.append(notice)

    def take_notices(self) -> list[str]:
        taken, self.notices = self.notices, []
        return taken

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return schema.user_version(self._db.conn)

    # -- writing a session as it goes ------------------------------------------

    def begin_session(
        self,
        routine_name: str,
        routine_file: str = "",
        routine_hash: str = "",
        started_at: datetime | None = None,
        planned_steps: int | None = None,
    ) -> str:
        """`planned_steps`: how many steps the routine has (None: not known)."""
        session_id = str(uuid.uuid4())
        started = format_time(started_at or self.now())
        self._write(
            "INSERT INTO sessions (id, routine_name, routine_file, routine_hash, started_at,"
            " planned_steps, status, pid, host, boot_id)"
            " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
            (
                session_id,
                routine_name,
                routine_file,
                routine_hash,
                started,
                planned_steps,
                os.getpid(),
                self.host,
                self.boot_id,
            ),
            own=session_id,
        )
        self._db.keep_reserve()
        return session_id

    def record_step(self, session_id: str, result: StepResult) -> None:
        """Store one finished (or skipped) step in one transaction.

        A step recorded twice (the user went back and did it again) keeps the
        latest attempt, unless that attempt was skipped and the earlier one was not.
        """
        self._write(
            """
            INSERT INTO steps (session_id, step_index, name, kind, planned_reps, done_reps,
                planned_sets, done_sets, planned_sides, done_sides, planned_seconds,
                active_seconds, skipped, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, step_index) DO UPDATE SET
                name = excluded.name, kind = excluded.kind,
                planned_reps = excluded.planned_reps, done_reps = excluded.done_reps,
                planned_sets = excluded.planned_sets, done_sets = excluded.done_sets,
                planned_sides = excluded.planned_sides, done_sides = excluded.done_sides,
                planned_seconds = excluded.planned_seconds,
                active_seconds = excluded.active_seconds,
                skipped = excluded.skipped, finished_at = excluded.finished_at
            WHERE excluded.skipped = 0 OR steps.skipped = 1
            """,
            (
                session_id,
                result.step_index,
                result.name,
                str(getattr(result.kind, "value", result.kind)),
                result.planned_reps,
                result.done_reps,
                result.planned_sets,
                result.done_sets,
                " ".join(result.planned_sides),
                " ".join(result.done_sides),
                float(result.planned_seconds),
                float(result.active_seconds),
                int(result.skipped),
                format_time(self.now()),
            ),
            own=session_id,
            slow=True,
        )

    def set_pain(
        self, session_id: str, moment: Literal["before", "after"], score: int | None
    ) -> None:
        if moment not in ("before", "after"):
            raise ValueError(f"pain moment must be 'before' or 'after', not {moment!r}")
        if score is not None and not 0 <= score <= 10:
            raise ValueError(f"pain score must be 0-10, not {score}")
        self._write(
            f"UPDATE sessions SET pain_{moment} = ? WHERE id = ?",
            (score, session_id),
            own=session_id,
        )

    def set_note(self, session_id: str, text: str | None) -> str | None:
        """The person's one-line note on a session (end screen), kept as given
        without line breaks and at most NOTE_LENGTH characters; empty clears it.
        Returns what was stored."""
        printable = "".join(c if c.isprintable() else " " for c in text or "")
        note = " ".join(printable.split())[:NOTE_LENGTH] or None
        self._write("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id), own=session_id)
        return note

    def finish_session(
        self,
        session_id: str,
        status: SessionStatus | str,
        active_seconds: float | None = None,
        paused_seconds: float | None = None,
    ) -> None:
        """Close a session. Without `active_seconds`, the steps' active time is summed."""
        final = SessionStatus(status)
        if final is SessionStatus.RUNNING:
            raise ValueError("a finished session cannot be 'running'")
        self._write(
            """
            UPDATE sessions SET status = ?, ended_at = ?, pid = NULL,
                active_seconds = coalesce(?, (SELECT sum(active_seconds) FROM steps
                                              WHERE session_id = sessions.id), 0),
                paused_seconds = coalesce(?, paused_seconds)
            WHERE id = ?
            """,
            (final.value, format_time(self.now()), active_seconds, paused_seconds, session_id),
            own=session_id,
        )

    def record_level(self, change: LevelChange) -> None:
        """Keep one step's level after a session (a change or a hold, with why)."""
        self._write(
            "INSERT INTO progression_levels (routine_name, step_name, step_index, session_id,"
            " decided_at, day, level_before, level_after, reason, explanation)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change.routine_name,
                change.step_name,
                change.step_index,
                change.session_id,
                format_time(change.decided_at),
                change.day.isoformat(),
                change.level_before,
                change.level_after,
                change.reason,
                change.explanation,
            ),
            own=change.session_id,
        )

    # -- interrupted sessions: found, resumed, deleted -------------------------

    def mark_interrupted(self) -> int:
        """Sessions left 'running' by a process of this machine that no longer
        exists (or ran before the last reboot) become 'interrupted'; returns how many."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT id, pid, boot_id FROM sessions WHERE status = 'running' AND host = ?",
                (self.host,),
            ).fetchall()
        )
        dead = [
            row["id"] for row in rows if liveness.gone(row["pid"], row["boot_id"], self.boot_id)
        ]
        for session_id in dead:
            self._write(
                """
                UPDATE sessions SET status = 'interrupted', pid = NULL,
                    ended_at = coalesce((SELECT max(finished_at) FROM steps
                                         WHERE session_id = sessions.id), started_at),
                    active_seconds = coalesce((SELECT sum(active_seconds) FROM steps
                                               WHERE session_id = sessions.id), 0)
                WHERE id = ? AND status = 'running'
                """,
                (session_id,),
            )
        return len(dead)

    def last_interrupted(
        self, routine_name: str, max_age: timedelta | None = None
    ) -> SessionRow | None:
        """The routine's newest session that has begun (one dated later than now, say
        imported from a wrong clock, is never it), when it was interrupted (and, with
        `max_age`, started no longer ago than that): what `start` may offer to resume,
        at `row.next_step`. Whether it should be offered (its routine unchanged, from
        today) is `backtimer.history.resume`'s to say."""
        now = self.now()
        rows = self._query(
            SESSION_SELECT + " WHERE s.routine_name = ? AND s.started_at <= ?"
            " ORDER BY s.started_at DESC LIMIT 1",
            (routine_name, format_time(now)),
        )
        if not rows or rows[0].status is not SessionStatus.INTERRUPTED:
            return None
        if max_age is not None and now - rows[0].started_at > max_age:
            return None
        return rows[0]

    def claim_resume(self, session_id: str) -> SessionRow | None:
        """Make an interrupted session 'running' again under this process, so the
        resumed part is recorded in the same session; None when it is no longer
        interrupted (another terminal resumed it first, or it was deleted). One
        statement checks and claims, so of two terminals only one gets it."""
        changed = self._write(
            "UPDATE sessions SET status = 'running', ended_at = NULL, pid = ?, host = ?,"
            " boot_id = ?, resume_count = resume_count + 1"
            " WHERE id = ? AND status = 'interrupted'",
            (os.getpid(), self.host, self.boot_id, session_id),
        )
        if not changed:
            return None
        self._db.adopt(session_id)
        self._db.keep_reserve()
        return self.session(session_id)

    def resume_session(self, session_id: str) -> SessionRow:
        """`claim_resume`, refused with a UserError when it cannot be claimed."""
        row = self.claim_resume(session_id)
        if row is None:
            raise UserError("That session cannot be resumed: it is not interrupted any more.")
        return row

    def delete_session(self, session_id: str) -> bool:
        """Delete a session and its steps; False when it was not there.

        A running session (another terminal is recording it, perhaps resumed since
        the question was asked) is refused with `SessionRunning`: the check and the
        delete are one transaction, so no resume can come between them."""

        def delete(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT status FROM sessions WHERE id = ?", (session_id,)
                ).fetchone()
                if row is not None and row[0] == SessionStatus.RUNNING.value:
                    conn.execute("ROLLBACK")
                    return -1
                conn.execute("DELETE FROM steps WHERE session_id = ?", (session_id,))
                gone = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
                conn.execute("COMMIT")
            except BaseException:
                rollback(conn)
                raise
            return gone

        try:
            gone = self._use(delete)
        except sqlite3.DatabaseError as error:
            raise as_user_error(error, self.path) from error
        if gone < 0:
            raise SessionRunning(
                "That session is running in another terminal now; it was not deleted."
            )
        self._db.forget(session_id)
        return gone > 0

    # -- export and import -----------------------------------------------------

    def export_tables(self) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
        """Every session, oldest first, and each session's steps by index, as tuples
        in the order of `columns.SESSION` and `columns.STEP`, each column read through
        its `select` (seconds rounded to the millisecond). Both read in one
        transaction, so a session written meanwhile is in both or neither. The fast
        path for export, which a 10,000-session history makes worth having."""
        return self._use(exchange.read_tables)

    def export_rows(self) -> list[dict[str, Any]]:
        """`export_tables` as dicts, each session with a "steps" list."""
        return exchange.as_dicts(self.export_tables())

    def add_imported(
        self, sessions: Sequence[dict[str, Any]], steps: Mapping[str, Sequence[dict[str, Any]]]
    ) -> tuple[int, int]:
        """Insert already-checked rows in one transaction; a session whose id is
        already here is skipped with its steps. Returns (added, skipped). A session
        without an optional column (one added after the rows were made, such as
        `note`) gets the column's default."""
        try:
            added = self._use(lambda conn: exchange.insert(conn, sessions, steps))
        except sqlite3.DatabaseError as error:  # a full disk, a read-only file
            raise as_user_error(error, self.path) from error
        return added, len(sessions) - added

    # -- internals -------------------------------------------------------------

    def _write(
        self, sql: str, params: Sequence[object], *, own: str | None = None, slow: bool = False
    ) -> int:
        """One statement, its own transaction (`Database.write`). `own`: the session it
        writes. `slow`: a step's write, which calls `before_commit` (when set) inside
        its transaction."""
        if self.read_only:
            raise UserError("The history is open read-only, so nothing was changed.")
        return self._db.write(
            sql, params, own=own, before_commit=self.before_commit if slow else None
        )


__all__ = ["RESERVE_NOTICE", "SessionRow", "SessionStatus", "StepRow", "Store"]
