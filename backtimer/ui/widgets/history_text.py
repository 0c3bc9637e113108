"""The words and figures of the history screens, as plain functions.

Kept apart from the widgets so that the local-time and rounding rules are tested
without a terminal, and the home screen, the list and the details say the same
thing the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from backtimer.due import WeekAdherence
from backtimer.engine.types import SessionStatus
from backtimer.history.models import DayMinutes, PainPoint, SessionRow, StepRow, Totals
from backtimer.time_text import mmss, rounded_minutes_text

STATUS_WORDS: dict[str, str] = {
    SessionStatus.COMPLETED: "completed",
    SessionStatus.STOPPED: "stopped",
    SessionStatus.PAIN_STOP: "pain stop",
    SessionStatus.INTERRUPTED: "interrupted",
    SessionStatus.RUNNING: "running",
}


def local(moment: datetime, tz: tzinfo | None) -> datetime:
    """History times are UTC; people read them in their own zone (`tz` None: the
    machine's)."""
    return moment.astimezone(tz)


def when_text(
    moment: datetime, tz: tzinfo | None, now: datetime | None = None, *, compact: bool = False
) -> str:
    """ "Wed 08 May 07:30": the weekday helps a person find "last Tuesday"; the
    year shows only when it is not this one. Compact: "08 May 07:30"."""
    shown = local(moment, tz)
    this_year = now is not None and local(now, tz).year == shown.year
    if compact:
        return shown.strftime("%d %b %H:%M" if this_year else "%d %b %Y")
    return shown.strftime("%a %d %b %H:%M" if this_year else "%a %d %b %Y %H:%M")


def clock_time(moment: datetime | None, tz: tzinfo | None) -> str:
    return "–" if moment is None else local(moment, tz).strftime("%H:%M")


def status_text(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def score(value: int | None) -> str:
    return "–" if value is None else str(value)


def pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "–"
    return f"{score(before)} → {score(after)}"


def steps_text(session: SessionRow) -> str:
    """Steps done in full out of the routine's steps, and those partly done:
    "1/6 +2 part". Sessions recorded before the routine's step count was kept
    count the steps they recorded."""
    planned = session.planned_steps if session.planned_steps is not None else session.step_count
    text = f"{session.done_count}/{planned}"
    if session.partial_count:
        text += f" +{session.partial_count} part"
    return text


def session_cells(
    session: SessionRow, tz: tzinfo | None, now: datetime | None = None
) -> tuple[str, ...]:
    """One row of the session list, in the order of `SESSION_COLUMNS`."""
    return (
        when_text(session.started_at, tz, now),
        session.routine_name,
        rounded_minutes_text(session.active_seconds),
        status_text(session.status.value),
        steps_text(session),
        pain_text(session.pain_before, session.pain_after),
    )


SESSION_COLUMNS = ("When", "Routine", "Active", "Status", "Steps", "Pain")

# Under 80 columns: no weekday, no steps (the details have them), short names.
COMPACT_COLUMNS = ("When", "Routine", "Active", "Status", "Pain")
COMPACT_NAME = 13


def compact_cells(
    session: SessionRow, tz: tzinfo | None, now: datetime | None = None
) -> tuple[str, ...]:
    """One row of the session list for a narrow terminal (`COMPACT_COLUMNS`)."""
    return (
        when_text(session.started_at, tz, now, compact=True),
        shorten(session.routine_name, COMPACT_NAME),
        rounded_minutes_text(session.active_seconds),
        status_text(session.status.value),
        pain_text(session.pain_before, session.pain_after),
    )


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def count_text(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def totals_lines(totals: Totals) -> tuple[str, str]:
    """Two lines: this week and the streak, then all time."""
    streak = count_text(totals.streak_days, "day")
    week = (
        f"This week: {count_text(totals.week_sessions, 'session')}, "
        f"{rounded_minutes_text(totals.week_minutes * 60)}   ·   Streak: {streak}"
    )
    every = (
        f"All time: {count_text(totals.total_sessions, 'session')}, "
        f"{rounded_minutes_text(totals.total_minutes * 60)}"
    )
    if totals.pain_stops:
        every += f"   ·   {count_text(totals.pain_stops, 'pain stop')}"
    return week, every


def plan_line(weeks: Sequence[tuple[str, WeekAdherence, WeekAdherence]]) -> str:
    """Adherence to the scheduled routines, beside the streak: for each, this week
    and last week as done of prescribed (sessions the schedule asked for)."""
    parts = []
    for name, this_week, last_week in weeks:
        text = f"{name} {this_week.done} of {this_week.prescribed} this week"
        if last_week.prescribed:
            percent = round(100 * last_week.done / last_week.prescribed)
            text += f", last week {last_week.done} of {last_week.prescribed} ({percent} %)"
        parts.append(text)
    return "Plan: " + "   ·   ".join(parts) if parts else ""


def minutes_series(days: Sequence[DayMinutes]) -> list[float]:
    return [day.minutes for day in days]


def minutes_caption(days: Sequence[DayMinutes]) -> str:
    """What the bars cannot say, in words (most important first: a narrow chart
    cuts the end off)."""
    if not days or not any(day.minutes for day in days):
        return "no exercise in these days"
    most = max(day.minutes for day in days)
    active = sum(1 for day in days if day.minutes > 0)
    return (
        f"today {rounded_minutes_text(days[-1].minutes * 60)} · "
        f"most in a day {rounded_minutes_text(most * 60)} · "
        f"exercise on {active} of {len(days)} days"
    )


def pain_pairs(points: Sequence[PainPoint]) -> list[PainPoint]:
    """The sessions with both a before and an after score: the ones the pain chart
    can compare."""
    return [p for p in points if p.before is not None and p.after is not None]


def pain_caption(points: Sequence[PainPoint]) -> str:
    """The latest session's pain before → after, then the average over the
    sessions shown: did the sessions help?"""
    pairs = pain_pairs(points)
    if not pairs:
        return "no pain scores before and after yet"
    latest = pairs[-1]
    text = f"latest session: {latest.before} → {latest.after}"
    if len(pairs) > 1:
        before_avg = sum(p.before or 0 for p in pairs) / len(pairs)
        after_avg = sum(p.after or 0 for p in pairs) / len(pairs)
        text += f" · average of {len(pairs)}: {before_avg:.1f} → {after_avg:.1f}"
    return text


# -- one session's steps -------------------------------------------------------

STEP_COLUMNS = ("#", "Exercise", "Result", "Reps", "Sets", "Sides", "Time")
COMPACT_STEP_COLUMNS = ("Exercise", "Result", "Reps", "Sets", "Sides", "Time")
SIDE_LETTERS = {"left": "L", "right": "R"}


def _of(done: int, planned: int | None, sep: str = " / ") -> str:
    if not planned:
        return "–" if not done else str(done)
    return f"{done}{sep}{planned}"


def sides_text(done: Sequence[str], planned: Sequence[str], *, compact: bool = False) -> str:
    def say(sides: Sequence[str]) -> str:
        if compact:
            return " ".join(SIDE_LETTERS.get(side, side) for side in sides)
        return " ".join(sides)

    if not planned:
        return "–"
    if tuple(done) == tuple(planned):
        return say(planned)
    return (say(done) or "–") + ("/" if compact else " / ") + say(planned)


def step_outcome(step: StepRow) -> str:
    partly = (
        (step.planned_reps and step.done_reps < step.planned_reps)
        or step.done_sets < step.planned_sets
        or len(step.done_sides) < len(step.planned_sides)
    )
    some = step.done_reps or step.done_sets or step.done_sides
    if step.skipped:
        return "partly" if some else "skipped"
    if partly and not some:
        return "not started"  # a stop before it began (a pain stop at the start)
    return "partly" if partly else "done"


def step_cells(step: StepRow, *, compact: bool = False) -> tuple[str, ...]:
    """Planned against done for one step, in the order of `STEP_COLUMNS` (or
    `COMPACT_STEP_COLUMNS`: no number, short names, sides as L and R)."""
    sep = "/" if compact else " / "
    cells = (
        shorten(step.name, COMPACT_NAME) if compact else step.name,
        step_outcome(step),
        _of(step.done_reps, step.planned_reps, sep),
        _of(step.done_sets, step.planned_sets, sep),
        sides_text(step.done_sides, step.planned_sides, compact=compact),
        f"{mmss(step.active_seconds)}{sep}{mmss(step.planned_seconds)}",
    )
    return cells if compact else (str(step.step_index + 1), *cells)


def session_facts(session: SessionRow, tz: tzinfo | None) -> list[tuple[str, str]]:
    """(label, value) rows heading a session's details; the status is in the
    title bar."""
    when = when_text(session.started_at, tz)
    ended = session.ended_at
    if ended is not None:
        same_day = local(ended, tz).date() == local(session.started_at, tz).date()
        when += " – " + (clock_time(ended, tz) if same_day else when_text(ended, tz))
    active = rounded_minutes_text(session.active_seconds)
    if session.paused_seconds >= 1:
        active += f"  (paused {rounded_minutes_text(session.paused_seconds)})"
    steps = steps_text(session)
    if session.step_count or session.planned_steps:
        planned = session.planned_steps if session.planned_steps is not None else session.step_count
        steps = f"{session.done_count} of {planned} done in full"
        if session.partial_count:
            steps += f", {session.partial_count} partly"
    facts = [
        ("When", when),
        ("Active", active),
        ("Steps", steps),
        ("Pain", pain_text(session.pain_before, session.pain_after) + "  (before → after, 0–10)"),
    ]
    if session.resume_count:
        facts.append(("Resumed", count_text(session.resume_count, "time")))
    if session.routine_file:
        facts.append(("File", session.routine_file))
    if session.note:
        facts.append(("Note", session.note))
    return facts
