"""Driving an engine through a fake clock in tests."""

from __future__ import annotations

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.engine.types import Event, EventKind, Phase
from backtimer.routine.model import Routine
from tests.engine.fakes import FakeClock


def make(
    r: Routine, clock: FakeClock, resume_ready: float = 3.0, back_threshold: float = 3.0
) -> Engine:
    return Engine(plan(r), r, clock, resume_ready=resume_ready, back_threshold=back_threshold)


def run_to_end(engine: Engine, clock: FakeClock, step: float = 0.25) -> list[Event]:
    """Advance in small steps, counting hand reps at once, until the session ends."""
    events: list[Event] = []
    for _ in range(1_000_000):
        if engine.finished:
            return events
        state = engine.state
        if state.phase is not None and state.phase.waits and state.status.value == "running":
            events += engine.count_rep()
            continue
        clock.advance(step)
        events += engine.update()
    raise AssertionError("the session never ended")


def of(events: list[Event], kind: EventKind) -> list[Event]:
    return [e for e in events if e.kind is kind]


def started(events: list[Event]) -> list[Phase]:
    return [e.phase for e in of(events, EventKind.PHASE_STARTED) if e.phase is not None]


def key(e: Event) -> tuple[object, ...]:
    return (e.kind, e.at, e.phase.index if e.phase else None, e.value, e.result)
