"""Each event kind's payload through its typed property, and no other property set.

Listeners (the app's metronome, the history, the cues) read these instead of
casting `Event.value`; the property of a kind must give exactly the value the
engine handed out, and None for every other kind.
"""

from __future__ import annotations

from backtimer.engine.types import Event, EventKind, StopReason
from tests.engine.fakes import FakeClock

from .builders import mixed, reps_step, routine
from .helpers import make, of, run_to_end

PROPERTIES = {
    EventKind.TICK: "seconds_left",
    EventKind.BEAT: "beat",
    EventKind.STEP_STARTED: "step",
    EventKind.STEP_SKIPPED: "step",
    EventKind.SESSION_STARTED: "step",
    EventKind.REP_COUNTED: "rep",
    EventKind.SIDE_SWITCH: "side",
    EventKind.SESSION_STOPPED: "stop_reason",
}
NAMES = sorted(set(PROPERTIES.values()))


def _payloads(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in NAMES}


def _a_session(clock: FakeClock) -> list[Event]:
    """Every kind that carries something: hand-counted reps, a skip, a pause, a
    cadence, sides and, in the last step, a pain stop."""
    engine = make(routine(reps_step(reps=2, ready=0), *mixed().steps), clock)
    events = engine.start()
    events += engine.count_rep() + engine.count_rep()
    clock.advance(3.0)
    events += engine.update() + engine.skip() + engine.pause()
    clock.advance(1.0)
    events += engine.resume()
    while not engine.finished and engine.state.step_index < len(engine.routine.steps) - 1:
        clock.advance(0.25)
        events += engine.update()
    while len(of(events, EventKind.BEAT)) < 3:  # into its work, with a cadence
        clock.advance(0.25)
        events += engine.update()
    return events + engine.stop(StopReason.PAIN)


def test_each_kind_gives_its_value_through_its_property_only(clock: FakeClock) -> None:
    events = _a_session(clock)
    assert set(PROPERTIES) <= {event.kind for event in events}
    for event in events:
        own = PROPERTIES.get(event.kind)
        expected = {name: event.value if name == own else None for name in NAMES}
        assert _payloads(event) == expected, event


def test_the_typed_values(clock: FakeClock) -> None:
    events = _a_session(clock)
    ticks = [e.seconds_left for e in of(events, EventKind.TICK)]
    assert ticks[:2] == [2, 1]  # the "get ready" after the pause
    assert ticks[2:5] == [3, 2, 1]
    assert [e.beat for e in of(events, EventKind.BEAT)][:3] == [1, 2, 3]
    assert [e.step for e in of(events, EventKind.SESSION_STARTED)] == [0]
    assert [e.rep for e in of(events, EventKind.REP_COUNTED)][:2] == [1, 2]
    assert [e.side for e in of(events, EventKind.SIDE_SWITCH)][:1] == ["right"]
    assert of(events, EventKind.SESSION_STOPPED)[0].stop_reason is StopReason.PAIN


def test_a_stop_for_anything_but_pain_is_a_plain_stop() -> None:
    assert Event(EventKind.SESSION_STOPPED, 0.0).stop_reason is StopReason.STOPPED
    pain = Event(EventKind.SESSION_STOPPED, 0.0, value=StopReason.PAIN)
    assert pain.stop_reason is StopReason.PAIN
    stopped = Event(EventKind.SESSION_STOPPED, 0.0, value=StopReason.STOPPED)
    assert stopped.stop_reason is StopReason.STOPPED


def test_a_full_run_without_stops_has_no_stop_reason(clock: FakeClock) -> None:
    engine = make(routine(*mixed().steps[:1]), clock)
    events = engine.start() + run_to_end(engine, clock)
    assert all(event.stop_reason is None for event in events)


def test_another_kinds_payload_is_no_payload() -> None:
    """`value` is typed as the union of every kind's payload: a property gives only
    the member its kind carries."""
    assert Event(EventKind.TICK, 0.0, value=StopReason.PAIN).seconds_left is None
    assert Event(EventKind.BEAT, 0.0, value="left").beat is None
    assert Event(EventKind.SIDE_SWITCH, 0.0, value=3).side is None
    assert Event(EventKind.SIDE_SWITCH, 0.0, value="right").side == "right"
    assert Event(EventKind.SIDE_SWITCH, 0.0, value="left").side == "left"
