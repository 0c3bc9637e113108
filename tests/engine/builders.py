"""Routines built in code, so engine tests never depend on the YAML loader."""

from __future__ import annotations

from backtimer.routine.model import BreathKind, BreathPhase, Routine, Step, StepKind


def hold_step(name: str = "Knee to chest", hold: float = 20.0, **kw: object) -> Step:
    kw.setdefault("ready", 5.0)
    return Step(name=name, kind=StepKind.HOLD, hold=hold, **kw)  # type: ignore[arg-type]


def reps_step(name: str = "Cat-cow", reps: int = 3, **kw: object) -> Step:
    return Step(name=name, kind=StepKind.REPS, reps=reps, **kw)  # type: ignore[arg-type]


def breathe_step(name: str = "Belly breathing", cycles: int = 2, **kw: object) -> Step:
    breath = (
        BreathPhase(BreathKind.INHALE, 4.0, "belly"),
        BreathPhase(BreathKind.HOLD, 2.0),
        BreathPhase(BreathKind.EXHALE, 6.0),
    )
    kw.setdefault("breath", breath)
    return Step(name=name, kind=StepKind.BREATHE, cycles=cycles, **kw)  # type: ignore[arg-type]


def intervals_step(
    name: str = "Jump rope", work: float = 30.0, rounds: int = 3, **kw: object
) -> Step:
    return Step(name=name, kind=StepKind.INTERVALS, work=work, rounds=rounds, **kw)  # type: ignore[arg-type]


def routine(*steps: Step, **kw: object) -> Routine:
    return Routine(name="Test routine", steps=tuple(steps), **kw)  # type: ignore[arg-type]


def mixed() -> Routine:
    """One step of every kind, with sides, sets, a hand-free tempo and a cadence."""
    return routine(
        breathe_step(cycles=2),
        reps_step(reps=3, tempo=4.0),
        hold_step(hold=12.0, reps=2, sides=("left", "right"), sets=2, rest=10.0),
        intervals_step(work=8.0, rounds=2, rest=5.0, cadence=120),
        rest=6.0,
        switch=4.0,
    )
