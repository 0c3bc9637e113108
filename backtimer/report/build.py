"""Everything one report shows, read from the history for one period.

Only sessions that started inside the period are read (and, when asked, of one
routine): nothing from outside the range reaches the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backtimer.history import stats
from backtimer.history.models import SessionRow
from backtimer.history.store import Store
from backtimer.report import figures
from backtimer.report.plan import Prescription, no_schedule, recorded_levels


@dataclass(frozen=True)
class Note:
    day: date
    routine: str
    text: str


@dataclass(frozen=True)
class Report:
    name: str | None
    period: figures.Period
    today: date
    routines: tuple[str, ...]
    sessions: tuple[SessionRow, ...]
    weeks: tuple[figures.WeekRow, ...]
    headline: figures.Headline
    events: tuple[figures.PainEvent, ...]
    exercises: tuple[figures.ExerciseRow, ...]
    notes: tuple[Note, ...]
    tz: tzinfo | None

    def pain_points(self) -> list[tuple[datetime, int | None, int | None]]:
        """Sessions with an answer, as local wall-clock times (for the chart's axis)."""
        return [
            (s.started_at.astimezone(self.tz).replace(tzinfo=None), s.pain_before, s.pain_after)
            for s in self.sessions
            if s.pain_before is not None or s.pain_after is not None
        ]


def build_report(
    store: Store,
    period: figures.Period,
    *,
    routine: str | None = None,
    name: str | None = None,
    today: date | None = None,
    prescription: Prescription = no_schedule,
    scheduled: Sequence[str] = (),
) -> Report:
    """`scheduled`: routines with a prescription, shown (as not done) even when the
    period holds none of their sessions."""
    tz = store.tz
    since = stats.local_midnight(period.first, tz)
    until = stats.local_midnight(period.last + timedelta(days=1), tz)
    sessions = store.sessions_between(since, until, routine)
    today = today or stats.local_date(store.now(), tz)
    names = [s.routine_name for s in sessions] + list(scheduled)
    routines = (routine,) if routine else tuple(dict.fromkeys(names))
    weeks = figures.weekly(
        sessions, period, tz, routines=routines, prescription=prescription, today=today
    )
    notes = tuple(
        Note(stats.local_date(started, tz), routine_name, text)
        for started, routine_name, text in store.notes_between(since, until, routine)
    )
    return Report(
        name=name,
        period=period,
        today=today,
        routines=routines,
        sessions=tuple(sessions),
        weeks=tuple(weeks),
        headline=figures.headline(sessions, weeks, period, tz, today),
        events=tuple(figures.pain_events(sessions)),
        exercises=tuple(figures.exercises(sessions, tz, recorded_levels(store, sessions))),
        notes=notes,
        tz=tz,
    )
