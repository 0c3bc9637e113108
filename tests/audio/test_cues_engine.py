"""The sounds of a whole session, driven by the real engine on a fake clock."""

from __future__ import annotations

from backtimer.audio.cues import CuePrefs, cue_schedule
from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.engine.types import Event, EventKind
from backtimer.routine.model import BreathKind, BreathPhase, Routine, Step, StepKind
from tests.engine.fakes import FakeClock

T0 = 1000.0

ROUTINE = Routine(
    name="Every kind",
    rest=6.0,
    switch=4.0,
    steps=(
        Step(
            name="Breathing",
            kind=StepKind.BREATHE,
            cycles=2,
            breath=(
                BreathPhase(BreathKind.INHALE, 4.0),
                BreathPhase(BreathKind.HOLD, 2.0),
                BreathPhase(BreathKind.EXHALE, 6.0),
            ),
        ),
        Step(name="Cat-cow", kind=StepKind.REPS, reps=3, tempo=4.0),
        Step(
            name="Knee to chest",
            kind=StepKind.HOLD,
            hold=12.0,
            reps=2,
            sides=("left", "right"),
            sets=2,
            rest=10.0,
        ),
        Step(name="Jump rope", kind=StepKind.INTERVALS, work=8.0, rounds=2, rest=5.0, cadence=120),
    ),
)


def _run(routine: Routine) -> list[Event]:
    clock = FakeClock(T0)
    engine = Engine(plan(routine), routine, clock)
    events = engine.start()
    while not engine.finished:
        wake = engine.next_wakeup()
        assert wake is not None
        clock.set(max(wake, clock()))
        events += engine.update()
    return events


def ticks(end: float) -> list[tuple[float, str]]:
    return [(end - 3, "tick"), (end - 2, "tick"), (end - 1, "tick")]


def hold(start: float, then: str) -> list[tuple[float, str]]:
    """A 12 s hold: start, 3-2-1, and whatever its end turns into."""
    return [(start, "start"), *ticks(start + 12), (start + 12, then)]


def work(start: float, then: str) -> list[tuple[float, str]]:
    """8 s of work at 120 bpm: the first beat is the start, the 3-2-1 ticks drown three."""
    beats = [(start + k / 2, "metronome") for k in range(1, 16)]
    marks = {t for t, _ in ticks(start + 8)}
    return [
        (start, "start"),
        *sorted([*(b for b in beats if b[0] not in marks), *ticks(start + 8)]),
        (start + 8, then),
    ]


EXPECTED = [
    *ticks(5),  # READY
    (5, "inhale"),
    (11, "exhale"),
    (17, "inhale"),
    (23, "exhale"),
    (29, "rest"),
    *ticks(35),
    *ticks(40),  # READY
    (40, "start"),
    (44, "start"),
    (48, "start"),
    (52, "rest"),
    *ticks(58),
    *ticks(63),  # READY
    *hold(63, "end"),  # relax (3 s: no ticks)
    *hold(78, "switch"),
    *ticks(94),
    *hold(94, "end"),
    *hold(109, "end"),  # then the set rest
    *ticks(131),
    *hold(131, "end"),
    *hold(146, "switch"),
    *ticks(162),
    *hold(162, "end"),
    *hold(177, "end"),  # then the rest before the last step
    *ticks(195),
    *ticks(200),  # READY
    *work(200, "end"),
    *ticks(213),
    *work(213, "complete"),
]


def test_every_step_kind_sounds_as_documented() -> None:
    got = [(round(at - T0, 6), cue) for at, cue in cue_schedule(_run(ROUTINE))]
    assert got == [(float(t), c) for t, c in EXPECTED]


def test_halfway_pips_only_when_asked() -> None:
    events = _run(ROUTINE)
    halfway = [
        at - T0 for at, cue in cue_schedule(events, CuePrefs(halfway=True)) if cue == "halfway"
    ]
    assert halfway == [69, 84, 100, 115, 137, 152, 168, 183]
    assert all(cue != "halfway" for _, cue in cue_schedule(events))
    assert sum(1 for e in events if e.kind is EventKind.HALFWAY) == 8
