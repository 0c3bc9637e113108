"""The engine, one behaviour at a time, driven by a fake clock."""

from __future__ import annotations

import pytest

from backtimer.engine.timeline import plan
from backtimer.engine.types import EventKind as E
from backtimer.engine.types import PhaseKind as K
from backtimer.engine.types import Status
from tests.engine.fakes import FakeClock

from .builders import breathe_step, hold_step, intervals_step, mixed, reps_step, routine
from .helpers import key, make, of, run_to_end, started

T0 = 1000.0


def test_every_phase_kind_is_reached(clock: FakeClock) -> None:
    r = routine(*mixed().steps, reps_step("Crunch", reps=2, ready=0), rest=6.0, switch=4.0)
    engine = make(r, clock)
    events = engine.start() + run_to_end(engine, clock)
    assert {p.kind for p in started(events)} == set(K)
    assert [p.index for p in started(events)] == list(range(len(engine.timeline.phases)))
    assert events[0].kind is E.SESSION_STARTED and events[-1].kind is E.SESSION_FINISHED
    assert engine.state.status is Status.FINISHED and engine.finished


def test_a_plain_run_follows_the_plan_exactly(clock: FakeClock) -> None:
    r = mixed()
    t = plan(r)
    engine = make(r, clock)
    events = engine.start() + run_to_end(engine, clock, step=0.1)
    starts = of(events, E.PHASE_STARTED)
    assert [e.at for e in starts] == [T0 + p.offset for p in t.phases]
    ends = of(events, E.PHASE_ENDED)
    assert [e.at for e in ends] == [T0 + p.end for p in t.phases]
    assert of(events, E.SESSION_FINISHED)[0].at == T0 + t.total


def test_ticks_at_three_two_one_before_the_end(clock: FakeClock) -> None:
    r = routine(hold_step(hold=8.0, ready=5.0), rest=0)
    engine = make(r, clock)
    events = engine.start()
    clock.advance(100)
    events += engine.update()
    ticks = [(e.at - T0, e.value, e.phase.kind) for e in of(events, E.TICK) if e.phase]
    assert ticks == [
        (2.0, 3, K.READY),
        (3.0, 2, K.READY),
        (4.0, 1, K.READY),
        (10.0, 3, K.HOLD),
        (11.0, 2, K.HOLD),
        (12.0, 1, K.HOLD),
    ]


def test_no_ticks_for_short_phases_reps_or_breaths(clock: FakeClock) -> None:
    r = routine(
        hold_step(hold=3.0, ready=3.0),
        reps_step(reps=2, tempo=5.0, ready=0),
        breathe_step(cycles=1, ready=0),
        rest=0,
    )
    engine = make(r, clock)
    engine.start()
    clock.advance(1000)
    assert of(engine.update(), E.TICK) == []


def test_halfway_only_in_holds_of_ten_seconds_or_more(clock: FakeClock) -> None:
    r = routine(hold_step(hold=9.0, ready=0), hold_step(hold=10.0, ready=0), rest=0)
    engine = make(r, clock)
    engine.start()
    clock.advance(100)
    halfway = of(engine.update(), E.HALFWAY)
    assert [e.at - T0 for e in halfway] == [9.0 + 5.0]


def test_beats_at_the_cadence_from_the_phase_start(clock: FakeClock) -> None:
    r = routine(intervals_step(work=30.0, rounds=1, cadence=120, ready=0))
    engine = make(r, clock)
    events = engine.start()
    clock.advance(31)
    events += engine.update()
    beats = of(events, E.BEAT)
    assert [e.value for e in beats] == list(range(1, 61))
    assert [e.at - T0 for e in beats] == [0.5 * i for i in range(60)]


def test_beats_are_multiplied_not_accumulated(clock: FakeClock) -> None:
    # 60/137 s has no exact binary form: summing it drifts, multiplying does not.
    r = routine(intervals_step(work=600.0, rounds=1, cadence=137, ready=5.0))
    engine = make(r, clock)
    events = engine.start()
    clock.advance(700)
    beats = of(events + engine.update(), E.BEAT)
    start = T0 + 5.0
    assert len(beats) == 1370
    assert all(e.at == start + i * (60 / 137) for i, e in enumerate(beats))
    summed = 0.0
    for _ in range(1369):
        summed += 60 / 137
    assert summed != 1369 * (60 / 137)  # the drift this avoids is real


