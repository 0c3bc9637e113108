"""Where the report meets what was prescribed: the seam for schedules and levels.

Two small functions stand between the history and the report's figures, so that
richer sources join here without touching the figures:

- a `Prescription` says, for one routine and a span of local dates (a week, cut to
  the report's period), how many sessions were prescribed and how many of the
  given sessions count against that (by the schedule's own rules, e.g. at most so
  many a day), or None where the routine has no schedule. `no_schedule` answers
  None for every routine: the report then shows the sessions done without a
  prescribed figure. `from_schedules` answers from routines' `schedule:` through
  the plan's own arithmetic (`backtimer.due`), so the report, the home screen and
  the history never disagree; `schedules_for` finds those schedules in the
  routine files the history names.
- `level_of` says at which progression level a recorded step was planned. The
  history stores what each step planned (reps over all its sets and sides), so
  the level is the reps of one set on one side. Where the history also keeps the
  progression's own decisions (a level per progressing step after each session,
  and why), `recorded_levels` reads them for the report's sessions, and they take
  the place of the planned reps.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, Protocol

from backtimer.errors import UserError
from backtimer.history.models import SessionRow, StepRow

# Kinds whose `planned_reps` count repetitions or holds (a progression's unit);
# breathing cycles and interval rounds are not levels.
LEVELLED_KINDS = frozenset({"reps", "hold"})


@dataclass(frozen=True)
class Prescribed:
    prescribed: int  # sessions the schedule asks for in the span
    done: int  # of the given sessions, those that count against it


class Prescription(Protocol):
    def __call__(
        self, routine: str, sessions: Sequence[SessionRow], first: date, last: date
    ) -> Prescribed | None:
        """`sessions`: the routine's sessions that started from `first` to `last`."""
        ...


def no_schedule(
    routine: str, sessions: Sequence[SessionRow], first: date, last: date
) -> Prescribed | None:
    """No routine carries a prescription: the report shows sessions done only."""
    return None


def from_schedules(
    schedules: Mapping[str, Any],
    tz: tzinfo | None,
    firsts: Mapping[str, date] | None = None,
) -> Prescription:
    """Prescriptions from routines' schedules (routine name -> its `schedule:`),
    counted by the plan's own rules (`backtimer.due`: which statuses count, at most
    `per_day` sessions of credit a day, nothing after `until`). `firsts`: the local
    day each routine's plan began (its first session that counts, in the whole
    history): days before it are not prescribed, as on the home screen."""
    if not schedules:
        return no_schedule
    from backtimer import due  # type: ignore[attr-defined,unused-ignore]

    def prescription(
        routine: str, sessions: Sequence[SessionRow], first: date, last: date
    ) -> Prescribed | None:
        schedule = schedules.get(routine)
        if schedule is None:
            return None
        counted = (s.started_at for s in sessions if s.status.value in due.COUNTS)
        began = (firsts or {}).get(routine)
        begin = max(first, began) if began is not None else first
        week = due.week(schedule, due.day_counts(counted, tz), first, begin, last)
        return Prescribed(prescribed=week.prescribed, done=week.done)

    return prescription


def schedules_for(routine_files: Mapping[str, str]) -> dict[str, Any]:
    """The `schedule:` of each routine (name -> the file the history recorded it
    from) whose file is still there and still carries one; a routine whose file is
    gone, broken or without a schedule has none (the report says so)."""
    from backtimer.routine.load import load_routine

    found: dict[str, Any] = {}
    for name, file in routine_files.items():
        if not file or not Path(file).is_file():
            continue
        with contextlib.suppress(UserError, OSError, ValueError):
            schedule = getattr(load_routine(file), "schedule", None)
            if schedule is not None:
                found[name] = schedule
    return found


@dataclass(frozen=True)
class LevelRecord:
    """A progressing step's level after one session of the report: a change, or a
    hold (before == after) with the reason the person was shown."""

    day: date
    before: int
    after: int
    why: str = ""

    @property
    def moved(self) -> bool:
        return self.after != self.before


def recorded_levels(
    store: object, sessions: Sequence[SessionRow]
) -> dict[tuple[str, str], list[LevelRecord]] | None:
    """(routine, step name) -> its level records from these sessions, oldest first;
    None when the history keeps no progression decisions (then levels come from
    what each step planned)."""
    level_changes = getattr(store, "level_changes", None)
    if level_changes is None:
        return None
    ids = {s.id for s in sessions}
    found: dict[tuple[str, str], list[LevelRecord]] = {}
    for routine in dict.fromkeys(s.routine_name for s in sessions):
        for change in level_changes(routine):
            if change.session_id in ids:
                found.setdefault((change.routine_name, change.step_name), []).append(
                    LevelRecord(
                        change.day, change.level_before, change.level_after, change.explanation
                    )
                )
    return found


def level_of(step: StepRow) -> int | None:
    """Reps (or holds) per set and side that the step was planned with."""
    if step.kind not in LEVELLED_KINDS or not step.planned_reps:
        return None
    blocks = max(1, step.planned_sets) * max(1, len(step.planned_sides))
    return max(1, round(step.planned_reps / blocks))
