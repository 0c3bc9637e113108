"""Whatever a file holds, loading it gives a Routine or a RoutineError, nothing else."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.routine.load import STEP_KEYS, load_text
from backtimer.routine.model import Routine
from backtimer.routine.problems import RoutineError

KEYS = [
    *STEP_KEYS,
    "steps",
    "description",
    "switch",
    "sound",
    "ticks",
    "volume",
    "inhale",
    "exhale",
    "label",
    "start",
    "goal",
    "step",
    "<<",
    "tempoo",
    "x",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["both", "left", "right", "20s", "1:30", "2 min", "1m 30s", "0", "", "yes"]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=25,
)
STEP = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6)
ROUTINE = st.fixed_dictionaries(
    {"name": SCALARS, "steps": st.lists(STEP, max_size=4)},
    optional={"rest": SCALARS, "ready": SCALARS, "switch": SCALARS, "sound": VALUES},
)
YAMLISH = st.text(
    alphabet=st.sampled_from(list("abc :-[]{},&*!?|>'\"#\n\t 0123456789<")), max_size=80
)


def outcome(text: str) -> Routine | RoutineError:
    try:
        return load_text(text, "fuzz.yaml")
    except RoutineError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
        return error


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    outcome(text)


@settings(max_examples=150, deadline=None)
@given(YAMLISH)
def test_yaml_punctuation_soup(text: str) -> None:
    outcome(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUTINE)
def test_routine_shaped_structures(data: dict[str, object]) -> None:
    result = outcome(yaml.safe_dump(data, allow_unicode=True))
    if isinstance(result, Routine):
        assert 1 <= len(result.steps) <= 4
        assert result.source_hash is not None


@settings(max_examples=100, deadline=None)
@given(VALUES)
def test_any_yaml_value(data: object) -> None:
    outcome(yaml.safe_dump(data))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=-3, max_value=1100),
    st.sampled_from(["hold", "reps", "work"]),
    st.sampled_from(["sets", "reps", "rounds", "cycles", "cadence"]),
)
def test_counts_inside_or_outside_their_range(number: int, kind: str, key: str) -> None:
    text = f"name: T\nsteps:\n  - name: S\n    {kind}: 5\n    {key}: {number}\n"
    result = outcome(text)
    if isinstance(result, Routine):
        assert getattr(result.steps[0], key) == number