def test_side_switch_announces_the_coming_side(clock: FakeClock) -> None:
    r = routine(hold_step(hold=5.0, ready=0, sides=("right", "left")), switch=4.0)
    engine = make(r, clock)
    engine.start()
    clock.advance(5.0)
    switches = of(engine.update(), E.SIDE_SWITCH)
    assert [(e.at - T0, e.value) for e in switches] == [(5.0, "left")]
    assert engine.state.phase is not None and engine.state.phase.kind is K.SWITCH
    assert engine.state.side == "left"


def test_state_during_a_hold(clock: FakeClock) -> None:
    r = routine(
        hold_step("First", hold=10.0, ready=0),
        hold_step(hold=20.0, reps=3, relax=2.0, sets=2, rest=5.0, sides=("left", "right")),
        hold_step("Last", hold=10.0, ready=0),
        rest=0,
        switch=5.0,
    )
    engine = make(r, clock)
    engine.start()
    # second step: ready 5, then left holds 20+2+20+2+20, switch 5, right hold 1
    clock.advance(10 + 5 + 64 + 5 + 20 + 2 + 7.25)
    engine.update()
    s = engine.state
    assert s.status is Status.RUNNING
    assert s.phase is not None and s.phase.kind is K.HOLD
    assert (s.rep, s.rep_count, s.set_number, s.set_count, s.side) == (2, 3, 1, 2, "right")
    assert (s.step_index, s.step_count, s.next_step_index) == (1, 3, 2)
    assert s.remaining == pytest.approx(12.75)
    assert s.elapsed_in_phase == pytest.approx(7.25)
    total = engine.timeline.total
    assert s.time_left == pytest.approx(total - 113.25)
    assert s.progress == pytest.approx(113.25 / total)
    assert s.active_seconds == pytest.approx(113.25)


def test_pause_keeps_the_remaining_time_to_the_millisecond(clock: FakeClock) -> None:
    r = routine(hold_step(hold=20.0, ready=0))
    engine = make(r, clock, resume_ready=3.0)
    engine.start()
    clock.advance(7.3217)
    engine.update()
    before = engine.state.remaining
    assert before is not None
    paused = engine.pause()
    assert [e.kind for e in paused] == [E.PAUSED] and paused[0].at == clock()
    clock.advance(125.4)
    assert engine.update() == []
    assert engine.state.remaining == pytest.approx(before, abs=1e-9)
    assert engine.next_wakeup() is None
    engine.resume()
    assert engine.state.status is Status.RESUMING
    assert engine.state.resume_remaining == pytest.approx(3.0)
    assert engine.state.remaining == pytest.approx(before, abs=1e-9)
    clock.advance(3.0)
    resumed = engine.update()
    # the countdown ticks 2, 1 and then resumes
    assert [(e.kind, e.value) for e in resumed] == [(E.TICK, 2), (E.TICK, 1), (E.RESUMED, None)]
    assert resumed[-1].at == pytest.approx(clock())
    assert engine.state.status is Status.RUNNING
    assert engine.state.remaining == pytest.approx(before, abs=1e-9)
    clock.advance(before)
    ended = engine.update()
    assert of(ended, E.PHASE_ENDED)[0].at == pytest.approx(T0 + 20.0 + 125.4 + 3.0)
    assert engine.state.paused_seconds == pytest.approx(128.4)
    assert engine.state.active_seconds == pytest.approx(20.0)


def test_resume_ready_zero_resumes_at_once(clock: FakeClock) -> None:
    engine = make(routine(hold_step(hold=20.0, ready=0)), clock, resume_ready=0)
    engine.start()
    clock.advance(5)
    engine.toggle_pause()
    clock.advance(60)
    events = engine.toggle_pause()
    assert [(e.kind, e.at) for e in events] == [(E.RESUMED, clock())]
    assert engine.state.status is Status.RUNNING
    assert engine.state.remaining == pytest.approx(15.0)


