"""Every figure of the report, computed from session rows: pure, no I/O, no charts.

Dates are the person's local dates (`tz` None means the machine's zone); weeks
start on Monday, like the history screen's. The report's period is a range of
local dates, both ends included; its first and last weeks are cut to it.

Decisions (docs/report.md says them to the reader too):

- A session is *done* when it ended with some active time, or completed: the
  history screen's rule. A session quit at the first "get ready" is not exercise.
- The *longest gap* is the longest run of days without a done session, counted
  inside the week (or the whole period for the headline) and never past today.
- *Pain change* compares the mean of the first two weeks of pain answers with
  the mean of the last two weeks, measured from the first and the last answer.
  The two windows must not overlap, so it needs four weeks of answers. It reaches
  the *minimal important change* at 2 points or 30 % (either way).
- A *pain rise* is an answer after the session 2 or more points above the one
  before it, as the end screen says it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from backtimer.engine.types import SessionStatus
from backtimer.history.models import SessionRow, StepRow
from backtimer.report.plan import LevelRecord, Prescription, level_of, no_schedule

PAIN_RISE = 2  # points above the answer before: the end screen's own threshold
MIC_POINTS = 2.0  # the usual minimal important change on a 0-10 scale ...
MIC_PERCENT = 30.0  # ... or this share of where it started
WINDOW_DAYS = 14  # "the first two weeks", "the last two weeks"
_EPS = 1e-9

UNITS = {"reps": "reps", "hold": "holds", "breathe": "cycles", "intervals": "rounds"}


@dataclass(frozen=True)
class Period:
    """Local dates, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends on or after its first day")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def weeks(self) -> list[Period]:
        """Monday-to-Sunday weeks, the first and last cut to this period."""
        weeks = []
        start = self.first
        while start <= self.last:
            sunday = start + timedelta(days=6 - start.weekday())
            weeks.append(Period(start, min(sunday, self.last)))
            start = sunday + timedelta(days=1)
        return weeks

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def weeks_ending(today: date, weeks: int) -> Period:
    """The last `weeks` calendar weeks, this one (up to today) included."""
    if weeks < 1:
        raise ValueError("at least one week")
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(weeks=weeks - 1), today)


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    return moment.astimezone(tz).date()


def is_done(session: SessionRow) -> bool:
    if session.status is SessionStatus.RUNNING:
        return False
    return session.active_seconds > 0 or session.status is SessionStatus.COMPLETED


def longest_gap(days_done: Iterable[date], period: Period, today: date | None = None) -> int:
    """The longest run of days in `period` (up to `today`) without a done session."""
    last = period.last if today is None else min(period.last, today)
    done = set(days_done)
    longest = run = 0
    day = period.first
    while day <= last:
        run = 0 if day in done else run + 1
        longest = max(longest, run)
        day += timedelta(days=1)
    return longest


