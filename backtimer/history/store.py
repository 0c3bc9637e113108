"""The session history in SQLite: written as a session goes, read by the history screen.

`Store` is what the rest of backtimer holds: the writes of a session as it goes,
the reads of the history screen, the report and the progression, export and
import. The jobs underneath live beside it: opening the file
(`backtimer.history.connection`), keeping it usable through damage and a full disk
(`backtimer.history.database`), whether a session's process still lives
(`backtimer.history.liveness`), and the export and import tables
(`backtimer.history.exchange`). Wall-clock time comes from one seam, `Store.now`,
so tests freeze it.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal, TypeVar

from backtimer.engine.types import SessionStatus, StepResult
from backtimer.errors import UserError
from backtimer.history import checks, exchange, files, liveness, schema, stats
from backtimer.history.connection import (
    as_user_error,
    connect_memory,
    connect_read_only,
    open_writable,
    rollback,
)
from backtimer.history.database import RESERVE_NOTICE, Database
from backtimer.history.models import (
    DayMinutes,
    LevelChange,
    PainPoint,
    SessionRow,
    StepRow,
    Totals,
    format_time,
    parse_time,
)

NOTE_LENGTH = checks.NOTE_MAX  # a session note is one line

# A step done in full: every rep, set and side, not skipped (as progression.done_in_full).
_FULL = (
    "NOT t.skipped AND t.done_reps >= coalesce(t.planned_reps, 0)"
    " AND t.done_sets >= t.planned_sets AND length(t.done_sides) >= length(t.planned_sides)"
)

_SESSION_SELECT = f"""
SELECT s.*,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id) AS step_count,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND t.skipped) AS skipped_count,
    (SELECT coalesce(max(t.step_index) + 1, 0) FROM steps t WHERE t.session_id = s.id)
        AS next_step,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND {_FULL}) AS done_count,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND NOT ({_FULL})
        AND (t.done_reps > 0 OR t.done_sets > 0 OR t.done_sides != '')) AS partial_count