def test_a_long_resume_countdown_ticks(clock: FakeClock) -> None:
    engine = make(routine(hold_step(hold=20.0, ready=0)), clock, resume_ready=5.0)
    engine.start()
    clock.advance(5)
    engine.pause()
    clock.advance(10)
    engine.resume()
    resume_at = clock()
    clock.advance(5)
    events = engine.update()
    assert [(e.kind, e.value, e.at - resume_at) for e in events] == [
        (E.TICK, 3, 2.0),
        (E.TICK, 2, 3.0),
        (E.TICK, 1, 4.0),
        (E.RESUMED, None, 5.0),
    ]


def test_pausing_during_the_resume_countdown_keeps_the_phase_frozen(clock: FakeClock) -> None:
    engine = make(routine(hold_step(hold=20.0, ready=0)), clock, resume_ready=3.0)
    engine.start()
    clock.advance(4.5)
    engine.pause()
    clock.advance(10)
    engine.resume()
    clock.advance(1.0)
    engine.toggle_pause()
    assert engine.state.status is Status.PAUSED
    assert engine.state.remaining == pytest.approx(15.5)
    clock.advance(10)
    engine.resume()
    clock.advance(3.0)
    engine.update()
    assert engine.state.remaining == pytest.approx(15.5)
    assert engine.state.paused_seconds == pytest.approx(10 + 1 + 10 + 3)


def test_hand_counted_reps_wait_until_counted(clock: FakeClock) -> None:
    r = routine(reps_step(reps=2, ready=0), hold_step(hold=5.0, ready=0), rest=0)
    engine = make(r, clock)
    engine.start()
    clock.advance(10 * 3600)
    assert engine.update() == []
    s = engine.state
    assert s.phase is not None and s.phase.kind is K.REP and s.remaining is None
    assert s.rep == 1
    assert engine.next_wakeup() == pytest.approx(clock() + 1.0)
    counted = engine.count_rep()
    now = clock()
    assert [(e.kind, e.at, e.value) for e in counted] == [
        (E.REP_COUNTED, now, 1),
        (E.PHASE_ENDED, now, None),
        (E.PHASE_STARTED, now, None),
    ]
    clock.advance(2.0)
    counted = engine.count_rep()
    assert [e.kind for e in counted][:2] == [E.REP_COUNTED, E.PHASE_ENDED]
    # the hold after it is timed from the count, not from the plan's estimate
    clock.advance(5.0)
    events = engine.update()
    assert of(events, E.SESSION_FINISHED)[0].at == clock()
    assert engine.results[0].done_reps == 2


def test_count_rep_is_ignored_unless_a_rep_waits(clock: FakeClock) -> None:
    engine = make(routine(reps_step(reps=2, tempo=4.0, ready=0)), clock)
    engine.start()
    clock.advance(1.0)
    assert engine.count_rep() == []
    engine2 = make(routine(reps_step(reps=1, ready=0)), FakeClock())
    engine2.start()
    engine2.pause()
    assert engine2.count_rep() == []


def test_skip_goes_to_the_next_steps_ready_and_re_anchors(clock: FakeClock) -> None:
    r = routine(hold_step("A", hold=30.0), hold_step("B", hold=10.0, ready=4.0), rest=15.0)
    engine = make(r, clock)
    engine.start()
    clock.advance(12.5)
    engine.update()
    events = engine.skip()
    now = clock()
    assert [e.kind for e in events] == [E.STEP_SKIPPED, E.STEP_FINISHED, E.STEP_STARTED,
                                        E.PHASE_STARTED]  # fmt: skip
    assert all(e.at == now for e in events)
    result = events[1].result
    assert result is not None and result.skipped and result.done_reps == 0
    assert result.active_seconds == pytest.approx(7.5)
    assert events[-1].phase is not None and events[-1].phase.kind is K.READY
    assert events[-1].phase.step_index == 1  # the rest before B was skipped too
    clock.advance(4.0)
    assert of(engine.update(), E.PHASE_ENDED)[0].at == now + 4.0
    assert engine.state.remaining == pytest.approx(10.0)


