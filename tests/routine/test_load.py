"""Valid routine files become the right Routine: every kind, default and notation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backtimer.routine.load import check_file, check_text, load_routine, load_text
from backtimer.routine.model import BreathKind, BreathPhase, Progression, Step, StepKind

SPEC_EXAMPLE = """\
name: Morning back routine
description: Gentle mobility and core work. Stop if pain increases.
rest: 15s                 # default rest between sets and between steps
ready: 5s                 # "get ready" countdown before each step
steps:
  - name: Belly and chest breathing
    breathe: {inhale: 4, hold: 2, exhale: 6}   # seconds per phase
    cycles: 5
  - name: Physiological sigh
    breathe:                                  # or any list of labelled phases
      - {inhale: 3, label: belly}
      - {inhale: 1, label: chest}
      - {exhale: 6}
    duration: 1m                              # cycles or a total duration
  - name: Standing cat-cow
    cue: One hand on the wall. Slow and steady, no bouncing.
    reps: 10
    tempo: 4s
  - name: Knee to chest
    sides: both           # left then right, announced
    hold: 20s
    reps: 3               # three holds per side
  - name: Bird dog
    reps: {start: 5, goal: 30, step: 1}
    hold: 2s              # each rep held
  - name: Side plank
    sides: both
    hold: 15s
    sets: 3
    rest: 30s
  - name: Jump rope
    work: 30s
    rest: 30s
    rounds: 5
    cadence: 120          # optional metronome, beats per minute