FROM sessions s
"""


T = TypeVar("T")


class SessionRunning(UserError):
    """The session is being recorded by a living process: it cannot be deleted."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Open with `Store.open()`; one instance per process is plenty.

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

    # -- writing a session as it goes -----------------------------------------

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

    def notes_between(
        self, since: datetime, until: datetime, routine: str | None = None
    ) -> list[tuple[datetime, str, str]]:
        """(start, routine, note) of the sessions started in [since, until) that
        have a note, oldest first."""
        sql = (
            "SELECT started_at, routine_name, note FROM sessions"
            " WHERE note IS NOT NULL AND started_at >= ? AND started_at < ?"
        )
        params: list[object] = [format_time(since), format_time(until)]
        if routine is not None:
            sql += " AND routine_name = ?"
            params.append(routine)
        rows = self._use(lambda c: c.execute(sql + " ORDER BY started_at, id", params).fetchall())
        return [(parse_time(r[0]), r[1], r[2]) for r in rows]

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
            _SESSION_SELECT + " WHERE s.routine_name = ? AND s.started_at <= ?"
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

    # -- reading ---------------------------------------------------------------

    def sessions(self, limit: int | None = None, offset: int = 0) -> list[SessionRow]:
        """Newest first, without steps."""
        return self._query(
            _SESSION_SELECT + " ORDER BY s.started_at DESC, s.id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )

    def session(self, session_id: str) -> SessionRow | None:
        rows = self._query(_SESSION_SELECT + " WHERE s.id = ?", (session_id,))
        if not rows:
            return None
        steps = self._use(
            lambda c: c.execute(
                "SELECT * FROM steps WHERE session_id = ? ORDER BY step_index", (session_id,)
            ).fetchall()
        )
        return _replace_steps(rows[0], tuple(_step_row(s) for s in steps))

    def sessions_between(
        self, since: datetime, until: datetime, routine: str | None = None
    ) -> list[SessionRow]:
        """Sessions started at or after `since` and before `until` (of one routine,
        when named), oldest first, with their steps: what a report reads, and
        nothing outside its range."""
        where = " WHERE s.started_at >= ? AND s.started_at < ?"
        params: list[object] = [format_time(since), format_time(until)]
        if routine is not None:
            where += " AND s.routine_name = ?"
            params.append(routine)
        rows = self._query(_SESSION_SELECT + where + " ORDER BY s.started_at, s.id", params)
        if not rows:
            return rows
        step_rows = self._use(
            lambda c: c.execute(
                "SELECT t.* FROM steps t JOIN sessions s ON s.id = t.session_id"
                + where
                + " ORDER BY t.session_id, t.step_index",
                params,
            ).fetchall()
        )
        steps: dict[str, list[StepRow]] = {}
        for step in step_rows:
            steps.setdefault(step["session_id"], []).append(_step_row(step))
        return [_replace_steps(row, tuple(steps.get(row.id, ()))) for row in rows]

    def routine_names(self) -> dict[str, str]:
        """Every routine name in the history, with the file of its newest session."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT routine_name, routine_file FROM sessions ORDER BY started_at"
            ).fetchall()
        )
        return {r[0]: r[1] for r in rows}

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

    def count(self) -> int:
        return int(self._use(lambda c: c.execute("SELECT count(*) FROM sessions").fetchone()[0]))

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

    def completed_count(self, routine_name: str) -> int:
        row = self._use(
            lambda c: c.execute(
                "SELECT count(*) FROM sessions WHERE routine_name = ? AND status = 'completed'",
                (routine_name,),
            ).fetchone()
        )
        return int(row[0])

    def plan_starts(
        self, routine_names: Sequence[str], since: datetime | None = None
    ) -> dict[str, list[datetime]]:
        """Start times of the sessions that count for a routine's schedule
        (backtimer.due.COUNTS), by routine name, oldest first, from `since` on."""
        names = list(dict.fromkeys(routine_names))
        found: dict[str, list[datetime]] = {name: [] for name in names}
        if not names:
            return found
        marks = ", ".join("?" for _ in names)
        sql = (
            f"SELECT routine_name, started_at FROM sessions WHERE routine_name IN ({marks})"
            " AND status IN ('completed', 'pain-stop') AND started_at >= ? ORDER BY started_at"
        )
        start = format_time(since) if since is not None else ""
        rows = self._use(lambda c: c.execute(sql, (*names, start)).fetchall())
        for name, started in rows:
            found[name].append(parse_time(started))
        return found

    def plan_firsts(self, routine_names: Sequence[str]) -> dict[str, datetime]:
        """When each routine's first session that counts for its schedule started
        (routines with none are left out): the day its plan began for this person."""
        names = list(dict.fromkeys(routine_names))
        if not names:
            return {}
        marks = ", ".join("?" for _ in names)
        sql = (
            f"SELECT routine_name, min(started_at) FROM sessions WHERE routine_name IN ({marks})"
            " AND status IN ('completed', 'pain-stop') GROUP BY routine_name"
        )
        rows = self._use(lambda c: c.execute(sql, names).fetchall())
        return {name: parse_time(first) for name, first in rows if first}

    def totals(self, now: datetime | None = None) -> Totals:
        rows = self._use(
            lambda c: c.execute(
                "SELECT started_at, active_seconds, status FROM sessions WHERE " + stats.COUNTED
            ).fetchall()
        )
        return stats.totals(
            [(parse_time(r[0]), float(r[1]), r[2]) for r in rows],
            now or self.now(),
            self.tz,
        )

    def minutes_per_day(self, days: int = 30, now: datetime | None = None) -> list[DayMinutes]:
        """The last `days` local days, oldest first, today included, zeros kept."""
        moment = now or self.now()
        first = stats.local_date(moment, self.tz) - timedelta(days=days - 1)
        since = format_time(stats.local_midnight(first, self.tz))
        rows = self._use(
            lambda c: c.execute(
                "SELECT started_at, active_seconds FROM sessions WHERE started_at >= ? AND "
                + stats.COUNTED,
                (since,),
            ).fetchall()
        )
        return stats.minutes_per_day(
            [(parse_time(r[0]), float(r[1])) for r in rows], first, days, self.tz
        )

    def pain_series(self, limit: int = 30) -> list[PainPoint]:
        """The newest `limit` sessions that have a pain score, oldest first."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT id, started_at, pain_before, pain_after FROM sessions"
                " WHERE pain_before IS NOT NULL OR pain_after IS NOT NULL"
                " ORDER BY started_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        )
        return [PainPoint(r[0], parse_time(r[1]), r[2], r[3]) for r in reversed(rows)]

    # -- progression levels ------------------------------------------------------

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

    def level_changes(
        self,
        routine_name: str | None = None,
        *,
        moved_only: bool = False,
        session_id: str | None = None,
    ) -> list[LevelChange]:
        """Every recorded level, oldest first: of one routine, of one session, or all;
        `moved_only` keeps the changes (up or back) and leaves out the holds."""
        where, params = ["1"], []
        if routine_name is not None:
            where.append("routine_name = ?")
            params.append(routine_name)
        if session_id is not None:
            where.append("session_id = ?")
            params.append(session_id)
        if moved_only:
            where.append("level_after != level_before")
        rows = self._use(
            lambda c: c.execute(
                f"SELECT * FROM progression_levels WHERE {' AND '.join(where)} ORDER BY id",
                params,
            ).fetchall()
        )
        return [_level_row(r) for r in rows]

    def latest_levels(self, routine_name: str) -> dict[str, LevelChange]:
        """Each progressing step's latest level in this routine, by step name."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT * FROM progression_levels WHERE id IN (SELECT max(id) FROM"
                " progression_levels WHERE routine_name = ? GROUP BY step_name)",
                (routine_name,),
            ).fetchall()
        )
        return {r["step_name"]: _level_row(r) for r in rows}

    def finished_sessions(
        self, routine_name: str, step_names: Sequence[str] | None = None
    ) -> list[SessionRow]:
        """The routine's finished sessions (not running, not interrupted), oldest
        first, each with its steps (only those named, with `step_names`): what a
        progression is replayed from; a pain stop's steps are all there. The
        listing's step counts are left at 0."""
        finished = "s.routine_name = ? AND s.status NOT IN ('running', 'interrupted')"
        rows = self._query(
            "SELECT s.*, 0 AS step_count, 0 AS skipped_count, 0 AS next_step,"
            " 0 AS done_count, 0 AS partial_count FROM sessions s"
            f" WHERE {finished} ORDER BY s.started_at, s.id",
            (routine_name,),
        )
        names: tuple[str, ...] = tuple(step_names or ())
        # A pain stop keeps all its steps: the last one says where the stop came.
        marks = ", ".join("?" * len(names))
        only = f" AND (t.name IN ({marks}) OR s.status = 'pain-stop')" if names else ""
        steps = self._use(
            lambda c: c.execute(
                "SELECT t.* FROM steps t JOIN sessions s ON s.id = t.session_id"
                f" WHERE {finished}{only}",
                (routine_name, *names),
            ).fetchall()
        )
        by_session: dict[str, list[StepRow]] = {}
        for step in steps:
            by_session.setdefault(step["session_id"], []).append(_step_row(step))
        return [_replace_steps(row, tuple(by_session.get(row.id, ()))) for row in rows]

    def raised_on(self, routine_name: str, step_name: str, day: date) -> bool:
        """Whether this step's level went up on that local date already."""
        row = self._use(
            lambda c: c.execute(
                "SELECT 1 FROM progression_levels WHERE routine_name = ? AND step_name = ?"
                " AND day = ? AND level_after > level_before LIMIT 1",
                (routine_name, step_name, day.isoformat()),
            ).fetchone()
        )
        return row is not None

    # -- import ----------------------------------------------------------------

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

    def _query(self, sql: str, params: Sequence[object]) -> list[SessionRow]:
        rows = self._use(lambda c: c.execute(sql, params).fetchall())
        return [_session_row(r) for r in rows]

    def _use(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._db.use(work)


def _session_row(r: sqlite3.Row) -> SessionRow:
    return SessionRow(
        id=r["id"],
        routine_name=r["routine_name"],
        routine_file=r["routine_file"],
        routine_hash=r["routine_hash"],
        started_at=parse_time(r["started_at"]),
        ended_at=parse_time(r["ended_at"]) if r["ended_at"] else None,
        status=SessionStatus(r["status"]),
        active_seconds=float(r["active_seconds"]),
        paused_seconds=float(r["paused_seconds"]),
        pain_before=r["pain_before"],
        pain_after=r["pain_after"],
        resume_count=int(r["resume_count"]),
        step_count=int(r["step_count"]),
        skipped_count=int(r["skipped_count"]),
        next_step=int(r["next_step"]),
        planned_steps=r["planned_steps"],
        done_count=int(r["done_count"]),
        partial_count=int(r["partial_count"]),
        # a history opened read-only is not migrated: one from before notes has none
        note=r["note"] if "note" in r.keys() else None,  # noqa: SIM118 (a Row: `in` is values)
    )


def _step_row(r: sqlite3.Row) -> StepRow:
    return StepRow(
        step_index=int(r["step_index"]),
        name=r["name"],
        kind=r["kind"],
        planned_reps=r["planned_reps"],
        done_reps=int(r["done_reps"]),
        planned_sets=int(r["planned_sets"]),
        done_sets=int(r["done_sets"]),
        planned_sides=tuple(r["planned_sides"].split()),
        done_sides=tuple(r["done_sides"].split()),
        planned_seconds=float(r["planned_seconds"]),
        active_seconds=float(r["active_seconds"]),
        skipped=bool(r["skipped"]),
        finished_at=parse_time(r["finished_at"]),
    )


def _level_row(r: sqlite3.Row) -> LevelChange:
    return LevelChange(
        routine_name=r["routine_name"],
        step_name=r["step_name"],
        step_index=int(r["step_index"]),
        session_id=r["session_id"],
        decided_at=parse_time(r["decided_at"]),
        day=date.fromisoformat(r["day"]),
        level_before=int(r["level_before"]),
        level_after=int(r["level_after"]),
        reason=r["reason"],
        explanation=r["explanation"],
    )


def _replace_steps(row: SessionRow, steps: tuple[StepRow, ...]) -> SessionRow:
    return replace(row, steps=steps)


__all__ = ["RESERVE_NOTICE", "SessionRow", "SessionStatus", "StepRow", "Store"]