def test_skipping_the_last_step_finishes_the_session(clock: FakeClock) -> None:
    r = routine(hold_step("A", hold=30.0), hold_step("B", hold=30.0), rest=5.0)
    engine = make(r, clock)
    engine.start()
    engine.skip()
    clock.advance(1.0)
    events = engine.skip()
    assert events[-1].kind is E.SESSION_FINISHED
    assert engine.state.status is Status.FINISHED and engine.finished
    assert [res.skipped for res in engine.results] == [True, True]
    assert engine.skip() == [] and engine.back() == [] and engine.pause() == []


def test_skip_while_paused_stays_paused(clock: FakeClock) -> None:
    r = routine(hold_step("A", hold=30.0), hold_step("B", hold=10.0, ready=4.0))
    engine = make(r, clock, resume_ready=0)
    engine.start()
    clock.advance(8)
    engine.pause()
    clock.advance(20)
    engine.skip()
    s = engine.state
    assert s.status is Status.PAUSED and s.step_index == 1 and s.remaining == pytest.approx(4.0)
    clock.advance(50)
    assert engine.state.remaining == pytest.approx(4.0)
    engine.resume()
    clock.advance(4.0)
    assert of(engine.update(), E.PHASE_ENDED)[0].at == pytest.approx(clock())


def test_back_restarts_the_step_or_goes_to_the_previous(clock: FakeClock) -> None:
    r = routine(
        hold_step("A", hold=10.0, ready=5.0),
        hold_step("B", hold=20.0, ready=5.0, reps=2, relax=2.0),
        rest=6.0,
    )
    engine = make(r, clock, back_threshold=3.0)
    engine.start()
    clock.advance(15 + 6 + 5 + 22 + 1)  # B's second hold, 1 s in
    engine.update()
    assert engine.state.rep == 2
    events = engine.back()
    assert [e.kind for e in events] == [E.STEP_STARTED, E.PHASE_STARTED]
    assert events[-1].phase is not None
    assert (events[-1].phase.kind, events[-1].phase.step_index) == (K.READY, 1)
    assert engine.state.remaining == pytest.approx(5.0)
    clock.advance(2.0)  # less than the threshold into B: back goes to A
    events = engine.back()
    assert events[-1].phase is not None
    assert (events[-1].phase.kind, events[-1].phase.step_index) == (K.READY, 0)
    clock.advance(1.0)
    engine.back()  # first step: restarts it
    s = engine.state
    assert (s.step_index, s.remaining) == (0, pytest.approx(5.0))
    # A finished again afterwards supersedes its first result
    clock.advance(15)
    engine.update()
    assert [res.step_index for res in engine.results] == [0]


def test_back_during_the_rest_before_a_step_goes_to_the_step_before(clock: FakeClock) -> None:
    r = routine(hold_step("A", hold=10.0, ready=0), hold_step("B", hold=10.0), rest=20.0)
    engine = make(r, clock)
    engine.start()
    clock.advance(25)  # 15 s into the rest before B
    engine.update()
    engine.back()
    s = engine.state
    assert s.step_index == 0 and s.phase is not None and s.phase.kind is K.HOLD


def test_stop_records_the_step_in_progress_as_partial(clock: FakeClock) -> None:
    r = routine(
        hold_step("A", hold=10.0, ready=0),
        hold_step("B", hold=10.0, reps=3, relax=0, ready=0, sides=("left", "right")),
        hold_step("C", hold=10.0),
        rest=0,
        switch=0,
    )
    engine = make(r, clock)
    engine.start()
    clock.advance(10 + 40 + 3)
    engine.update()
    events = engine.stop("pain")
    assert [e.kind for e in events] == [E.STEP_FINISHED, E.SESSION_STOPPED]
    assert events[-1].value == "pain"
    result = events[0].result
    assert result is not None and not result.skipped
    assert (result.done_reps, result.planned_reps) == (4, 6)
    assert (result.done_sides, result.planned_sides) == (("left",), ("left", "right"))
    assert (result.done_sets, result.planned_sets) == (0, 1)
    assert result.active_seconds == pytest.approx(43.0)
    assert [res.name for res in engine.results] == ["A", "B"]
    assert engine.state.status is Status.STOPPED and engine.finished
    clock.advance(100)
    assert engine.update() == [] and engine.stop("stopped") == []
    assert engine.state.remaining == pytest.approx(7.0)


