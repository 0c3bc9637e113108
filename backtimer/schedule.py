"""A routine's prescription: how often it is to be done, and until when.

`schedule:` in a routine file becomes a `Schedule` (the loader in
backtimer/routine/build.py checks the notation); `backtimer/due.py` compares it with
what the history says was done. It is also written into the status file that
`backtimer status` reads on every shell prompt, so this module imports nothing but
`datetime`: no dataclasses, no typing at run time (each costs milliseconds there).
"""

from __future__ import annotations

from datetime import date

# ISO weekday numbers (Monday 1 … Sunday 7) by every name the format accepts.
WEEKDAYS: dict[str, int] = {
    "mon": 1,
    "monday": 1,
    "tue": 2,
    "tues": 2,
    "tuesday": 2,
    "wed": 3,
    "wednesday": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "thursday": 4,
    "fri": 5,
    "friday": 5,
    "sat": 6,
    "saturday": 6,
    "sun": 7,
    "sunday": 7,
}
SHORT_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = ("daily", "every day")
MAX_PER_DAY = 10


class Schedule:
    """How often a routine is prescribed.

    - `days`: the ISO weekdays (1 = Monday) it is due on, in order; None with
      `per_week` None means every day.
    - `per_week`: on any N days of each ISO week (Monday to Sunday), instead of fixed days.
    - `per_day`: sessions on each of those days (two a day: 2).
    - `at`: (hour, minute) of the day it is meant for, for reminders; None when not said.
    - `until`: the last day of the prescription (say, the review appointment).
    """

    __slots__ = ("at", "days", "per_day", "per_week", "until")

    def __init__(
        self,
        *,
        days: tuple[int, ...] | None = None,
        per_week: int | None = None,
        per_day: int = 1,
        at: tuple[int, int] | None = None,
        until: date | None = None,
    ) -> None:
        if days is not None and per_week is not None:
            raise ValueError("a schedule has fixed days or a number per week, not both")
        self.days = tuple(sorted(set(days))) if days is not None else None
        self.per_week = per_week
        self.per_day = per_day
        self.at = at
        self.until = until

    # -- reading ----------------------------------------------------------------------

    def on_weekday(self, iso_weekday: int) -> bool:
        """Whether a fixed-day or daily schedule prescribes this weekday (always
        True for `per_week`: any day may be one of the N)."""
        return self.days is None or iso_weekday in self.days

    @property
    def every_day(self) -> bool:
        return self.days is None and self.per_week is None

    def active_on(self, day: date) -> bool:
        return self.until is None or day <= self.until

    def describe(self) -> str:
        """The prescription in words, as lists and `show` print it."""
        if self.per_week is not None:
            how = "every day" if self.per_week == 7 else f"{self.per_week} days a week"
        elif self.days is None:
            how = "every day"
        else:
            how = ", ".join(SHORT_NAMES[d - 1].capitalize() for d in self.days)
        if self.per_day > 1:
            how += f", {self.per_day} times a day"
        if self.at is not None:
            how += f", at {self.at_text}"
        if self.until is not None:
            how += f", until {self.until.isoformat()}"
        return how

    @property
    def at_text(self) -> str | None:
        return None if self.at is None else f"{self.at[0]:02d}:{self.at[1]:02d}"

    # -- the status file ----------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        return {
            "days": list(self.days) if self.days is not None else None,
            "per_week": self.per_week,
            "per_day": self.per_day,
            "at": self.at_text,
            "until": self.until.isoformat() if self.until else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Schedule:
        """What `to_dict` wrote; ValueError or TypeError for anything else."""
        days = data.get("days")
        per_week = data.get("per_week")
        per_day = data.get("per_day", 1)
        at = data.get("at")
        until = data.get("until")
        if not isinstance(per_day, int) or not 1 <= per_day <= MAX_PER_DAY:
            raise ValueError("per_day")
        if per_week is not None and (not isinstance(per_week, int) or not 1 <= per_week <= 7):
            raise ValueError("per_week")
        if days is not None and (
            not isinstance(days, list) or not all(isinstance(d, int) and 1 <= d <= 7 for d in days)
        ):
            raise ValueError("days")
        at_pair = None
        if isinstance(at, str):
            hour, _, minute = at.partition(":")
            at_pair = (int(hour), int(minute))
        return cls(
            days=tuple(days) if isinstance(days, list) else None,
            per_week=per_week if isinstance(per_week, int) else None,
            per_day=per_day,
            at=at_pair,
            until=date.fromisoformat(until) if isinstance(until, str) else None,
        )

    # -- value semantics (a hand-made frozen dataclass) -----------------------------

    def _key(self) -> tuple[object, ...]:
        return (self.days, self.per_week, self.per_day, self.at, self.until)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schedule) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Schedule({self.describe()})"

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):
            raise AttributeError(f"Schedule is immutable: cannot set {name}")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[object, ...]:
        # copy and pickle rebuild it through __init__, so it stays immutable.
        return (_rebuild, self._key())


def _rebuild(
    days: tuple[int, ...] | None,
    per_week: int | None,
    per_day: int,
    at: tuple[int, int] | None,
    until: date | None,
) -> Schedule:
    return Schedule(days=days, per_week=per_week, per_day=per_day, at=at, until=until)
