"""Routines built in code, so engine tests never depend on the YAML loader."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from backtimer.routine.model import BreathKind, BreathPhase, Routine, Step, StepKind


def hold_step(name: str = "Knee to chest", hold: float = 20.0, **kw: object) -> Step:
    kw.setdefault("ready", 5.0)
    return Step(name=name, kind=StepKind.HOLD, hold=hold, **kw)  # type: ignore[arg-type]


def reps_step(name: str = "Cat-cow", reps: int | None = 3, **kw: object) -> Step:
    return Step(name=name, kind=StepKind.REPS, reps=reps, **kw)  # type: ignore[arg-type]


def breathe_step(name: str = "Belly breathing", cycles: int | None = 2, **kw: object) -> Step:
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


ALL_KINDS = ("hold", "reps", "hand", "breathe", "work")
TIMED_KINDS = ("hold", "reps", "breathe", "work")

durations = st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.0, 15.0])
positive = st.sampled_from([1.0, 2.0, 3.5, 10.0, 20.0])


@st.composite
def steps(draw: st.DrawFn, kinds: tuple[str, ...] = ALL_KINDS) -> Step:
    sides = draw(st.sampled_from([(), ("left",), ("left", "right"), ("right", "left")]))
    common: dict[str, Any] = {
        "sides": sides,
        "sets": draw(st.integers(1, 3)),
        "rest": draw(durations),
        "ready": draw(durations),
    }
    kind = draw(st.sampled_from(kinds))
    if kind == "hold":
        return hold_step(
            hold=draw(positive), reps=draw(st.integers(1, 3)), relax=draw(durations), **common
        )
    if kind == "reps":
        return reps_step(reps=draw(st.integers(1, 4)), tempo=draw(positive), **common)
    if kind == "hand":
        return reps_step(reps=draw(st.integers(1, 4)), **common)
    if kind == "breathe":
        return breathe_step(cycles=draw(st.integers(1, 3)), **common)
    return intervals_step(
        work=draw(positive),
        rounds=draw(st.integers(1, 3)),
        cadence=draw(st.sampled_from([None, 60, 120, 137])),
        **common,
    )


@st.composite
def routines(draw: st.DrawFn, kinds: tuple[str, ...] = ALL_KINDS) -> Routine:
    return routine(
        *draw(st.lists(steps(kinds), min_size=1, max_size=4)),
        rest=draw(durations),
        switch=draw(durations),
    )
