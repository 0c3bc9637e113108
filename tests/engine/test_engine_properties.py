"""Invariants of the engine over generated routines and generated key presses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.engine.types import Event
from backtimer.engine.types import EventKind as E
from backtimer.routine.model import Routine
from tests.engine.fakes import FakeClock

from .builders import TIMED_KINDS, routines
from .helpers import key, make

T0 = 1000.0
ms = st.integers(0, 10**7).map(lambda n: n / 1000)  # whole milliseconds: no ties by a hair


def one_shot(r: Routine, resume_ready: float = 3.0) -> list[Event]:
    clock = FakeClock(T0)
    engine = make(r, clock, resume_ready=resume_ready)
    events = engine.start()
    clock.advance(plan(r).total + 1)
    return events + engine.update()


def without_pause(events: list[Event]) -> list[Event]:
    """Drop PAUSED … RESUMED and the resume countdown's ticks between them."""
    out, inside = [], False
    for e in events:
        if e.kind is E.PAUSED:
            inside = True
        elif e.kind is E.RESUMED:
            inside = False
        elif not inside:
            out.append(e)
    return out


@settings(max_examples=60, deadline=None)
@given(
    r=routines(TIMED_KINDS),
    where=st.floats(0.0, 0.99),  # the pause falls before the end,
    length=ms,
    resume_ready=st.sampled_from([0.0, 2.0, 3.0, 5.5]),
)
def test_a_pause_moves_every_later_boundary_by_its_length(
    r: Routine, where: float, length: float, resume_ready: float
) -> None:
    total = plan(r).total
    at = round(where * total, 3)
    base = one_shot(r, resume_ready)

    clock = FakeClock(T0)
    engine = make(r, clock, resume_ready=resume_ready)
    events = engine.start()
    clock.advance(at)
    events += engine.update() + engine.pause()
    clock.advance(length)
    events += engine.update() + engine.resume()
    clock.advance(total + resume_ready + 1)
    events += engine.update()

    shifted = without_pause(events)
    assert [(e.kind, e.value) for e in shifted] == [(e.kind, e.value) for e in base]
    moved = length + resume_ready
    for got, planned in zip(shifted, base, strict=True):
        expected = planned.at if planned.at <= T0 + at else planned.at + moved
        assert got.at == pytest.approx(expected, abs=1e-6)
    assert engine.state.active_seconds == pytest.approx(total)
    assert engine.state.paused_seconds == pytest.approx(moved)


@settings(max_examples=60, deadline=None)
@given(
    r=routines(TIMED_KINDS),
    where=st.floats(0.0, 0.99),
    length=ms,
    resume_ready=st.sampled_from([0.0, 3.0]),
)
def test_remaining_after_resume_equals_remaining_at_pause(
    r: Routine, where: float, length: float, resume_ready: float
) -> None:
    clock = FakeClock(T0)
    engine = make(r, clock, resume_ready=resume_ready)
    engine.start()
    clock.advance(where * plan(r).total)
    engine.update()
    engine.pause()
    before = engine.state.remaining
    phase = engine.state.phase
    clock.advance(length)
    engine.resume()
    clock.advance(resume_ready)
    engine.update()
    after = engine.state
    assert after.phase == phase
    assert before is not None and after.remaining is not None
    assert after.remaining == pytest.approx(before, abs=1e-6)  # well under a millisecond


@settings(max_examples=40, deadline=None)
@given(r=routines(TIMED_KINDS), gaps=st.lists(ms.map(lambda s: s / 100), min_size=1))
def test_update_times_never_change_the_events(r: Routine, gaps: list[float]) -> None:
    clock = FakeClock(T0)
    engine = make(r, clock)
    events = engine.start()
    for gap in gaps:
        clock.advance(gap)
        events += engine.update()
    clock.advance(plan(r).total + 1)
    events += engine.update()
    assert [key(e) for e in events] == [key(e) for e in one_shot(r)]


actions = st.one_of(
    st.tuples(st.just("wait"), ms.map(lambda s: s / 200)),
    st.tuples(st.sampled_from(["pause", "resume", "toggle", "skip", "back", "rep", "update"])),
)


def act(engine: Engine, clock: FakeClock, action: tuple[object, ...]) -> list[Event]:
    match action:
        case ("wait", float(seconds)):
            clock.advance(seconds)
            return engine.update()
        case ("pause",):
            return engine.pause()
        case ("resume",):
            return engine.resume()
        case ("toggle",):
            return engine.toggle_pause()
        case ("skip",):
            return engine.skip()
        case ("back",):
            return engine.back()
        case ("rep",):
            return engine.count_rep()
    return engine.update()


