"""Where the report meets what was prescribed: the seam for schedules and levels.

Two small functions stand between the history and the report's figures, so that
richer sources can be joined here without touching the figures:

- a `Prescription` says how many sessions of a routine were prescribed between
  two local dates (inclusive), or None where the routine has no schedule. Until
  routines carry a schedule, `no_schedule` answers None for every routine, and
  the report shows the sessions done without a prescribed figure.
- `level_of` says at which progression level a recorded step was planned. The
  history stores what each step planned (reps over all its sets and sides), so
  the level is the reps of one set on one side.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from backtimer.history.models import StepRow

# Kinds whose `planned_reps` count repetitions or holds (a progression's unit);
# breathing cycles and interval rounds are not levels.
LEVELLED_KINDS = frozenset({"reps", "hold"})


class Prescription(Protocol):
    def __call__(self, routine: str, first: date, last: date) -> int | None:
        """Sessions of `routine` prescribed from `first` to `last`, or None."""
        ...


def no_schedule(routine: str, first: date, last: date) -> int | None:
    """No routine carries a prescription: the report shows sessions done only."""
    return None


def level_of(step: StepRow) -> int | None:
    """Reps (or holds) per set and side that the step was planned with."""
    if step.kind not in LEVELLED_KINDS or not step.planned_reps:
        return None
    blocks = max(1, step.planned_sets) * max(1, len(step.planned_sides))
    return max(1, round(step.planned_reps / blocks))
