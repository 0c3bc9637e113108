"""Hostile files are refused quickly and cheaply; big honest files still load fast."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from backtimer.routine import load
from backtimer.routine.load import check_file, check_text, load_text
from backtimer.routine.problems import Problem

STEP = (
    "  - name: Side plank {i}\n"
    "    cue: Keep the hips up and breathe slowly; do not hold the breath at all.\n"
    "    sides: both\n    hold: 15s\n    sets: 3\n    rest: 30s\n"
)


def billion_laughs(tail: str = "") -> str:
    """Nine levels of nine aliases: 9**9 strings if anything ever expanded it."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n" + tail


def merge_bomb() -> str:
    """The same growth through merge keys, inside a step the loader must read."""
    lines = ["x: &a {p: 1, q: 2}"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"x{name}: &{name} {{<<: [" + ", ".join([f"*{previous}"] * 9) + "]}")
    return "\n".join(lines) + "\nname: T\nsteps:\n  - {<<: *i, name: S, hold: 5}\n"


def measure(check: Callable[[], list[Problem]]) -> tuple[list[Problem], float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = check()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return problems, elapsed, peak


@pytest.mark.parametrize(
    "text",
    [
        billion_laughs(),
        billion_laughs("name: T\nsteps: *i\n"),
        billion_laughs("name: *i\nsteps:\n  - {name: S, hold: 5, cue: *i, sides: *i}\n"),
        billion_laughs("name: T\nsteps:\n  - {name: S, breathe: *i, cycles: 2}\n"),
        merge_bomb(),
    ],
    ids=["plain", "as-steps", "as-values", "as-breath", "merge-keys"],
)
def test_billion_laughs_is_refused_fast_and_small(text: str, parser: str) -> None:
    problems, elapsed, peak = measure(lambda: check_text(text))
    assert problems, "a billion-laughs file must not load"
    assert elapsed < 0.5
    assert peak < 100 * 1024 * 1024


def test_alias_uses_are_bounded(parser: str) -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    [problem] = check_text(text)
    column = len("b: [") + len("*a, ") * 100 + 1
    assert (problem.line, problem.column) == (2, column)
    assert problem.message == "more than 100 aliases (*a); a routine file never needs that many"
    ok = "name: T\nx: &a 5\nsteps:\n" + "".join(
        f"  - {{name: S{i}, hold: *a}}\n" for i in range(100)
    )
    assert [p.message for p in check_text(ok)] == ["unknown key 'x'"]


def test_nesting_depth_is_bounded(parser: str) -> None:
    twenty = "name: T\nsteps: " + "[" * 19 + "]" * 19 + "\n"  # 20 levels with the top
    assert "nested" not in check_text(twenty)[0].message
    [problem] = check_text("name: T\nsteps: " + "[" * 20 + "]" * 20 + "\n")
    assert (problem.line, problem.column) == (2, 7 + 19 + 1)
    assert problem.message == "nested more than 20 levels deep; a routine needs only a few"


def test_deep_nesting_attack_is_refused_fast(parser: str) -> None:
    # PyYAML's own scanner looks ~1024 characters ahead on one line before the
    # composer can count anything: a constant cost, slower without libyaml.
    limit = 0.5 if parser == "libyaml" else 2.0
    for text in ("[" * 1_000_000, "- " * 500_000 + "x", "{a: " * 250_000):
        started = time.perf_counter()
        problems = check_text(text)
        assert time.perf_counter() - started < limit
        assert problems[0].message.startswith("nested more than 20 levels")


def test_recursive_alias_does_not_hang(parser: str) -> None:
    problems = check_text("name: &n [*n]\nsteps: &s [*s]\n")
    assert [p.message for p in problems] == [
        "name must be text, got a list",
        "a step must be a mapping like {name: Plank, hold: 20s}, got a list",
    ]


def test_self_merge_adds_nothing(parser: str) -> None:
    routine = load_text("name: T\nsteps:\n  - &s {name: S, hold: 5, <<: *s}\n")
    assert routine.steps[0].name == "S" and routine.steps[0].hold == 5.0


def test_file_over_one_mib_is_refused_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"name: T\n" + b"#" * (load.MAX_BYTES))
    problems, elapsed, peak = measure(lambda: check_file(path))
    assert [str(p) for p in problems] == [
        f"{path}:1:1: the file is 1,048,584 bytes; a routine file may be at most 1 MiB"
    ]
    assert elapsed < 0.1 and peak < 1024 * 1024


def test_text_over_one_mib_is_refused() -> None:
    [problem] = check_text("#" * (load.MAX_BYTES + 1))
    assert problem.message.endswith("a routine file may be at most 1 MiB")


def big_routine(target: int) -> str:
    text = "name: Big\nsteps:\n" + "".join(STEP.format(i=i) for i in range(500))
    padding = "# " + "x" * 98 + "\n"
    return text + padding * ((target - len(text)) // len(padding))


def test_one_mib_valid_file_loads_fast(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_routine(load.MAX_BYTES), encoding="utf-8")
    assert load.MAX_BYTES - 100 < path.stat().st_size <= load.MAX_BYTES
    started = time.perf_counter()
    routine = load.load_routine(path)
    assert len(routine.steps) == 500
    assert time.perf_counter() - started < 3.0


def test_one_mib_of_dense_steps_is_refused_fast(tmp_path: Path) -> None:
    count = load.MAX_BYTES // len(STEP.format(i=10000)) - 1
    path = tmp_path / "dense.yaml"
    path.write_text("name: Big\nsteps:\n" + "".join(STEP.format(i=i) for i in range(count)))
    assert path.stat().st_size <= load.MAX_BYTES
    started = time.perf_counter()
    problems = check_file(path)
    elapsed = time.perf_counter() - started
    assert [str(p) for p in problems] == [f"{path}:2:1: too many steps ({count}); at most 500"]
    assert elapsed < 1.0


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch pwned']",
        "!!python/object:collections.OrderedDict {}",
        "!!python/name:os.system",
        "!!python/module:os",
        "!custom thing",
        "!<tag:example.com,2000:app/foo> bar",
        "!!binary aGk=",
        "!!set {a, b}",
        "!!omap [a: 1]",
    ],
)
def test_tags_that_build_objects_are_refused_with_their_position(
    tagged: str, tmp_path: Path, parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = f"name: T\nsteps:\n  - name: S\n    hold: 5\n    cue: {tagged}\n"
    problems = check_text(text)
    assert [(p.line, p.column) for p in problems] == [(5, 10)]
    assert "is not allowed; routine files hold plain text, numbers and lists" in problems[0].message
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(load.RoutineError):
        load_text(text)
