"""Hand-built engine events, so the cue tests need no engine."""

from __future__ import annotations

from backtimer.engine.types import Event, EventKind, EventValue, Phase, PhaseKind
from backtimer.routine.model import Side


def phase(
    kind: PhaseKind,
    *,
    step: int = 0,
    duration: float | None = 10.0,
    side: Side | None = None,
    index: int = 0,
) -> Phase:
    return Phase(
        index=index,
        kind=kind,
        step_index=step,
        offset=0.0,
        duration=duration,
        estimate=duration if duration is not None else 3.0,
        side=side,
    )


def started(kind: PhaseKind, at: float, **kw: object) -> Event:
    return Event(EventKind.PHASE_STARTED, at, phase(kind, **kw))  # type: ignore[arg-type]


def ended(kind: PhaseKind, at: float, **kw: object) -> Event:
    return Event(EventKind.PHASE_ENDED, at, phase(kind, **kw))  # type: ignore[arg-type]


def event(kind: EventKind, at: float, value: EventValue = None) -> Event:
    return Event(kind, at, None, value)