def test_results_of_a_full_run_match_the_plan(clock: FakeClock) -> None:
    r = mixed()
    engine = make(r, clock)
    engine.start()
    events = run_to_end(engine, clock)
    results = [e.result for e in of(events, E.STEP_FINISHED)]
    assert results == engine.results
    for res in engine.results:
        assert not res.skipped
        assert res.done_reps == res.planned_reps
        assert res.done_sets == res.planned_sets
        assert res.done_sides == res.planned_sides
        assert res.active_seconds == pytest.approx(res.planned_seconds)
    hold = engine.results[2]
    assert (hold.planned_reps, hold.planned_sets, hold.kind) == (8, 2, "hold")
    assert engine.state.active_seconds == pytest.approx(engine.timeline.total)


def test_start_at_a_later_step(clock: FakeClock) -> None:
    r = mixed()
    engine = make(r, clock)
    events = engine.start(at_step=2)
    assert events[0].kind is E.SESSION_STARTED and events[0].value == 2
    s = engine.state
    assert s.step_index == 2 and s.phase is not None and s.phase.kind is K.READY
    assert s.progress > 0
    run_to_end(engine, clock)
    assert [res.step_index for res in engine.results] == [2, 3]
    with pytest.raises(ValueError):
        make(r, FakeClock()).start(at_step=4)


def test_start_twice_does_nothing(clock: FakeClock) -> None:
    engine = make(mixed(), clock)
    engine.start()
    assert engine.start() == []


def test_listeners_hear_what_the_methods_return(clock: FakeClock) -> None:
    heard: list[object] = []
    engine = make(mixed(), clock)
    engine.subscribe(heard.append)
    returned = engine.start()
    clock.advance(50)
    returned += engine.update() + engine.pause() + engine.resume() + engine.skip()
    assert heard == returned and returned


def test_a_late_update_delivers_everything_missed_with_planned_times() -> None:
    r = mixed()
    c1, c2 = FakeClock(), FakeClock()
    often, once = make(r, c1), make(r, c2)
    a = often.start()
    while not often.finished:
        c1.advance(0.05)
        a += often.update()
    b = once.start()
    c2.advance(plan(r).total + 30)
    b += once.update()
    assert [key(e) for e in a] == [key(e) for e in b]
    assert len(b) > 100


def test_next_wakeup_follows_the_countdown_and_events(clock: FakeClock) -> None:
    engine = make(routine(hold_step(hold=20.0, ready=0)), clock)
    assert engine.next_wakeup() is None
    engine.start()
    assert engine.next_wakeup() == T0 + 1.0  # the countdown shows 20, then 19
    clock.advance(0.3)
    assert engine.next_wakeup() == pytest.approx(T0 + 1.0)
    clock.advance(9.6)  # 9.9 s: halfway is due at 10 s
    assert engine.next_wakeup() == pytest.approx(T0 + 10.0)
    clock.set(T0 + 16.5)
    engine.update()
    assert engine.next_wakeup() == pytest.approx(T0 + 17.0)  # tick 3
    clock.set(T0 + 20.0)
    engine.update()
    assert engine.finished and engine.next_wakeup() is None


def test_next_wakeup_is_never_after_a_due_event(clock: FakeClock) -> None:
    engine = make(mixed(), clock)
    engine.start()
    while not engine.finished:
        wake = engine.next_wakeup()
        assert wake is not None and wake > clock()
        clock.set(wake)
        events = engine.update()
        state = engine.state
        # at each wake-up either something happened or the shown second changed
        assert events or state.remaining is not None