@settings(max_examples=150, deadline=None)
@given(
    r=routines(),
    steps=st.lists(actions, max_size=60),
    resume_ready=st.sampled_from([0.0, 3.0]),
    stop=st.booleans(),
)
def test_any_presses_keep_time_sane_and_ordered(
    r: Routine, steps: list[tuple[object, ...]], resume_ready: float, stop: bool
) -> None:
    clock = FakeClock(T0)
    engine = make(r, clock, resume_ready=resume_ready)
    heard: list[Event] = []
    engine.subscribe(heard.append)
    events = engine.start()
    total = engine.timeline.total
    for action in steps:
        events += act(engine, clock, action)
        s = engine.state
        assert s.remaining is None or 0 <= s.remaining <= (s.phase.estimate if s.phase else 0)
        assert s.elapsed_in_phase >= 0
        assert 0 <= s.time_left <= total + 1e-9
        assert 0 <= s.progress <= 1
        assert s.active_seconds >= 0 and s.paused_seconds >= 0
        assert s.active_seconds + s.paused_seconds <= clock() - T0 + 1e-6
        assert s.resume_remaining is None or s.resume_remaining >= 0
        wake = engine.next_wakeup()
        assert wake is None or wake > clock() - 1e-9  # nothing due is left behind
    if stop:
        events += engine.stop("pain")
        assert engine.finished
    ats = [e.at for e in events]
    assert ats == sorted(ats)
    assert all(e.at <= clock() + 1e-9 for e in events)
    assert heard == events
    # one result per step entered, each recorded by a STEP_FINISHED
    finished = [e.result for e in events if e.kind is E.STEP_FINISHED]
    assert set(engine.results) <= set(finished)
    for res in engine.results:
        assert 0 <= res.done_reps <= (res.planned_reps or 0)
        assert 0 <= res.done_sets <= res.planned_sets
        assert set(res.done_sides) <= set(res.planned_sides)
        assert res.active_seconds >= 0
    if engine.finished:
        assert engine.update() == [] and engine.skip() == [] and engine.count_rep() == []
        assert engine.next_wakeup() is None


@settings(max_examples=60, deadline=None)
@given(
    r=routines(TIMED_KINDS),
    first=st.floats(0.0, 1.0),
    ahead=ms,
    paused=st.booleans(),
)
def test_a_preview_is_the_state_that_comes_and_changes_nothing(
    r: Routine, first: float, ahead: float, paused: bool
) -> None:
    """The screen draws a frame ahead with preview(at); when `at` comes, update()
    must land on exactly that state, and the preview itself must leave no trace."""
    clock = FakeClock(T0)
    heard: list[Event] = []
    engine = make(r, clock)
    engine.subscribe(heard.append)
    engine.start()
    clock.advance(round(first * plan(r).total, 3))
    engine.update()
    if paused:
        engine.pause()
    before, results, count = engine.state, engine.results, len(heard)

    at = clock() + ahead
    preview = engine.preview(at)

    assert engine.state == before
    assert engine.results == results
    assert len(heard) == count
    clock.set(at)
    engine.update()
    assert engine.state == preview


@settings(max_examples=40, deadline=None)
@given(r=routines(TIMED_KINDS), step=st.integers(0, 30))
def test_the_starting_preview_is_the_state_start_begins_with(r: Routine, step: int) -> None:
    """The first frame is drawn from preview_start() before sound and history join;
    start() a moment later must show the same, and the preview must start nothing."""
    at_step = step % len(r.steps)
    clock = FakeClock(T0)
    heard: list[Event] = []
    engine = make(r, clock)
    engine.subscribe(heard.append)

    preview = engine.preview_start(at_step)

    assert heard == []
    assert engine.status.value == "idle"
    engine.start(at_step)
    assert engine.state == preview
    assert heard and heard[0].kind is E.SESSION_STARTED


@settings(max_examples=40, deadline=None)
@given(r=routines(TIMED_KINDS))
def test_waking_only_for_next_event_hears_everything_on_time(r: Routine) -> None:
    """The screen draws quiet seconds ahead without waking the engine; that is
    safe only if nothing is due before `next_event()` and everything is heard
    when it comes."""
    clock = FakeClock(T0)
    engine = make(r, clock)
    events = engine.start()
    while (due := engine.next_event()) is not None:
        assert due >= clock()
        clock.set(clock() + (due - clock()) / 2)
        assert engine.update() == []  # nothing between two events
        wake = engine.next_wakeup()
        assert wake is not None and wake <= due
        assert engine.next_wakeup(after=due - 1e-3) == pytest.approx(due, abs=1e-3)
        clock.set(due)
        batch = engine.update()
        assert batch and all(e.at <= due + 1e-9 for e in batch)
        events += batch
    assert engine.finished
    assert [key(e) for e in events] == [key(e) for e in one_shot(r)]
