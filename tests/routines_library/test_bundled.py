"""The routines that ship with backtimer: valid, honest about their length, and
written the way the project promises (plain cues, safety notes, one-sided
exercises done on both sides)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine.timeline import estimate_seconds
from backtimer.resources import bundled_routines_dir
from backtimer.routine.load import check_file, load_routine
from backtimer.routine.model import Routine, StepKind
from tests.routines_library.claims import claimed_seconds, within

EXPECTED = {
    "morning",
    "evening-stretch",
    "core-strength",
    "breathing",
    "desk-break",
    "jump-rope",
    "build-up",
}
BUNDLED = sorted(bundled_routines_dir().glob("*.yaml"))


def _load(stem: str) -> Routine:
    return load_routine(bundled_routines_dir() / f"{stem}.yaml")


def test_the_expected_routines_ship() -> None:
    assert {path.stem for path in BUNDLED} >= EXPECTED


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_routine_is_valid(path: Path) -> None:
    assert [str(problem) for problem in check_file(path)] == []


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_description_states_the_length_the_planner_estimates(path: Path) -> None:
    routine = load_routine(path)
    claim = claimed_seconds(routine.description)
    assert claim is not None, "the description should say 'About N minutes.'"
    estimate = estimate_seconds(routine)
    assert within(estimate, claim), (
        f"planned {estimate / 60:.1f} min, description says {claim / 60:g}"
    )


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_step_has_a_cue_and_the_routine_a_safety_note(path: Path) -> None:
    routine = load_routine(path)
    assert all(step.cue for step in routine.steps), "every step says how to do it"
    description = (routine.description or "").lower()
    assert "stop if" in description
    assert "no jerking" in description or "no bouncing" in description or "slow" in description


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_one_sided_exercises_are_done_on_both_sides(path: Path) -> None:
    one_sided = ("knee to chest", "twist", "side plank", "side bend", "bird dog", "stretch")
    for step in load_routine(path).steps:
        name = step.name.lower()
        if any(word in name for word in one_sided) and "forward bend" not in name:
            sided = set(step.sides) == {"left", "right"} or "hamstring" in name
            assert sided or step.kind is not StepKind.HOLD or "cobbler" in name, step.name


def test_morning_uses_every_kind_of_counting() -> None:
    routine = _load("morning")
    assert 10 * 60 <= estimate_seconds(routine) <= 15 * 60
    kinds = {step.kind for step in routine.steps}
    assert {StepKind.BREATHE, StepKind.REPS, StepKind.HOLD} <= kinds
    assert any(s.kind is StepKind.REPS and s.tempo for s in routine.steps), "reps with tempo"
    assert any(s.counted_by_hand for s in routine.steps), "hand-counted reps"
    assert any(
        s.kind is StepKind.HOLD and s.sides and (s.reps or 1) > 1 and s.hold and s.hold >= 10
        for s in routine.steps
    ), "a hold with sides and reps"
    assert any(
        s.kind is StepKind.HOLD and (s.reps or 1) > 1 and s.hold and s.hold <= 5
        for s in routine.steps
    ), "held reps"
    names = " ".join(step.name.lower() for step in routine.steps)
    for exercise in ("breathing", "cat-cow", "knee to chest", "hip hinge", "bird dog"):
        assert exercise in names
    assert "crunch" in names and "plank" in names


def test_evening_stretch_has_the_prescribed_stretches() -> None:
    names = " ".join(step.name.lower() for step in _load("evening-stretch").steps)
    for exercise in (
        "forward bend",
        "cobbler",
        "backward bend",
        "twist",
        "knee to chest",
        "step-up",
    ):
        assert exercise in names


def test_core_strength_is_three_sets_with_the_osteoporosis_caution() -> None:
    routine = _load("core-strength")
    assert "3 sets" in (routine.description or "")
    assert "twice a week" in (routine.description or "")
    assert all(step.sets == 3 for step in routine.steps)
    roll_up = next(step for step in routine.steps if "roll-up" in step.name.lower())
    assert "osteoporosis" in (roll_up.cue or "").lower()
    names = " ".join(step.name.lower() for step in routine.steps)
    for exercise in ("crunch", "bird dog", "plank", "side plank", "superman", "hip hinge", "row"):
        assert exercise in names


def test_breathing_goes_from_belly_to_chest_to_six_breaths_a_minute() -> None:
    routine = _load("breathing")
    assert within(estimate_seconds(routine), 5 * 60)
    steps = [step for step in routine.steps if step.kind is StepKind.BREATHE]
    assert len(steps) == len(routine.steps) >= 3
    assert "diaphragm" in steps[0].name.lower() or "belly" in steps[0].name.lower()
    assert "chest" in steps[1].name.lower()
    last_cycle = sum(phase.seconds for phase in steps[-1].breath)
    assert 60 / last_cycle == pytest.approx(6, abs=0.5)


def test_desk_break_is_short_and_standing() -> None:
    routine = _load("desk-break")
    assert 3 * 60 <= estimate_seconds(routine) <= 5 * 60
    floor_words = ("lie ", "lying", "kneel", "hands and knees", "on the floor", "on your back")
    for step in routine.steps:
        assert not any(word in (step.cue or "").lower() for word in floor_words), step.name


def test_jump_rope_warms_up_with_short_static_stretches_and_cools_down() -> None:
    steps = _load("jump-rope").steps
    intervals = [i for i, step in enumerate(steps) if step.kind is StepKind.INTERVALS]
    main = max(intervals, key=lambda i: steps[i].rounds or 1)
    assert (steps[main].rounds or 1) > 1 and steps[main].cadence
    warm_up = [step for step in steps[:main] if step.kind is StepKind.HOLD]
    assert warm_up and all(10 <= (step.hold or 0) <= 20 for step in warm_up)
    assert steps[main + 1 :], "a cool-down follows the intervals"


def test_build_up_grows_from_five_to_thirty() -> None:
    progressions = [step.progression for step in _load("build-up").steps if step.progression]
    assert progressions
    assert all((p.start, p.goal, p.step) == (5, 30, 1) for p in progressions)
