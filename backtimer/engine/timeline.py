"""Routine → a flat list of phases with planned offsets.

Everything the engine times comes from here, so a deadline is always "origin +
planned offset" and never "now + a bit": that is what keeps a long session from
drifting. Phases of zero length (a rest of 0, no ready countdown) are left out
rather than planned as empty phases that would flash on screen.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from backtimer.engine.types import Phase, PhaseKind, Timeline
from backtimer.routine.model import BreathKind, Routine, Side, Step, StepKind

DEFAULT_HAND_REP_ESTIMATE = 3.0

_BREATH_KINDS = {
    BreathKind.INHALE: PhaseKind.INHALE,
    BreathKind.HOLD: PhaseKind.BREATH_HOLD,
    BreathKind.EXHALE: PhaseKind.EXHALE,
}


def step_reps(step: Step, index: int, reps: Mapping[int, int] | None = None) -> int:
    """Reps (or holds) per side and set, honouring a progression's current value."""
    if reps is not None and index in reps:
        return max(1, int(reps[index]))
    if step.progression is not None:
        return step.progression.start
    return step.reps if step.reps is not None else 1


def step_cycles(step: Step) -> int:
    """Breath cycles; the loader converts `duration` already, this is only a fallback."""
    if step.cycles is not None:
        return step.cycles
    cycle = sum(p.seconds for p in step.breath)
    if step.duration is not None and cycle > 0:
        return max(1, round(step.duration / cycle))
    return 1


@dataclass
class _Draft:
    """A phase before its index and offset are known."""

    kind: PhaseKind
    duration: float | None
    estimate: float
    label: str = ""
    set_number: int = 1
    set_count: int = 1
    side: Side | None = None
    rep: int | None = None
    rep_count: int | None = None
    cadence: int | None = None


def _sides(step: Step) -> tuple[Side | None, ...]:
    return step.sides if step.sides else (None,)


def _work(step: Step, n_reps: int, hand: float, set_no: int, side: Side | None) -> Iterator[_Draft]:
    """The work of one set on one side."""

    def draft(
        kind: PhaseKind,
        seconds: float | None,
        rep: int,
        count: int,
        label: str = "",
        cadence: int | None = None,
    ) -> _Draft:
        estimate = hand if seconds is None else float(seconds)
        return _Draft(kind, seconds, estimate, label, set_no, step.sets, side, rep, count, cadence)

    if step.kind is StepKind.HOLD:
        hold = float(step.hold or 0.0)
        for i in range(1, n_reps + 1):
            if i > 1 and step.relax > 0:
                yield draft(PhaseKind.REST, step.relax, i - 1, n_reps, "Relax")
            yield draft(PhaseKind.HOLD, hold, i, n_reps)
    elif step.kind is StepKind.REPS:
        for i in range(1, n_reps + 1):
            yield draft(PhaseKind.REP, step.tempo, i, n_reps)
    elif step.kind is StepKind.BREATHE:
        cycles = step_cycles(step)
        for c in range(1, cycles + 1):
            for bp in step.breath:
                yield draft(_BREATH_KINDS[bp.kind], float(bp.seconds), c, cycles, bp.label or "")
    elif step.kind is StepKind.INTERVALS:
        rounds = step.rounds or 1
        for r in range(1, rounds + 1):
            if r > 1 and step.rest > 0:
                yield draft(
                    PhaseKind.REST, step.rest, r - 1, rounds, f"Next: round {r} of {rounds}"
                )
            yield draft(PhaseKind.WORK, float(step.work or 0.0), r, rounds, cadence=step.cadence)


def _step(routine: Routine, index: int, n_reps: int, hand: float) -> Iterator[_Draft]:
    step = routine.steps[index]
    sides = _sides(step)
    if index > 0 and routine.rest > 0:
        yield _Draft(
            PhaseKind.REST,
            routine.rest,
            routine.rest,
            f"Next: {step.name}",
            set_count=step.sets,
            side=sides[0],
        )
    if step.ready > 0:
        yield _Draft(PhaseKind.READY, step.ready, step.ready, set_count=step.sets, side=sides[0])
    for set_no in range(1, step.sets + 1):
        if set_no > 1 and step.rest > 0:
            yield _Draft(
                PhaseKind.REST,
                step.rest,
                step.rest,
                f"Next: set {set_no} of {step.sets}",
                set_number=set_no,
                set_count=step.sets,
                side=sides[0],
            )
        for k, side in enumerate(sides):
            if k > 0 and routine.switch > 0:
                yield _Draft(
                    PhaseKind.SWITCH,
                    routine.switch,
                    routine.switch,
                    f"Next: {side} side",
                    set_number=set_no,
                    set_count=step.sets,
                    side=side,
                )
            yield from _work(step, n_reps, hand, set_no, side)


def plan(
    routine: Routine,
    reps: Mapping[int, int] | None = None,
    hand_rep_estimate: float = DEFAULT_HAND_REP_ESTIMATE,
) -> Timeline:
    """The whole session as phases; `reps` gives progression steps their current reps."""
    phases: list[Phase] = []
    t = 0.0
    for index, step in enumerate(routine.steps):
        n_reps = step_reps(step, index, reps)
        for d in _step(routine, index, n_reps, hand_rep_estimate):
            phases.append(
                Phase(
                    index=len(phases),
                    kind=d.kind,
                    step_index=index,
                    offset=t,
                    duration=d.duration,
                    estimate=d.estimate,
                    label=d.label,
                    set_number=d.set_number,
                    set_count=d.set_count,
                    side=d.side,
                    rep=d.rep,
                    rep_count=d.rep_count,
                    cadence=d.cadence,
                )
            )
            # The same expression as Phase.end, so a phase's end and the next
            # phase's offset are the very same float.
            t = phases[-1].end
    return Timeline(phases=tuple(phases), step_count=len(routine.steps))


def _work_seconds(step: Step, n_reps: int, hand: float) -> float:
    """One set on one side, without building phases (long routines stay cheap)."""
    if step.kind is StepKind.HOLD:
        return n_reps * float(step.hold or 0.0) + (n_reps - 1) * step.relax
    if step.kind is StepKind.REPS:
        return n_reps * (hand if step.tempo is None else float(step.tempo))
    if step.kind is StepKind.BREATHE:
        return step_cycles(step) * sum(float(p.seconds) for p in step.breath)
    rounds = step.rounds or 1
    return rounds * float(step.work or 0.0) + (rounds - 1) * step.rest


def step_estimate(
    routine: Routine,
    index: int,
    reps: Mapping[int, int] | None = None,
    hand_rep_estimate: float = DEFAULT_HAND_REP_ESTIMATE,
) -> float:
    """Planned seconds of one step, including its lead-in rest and ready countdown."""
    step = routine.steps[index]
    n_sides = len(_sides(step))
    work = _work_seconds(step, step_reps(step, index, reps), hand_rep_estimate)
    per_set = n_sides * work + (n_sides - 1) * routine.switch
    total = step.sets * per_set + (step.sets - 1) * step.rest + step.ready
    if index > 0:
        total += routine.rest
    return total


def estimate_seconds(
    routine: Routine,
    reps: Mapping[int, int] | None = None,
    hand_rep_estimate: float = DEFAULT_HAND_REP_ESTIMATE,
) -> float:
    """The planned length of a session (what `list` and `show` print); equals
    `plan(routine).total` up to rounding, without building every phase."""
    return sum(
        step_estimate(routine, i, reps, hand_rep_estimate) for i in range(len(routine.steps))
    )