def mean(values: Iterable[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


# -- adherence ---------------------------------------------------------------------


def adherence_percent(done_of_prescribed: int, prescribed: int | None) -> float | None:
    """The share of the prescribed sessions done, in percent (over 100 when more
    were done); None when nothing was prescribed. A week's and the report's alike."""
    if not prescribed:
        return None
    return 100.0 * done_of_prescribed / prescribed


@dataclass(frozen=True)
class WeekRow:
    period: Period
    done: int  # done sessions of every routine in the report
    prescribed: int | None  # None: no routine in the report has a schedule that week
    done_of_prescribed: int  # sessions that count against the prescriptions, by their rules
    longest_gap: int  # days
    pain_before: float | None  # means of the week's answers
    pain_after: float | None

    @property
    def percent(self) -> float | None:
        return adherence_percent(self.done_of_prescribed, self.prescribed)


def weekly(
    sessions: Sequence[SessionRow],
    period: Period,
    tz: tzinfo | None,
    *,
    routines: Sequence[str] = (),
    prescription: Prescription = no_schedule,
    today: date | None = None,
) -> list[WeekRow]:
    """One row per week of the period. `routines` are those the report covers (for
    their prescriptions): by default, those of the sessions."""
    names = list(routines) or sorted({s.routine_name for s in sessions})
    by_week: dict[date, list[tuple[date, SessionRow]]] = {}
    for session in sessions:
        day = local_date(session.started_at, tz)
        if day in period:
            by_week.setdefault(day - timedelta(days=day.weekday()), []).append((day, session))
    rows = []
    for week in period.weeks():
        monday = week.first - timedelta(days=week.first.weekday())
        dated = by_week.get(monday, [])
        done = [(day, s) for day, s in dated if is_done(s)]
        asked = [
            prescription(
                name, [s for _, s in dated if s.routine_name == name], week.first, week.last
            )
            for name in names
        ]
        known = [a for a in asked if a is not None]
        rows.append(
            WeekRow(
                period=week,
                done=len(done),
                prescribed=sum(a.prescribed for a in known) if known else None,
                done_of_prescribed=sum(a.done for a in known),
                longest_gap=longest_gap((day for day, _ in done), week, today),
                pain_before=mean(s.pain_before for _, s in dated),
                pain_after=mean(s.pain_after for _, s in dated),
            )
        )
    return rows


# -- pain --------------------------------------------------------------------------


@dataclass(frozen=True)
class PainChange:
    """From the mean of the first two weeks of answers to that of the last two."""

    first: float
    last: float
    first_window: Period
    last_window: Period

    @property
    def points(self) -> float:
        return self.last - self.first

    @property
    def percent(self) -> float | None:
        """None when it started at 0 (no share of nothing)."""
        return None if self.first == 0 else 100.0 * self.points / self.first

    @property
    def important(self) -> bool:
        """Reaches the minimal important change (2 points or 30 %), either way."""
        percent = self.percent
        return abs(self.points) >= MIC_POINTS - _EPS or (
            percent is not None and abs(percent) >= MIC_PERCENT - _EPS
        )

    @property
    def direction(self) -> str:
        """ "better", "worse" or "same" (pain down is better)."""
        if abs(self.points) < _EPS:
            return "same"
        return "better" if self.points < 0 else "worse"


def pain_change(
    answers: Sequence[tuple[date, int | None]], window_days: int = WINDOW_DAYS
) -> PainChange | None:
    """`answers`: (local date, score) pairs; None scores are left out. None when the
    answers span less than two windows (they would overlap)."""
    dated = sorted((day, score) for day, score in answers if score is not None)
    if not dated:
        return None
    start, end = dated[0][0], dated[-1][0]
    first = Period(start, start + timedelta(days=window_days - 1))
    last = Period(end - timedelta(days=window_days - 1), end)
    if last.first <= first.last:
        return None
    first_mean = mean(score for day, score in dated if day in first)
    last_mean = mean(score for day, score in dated if day in last)
    assert first_mean is not None and last_mean is not None  # each window holds an end
    return PainChange(first_mean, last_mean, first, last)


def pain_answers(
    sessions: Sequence[SessionRow], tz: tzinfo | None, moment: str
) -> list[tuple[date, int | None]]:
    """`moment`: "before" or "after"."""
    attribute = f"pain_{moment}"
    return [(local_date(s.started_at, tz), getattr(s, attribute)) for s in sessions]


@dataclass(frozen=True)
class PainEvent:
    """A session where pain rose by 2 or more, or that was stopped for pain."""

    session_id: str
    started_at: datetime
    routine: str
    before: int | None
    after: int | None
    rose: bool
    stopped: bool
    exercise: str  # a pain stop: the step it stopped in; a rise: the steps done


def pain_rose(session: SessionRow) -> bool:
    if session.pain_before is None or session.pain_after is None:
        return False
    return session.pain_after - session.pain_before >= PAIN_RISE


def pain_events(sessions: Sequence[SessionRow]) -> list[PainEvent]:
    events = []
    for session in sessions:
        rose = pain_rose(session)
        stopped = session.status is SessionStatus.PAIN_STOP
        if not (rose or stopped):
            continue
        if stopped:
            last = max(session.steps, key=lambda s: (s.finished_at, s.step_index), default=None)
            exercise = last.name if last is not None else ""
        else:
            exercise = ", ".join(s.name for s in session.steps if not s.skipped)
        events.append(
            PainEvent(
                session.id,
                session.started_at,
                session.routine_name,
                session.pain_before,
                session.pain_after,
                rose,
                stopped,
                exercise,
            )
        )
    return events


# -- exercises ---------------------------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    day: date
    before: int
    after: int


@dataclass
class ExerciseRow:
    """One exercise of one routine over the period: prescribed against done."""

    routine: str
    name: str
    kind: str
    sessions: int = 0  # sessions in which it was recorded
    full: int = 0  # ... done in full
    skipped: int = 0
    planned_units: int = 0  # reps, holds, cycles or rounds over all sessions
    done_units: int = 0
    planned_seconds: float = 0.0
    active_seconds: float = 0.0
    first_level: int | None = None
    last_level: int | None = None
    changes: list[LevelChange] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return UNITS.get(self.kind, "reps")


def done_in_full(step: StepRow) -> bool:
    if step.skipped:
        return False
    return not (
        (step.planned_reps and step.done_reps < step.planned_reps)
        or step.done_sets < step.planned_sets
        or len(step.done_sides) < len(step.planned_sides)
    )


def exercises(
    sessions: Sequence[SessionRow],
    tz: tzinfo | None,
    recorded: Mapping[tuple[str, str], Sequence[LevelRecord]] | None = None,
) -> list[ExerciseRow]:
    """In routine order, then the order of the steps. Levels are the reps each step
    was planned with, unless `recorded` (the progression's own decisions, by routine
    and step) holds decisions of the routine: then only the steps it names have a
    level, as recorded."""
    rows: dict[tuple[str, str], ExerciseRow] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    routine_order: dict[str, int] = {}
    for session in sorted(sessions, key=lambda s: s.started_at):
        routine_order.setdefault(session.routine_name, len(routine_order))
        for step in session.steps:
            key = (session.routine_name, step.name)
            row = rows.get(key)
            if row is None:
                row = rows[key] = ExerciseRow(session.routine_name, step.name, step.kind)
            order.setdefault(key, (routine_order[session.routine_name], step.step_index))
            row.sessions += 1
            row.skipped += step.skipped
            row.full += done_in_full(step)
            row.planned_units += step.planned_reps or 0
            row.done_units += step.done_reps
            row.planned_seconds += step.planned_seconds
            row.active_seconds += step.active_seconds
            level = level_of(step)
            if level is None:
                continue
            if row.last_level is not None and level != row.last_level:
                row.changes.append(
                    LevelChange(local_date(session.started_at, tz), row.last_level, level)
                )
            if row.first_level is None:
                row.first_level = level
            row.last_level = level
    # A routine whose sessions have recorded decisions takes its levels from them;
    # one without (sessions from before they were kept, or imported) keeps the
    # planned reps.
    decided = {routine for routine, _ in recorded or {}}
    if recorded is not None:
        for key, row in rows.items():
            if row.routine not in decided:
                continue
            records = recorded.get(key, ())
            row.first_level = records[0].before if records else None
            row.last_level = records[-1].after if records else None
            row.changes = [LevelChange(r.day, r.before, r.after) for r in records if r.moved]
    return [rows[key] for key in sorted(rows, key=lambda k: order[k])]


# -- the headline ------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    done: int
    completed: int
    prescribed: int | None
    done_of_prescribed: int
    longest_gap: int
    pain_before: PainChange | None
    pain_after: PainChange | None
    pain_rises: int
    pain_stops: int
    answers: int  # sessions with at least one pain answer

    @property
    def percent(self) -> float | None:
        return adherence_percent(self.done_of_prescribed, self.prescribed)


def headline(
    sessions: Sequence[SessionRow],
    weeks: Sequence[WeekRow],
    period: Period,
    tz: tzinfo | None,
    today: date | None = None,
) -> Headline:
    done = [s for s in sessions if is_done(s)]
    prescribed = [w.prescribed for w in weeks if w.prescribed is not None]
    return Headline(
        done=len(done),
        completed=sum(1 for s in done if s.status is SessionStatus.COMPLETED),
        prescribed=sum(prescribed) if prescribed else None,
        done_of_prescribed=sum(w.done_of_prescribed for w in weeks),
        longest_gap=longest_gap((local_date(s.started_at, tz) for s in done), period, today),
        pain_before=pain_change(pain_answers(sessions, tz, "before")),
        pain_after=pain_change(pain_answers(sessions, tz, "after")),
        pain_rises=sum(1 for s in sessions if pain_rose(s)),
        pain_stops=sum(1 for s in sessions if s.status is SessionStatus.PAIN_STOP),
        answers=sum(1 for s in sessions if s.pain_before is not None or s.pain_after is not None),
    )
