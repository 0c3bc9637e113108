"""What the plan asks of today and of each week, against what was done.

Pure date arithmetic over a `Schedule` and the number of sessions that count on
each local day: no clock, no SQLite, no Textual. The home screen, the history
screen, `backtimer status`, `backtimer remind` and the report all ask these
functions, so they never disagree. `backtimer status` imports this module on every
shell prompt, so it uses nothing but `datetime` (no dataclasses, no typing).

The rules, also in docs/routines.md ("What counts, and when"):

- a session counts when it was completed or stopped for pain (`COUNTS`);
- it counts on the local day it started, and a week is Monday to Sunday;
- each day gives at most `per_day` sessions of credit;
- behind: fewer done this week than the plan needed by the end of yesterday.

The stable entry points (also used by `backtimer report`):

    day_counts(starts, tz) -> {date: sessions}
    today(schedule, counts, day, first=None, started=True) -> Today
    week(schedule, counts, monday, first=None, last=None) -> WeekAdherence
    weekly_adherence(schedule, counts, first, last) -> [WeekAdherence, ...]
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from backtimer.schedule import Schedule

# Session statuses that count for the plan (SessionStatus values, backtimer/engine/types.py).
COUNTS = frozenset({"completed", "pain-stop"})

# Today.state
DUE = "due"  # prescribed today, not yet done as often as prescribed
DONE = "done"  # done today as often as prescribed
FREE = "free"  # not prescribed today (another weekday, or the week's count is reached)
ENDED = "ended"  # `until` has passed


class _Value:
    """Equality and repr from __slots__: a frozen dataclass without the import."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Value)
            and type(other) is type(self)
            and self._fields() == other._fields()
        )

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"


class WeekAdherence(_Value):
    """One ISO week: sessions done (credited at most `per_day` a day) of those
    prescribed. `monday` is the week's first day; `label` reads "2026-W49"."""

    __slots__ = ("done", "monday", "prescribed")

    def __init__(self, monday: date, done: int, prescribed: int) -> None:
        self.monday = monday
        self.done = done
        self.prescribed = prescribed

    @property
    def percent(self) -> float | None:
        """Done of prescribed, 0 to 100; None for a week that prescribed nothing."""
        if self.prescribed == 0:
            return None
        return 100.0 * self.done / self.prescribed

    @property
    def label(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"


class Today(_Value):
    """Where a routine stands today.

    `state` is DUE, DONE, FREE or ENDED; `done_today` counts today's sessions,
    `needed_today` how many today asks for (0 when FREE or ENDED); `week` is this
    whole week's adherence; `behind` is True when the week is short of what the
    plan needed by the end of yesterday.
    """

    __slots__ = ("behind", "done_today", "needed_today", "state", "week")

    def __init__(
        self, state: str, done_today: int, needed_today: int, week: WeekAdherence, behind: bool
    ) -> None:
        self.state = state
        self.done_today = done_today
        self.needed_today = needed_today
        self.week = week
        self.behind = behind

    @property
    def due(self) -> bool:
        return self.state == DUE

    def words(self) -> str:
        """'due today, 2 of 5 this week' — the line the home screen and status print."""
        if self.state == ENDED:
            return "plan ended"
        if self.state == DUE:
            first = "due today"
            if self.needed_today > 1:
                first += f" ({self.done_today} of {self.needed_today} done)"
        elif self.state == DONE:
            first = "done today"
        else:
            first = "not due today"
        week = f"{self.week.done} of {self.week.prescribed} this week"
        return f"{first}, {week}" + (", behind" if self.behind else "")


def day_counts(starts: Iterable[datetime], tz: tzinfo | None = None) -> dict[date, int]:
    """Sessions per local day from their (aware) start times; `tz` None is the
    machine's local zone. Only pass sessions whose status is in COUNTS."""
    counts: dict[date, int] = {}
    for moment in starts:
        day = moment.astimezone(tz).date()
        counts[day] = counts.get(day, 0) + 1
    return counts


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week(
    schedule: Schedule,
    counts: Mapping[date, int],
    monday: date,
    first: date | None = None,
    last: date | None = None,
) -> WeekAdherence:
    """The week starting `monday`, counting only days from `first` to `last` (each
    optional) and up to the schedule's `until`."""
    monday = monday_of(monday)
    days = [monday + timedelta(days=i) for i in range(7)]
    days = [d for d in days if _in_plan(schedule, d, first, last)]
    per_day = schedule.per_day
    if schedule.per_week is not None:
        prescribed = per_day * min(schedule.per_week, len(days))
    else:
        prescribed = per_day * sum(1 for d in days if schedule.on_weekday(d.isoweekday()))
    credit = sum(min(counts.get(d, 0), per_day) for d in days)
    return WeekAdherence(monday, min(credit, prescribed), prescribed)


def weekly_adherence(
    schedule: Schedule, counts: Mapping[date, int], first: date, last: date
) -> list[WeekAdherence]:
    """Every ISO week that touches `first`..`last` (inclusive), oldest first; days
    outside the range or after `until` are neither prescribed nor credited."""
    weeks = []
    monday = monday_of(first)
    while monday <= last:
        weeks.append(week(schedule, counts, monday, first, last))
        monday += timedelta(days=7)
    return weeks


def today(
    schedule: Schedule,
    counts: Mapping[date, int],
    day: date,
    first: date | None = None,
    started: bool = True,
) -> Today:
    """Where the routine stands on local day `day`, its whole week counted.

    `first` is the day this person's plan began (their first counted session):
    days before it are neither prescribed nor held against them, so a program begun
    on a Thursday asks four of "five a week" that week. None: in force every day.
    `started` False (nothing done yet, ever): the full week is shown as prescribed,
    and nobody is behind before they have begun.
    """
    this_week = week(schedule, counts, monday_of(day), first=first)
    done_today = counts.get(day, 0)
    behind = started and _behind(schedule, counts, day, this_week, first)
    if not schedule.active_on(day):
        return Today(ENDED, done_today, 0, this_week, False)
    per_day = schedule.per_day
    if schedule.per_week is not None:
        others = this_week.done - min(done_today, per_day)
        prescribed_today = others < this_week.prescribed
    else:
        prescribed_today = schedule.on_weekday(day.isoweekday())
    if not prescribed_today:
        return Today(FREE, done_today, 0, this_week, behind)
    state = DONE if done_today >= per_day else DUE
    return Today(state, done_today, per_day, this_week, behind)


def _behind(
    schedule: Schedule,
    counts: Mapping[date, int],
    day: date,
    this_week: WeekAdherence,
    first: date | None,
) -> bool:
    """Fewer sessions before today than the plan needed by the end of yesterday
    (today's own sessions cannot make up for a day already missed)."""
    monday = monday_of(day)
    before = [monday + timedelta(days=i) for i in range(day.weekday())]
    if first is not None:
        before = [d for d in before if d >= first]
    done = sum(min(counts.get(d, 0), schedule.per_day) for d in before)
    if schedule.per_week is not None:
        # The week's count can no longer be reached at per_day a day, today included.
        left = [monday + timedelta(days=i) for i in range(day.weekday(), 7)]
        still = schedule.per_day * sum(1 for d in left if schedule.active_on(d))
        return done + still < this_week.prescribed
    needed = schedule.per_day * sum(
        1 for d in before if schedule.on_weekday(d.isoweekday()) and schedule.active_on(d)
    )
    return done < needed


def _in_plan(schedule: Schedule, day: date, first: date | None, last: date | None) -> bool:
    if first is not None and day < first:
        return False
    if last is not None and day > last:
        return False
    return schedule.active_on(day)
