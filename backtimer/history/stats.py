"""Headline figures from session rows, in the user's local dates.

Pure functions over (start time, active seconds) pairs, so the date arithmetic
(week boundaries, streaks across midnight, time zones) is tested without SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from backtimer.engine.types import SessionStatus
from backtimer.history.models import DayMinutes, Totals

# Which sessions count as exercise: finished ones with some active time (a session
# quit at the first "get ready" is not a day's exercise), and every completed one.
COUNTED = "status != 'running' AND (active_seconds > 0 OR status = 'completed')"


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """`tz` None means the machine's local zone."""
    return moment.astimezone(tz).date()


def local_midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def streak(days: set[date], today: date) -> int:
    """Consecutive days with a session, ending today, or yesterday when today has
    none yet (the streak is not broken before the day is over)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def totals(rows: Sequence[tuple[datetime, float, str]], now: datetime, tz: tzinfo | None) -> Totals:
    today = local_date(now, tz)
    monday = today - timedelta(days=today.weekday())
    week = [(s, a) for s, a, _ in rows if monday <= local_date(s, tz) <= today]
    return Totals(
        week_sessions=len(week),
        week_minutes=sum(a for _, a in week) / 60,
        streak_days=streak({local_date(s, tz) for s, _, _ in rows}, today),
        total_sessions=len(rows),
        total_minutes=sum(a for _, a, _ in rows) / 60,
        completed_sessions=sum(1 for *_, status in rows if status == SessionStatus.COMPLETED),
        pain_stops=sum(1 for *_, status in rows if status == SessionStatus.PAIN_STOP),
    )


def minutes_per_day(
    rows: Sequence[tuple[datetime, float]], first: date, days: int, tz: tzinfo | None
) -> list[DayMinutes]:
    minutes = {first + timedelta(days=i): 0.0 for i in range(days)}
    for started, active in rows:
        day = local_date(started, tz)
        if day in minutes:
            minutes[day] += active / 60
    return [DayMinutes(day, value) for day, value in minutes.items()]
