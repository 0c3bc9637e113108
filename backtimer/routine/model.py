"""The routine as the rest of the program sees it: typed, immutable, already checked.

The loader turns a hand-written YAML file into these objects or into a list of
problems; nothing downstream ever looks at YAML again. All durations are float
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from backtimer.schedule import Schedule

Side = Literal["left", "right"]


class StepKind(StrEnum):
    """Which of the four shapes of exercise a step is; decided by its keys."""

    HOLD = "hold"  # `hold:` (optionally `reps:` holds, with `relax:` between them)
    REPS = "reps"  # `reps:` with `tempo:` (timed) or without (counted by hand)
    BREATHE = "breathe"  # `breathe:` with `cycles:` or `duration:`
    INTERVALS = "intervals"  # `work:` / `rest:` for `rounds:`, optional `cadence:`


class BreathKind(StrEnum):
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"


@dataclass(frozen=True)
class BreathPhase:
    kind: BreathKind
    seconds: float
    label: str | None = None


@dataclass(frozen=True)
class Progression:
    """`reps: {start, goal, step, back_off}`: a level that grows by `step`, from
    `start` up to `goal`, only after a session in which the step was done in full
    without a pain rise, and at most once a day (backtimer.history.progression
    decides). `back_off` reps are taken off after a pain stop in the step or a
    rise of two or more; 0 (the default) holds the level instead."""

    start: int
    goal: int
    step: int = 1
    back_off: int = 0

    def clamp(self, level: int) -> int:
        """A level kept from the history, within this progression's range (the
        file may have changed since)."""
        return max(self.start, min(self.goal, level))

    def raised(self, level: int) -> int:
        return self.clamp(self.clamp(level) + self.step)

    def lowered(self, level: int) -> int:
        return self.clamp(self.clamp(level) - self.back_off)


@dataclass(frozen=True)
class Step:
    """One exercise. Which fields are meaningful depends on `kind`:

    - HOLD: `hold` seconds, `reps` holds per side and set, `relax` between holds.
    - REPS: `reps` repetitions; `tempo` seconds each, or None when counted by hand.
    - BREATHE: `breath` phases repeated `cycles` times (a `duration` is turned
      into whole cycles by the loader, and kept for display).
    - INTERVALS: `rounds` of `work` seconds, separated by `rest`; `cadence` beats
      per minute for an optional metronome.

    `sets` repeat the whole step with `rest` between them; `sides` repeat each set
    per side, left then right (or as listed), with a switch-sides pause between.
    """

    name: str
    kind: StepKind
    cue: str | None = None
    sides: tuple[Side, ...] = ()
    sets: int = 1
    rest: float = 15.0
    ready: float = 5.0
    hold: float | None = None
    reps: int | None = None
    progression: Progression | None = None
    tempo: float | None = None
    relax: float = 3.0
    breath: tuple[BreathPhase, ...] = ()
    cycles: int | None = None
    duration: float | None = None
    work: float | None = None
    rounds: int | None = None
    cadence: int | None = None
    line: int = 0  # 1-based line of the step in its file, 0 when built in code

    @property
    def counted_by_hand(self) -> bool:
        return self.kind is StepKind.REPS and self.tempo is None


@dataclass(frozen=True)
class Routine:
    name: str
    steps: tuple[Step, ...]
    description: str | None = None
    rest: float = 15.0  # between steps (and the default between sets)
    ready: float = 5.0  # "get ready" before each step
    switch: float = 5.0  # "switch sides" pause
    path: str | None = None
    source_hash: str | None = None  # sha256 of the file's bytes, for history
    sound: dict[str, object] = field(default_factory=dict)  # per-routine sound prefs
    schedule: Schedule | None = None  # the prescription, when the file gives one
