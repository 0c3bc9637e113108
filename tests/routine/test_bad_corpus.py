"""The corpus of broken routine files: each file names its expected problems.

A file says what `backtimer validate` must print for it in `# expect: LINE:COL: message`
comments, so the corpus doubles as documentation of the messages. One `*`
matches any part of the message (YAML's own wording differs between parsers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.routine.load import check_file

BAD = Path(__file__).parent / "bad"
CASES = sorted(BAD.glob("*.yaml"))


def expected_lines(path: Path) -> list[str]:
    prefix = "# expect: "
    text = path.read_text(encoding="utf-8")
    return [line[len(prefix) :] for line in text.splitlines() if line.startswith(prefix)]


def matches(actual: str, expected: str) -> bool:
    if "*" not in expected:
        return actual == expected
    head, tail = expected.split("*", 1)
    fits = len(actual) >= len(head) + len(tail)
    return fits and actual.startswith(head) and actual.endswith(tail)


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_bad_file_gives_exactly_the_expected_problems(path: Path) -> None:
    expected = expected_lines(path)
    assert expected, f"{path.name} names no expected problem"
    problems = check_file(path)
    actual = [f"{p.line}:{p.column}: {p.message}" for p in problems]
    assert len(actual) == len(expected), "\n".join(actual)
    for got, want in zip(actual, expected, strict=True):
        assert matches(got, want), f"\n got: {got}\nwant: {want}"
    assert all(p.file == str(path) for p in problems)
    assert str(problems[0]) == f"{path}:{actual[0]}"
