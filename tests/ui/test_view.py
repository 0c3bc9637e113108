"""The session screen's texts, computed without Textual."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backtimer.engine.timeline import plan
from backtimer.engine.types import Phase, PhaseKind, SessionState, Status, StepResult
from backtimer.routine.model import BreathKind, BreathPhase, Progression
from backtimer.time_text import clock_text, duration_text, minutes_left_text
from backtimer.ui.screens.end import PAIN_ADVICE, Summary
from backtimer.ui.view import (
    breath_levels,
    build_view,
    describe_step,
)

from .helpers import breathe, hold, intervals, reps, routine


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0"),
        (0.001, "1"),
        (1.0, "1"),
        (1.2, "2"),
        (59.5, "1:00"),
        (65, "1:05"),
        (3725, "1:02:05"),
    ],
)
def test_clock_text_rounds_up_to_whole_seconds(seconds, text) -> None:
    assert clock_text(seconds) == text


def test_duration_text() -> None:
    assert duration_text(45) == "45 s"
    assert duration_text(120) == "2 min"
    assert duration_text(90) == "1 min 30 s"
    assert duration_text(3900) == "1 h 05 min"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "nothing left"),
        (0.4, "< 1 min left"),
        (2.0, "< 1 min left"),
        (59.9, "< 1 min left"),
        (60.0, "1 min left"),
        (60.5, "2 min left"),
        (749.0, "13 min left"),
        (3599.0, "1 h 00 min left"),
        (3601.0, "1 h 01 min left"),
    ],
)
def test_time_left_is_in_whole_minutes_rounded_up_and_never_0_while_time_is_left(
    seconds: float, text: str
) -> None:
    assert minutes_left_text(seconds) == text


def test_describe_step() -> None:
    assert describe_step(hold(hold=20.0, reps=3, sides=("left", "right"))) == (
        "hold 20\u00a0s × 3, each side"
    )
    assert describe_step(reps(reps=10, tempo=4.0)) == "10 reps, 4\u00a0s each"
    assert describe_step(reps(reps=10)) == "10 reps, counted by you"
    assert describe_step(breathe(cycles=5)) == "5 breaths"
    assert describe_step(intervals(work=30.0, rounds=5)) == "5 × 30\u00a0s work"


def _state(phase: Phase, **kw: object) -> SessionState:
    values: dict[str, object] = dict(
        status=Status.RUNNING,
        phase=phase,
        remaining=phase.duration,
        elapsed_in_phase=0.0,
        step_index=phase.step_index,
        step_count=2,
        next_step_index=1 if phase.step_index == 0 else None,
        rep=phase.rep,
        rep_count=phase.rep_count,
        set_number=phase.set_number,
        set_count=phase.set_count,
        side=phase.side,
        progress=0.25,
        time_left=90.0,
    )
    values.update(kw)
    return SessionState(**values)  # type: ignore[arg-type]


def test_a_hold_on_the_left_side() -> None:
    r = routine(hold(reps=2, sides=("left", "right"), sets=2, ready=0.0), hold("Two"))
    phase = plan(r).phases[0]
    view = build_view(_state(phase, remaining=11.2), r)
    assert (view.title, view.phase_class, view.countdown) == ("HOLD", "-hold", "12")
    assert (view.reps, view.sets, view.side) == ("Hold 1 / 2", "Set 1 / 2", "LEFT")
    assert view.step == "Step 1 / 2"
    assert view.next.startswith("After this: Two · hold")


def test_paused_and_resuming() -> None:
    r = routine(hold(ready=0.0))
    phase = plan(r).phases[0]
    paused = build_view(_state(phase, status=Status.PAUSED, remaining=7.5), r)
    assert (paused.title, paused.status_class, paused.countdown) == ("PAUSED", "-paused", "8")
    resuming = build_view(
        _state(phase, status=Status.RESUMING, remaining=7.5, resume_remaining=2.4), r
    )
    assert (resuming.title, resuming.countdown) == ("GET READY", "3")
    assert resuming.detail == "Back to HOLD, 8 s left"


def test_hand_counted_reps_show_what_is_done() -> None:
    r = routine(reps(reps=10, ready=0.0))
    phase = plan(r).phases[3]
    assert phase.waits
    view = build_view(_state(phase, remaining=None), r)
    assert view.counted and view.done_reps == 3
    assert view.reps == "Done 3 / 10"
    assert view.status_class == "-waiting"


def test_a_progression_shows_where_it_stands() -> None:
    step = reps(reps=5, tempo=3.0, ready=0.0, progression=Progression(start=5, goal=30))
    r = routine(step)
    timeline = plan(r, reps={0: 12})
    view = build_view(_state(timeline.phases[0]), r)
    assert view.reps == "Rep 1 / 12  ·  level 12 of 30"


def test_progress_moves_in_whole_seconds() -> None:
    r = routine(hold(ready=0.0))
    phase = plan(r).phases[0]
    a = build_view(_state(phase, progress=10.2 / 100), r, total=100.0)
    b = build_view(_state(phase, progress=10.9 / 100), r, total=100.0)
    c = build_view(_state(phase, progress=11.0 / 100), r, total=100.0)
    assert a.progress_permille == b.progress_permille == 100
    assert c.progress_permille == 110


def test_breath_levels_fill_on_inhales_and_empty_on_exhales() -> None:
    sigh = breathe(
        breath=(
            BreathPhase(BreathKind.INHALE, 3.0, "belly"),
            BreathPhase(BreathKind.INHALE, 1.0, "chest"),
            BreathPhase(BreathKind.HOLD, 2.0),
            BreathPhase(BreathKind.EXHALE, 6.0),
        ),
        cycles=2,
        ready=0.0,
    )
    timeline = plan(routine(sigh))
    levels = breath_levels(timeline)
    kinds = [(p.kind, levels[p.index]) for p in timeline.phases if p.index in levels]
    assert kinds[:4] == [
        (PhaseKind.INHALE, (0.0, 0.75)),
        (PhaseKind.INHALE, (0.75, 1.0)),
        (PhaseKind.BREATH_HOLD, (1.0, 1.0)),
        (PhaseKind.EXHALE, (1.0, 0.0)),
    ]
    assert kinds[4:] == kinds[:4]


def _result(index: int, **kw: object) -> StepResult:
    values: dict[str, object] = dict(
        step_index=index,
        name=f"Step {index}",
        kind="hold",
        planned_reps=3,
        done_reps=3,
        planned_sets=1,
        done_sets=1,
        planned_sides=(),
        done_sides=(),
        planned_seconds=60.0,
        active_seconds=60.0,
        skipped=False,
    )
    values.update(kw)
    return StepResult(**values)  # type: ignore[arg-type]


def test_summary_counts_done_partly_skipped_and_not_reached() -> None:
    summary = Summary(
        routine="R",
        status="stopped",
        step_names=("A", "B", "C", "D"),
        results=(
            _result(0),
            _result(1, skipped=True, done_reps=0, done_sets=0),
            _result(2, done_reps=1),
        ),
        active_seconds=150.0,
        paused_seconds=30.0,
        pain_before=3,
        pain_after=4,
    )
    rows = dict(summary.lines())
    assert rows["Exercises"] == "1 of 4 done, 1 partly, 1 skipped, 1 not reached"
    assert rows["Active time"] == "2 min 30 s  (paused 30 s)"
    assert rows["Pain"] == "3 → 4  (0–10)"
    assert not summary.pain_rose
    assert summary.step_rows() == [
        "✓  A: 3 / 3 holds",
        "–  B: skipped",
        "◐  C: 1 / 3 holds (quit here)",
        "·  D: not reached",
    ]
    assert summary.title() == "Session stopped" and summary.kind_word() == ""


def test_every_step_says_what_was_done_of_it() -> None:
    summary = Summary(
        routine="Build-up",
        status="completed",
        step_names=("Breathing", "Partial crunches", "Bird dog", "Plank"),
        results=(
            _result(0, kind="breathe", planned_reps=6, done_reps=4, skipped=True),
            _result(1, kind="reps", planned_reps=20, done_reps=10, skipped=True),
            _result(
                2,
                planned_reps=10,
                done_reps=5,
                planned_sides=("left", "right"),
                done_sides=("left",),
                skipped=True,
            ),
            _result(3, planned_reps=1, done_reps=1, planned_sets=3, done_sets=3),
        ),
        active_seconds=100.0,
    )
    assert summary.step_rows() == [
        "◐  Breathing: 4 / 6 breaths (skipped the rest)",
        "◐  Partial crunches: 10 / 20 reps (skipped the rest)",
        "◐  Bird dog: 5 / 10 holds, left side only (skipped the rest)",
        "✓  Plank: 1 / 1 hold, 3 / 3 sets",
    ]
    assert dict(summary.lines())["Exercises"] == "1 of 4 done, 3 partly"
    assert summary.title() == "Well done: 1 of 4 exercises done"


def test_nothing_done_is_said_plainly_and_kindly_never_praised() -> None:
    names = ("A", "B", "C", "D")
    results = tuple(_result(i, skipped=True, done_reps=0, done_sets=0) for i in range(4))
    summary = Summary("Build-up", "completed", names, results, 3.0, pain_before=3, pain_after=3)
    assert summary.title() == "Session over: 0 of 4 exercises done"
    assert "Well done" not in summary.title()
    assert summary.kind_word().startswith("Nothing was done this time, and that is all right")
    assert dict(summary.lines())["Exercises"] == "0 of 4 done, 4 skipped"
    assert summary.mood == "nothing"


def test_all_done_is_well_done() -> None:
    summary = Summary("R", "completed", ("A", "B"), (_result(0), _result(1)), 60.0)
    assert summary.title() == "Well done: session complete" and summary.mood == "done"
    assert summary.kind_word() == ""


def test_pain_advice_speaks_of_the_session_or_of_the_exercise_stopped_in() -> None:
    session = Summary("R", "completed", ("A",), (_result(0),), 60.0, pain_before=2, pain_after=5)
    assert session.advice() == PAIN_ADVICE
    assert "about this session" in PAIN_ADVICE and "exercise" not in PAIN_ADVICE
    stop = replace(session, status="pain-stop", stopped_in="Bird dog")
    assert stop.advice().endswith("talk to your physiotherapist or doctor about Bird dog.")
    assert replace(session, pain_after=3).advice() == ""


@pytest.mark.parametrize(
    ("before", "after", "rose"), [(3, 5, True), (3, 4, False), (None, 9, False), (5, 2, False)]
)
def test_pain_rising_by_two_is_noticed(before, after, rose) -> None:
    summary = Summary("R", "completed", (), (), 0.0, pain_before=before, pain_after=after)
    assert summary.pain_rose is rose
    assert "physiotherapist" in PAIN_ADVICE
    assert replace(summary, pain_after=None).pain_rose is False
