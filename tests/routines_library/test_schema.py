"""The JSON Schema that editors use agrees with the loader, which is the final word.

"Agrees" means: a file is valid for the schema exactly when the loader accepts it.
That is checked on every bundled routine, every example in docs/routines.md (valid
and broken on purpose) and the corpus of broken files in tests/routine/bad/. Where
a rule cannot be written as a schema, the file is listed below with the reason;
the test fails if such an exception stops being needed, so the list stays true.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from backtimer.resources import bundled_routines_dir
from backtimer.routine.load import check_file, check_text
from tests.routines_library.docs_blocks import DOCS, Example, examples

jsonschema = pytest.importorskip("jsonschema")

BAD_CORPUS = Path(__file__).resolve().parents[1] / "routine" / "bad"

# Files the loader refuses that the schema accepts, because the rule is beyond a
# schema: a relation between values, a duration's range when written as text, a
# key given twice (a YAML parser keeps the last one before any schema sees it).
# Files in which every other mistake is one the schema sees too are not listed.
SCHEMA_CANNOT_SEE: dict[str, str] = {
    "bad/duplicate_key.yaml": "a key given twice: parsers keep the last, the schema never sees it",
    "bad/breathe_too_long.yaml": "breaths = duration / breath length must be at most 1000",
    "docs/A key given twice": "a key given twice",
    "docs/A progression (2)": "goal at least start compares two values",
}

# Files the loader refuses before reading any value: the YAML itself cannot be
# read, a refused tag, a hostile size, depth or alias count. The schema never gets
# a document; editors report these through their YAML parser.
NOT_A_DOCUMENT = (
    "invalid YAML",
    "is not allowed",  # tags and control characters
    "at most 1 MiB",
    "nested more than",
    "aliases",
    "the file is empty",
    "not UTF-8",
)


def _schema() -> dict[str, Any]:
    text = resources.files("backtimer.routine").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


VALIDATOR = jsonschema.Draft202012Validator(_schema())


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _cases() -> list[tuple[str, str]]:
    bundled = sorted(bundled_routines_dir().glob("*.yaml"))
    cases = [(f"bundled/{p.name}", p.read_text("utf-8")) for p in bundled]
    cases += [(f"bad/{p.name}", p.read_text("utf-8")) for p in sorted(BAD_CORPUS.glob("*.yaml"))]
    seen: dict[str, int] = {}
    for example in examples():
        name = _docs_name(example)
        seen[name] = seen.get(name, 0) + 1
        cases.append((name if seen[name] == 1 else f"{name} ({seen[name]})", example.yaml))
    return cases


def _docs_name(example: Example) -> str:
    """Error examples by their heading (stable while the page grows), others by line."""
    return f"docs/{_heading_of(example)}" if example.expected else f"docs/line {example.line}"


def _heading_of(example: Example) -> str:
    lines = DOCS.read_text("utf-8").splitlines()[: example.line]
    return next(line[4:] for line in reversed(lines) if line.startswith("### "))


CASES = _cases()


def test_every_source_of_cases_is_there() -> None:
    names = [name for name, _ in CASES]
    assert sum(name.startswith("bundled/") for name in names) >= 7
    assert sum(name.startswith("docs/") for name in names) >= 25
    assert sum(name.startswith("bad/") for name in names) >= 1, "the bad-routine corpus is missing"


class _EditorLoader(yaml.SafeLoader):
    """Reads dates as text, as YAML 1.2 editors do (`until: 2027-03-31` is a string to
    them and to the schema; YAML 1.1 would make it a date object no schema can type)."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refused_unread(text: str) -> bool:
    problems = [problem.message for problem in check_text(text, "routine.yaml")]
    return any(marker in message for message in problems for marker in NOT_A_DOCUMENT)


# The schema is compared with the loader only on what is a document at all.
UNREAD = {name for name, text in CASES if _refused_unread(text)}
DOCUMENTS = [(name, text) for name, text in CASES if name not in UNREAD]


def test_only_broken_files_are_refused_before_reading() -> None:
    assert UNREAD, "NOT_A_DOCUMENT no longer matches anything: the split is stale"
    assert not [name for name in UNREAD if name.startswith("bundled/")]
    assert len(DOCUMENTS) > len(UNREAD)


def _schema_errors(text: str) -> list[str]:
    document = yaml.load(text, Loader=_EditorLoader)
    return [error.message for error in VALIDATOR.iter_errors(document)]


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_schema_and_loader_agree(name: str, text: str) -> None:
    problems = [problem.message for problem in check_text(text, "routine.yaml")]
    schema_errors = _schema_errors(text)
    loader_ok, schema_ok = not problems, not schema_errors
    if name in SCHEMA_CANNOT_SEE:
        assert not loader_ok and schema_ok, f"no longer an exception: {SCHEMA_CANNOT_SEE[name]}"
        return
    assert loader_ok == schema_ok, f"loader: {problems}; schema: {schema_errors}"