"""


def one_step(step_yaml: str, top: str = "") -> Step:
    routine = load_text(f"name: T\n{top}steps:\n  - name: S\n{step_yaml}")
    assert len(routine.steps) == 1
    return routine.steps[0]


def test_spec_example_loads_with_both_parsers(parser: str) -> None:
    routine = load_text(SPEC_EXAMPLE, "morning.yaml")
    assert routine.name == "Morning back routine"
    assert routine.description == "Gentle mobility and core work. Stop if pain increases."
    assert (routine.rest, routine.ready, routine.switch) == (15.0, 5.0, 5.0)
    kinds = [step.kind for step in routine.steps]
    assert kinds == [
        StepKind.BREATHE,
        StepKind.BREATHE,
        StepKind.REPS,
        StepKind.HOLD,
        StepKind.HOLD,
        StepKind.HOLD,
        StepKind.INTERVALS,
    ]
    assert [step.line for step in routine.steps] == [6, 9, 15, 19, 23, 26, 31]
    breathe, sigh, catcow, knee, bird, plank, rope = routine.steps
    assert breathe.breath == (
        BreathPhase(BreathKind.INHALE, 4.0),
        BreathPhase(BreathKind.HOLD, 2.0),
        BreathPhase(BreathKind.EXHALE, 6.0),
    )
    assert breathe.cycles == 5 and breathe.duration is None
    assert sigh.breath == (
        BreathPhase(BreathKind.INHALE, 3.0, "belly"),
        BreathPhase(BreathKind.INHALE, 1.0, "chest"),
        BreathPhase(BreathKind.EXHALE, 6.0),
    )
    assert (sigh.cycles, sigh.duration) == (6, 60.0)  # 60 s / 10 s per breath
    assert catcow.reps == 10 and catcow.tempo == 4.0 and not catcow.counted_by_hand
    assert catcow.cue == "One hand on the wall. Slow and steady, no bouncing."
    assert knee.sides == ("left", "right") and knee.hold == 20.0 and knee.reps == 3
    assert bird.progression == Progression(5, 30, 1) and bird.reps == 5 and bird.hold == 2.0
    assert plank.sets == 3 and plank.rest == 30.0 and plank.reps == 1
    assert (rope.work, rope.rounds, rope.cadence, rope.rest) == (30.0, 5, 120, 30.0)


def test_defaults() -> None:
    routine = load_text("name: T\nsteps:\n  - {name: S, hold: 20}\n")
    assert (routine.rest, routine.ready, routine.switch) == (15.0, 5.0, 5.0)
    assert routine.description is None and routine.sound == {}
    step = routine.steps[0]
    assert step.sides == () and step.sets == 1 and step.cue is None
    assert (step.rest, step.ready, step.reps, step.relax) == (15.0, 5.0, 1, 3.0)
    assert step.progression is None and step.tempo is None


def test_step_rest_and_ready_default_to_the_routines() -> None:
    routine = load_text(
        "name: T\nrest: 40s\nready: 0\nswitch: 8s\nsteps:\n"
        "  - {name: A, hold: 20}\n  - {name: B, hold: 20, rest: 0, ready: 3}\n"
    )
    a, b = routine.steps
    assert (routine.rest, routine.ready, routine.switch) == (40.0, 0.0, 8.0)
    assert (a.rest, a.ready) == (40.0, 0.0)
    assert (b.rest, b.ready) == (0.0, 3.0)


def test_hold_with_reps_and_relax() -> None:
    step = one_step("    hold: 1m30s\n    reps: 3\n    relax: 0\n")
    assert step.kind is StepKind.HOLD
    assert (step.hold, step.reps, step.relax) == (90.0, 3, 0.0)


def test_hold_with_progression() -> None:
    step = one_step("    hold: 5\n    reps: {start: 3, goal: 8}\n")
    assert step.progression == Progression(3, 8, 1)
    assert step.reps == 3


def test_reps_counted_by_hand() -> None:
    step = one_step("    reps: 12\n")
    assert step.kind is StepKind.REPS
    assert step.reps == 12 and step.tempo is None and step.counted_by_hand


def test_reps_with_progression_and_tempo() -> None:
    step = one_step("    reps: {start: 5, goal: 30, step: 5}\n    tempo: 2.5\n")
    assert step.progression == Progression(5, 30, 5)
    assert step.reps == 5 and step.tempo == 2.5


def test_progression_back_off_is_read_and_defaults_to_holding() -> None:
    step = one_step("    reps: {start: 5, goal: 30, step: 2, back_off: 3}\n    tempo: 2\n")
    assert step.progression == Progression(5, 30, 2, back_off=3)
    assert one_step("    reps: {start: 5, goal: 30}\n").progression == Progression(5, 30, 1, 0)


def test_progression_levels_stay_between_start_and_goal() -> None:
    progression = Progression(5, 8, step=2, back_off=3)
    assert progression.raised(5) == 7 and progression.raised(7) == 8
    assert progression.lowered(7) == 5 and progression.lowered(6) == 5
    assert progression.clamp(40) == 8 and progression.clamp(1) == 5
    assert Progression(5, 8).lowered(7) == 7  # without back_off the level holds


def test_progression_may_start_at_its_goal() -> None:
    step = one_step("    reps: {start: 10, goal: 10}\n")
    assert step.progression == Progression(10, 10, 1)


def test_breathe_mapping_keeps_the_written_order() -> None:
    step = one_step("    breathe: {exhale: 6, inhale: 4}\n    cycles: 3\n")
    assert [phase.kind for phase in step.breath] == [BreathKind.EXHALE, BreathKind.INHALE]


@pytest.mark.parametrize(
    ("duration", "cycles"),
    [("1m", 6), ("14s", 1), ("1s", 1), ("15s", 2), ("25s", 3), ("2 min", 12)],
)
def test_breathe_duration_becomes_the_nearest_whole_number_of_cycles(
    duration: str, cycles: int
) -> None:
    step = one_step(f"    breathe: {{inhale: 4, exhale: 6}}\n    duration: {duration}\n")
    assert step.cycles == cycles


def test_intervals_defaults() -> None:
    step = one_step("    work: 45s\n")
    assert step.kind is StepKind.INTERVALS
    assert (step.work, step.rounds, step.cadence) == (45.0, 1, None)


@pytest.mark.parametrize(
    ("written", "sides"),
    [
        ("both", ("left", "right")),
        ("Both", ("left", "right")),
        ("left", ("left",)),
        ("right", ("right",)),
        ("[right, left]", ("right", "left")),
        ("[left, right]", ("left", "right")),
        ("[left]", ("left",)),
    ],
)
def test_sides_notations(written: str, sides: tuple[str, ...]) -> None:
    assert one_step(f"    hold: 5\n    sides: {written}\n").sides == sides


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("45", 45.0),
        ("2.5", 2.5),
        ("45s", 45.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("2 min", 120.0),
        ("2 minutes", 120.0),
        ("90 sec", 90.0),
        ("1:30", 90.0),
        ('"1:30"', 90.0),
        ("'45s'", 45.0),
        ("1h", 3600.0),
        ("2h", 7200.0),
    ],
)
def test_duration_notations_in_a_file(written: str, seconds: float, parser: str) -> None:
    assert one_step(f"    hold: {written}\n").hold == seconds


def test_sound_preferences() -> None:
    routine = load_text(
        "name: T\nsound: {ticks: false, volume: 40, halfway: yes, speech: true}\n"
        "steps: [{name: S, hold: 5}]\n"
    )
    assert routine.sound == {"ticks": False, "volume": 40, "halfway": True, "speech": True}


def test_text_values_are_taken_as_written() -> None:
    routine = load_text(
        "name: 2024-01-01\ndescription: yes\nsteps:\n  - {name: 12, hold: 5, cue: 1:30}\n"
    )
    assert routine.name == "2024-01-01" and routine.description == "yes"
    assert routine.steps[0].name == "12" and routine.steps[0].cue == "1:30"


def test_empty_cue_and_description_are_none() -> None:
    routine = load_text("name: T\ndescription:\nsteps:\n  - {name: S, hold: 5, cue: }\n")
    assert routine.description is None and routine.steps[0].cue is None


def test_aliases_and_merge_keys_reuse_parts(parser: str) -> None:
    routine = load_text(
        "name: T\n"
        "steps:\n"
        "  - &plank {name: Plank, hold: 20s, sides: both}\n"
        "  - *plank\n"
        "  - {<<: *plank, name: Long plank, hold: 40s}\n"
    )
    first, second, third = routine.steps
    assert first == second
    assert (third.name, third.hold, third.sides) == ("Long plank", 40.0, ("left", "right"))


def test_utf8_text_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: R\xc3\xbccken\nsteps: [{name: Dehnen, hold: 5}]\n")
    assert load_routine(path).name == "Rücken"


def test_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"name: R\r\nsteps:\r\n  - name: S\r\n    hold: 0\r\n")
    [problem] = check_file(path)
    assert (problem.line, problem.column) == (4, 11)


def test_loaded_routine_knows_its_file_and_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    routine = load_routine(path)
    assert routine.path == str(path.resolve())
    assert routine.source_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_routine(str(path)) == routine
    assert check_file(path) == []


def test_text_routine_has_no_path_but_a_hash() -> None:
    routine = load_text(SPEC_EXAMPLE)
    assert routine.path is None
    assert routine.source_hash == hashlib.sha256(SPEC_EXAMPLE.encode()).hexdigest()
    assert check_text(SPEC_EXAMPLE) == []


def test_limits_at_their_edges_are_fine() -> None:
    routine = load_text(
        "name: " + "n" * 200 + "\n"
        "description: " + "d" * 2000 + "\n"
        "steps:\n"
        "  - {name: A, reps: 1000, sets: 100, tempo: 1}\n"
        "  - {name: B, work: 2h, rounds: 1000, cadence: 300, rest: 0}\n"
        "  - {name: C, work: 1, cadence: 20}\n"
        "  - {name: D, breathe: {inhale: 60, exhale: 1}, cycles: 1000}\n"
        "  - {name: E, reps: {start: 1, goal: 1000, step: 100}}\n"
        "  - {name: F, hold: 1, relax: 2h, ready: 2h}\n"
    )
    assert len(routine.steps) == 6
