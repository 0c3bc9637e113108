"""The planner: the shape of each kind of step, and offsets without gaps."""

from __future__ import annotations

import pytest
from hypothesis import given

from backtimer.engine.timeline import estimate_seconds, plan, step_estimate
from backtimer.engine.types import PhaseKind as K
from backtimer.engine.types import Timeline
from backtimer.routine.model import Progression

from .builders import breathe_step, hold_step, intervals_step, mixed, reps_step, routine, routines


def kinds(t: Timeline) -> list[K]:
    return [p.kind for p in t.phases]


def assert_contiguous(t: Timeline) -> None:
    assert [p.index for p in t.phases] == list(range(len(t.phases)))
    assert t.phases[0].offset == 0.0
    for a, b in zip(t.phases, t.phases[1:], strict=False):
        assert b.offset == a.end  # the very same float: no gaps, no drift
        assert a.estimate > 0


def test_hold_with_sides_and_reps() -> None:
    t = plan(routine(hold_step(hold=20, reps=2, relax=3, sides=("left", "right")), switch=5))
    assert kinds(t) == [K.READY, K.HOLD, K.REST, K.HOLD, K.SWITCH, K.HOLD, K.REST, K.HOLD]
    holds = [p for p in t.phases if p.kind is K.HOLD]
    assert [(p.side, p.rep, p.rep_count) for p in holds] == [
        ("left", 1, 2),
        ("left", 2, 2),
        ("right", 1, 2),
        ("right", 2, 2),
    ]
    relax = t.phases[2]
    assert relax.label == "Relax" and relax.duration == 3
    switch = t.phases[4]
    assert switch.duration == 5 and switch.side == "right"
    assert t.total == 5 + 4 * 20 + 2 * 3 + 5
    assert_contiguous(t)


def test_relax_zero_and_ready_zero_are_left_out() -> None:
    t = plan(routine(hold_step(hold=10, reps=3, relax=0, ready=0)))
    assert kinds(t) == [K.HOLD, K.HOLD, K.HOLD]
    assert t.total == 30


def test_sets_have_rest_between_but_not_after() -> None:
    t = plan(routine(hold_step(hold=15, sets=3, rest=30, ready=0, sides=("right", "left"))))
    assert kinds(t) == [
        K.HOLD, K.SWITCH, K.HOLD, K.REST, K.HOLD, K.SWITCH, K.HOLD, K.REST, K.HOLD, K.SWITCH,
        K.HOLD,
    ]  # fmt: skip
    assert [p.side for p in t.phases if p.kind is K.HOLD] == ["right", "left"] * 3
    assert [p.set_number for p in t.phases if p.kind is K.HOLD] == [1, 1, 2, 2, 3, 3]
    rests = [p for p in t.phases if p.kind is K.REST]
    assert [(r.duration, r.set_number, r.label) for r in rests] == [
        (30, 2, "Next: set 2 of 3"),
        (30, 3, "Next: set 3 of 3"),
    ]
    assert all(p.set_count == 3 for p in t.phases)


def test_switch_zero_is_left_out() -> None:
    t = plan(routine(hold_step(hold=10, ready=0, sides=("left", "right")), switch=0))
    assert kinds(t) == [K.HOLD, K.HOLD]


def test_timed_reps() -> None:
    t = plan(routine(reps_step(reps=4, tempo=2.5, ready=3)))
    assert kinds(t) == [K.READY] + [K.REP] * 4
    assert [p.rep for p in t.phases[1:]] == [1, 2, 3, 4]
    assert all(p.duration == 2.5 and not p.waits for p in t.phases[1:])
    assert t.total == 3 + 10


def test_reps_by_hand_wait_and_use_the_estimate() -> None:
    t = plan(routine(reps_step(reps=3, ready=0)), hand_rep_estimate=2.0)
    assert all(p.waits and p.estimate == 2.0 for p in t.phases)
    assert t.total == 6.0


def test_progression_reps_default_to_start_and_follow_the_mapping() -> None:
    step = reps_step(reps=None, progression=Progression(5, 30, 1), tempo=1.0, ready=0)
    r = routine(step)
    assert len(plan(r).phases) == 5
    assert len(plan(r, reps={0: 7}).phases) == 7
    assert plan(r, reps={0: 7}).phases[0].rep_count == 7
    held = routine(hold_step(hold=2, reps=None, progression=Progression(4, 10), relax=0, ready=0))
    assert kinds(plan(held, reps={0: 6})) == [K.HOLD] * 6


def test_breathe_cycles_and_labels() -> None:
    t = plan(routine(breathe_step(cycles=2, ready=0)))
    assert kinds(t) == [K.INHALE, K.BREATH_HOLD, K.EXHALE] * 2
    assert [p.rep for p in t.phases] == [1, 1, 1, 2, 2, 2]
    assert t.phases[0].label == "belly" and t.phases[1].label == ""
    assert t.total == 24


def test_breathe_duration_fallback_is_whole_cycles() -> None:
    step = breathe_step(cycles=None, duration=60.0, ready=0)  # 12 s cycles -> 5
    assert len(plan(routine(step)).phases) == 15


def test_intervals_rounds_rest_and_cadence() -> None:
    t = plan(routine(intervals_step(work=30, rounds=3, rest=20, cadence=120, ready=0)))
    assert kinds(t) == [K.WORK, K.REST, K.WORK, K.REST, K.WORK]
    assert [p.cadence for p in t.phases if p.kind is K.WORK] == [120] * 3
    assert [p.rep for p in t.phases if p.kind is K.WORK] == [1, 2, 3]
    assert t.total == 90 + 40


def test_between_step_rest_belongs_to_the_next_step() -> None:
    t = plan(routine(hold_step(hold=10), reps_step(reps=2, tempo=3), rest=12))
    second = [p for p in t.phases if p.step_index == 1]
    assert [p.kind for p in second] == [K.REST, K.READY, K.REP, K.REP]
    assert second[0].duration == 12 and second[0].label == "Next: Cat-cow"
    assert t.phases[0].kind is K.READY  # no rest before the first step
    assert t.step_count == 2


def test_between_step_rest_zero_is_left_out() -> None:
    t = plan(routine(hold_step(hold=10, ready=0), hold_step(hold=10, ready=0), rest=0))
    assert kinds(t) == [K.HOLD, K.HOLD]


def test_mixed_routine_is_contiguous_and_matches_the_estimate() -> None:
    r = mixed()
    t = plan(r)
    assert_contiguous(t)
    assert estimate_seconds(r) == pytest.approx(t.total)
    assert sorted({p.step_index for p in t.phases}) == [0, 1, 2, 3]


@given(routines())
def test_any_routine_is_contiguous_and_estimated(r) -> None:  # type: ignore[no-untyped-def]
    t = plan(r)
    assert_contiguous(t)
    assert estimate_seconds(r) == pytest.approx(t.total)
    for i in range(len(r.steps)):
        own = sum(p.estimate for p in t.phases if p.step_index == i)
        assert step_estimate(r, i) == pytest.approx(own)
    # step indexes never go back, and each step has work
    assert [p.step_index for p in t.phases] == sorted(p.step_index for p in t.phases)
    assert {p.step_index for p in t.phases} == set(range(len(r.steps)))
