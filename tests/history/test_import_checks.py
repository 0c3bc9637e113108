"""Hostile imports: every bad file is one sentence, and the history is never changed.

Also the other half of the round trip: whatever text an import lets in, every later
export is still valid JSON (the exports are written by a JSON encoder, not joined).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from history_helpers import FrozenNow, step
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.errors import UserError
from backtimer.history.export import MAX_DEPTH, export_csv, export_json, import_json
from backtimer.history.store import Store

STEP = {"step_index": 0, "name": "Cat", "kind": "reps", "finished_at": "2024-05-01T07:31Z"}
SESSION: dict[str, Any] = {
    "id": "s1",
    "routine_name": "Morning",
    "started_at": "2024-05-01T07:30:00Z",
    "status": "completed",
    "steps": [STEP],
}


def _doc(**changes: object) -> str:
    return json.dumps({"format": "backtimer-history", "version": 1, "sessions": [changes]})


def _session(**changes: object) -> str:
    return _doc(**{**SESSION, **changes})


def _step(**changes: object) -> str:
    return _session(steps=[{**STEP, **changes}])


def _refused(store: Store, text: str) -> str:
    before = store.export_rows()
    with pytest.raises(UserError) as caught:
        import_json(store, text, source="bad.json")
    message = str(caught.value)
    assert message.startswith("Cannot import bad.json: ") and message.endswith(".")
    assert "\n" not in message and len(message) < 300
    assert store.export_rows() == before
    return message


@pytest.mark.parametrize(
    "side",
    ['le"ft', "le\\ft", "le\x01ft", "le\x00ft", "x" * 100, "", "left right", "\u202eleft"],
)
def test_a_side_name_that_is_not_a_plain_word_is_refused(store: Store, side: str) -> None:
    message = _refused(store, _step(done_sides=[side]))
    assert "'done_sides'" in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("routine_name", "Morning\x00 evil"),
        ("routine_name", "Morning\x1b[2J"),
        ("routine_name", "Morning\u2028"),
        ("routine_name", "tab\there"),
        ("routine_name", "M" * 1001),
        ("routine_name", ""),
        ("routine_name", "  "),
        ("routine_file", "/r/\x07bell.yaml"),
        ("routine_hash", "not a hash\n"),
        ("id", "a\x00b"),
        ("id", "a b"),
    ],
)
def test_session_text_with_control_characters_or_too_long_is_refused(
    store: Store, field: str, value: str
) -> None:
    assert f"'{field}'" in _refused(store, _session(**{field: value}))


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Cat\x00cow"), ("name", "C" * 1001), ("name", ""), ("kind", "Hold it\x01")],
)
def test_step_text_with_control_characters_or_too_long_is_refused(
    store: Store, field: str, value: str
) -> None:
    assert f"'{field}'" in _refused(store, _step(**{field: value}))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_session(started_at="9999-12-31T23:59:59-05:00"), "'started_at' must be a time"),
        (_session(started_at="0001-01-01T00:00:00+05:00"), "'started_at' must be a time"),
        (_session(started_at="1960-01-01T00:00:00Z"), "'started_at' must be a time"),
        (_session(started_at="2999-01-01T00:00:00Z"), "'started_at' must be a time"),
        (_step(finished_at="9999-12-31T23:59:59-05:00"), "'finished_at' must be a time"),
        (_session(ended_at="0001-01-01T00:00:00+05:00"), "'ended_at' must be a time"),
        (
            '{"format": "backtimer-history", "version": 1, "sessions": [], "n": '
            + "9" * 5000
            + "}",
            "a number with too many digits",
        ),
        (_session(active_seconds=10**30), "'active_seconds' must be a number of seconds"),
        ('{"format": "backtimer-history", "version": NaN, "sessions": []}', "not JSON"),
        (_session(routine_name="\ud800"), "'routine_name'"),
        ('{"format": "backtimer-history", "version": 1, "sessions": ["\\ud800"]}', "session 1"),
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ("{" + '"a":{' * 100_000 + "}" * 100_001, "nested more than"),
        ("[" * 100_000, "not JSON"),
        ('{"sessions": [' + '"[",' * 50 + "1]}", "not a backtimer history export"),
        (_session(steps=[{**STEP, "step_index": i} for i in range(10_001)]), "too many steps"),
    ],
)
def test_out_of_range_and_hostile_input_is_one_sentence(store: Store, text: str, says: str) -> None:
    assert says in _refused(store, text)


def test_nesting_up_to_the_limit_is_left_to_the_checks(store: Store) -> None:
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert "not a backtimer history export" in _refused(store, deep)


def test_brackets_inside_strings_do_not_count_as_nesting(store: Store) -> None:
    name = '[{"\\"' * 200
    assert import_json(store, _session(routine_name=name)) == (1, 0)
    assert store.sessions()[0].routine_name == name


@pytest.mark.parametrize("text", ['Cat "slow" \\ back', "Ünïcødé ✓ 🙂", "=1+1, 'quoted'"])
def test_unusual_but_harmless_names_survive_the_round_trip(
    store: Store, now: FrozenNow, text: str
) -> None:
    sid = store.begin_session(text, "/r/" + text, "h")
    store.record_step(sid, step(0, name=text))
    store.finish_session(sid, "completed")
    exported = export_json(store)
    data = json.loads(exported)
    assert data["sessions"][0]["routine_name"] == text
    assert data["sessions"][0]["steps"][0]["name"] == text
    fresh = Store.memory(now=now)
    assert import_json(fresh, exported) == (1, 0)
    assert json.loads(export_json(fresh))["sessions"] == data["sessions"]
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert rows[0]["step_name"].lstrip("'") == text


def test_stored_text_that_an_old_import_let_in_still_exports(store: Store) -> None:
    """Sides written before the checks existed: the export stays valid JSON."""
    sid = store.begin_session("Old")
    store.record_step(sid, step(0, done_sides=('le"ft', "ri\\ght\x01")))
    data = json.loads(export_json(store))
    assert data["sessions"][0]["steps"][0]["done_sides"] == ['le"ft', "ri\\ght\x01"]


# -- arbitrary JSON ------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "a\udc00b", '\\"', "\x00", "9999-12-31T23:59:59-05:00"])
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A good value seven times in eight, anything else the eighth."""
    return st.integers(0, 7).flatmap(lambda n: _json if n == 3 else valid)


