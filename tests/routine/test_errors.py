"""Problems: where they point, how they read, and how files that are not routines fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from backtimer.errors import UserError
from backtimer.routine.load import check_file, check_text, load_routine, load_text
from backtimer.routine.problems import Problem, RoutineError


def problems_of(text: str) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in check_text(text, "r.yaml")]


def test_problem_reads_like_a_compiler_message() -> None:
    problem = Problem("r.yaml", 3, 5, "steps[0].tempoo", "unknown key 'tempoo'")
    assert str(problem) == "r.yaml:3:5: unknown key 'tempoo'"


def test_routine_error_is_a_user_error_listing_every_problem_in_order() -> None:
    late = Problem("r.yaml", 9, 1, "b", "second")
    early = Problem("r.yaml", 2, 7, "a", "first")
    error = RoutineError([late, early])
    assert isinstance(error, UserError)
    assert error.problems == [early, late]
    assert str(error) == "r.yaml:2:7: first\nr.yaml:9:1: second"
    assert error.file == "r.yaml"


def test_routine_error_needs_a_problem() -> None:
    with pytest.raises(ValueError):
        RoutineError([])


def test_load_text_raises_with_every_problem() -> None:
    text = "name: T\nsteps:\n  - {name: A, hold: 0}\n  - {name: B, reps: 0}\n"
    with pytest.raises(RoutineError) as caught:
        load_text(text, "r.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "r.yaml:3:21: hold must be a time from 1s to 2h, got 0s",
        "r.yaml:4:21: reps must be a whole number from 1 to 1000, got 0",
    ]


def test_problems_carry_key_paths_and_suggestions() -> None:
    text = "name: T\nsteps:\n  - {name: A, reps: 3}\n  - {name: B, reps: 3, tempoo: 4}\n"
    [problem] = check_text(text)
    assert problem.path == "steps[1].tempoo"
    assert problem.suggestion == "tempo"
    assert problem.message == "unknown key 'tempoo' (did you mean 'tempo'?)"


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("Hold", "hold"),
        ("holds", "hold"),
        ("cadance", "cadence"),
        ("rounds", None),
        ("breath", "breathe"),
        ("side", "sides"),
        ("setts", "sets"),
    ],
)
def test_did_you_mean(key: str, suggestion: str | None) -> None:
    problems = check_text(f"name: T\nsteps:\n  - name: S\n    hold: 5\n    {key}: 1\n")
    if key == "rounds":  # a real key in the wrong kind of step: no guess needed
        assert problems[0].message.startswith("'rounds' does not belong in a hold step")
        return
    assert problems[0].suggestion == suggestion
    assert problems[0].message == f"unknown key '{key}' (did you mean '{suggestion}'?)"


def test_problem_position_is_the_same_with_both_parsers(parser: str) -> None:
    text = "name: T\nsteps:\n  - name: S\n    hold: 20 mn\n    tempoo: 3\n"
    assert [(p.line, p.column) for p in check_text(text)] == [(4, 11), (5, 5)]


def test_yaml_syntax_error_points_at_its_mark_with_both_parsers(parser: str) -> None:
    [problem] = check_text("name: T\nsteps:\n  - name: S\n    hold: 5: 5\n")
    assert (problem.line, problem.column) == (4, 12)
    assert problem.message.startswith("invalid YAML: mapping values are not allowed")


def test_tabs_get_a_hint_with_both_parsers(parser: str) -> None:
    [problem] = check_text("name: T\nsteps:\n\t- name: S\n")
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message.endswith("; indent with spaces, not tabs")


def test_control_character_is_located(parser: str) -> None:
    [problem] = check_text("name: Tä\nsteps:\n  - {name: S\x07, hold: 5}\n")
    assert (problem.line, problem.column) == (3, 13)
    assert problem.message == "the character '\\x07' is not allowed in YAML (U+0007)"


def test_lone_surrogate_in_text_is_a_problem() -> None:
    [problem] = check_text("name: T\ud800\nsteps: []\n")
    assert (problem.line, problem.column) == (1, 8)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    [problem] = check_file(path)
    assert str(problem) == f"{path}:1:1: there is no file {path}"
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert caught.value.problems == [problem]


def test_folder_instead_of_file(tmp_path: Path) -> None:
    [problem] = check_file(tmp_path)
    assert problem.message == f"{tmp_path} is a folder, not a routine file"


# Imports as root, then becomes the second user, who cannot read a mode-0 file.
_CHECK_AS_OTHER_USER = """
import os, pwd, sys
from backtimer.routine.load import check_file
user = pwd.getpwnam(sys.argv[1])
os.setgid(user.pw_gid)
os.setuid(user.pw_uid)
print(*(problem.message for problem in check_file(sys.argv[2])), sep="\\n")
"""


@pytest.mark.xdist_group("second-user")
def test_unreadable_file(request: pytest.FixtureRequest) -> None:
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.yaml"
        path.write_text("name: T\n")
        path.chmod(0)
        if os.geteuid() != 0:
            messages = [problem.message for problem in check_file(path)]
        else:  # root reads every file: the check runs as a second user
            user = request.getfixturevalue("other_user")
            done = subprocess.run(
                [sys.executable, "-c", _CHECK_AS_OTHER_USER, user, str(path)],
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr
            messages = done.stdout.splitlines()
        assert messages == [f"{path} cannot be read (permission denied)"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: T\nsteps:\n  - {name: R\xfccken, hold: 5}\n")
    [problem] = check_file(path)
    assert (problem.line, problem.column) == (3, 13)
    assert problem.message == "the file is not UTF-8 text (save it as UTF-8)"


def test_too_many_steps_is_one_problem_at_the_key(parser: str) -> None:
    step = "  - {name: S, hold: 1}\n"
    [problem] = check_text("name: T\nsteps:\n" + step * 501)
    assert str(problem) == "<text>:2:1: too many steps (501); at most 500"
    assert problem.path == "steps"
    assert problems_of("name: T\nsteps:\n" + step * 500) == []
    nested = "name: T\nsteps: [" + "[a, {b: [c]}], " * 600 + "]\n"
    assert problems_of(nested) == ["2:1: too many steps (600); at most 500"]


def test_other_huge_lists_are_refused_at_the_item_too_many() -> None:
    assert problems_of("name: T\nfoo: [" + "a, " * 600 + "]\n") == [
        "2:1507: more than 500 items in one list or mapping; a routine has at most 500 steps"
    ]
    assert problems_of("- a\n" * 600) == [
        "501:3: more than 500 items in one list or mapping; a routine has at most 500 steps"
    ]


def test_huge_mapping_is_refused_at_the_key_too_many() -> None:
    keys = "".join(f"k{i}: 1\n" for i in range(600))
    assert problems_of("name: T\n" + keys) == [
        "501:1: more than 500 items in one list or mapping; a routine has at most 500 steps"
    ]


def test_too_many_breathing_phases() -> None:
    phases = ", ".join(["{inhale: 1}", "{exhale: 1}"] * 11)
    text = f"name: T\nsteps:\n  - name: S\n    breathe: [{phases}]\n    cycles: 1\n"
    assert problems_of(text) == ["4:14: too many breathing phases (22); at most 20"]


def test_merge_of_a_scalar_is_a_problem() -> None:
    text = "name: T\nsteps:\n  - {<<: 5, name: S, hold: 5}\n"
    assert problems_of(text) == ["3:10: '<<' merges a mapping or a list of mappings only"]


def test_non_scalar_key() -> None:
    text = "name: T\n[a]: 1\nsteps: [{name: S, hold: 5}]\n"
    assert problems_of(text) == ["2:1: a key must be a plain word, got a list"]


def test_key_given_twice_at_the_top() -> None:
    text = "name: T\nsteps: [{name: S, hold: 5}]\nname: U\n"
    assert problems_of(text) == ["3:1: 'name' is given twice (first on line 1)"]


def test_no_kind_is_not_reported_when_a_misspelt_kind_key_was() -> None:
    text = "name: T\nsteps:\n  - {name: S, brethe: {inhale: 4}}\n"
    assert problems_of(text) == ["3:15: unknown key 'brethe' (did you mean 'breathe'?)"]


def test_wrong_key_for_intervals() -> None:
    text = "name: T\nsteps:\n  - {name: S, work: 30s, relax: 5}\n"
    assert problems_of(text) == [
        "3:26: 'relax' does not belong in an intervals step; it goes in a hold step (with hold)"
    ]


def test_quoted_number_is_text_not_a_count() -> None:
    assert problems_of('name: T\nsteps:\n  - {name: S, work: 30, rounds: "3"}\n') == [
        "3:33: rounds must be a whole number from 1 to 1000, got '3'"
    ]


def test_problems_come_out_sorted_even_across_refused_tags() -> None:
    text = "name: T\nsteps:\n  - {name: S, hold: 0}\ndescription: !!binary aGk=\n"
    assert problems_of(text) == [
        "3:21: hold must be a time from 1s to 2h, got 0s",
        "4:14: the tag '!!binary' is not allowed; routine files hold plain text, numbers and lists",
    ]


def test_refused_tags_have_key_paths_and_are_not_also_missing() -> None:
    text = (
        "name: !x T\nsteps:\n  - {name: S, hold: 5, cue: !!binary aGk=}\n"
        "  - {!k name: S, hold: 5}\n"
    )
    problems = check_text(text)
    assert [(p.line, p.column, p.path) for p in problems] == [
        (1, 7, "name"),
        (3, 29, "steps[0].cue"),
        (4, 6, "steps[1]"),
    ]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            "{name: S, hold: 5, cue: " + "c" * 2001 + "}",
            "cue is too long (2001 characters; at most 2000)",
        ),
        ("{name: '', hold: 5}", "name must not be empty"),
        ("{name: '  ', hold: 5}", "name must not be empty"),
        ("{name: S, hold: 5, sides: [[left]]}", "each side is left or right, got a list"),
        (
            "{name: S, hold: 5, sides: {left: 1}}",
            "sides must be both, left, right or a list like [right, left], got a mapping",
        ),
        ("{name: S, hold: 5, sides: }", "sides has no value"),
        ("{name: S, breathe: , cycles: 1}", "breathe has no value"),
        (
            "{name: S, breathe: {}, cycles: 1}",
            "breathe needs at least one phase: inhale, hold or exhale",
        ),
        (
            "{name: S, breathe: [], cycles: 1}",
            "breathe needs at least one phase: inhale, hold or exhale",
        ),
        (
            "{name: S, breathe: [4], cycles: 1}",
            "a breathing phase must be a mapping like {inhale: 3, label: belly}, got 4",
        ),
        (
            "{name: S, breathe: [{inhale: 3, label: [x]}], cycles: 1}",
            "label must be text, got a list",
        ),
        (
            "{name: S, breathe: [{inhale: 3, label: " + "l" * 201 + "}], cycles: 1}",
            "label is too long (201 characters; at most 200)",
        ),
        ("{name: S, breathe: {inhale: 3}, duration: }", "duration has no value"),
        (
            "{name: S, reps: {start: 0, goal: 5}}",
            "start must be a whole number from 1 to 1000, got 0",
        ),
        ("{name: S, reps: {goal: 5}}", "a progression needs start: (1 to 1000)"),
        (
            "{name: S, reps: {start: 5, goal: 9, back_off: -1}}",
            "back_off must be a whole number from 0 to 1000, got -1",
        ),
        (
            "{name: S, reps: {start: 5, goal: 9, back_off: one}}",
            "back_off must be a whole number from 0 to 1000, got 'one'",
        ),
        (
            "{name: S, reps: []}",
            "reps must be a whole number from 1 to 1000 or a progression like "
            "{start: 5, goal: 30, step: 1}, got a list",
        ),
        (
            "{name: S, reps: 1e3}",
            "reps must be a whole number from 1 to 1000 or a progression like "
            "{start: 5, goal: 30, step: 1}, got '1e3'",
        ),
        ("{name: S, reps: 3.0, tempo: 0}", "tempo must be a time from 1s to 2h, got 0s"),
        (
            "{name: S, work: 30, cadence: 120.5}",
            "cadence must be a whole number from 20 to 300, got 120.5",
        ),
    ],
)
def test_value_problems(step: str, expected: str) -> None:
    problems = check_text(f"name: T\nsteps:\n  - {step}\n")
    assert [p.message for p in problems] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "just a sentence\n",
            "a routine must be a mapping with name: and steps:, got 'just a sentence'",
        ),
        ("name: T\nsteps:\n", "steps has no value"),
        ("name: T\nsteps: 5\n", "steps must be a list (each step starting with '- '), got 5"),
        (
            "name: T\nready: soon\nsteps: [{name: S, hold: 5}]\n",
            "ready must be a time like 20s, 1m30s or 1:30, got 'soon' (it has no number in it)",
        ),
        (
            "name: T\nsound: {volume: loud}\nsteps: [{name: S, hold: 5}]\n",
            "volume must be a whole number from 0 to 100, got 'loud'",
        ),
        (
            "name: T\nsound: {speech: 1}\nsteps: [{name: S, hold: 5}]\n",
            "speech must be true or false, got 1",
        ),
        ("nme: T\nsteps: [{name: S, hold: 5}]\n", "unknown key 'nme' (did you mean 'name'?)"),
        ("name: T\nstep: [{name: S, hold: 5}]\n", "unknown key 'step' (did you mean 'steps'?)"),
    ],
)
def test_routine_problems(text: str, expected: str) -> None:
    assert [p.message for p in check_text(text)] == [expected]


def test_a_plain_equals_sign_is_text() -> None:
    routine = load_text("name: =\nsteps: [{name: S, hold: 5, cue: =}]\n")
    assert routine.name == "=" and routine.steps[0].cue == "="


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("name: T\n")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    [problem] = check_file(path)
    assert str(problem) == f"{path}:1:1: {path} cannot be read (permission denied)"


def test_a_mistake_reused_through_an_alias_is_reported_once() -> None:
    text = "name: T\nsteps:\n  - &s {name: S, hold: 0}\n  - *s\n  - *s\n"
    [problem] = check_text(text)
    assert (problem.line, problem.column, problem.path) == (3, 24, "steps[0].hold")


def test_back_off_problems_have_their_line_and_column() -> None:
    text = (
        "name: T\nsteps:\n  - name: S\n    reps: {start: 5, goal: 9, back_off: 2000}\n"
        "  - name: U\n    reps: {start: 5, goal: 9, backoff: 1}\n"
    )
    assert problems_of(text) == [
        "4:41: back_off must be a whole number from 0 to 1000, got 2000",
        "6:31: unknown key 'backoff' (did you mean 'back_off'?)",
    ]
