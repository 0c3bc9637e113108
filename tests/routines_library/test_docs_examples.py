"""docs/routines.md is checked against the real loader, so it cannot drift.

Convention: every ```yaml block in docs/routines.md is a complete routine and must
be valid, with its length in its description; a block fenced ```yaml title="error"
is a mistake on purpose, and the ```text block directly after it lists exactly what
`backtimer validate routine.yaml` prints for it. See tests/routines_library/docs_blocks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backtimer.engine.timeline import estimate_seconds
from backtimer.routine.durations import parse_duration
from backtimer.routine.load import check_file, load_routine
from backtimer.routine.model import StepKind
from tests.routines_library.claims import claimed_seconds, within
from tests.routines_library.docs_blocks import (
    DOCS,
    EXAMPLE_FILE,
    Example,
    blocks,
    examples,
    is_adjacent,
)

TEXT = DOCS.read_text("utf-8")
EXAMPLES = examples(TEXT)
VALID = [example for example in EXAMPLES if example.expected is None]
ERRORS = [example for example in EXAMPLES if example.expected is not None]


def _write(tmp_path: Path, example: Example, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / EXAMPLE_FILE).write_text(example.yaml, encoding="utf-8")
    return EXAMPLE_FILE


def test_the_docs_have_many_examples_of_both_sorts() -> None:
    assert len(VALID) >= 10
    assert len(ERRORS) >= 15


@pytest.mark.parametrize("example", VALID, ids=lambda example: example.id)
def test_valid_example_loads(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _write(tmp_path, example, monkeypatch)
    assert [str(problem) for problem in check_file(file)] == []


@pytest.mark.parametrize("example", VALID, ids=lambda example: example.id)
def test_valid_example_is_honest_about_its_length(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example states its length ("About N minutes."), as the guide for
    physiotherapists asks of every routine, and the plan agrees with it."""
    routine = load_routine(_write(tmp_path, example, monkeypatch))
    claim = claimed_seconds(routine.description)
    assert claim is not None, "the description says how long it takes ('About N minutes.')"
    estimate = estimate_seconds(routine)
    assert within(estimate, claim), f"planned {estimate:.0f} s"


@pytest.mark.parametrize("example", ERRORS, ids=lambda example: example.id)
def test_error_example_prints_exactly_the_documented_lines(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _write(tmp_path, example, monkeypatch)
    assert [str(problem) for problem in check_file(file)] == example.expected


@pytest.mark.parametrize("example", ERRORS, ids=lambda example: example.id)
def test_error_example_is_directly_followed_by_its_output(example: Example) -> None:
    assert is_adjacent(TEXT, example)
    assert example.expected, "an error example documents at least one line"


def test_there_is_a_full_example_of_every_kind_of_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds: set[StepKind] = set()
    hand = tempo = progression = labelled = False
    for example in VALID:
        routine = load_routine(_write(tmp_path, example, monkeypatch))
        for step in routine.steps:
            kinds.add(step.kind)
            hand |= step.counted_by_hand
            tempo |= step.kind is StepKind.REPS and step.tempo is not None
            progression |= step.progression is not None
            labelled |= any(phase.label for phase in step.breath)
    assert kinds == set(StepKind)
    assert hand and tempo and progression and labelled


def test_every_documented_duration_notation_parses_to_what_the_table_says() -> None:
    section = TEXT.split("## Durations", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    meanings = {
        "45": 45,
        "two and a half seconds": 2.5,
        "45 seconds": 45,
        "2 minutes": 120,
        "90 seconds": 90,
        "1 minute 30 seconds": 90,
        "one hour": 3600,
    }
    checked = 0
    for row in rows:
        notations = re.findall(r"`([^`]+)`", row.split("|")[1])
        meaning = row.split("|")[2].strip().lower()
        seconds = next(value for key, value in meanings.items() if meaning.startswith(key))
        for notation in notations:
            assert parse_duration(notation) == seconds, notation
            checked += 1
    assert checked >= 15


def test_every_yaml_fence_is_either_plain_or_an_error_example() -> None:
    for block in blocks(TEXT):
        if block.lang == "yaml":
            assert block.info.strip() in ("", 'title="error"'), f"docs line {block.line}"


def test_the_physiotherapist_section_explains_the_hand_over() -> None:
    section = TEXT.split("## For physiotherapists", 1)[1]
    for words in ("backtimer validate", "backtimer start path/to/", "routines folder"):
        assert words in section


def _shape(message: str) -> str:
    """A message with its particulars (keys, values, numbers) blanked out."""
    shape = re.sub(r"'[^']*'|\{[^}]*\}|\([^)]*\)|\d[\d,.]*\w*", "_", message)
    return re.sub(r"^\w+ (must be|has no value|is too long|must not be)", r"_ \1", shape)


def test_every_kind_of_message_of_the_bad_corpus_is_documented() -> None:
    """The broken-file corpus shows what the loader says; each kind of message is in
    the docs, as an error example's output or in the table of whole-file messages."""
    corpus = Path(__file__).resolve().parents[1] / "routine" / "bad"
    documented = {
        _shape(line.split(": ", 1)[1]) for example in ERRORS for line in example.expected or []
    }
    documented |= {_shape(text) for text in re.findall(r"^\| `([^`]+)`", TEXT, re.MULTILINE)}
    missing = sorted(
        {
            f"{path.name}: {problem.message}"
            for path in sorted(corpus.glob("*.yaml"))
            for problem in check_file(path)
            if _shape(problem.message) not in documented
        }
    )
    assert missing == []