@pytest.mark.parametrize("path", sorted(BAD_CORPUS.glob("*.yaml")), ids=lambda path: path.name)
def test_every_bad_corpus_file_is_refused_by_the_loader(path: Path) -> None:
    assert check_file(path)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("hold: 20s", True),
        ("hold: 1m 30s", True),
        ("hold: 1m, 30s", True),
        ("hold: 2 Minutes", True),
        ("hold: '1:30'", True),
        ("hold: 1:00:00", True),
        ("hold: .5 min", True),
        ("hold: 20", True),
        ("hold: 2.5", True),
        ("hold: 20 sekonds", False),
        ("hold: 30 20", False),
        ("hold: twenty", False),
        ("hold: true", False),
        ("hold: 0", False),
        ("hold: 7201", False),
        ("hold: -5", False),
        ("reps: 10\n    tempo: 3s", True),
        ("reps: 10.0", True),
        ("reps: 2.5", False),
        ("reps: '10'", False),
        ("reps: {start: 5, goal: 30}", True),
        ("reps: {start: 5, goal: 30, step: 101}", False),
        ("reps: 10\n    hold: 3s\n    tempo: 2s", False),
        ("breathe: {inhale: 4, exhale: 6}\n    cycles: 5", True),
        ("breathe: {inhale: 4, exhale: 6}", False),
        ("breathe: {inhale: 61}\n    cycles: 5", False),
        ("breathe: [{inhale: 4, label: belly}, {exhale: 6}]\n    duration: 1m", True),
        ("breathe: [{inhale: 4, exhale: 6}]\n    cycles: 2", False),
        ("work: 30s\n    cadence: 120", True),
        ("work: 30s\n    cadence: 10", False),
        ("reps: 5\n    cadence: 120", False),
        ("hold: 5s\n    sides: Both", True),
        ("hold: 5s\n    sides: [right, left]", True),
        ("hold: 5s\n    sides: [left, left]", False),
        ("hold: 5s\n    sides: up", False),
        ("hold: 5s\n    cue: '  '", False),
        ("hold: 5s\n    cue:", True),
        ("cue: no kind", False),
    ],
)
def test_schema_and_loader_agree_on_single_rules(text: str, valid: bool) -> None:
    routine = f"name: Rules\nsteps:\n  - name: A step\n    {text}\n"
    assert (not check_text(routine)) is valid, check_text(routine)
    assert (not _schema_errors(routine)) is valid


@pytest.mark.parametrize(
    ("routine", "loader_ok", "why"),
    [
        ("steps:\n  - {name: A, hold: 3h}", False, "range of a duration written as text"),
        ("steps:\n  - {name: A, hold: 0s}", False, "range of a duration written as text"),
        ("steps:\n  - {name: A, hold: 1m 2m}", False, "a unit given twice"),
        ("steps:\n  - {name: A, reps: {start: 9, goal: 3}}", False, "goal compared with start"),
        (
            "steps:\n  - {name: A, breathe: {inhale: 1, exhale: 1}, duration: 1h}",
            False,
            "breaths computed from duration / breath",
        ),
        ("steps:\n  - {name: A, hold: 5, hold: 6}", False, "a key given twice"),
        ("steps:\n  - {name: 1984, hold: 5}", True, "the loader reads any plain scalar as text"),
        (
            "schedule: {at: 510}\nsteps:\n  - {name: A, hold: 5}",
            False,
            "an unquoted 8:30 is the number 510 to YAML 1.1: the schema cannot tell them apart",
        ),
    ],
)
def test_the_known_differences_are_still_the_only_ones(
    routine: str, loader_ok: bool, why: str
) -> None:
    """The rules a schema cannot express, stated as facts: if one of these starts to
    agree, the docs' list (Editor support) should lose it."""
    text = f"name: Differences\n{routine}\n"
    assert (not check_text(text)) is loader_ok, why
    assert (not _schema_errors(text)) is not loader_ok, why


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("daily", True),
        ("Every Day", True),
        ("weekly", False),
        ("{per_day: 2}", True),
        ("{per_day: 11}", False),
        ("{per_day: 0}", False),
        ("{per_week: 3}", True),
        ("{per_week: 8}", False),
        ("{per_week: 2.5}", False),
        ("{days: [mon, wed, fri]}", True),
        ("{days: [Monday, THU]}", True),
        ("{days: sat}", True),
        ("{days: [mon, mon]}", False),
        ("{days: []}", False),
        ("{days: [mun]}", False),
        ("{days: [1, 3]}", False),
        ("{days: [mon], per_week: 2}", False),
        ("{days: [mon, wed, fri], at: '08:00'}", True),
        ("{at: '8:30'}", True),
        ("{at: 8:30}", True),
        ("{at: 18:05, per_day: 2}", True),
        ("{at: '24:00'}", False),
        ("{at: '8:75'}", False),
        ("{at: noon}", False),
        ("{per_week: 5, until: 2027-03-31}", True),
        ("{until: '2027-03-31'}", True),
        ("{until: 31.03.2027}", False),
        ("{until: tomorrow}", False),
        ("{every: day}", False),
        ("{}", True),
        ("[mon, wed]", False),
        ("", False),
    ],
)
def test_schema_and_loader_agree_on_schedules(text: str, valid: bool) -> None:
    routine = f"name: Planned\nschedule: {text}\nsteps:\n  - name: A step\n    hold: 5s\n"
    assert (not check_text(routine)) is valid, check_text(routine)
    assert (not _schema_errors(routine)) is valid, _schema_errors(routine)