_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)
_times = st.sampled_from(["2024-05-01T07:31Z", "2024-05-01T09:31:00+02:00"]) | st.sampled_from(
    ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "2024-05-01T07:31"]
)
_step_like = st.fixed_dictionaries(
    {
        "step_index": _mostly(st.integers(0, 3)),
        "name": _mostly(_names),
        "kind": _mostly(st.sampled_from(["hold", "reps", "breathe", "intervals"])),
        "finished_at": _mostly(_times),
    },
    optional={
        "planned_sides": _mostly(st.lists(st.sampled_from(["left", "right"]), max_size=2)),
        "done_reps": _mostly(st.integers(0, 3)),
        "active_seconds": _mostly(st.floats(0, 1e6)),
        "skipped": _mostly(st.booleans()),
    },
)
_session_like = st.fixed_dictionaries(
    {
        "id": _mostly(st.text(st.characters(codec="ascii"), min_size=1, max_size=6)),
        "routine_name": _mostly(_names),
        "started_at": _mostly(_times),
        "status": _mostly(st.sampled_from(["completed", "running", "stopped"])),
    },
    optional={
        "ended_at": _mostly(st.none() | _times),
        "pain_before": _mostly(st.integers(0, 10)),
        "steps": _mostly(st.lists(_step_like, max_size=3)),
    },
)
_document = st.fixed_dictionaries(
    {
        "format": _mostly(st.just("backtimer-history")),
        "version": _mostly(st.just(1)),
        "sessions": _mostly(st.lists(_session_like, max_size=3)),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_document | _json, ensure_ascii=st.booleans())
def test_arbitrary_json_is_imported_or_refused_with_one_sentence(
    data: object, ensure_ascii: bool
) -> None:
    store = Store.memory(now=FrozenNow())
    sid = store.begin_session("Existing")
    store.record_step(sid, step(0))
    before = store.export_rows()
    try:
        text = json.dumps(data, ensure_ascii=ensure_ascii)
    except UnicodeEncodeError:  # pragma: no cover - json.dumps never raises this
        return
    try:
        import_json(store, text, source="x.json")
    except UserError as error:
        assert "\n" not in str(error)
        assert store.export_rows() == before
    else:
        json.loads(export_json(store))  # whatever got in, exports stay valid JSON
        export_csv(store)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_arbitrary_text_is_imported_or_refused_with_one_sentence(text: str) -> None:
    store = Store.memory(now=FrozenNow())
    try:
        import_json(store, text)
    except UserError as error:
        assert "\n" not in str(error)
    assert store.count() in (0,)
