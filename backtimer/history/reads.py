"""What the history screen, the report, the schedules and the progression read.

`Reads` is mixed into `Store`, which gives it the open database (`_db`), the clock
(`now`) and the time zone (`tz`); each read is one or two queries, run through
`Database.use`, so damage met on the way is recovered from like any other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import TypeVar

from backtimer.history import stats
from backtimer.history.database import Database
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
from backtimer.history.rows import SESSION_SELECT, level_row, session_row, step_row, with_steps

T = TypeVar("T")


class Reads:
    """The store's reads (see `Store`)."""

    _db: Database
    now: Callable[[], datetime]
    tz: tzinfo | None

    def sessions(self, limit: int | None = None, offset: int = 0) -> list[SessionRow]:
        """Newest first, without steps."""
        return self._query(
            SESSION_SELECT + " ORDER BY s.started_at DESC, s.id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )

    def session(self, session_id: str) -> SessionRow | None:
        rows = self._query(SESSION_SELECT + " WHERE s.id = ?", (session_id,))
        if not rows:
            return None
        steps = self._use(
            lambda c: c.execute(
                "SELECT * FROM steps WHERE session_id = ? ORDER BY step_index", (session_id,)
            ).fetchall()
        )
        return with_steps(rows[0], tuple(step_row(s) for s in steps))

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
        rows = self._query(SESSION_SELECT + where + " ORDER BY s.started_at, s.id", params)
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
            steps.setdefault(step["session_id"], []).append(step_row(step))
        return [with_steps(row, tuple(steps.get(row.id, ()))) for row in rows]

    def routine_names(self) -> dict[str, str]:
        """Every routine name in the history, with the file of its newest session."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT routine_name, routine_file FROM sessions ORDER BY started_at"
            ).fetchall()
        )
        return {r[0]: r[1] for r in rows}

    def count(self) -> int:
        return int(self._use(lambda c: c.execute("SELECT count(*) FROM sessions").fetchone()[0]))

    def completed_count(self, routine_name: str) -> int:
        row = self._use(
            lambda c: c.execute(
                "SELECT count(*) FROM sessions WHERE routine_name = ? AND status = 'completed'",
                (routine_name,),
            ).fetchone()
        )
        return int(row[0])

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
        return [level_row(r) for r in rows]

    def latest_levels(self, routine_name: str) -> dict[str, LevelChange]:
        """Each progressing step's latest level in this routine, by step name."""
        rows = self._use(
            lambda c: c.execute(
                "SELECT * FROM progression_levels WHERE id IN (SELECT max(id) FROM"
                " progression_levels WHERE routine_name = ? GROUP BY step_name)",
                (routine_name,),
            ).fetchall()
        )
        return {r["step_name"]: level_row(r) for r in rows}

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
            by_session.setdefault(step["session_id"], []).append(step_row(step))
        return [with_steps(row, tuple(by_session.get(row.id, ()))) for row in rows]

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

    def _query(self, sql: str, params: Sequence[object]) -> list[SessionRow]:
        rows = self._use(lambda c: c.execute(sql, params).fetchall())
        return [session_row(r) for r in rows]

    def _use(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return self._db.use(work)


__all__ = ["Reads"]
