"""JSON out and back in, CSV for a spreadsheet, and imports that refuse bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC
from typing import Any

import pytest
from history_helpers import FrozenNow, step

from backtimer.errors import UserError
from backtimer.history.export import CSV_COLUMNS, export_csv, export_json, import_json
from backtimer.history.store import Store


def _fill(store: Store, now: FrozenNow) -> list[str]:
    ids = []
    sid = store.begin_session("Morning, gently", "/r/morning.yaml", "h1")
    store.set_pain(sid, "before", 4)
    store.record_step(sid, step(0, name='Cat-cow "slow"', kind="reps", planned_sides=()))
    store.record_step(sid, step(1, skipped=True, done_reps=0, done_sides=("left",)))
    now.advance(minutes=12)
    store.set_pain(sid, "after", 2)
    store.finish_session(sid, "completed", 700.25, 30.0)
    ids.append(sid)
    now.advance(days=1)
    empty = store.begin_session("=cmd|' /C calc'!A0")  # no steps; a formula-looking name
    store.finish_session(empty, "pain-stop", 0.0, 0.0)
    ids.append(empty)
    now.advance(hours=1)
    ids.append(store.begin_session("Evening"))  # still running
    return ids


def _without_stamp(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    data.pop("exported_at")
    return data


def test_json_export_has_a_format_version_and_nested_steps(store: Store, now: FrozenNow) -> None:
    ids = _fill(store, now)
    data = json.loads(export_json(store))
    assert (data["format"], data["version"]) == ("backtimer-history", 1)
    assert [s["id"] for s in data["sessions"]] == ids  # oldest first
    first = data["sessions"][0]
    assert first["started_at"] == "2024-05-01T07:30:00.000Z"
    assert (first["pain_before"], first["pain_after"], first["status"]) == (4, 2, "completed")
    assert [s["skipped"] for s in first["steps"]] == [False, True]
    assert first["steps"][1]["done_sides"] == ["left"]
    assert "pid" not in first and "host" not in first  # stays on this machine


def test_export_then_import_into_an_empty_store_is_equal(store: Store, now: FrozenNow) -> None:
    _fill(store, now)
    store.finish_session(store.sessions()[0].id, "stopped")  # nothing running: exact equality
    exported = export_json(store)
    with Store.memory(now=now, tz=UTC) as other:
        assert import_json(other, exported) == (3, 0)
        assert _without_stamp(export_json(other)) == _without_stamp(exported)
        assert other.session(store.sessions()[1].id) == store.session(store.sessions()[1].id)


def test_importing_twice_changes_nothing(store: Store, now: FrozenNow) -> None:
    _fill(store, now)
    exported = export_json(store)
    with Store.memory(now=now) as other:
        assert import_json(other, exported) == (3, 0)
        once = export_json(other)
        assert import_json(other, exported) == (0, 3)
        assert export_json(other) == once


def test_a_running_session_is_imported_as_interrupted(store: Store, now: FrozenNow) -> None:
    _fill(store, now)
    with Store.memory() as other:
        import_json(other, export_json(store))
        assert other.sessions()[0].status == "interrupted"


def test_import_merges_with_existing_sessions(store: Store, now: FrozenNow) -> None:
    ids = _fill(store, now)
    exported = export_json(store)
    store.delete_session(ids[0])
    mine = store.begin_session("Mine")
    assert import_json(store, exported) == (1, 2)
    assert {r.id for r in store.sessions()} == {*ids, mine}


def test_csv_has_one_row_per_step_and_one_for_a_session_without_steps(
    store: Store, now: FrozenNow
) -> None:
    ids = _fill(store, now)
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["session_id"], r["step_index"]) for r in rows] == [
        (ids[0], "0"),
        (ids[0], "1"),
        (ids[1], ""),
        (ids[2], ""),
    ]
    assert rows[0]["routine_name"] == "Morning, gently"
    assert rows[0]["step_name"] == 'Cat-cow "slow"'
    assert (rows[1]["skipped"], rows[1]["planned_sides"], rows[1]["done_sides"]) == (
        "yes",
        "left right",
        "left",
    )
    assert rows[0]["session_active_seconds"] == "700.25" and rows[0]["pain_after"] == "2"
    assert rows[2]["routine_name"].startswith("'=")  # not run as a formula
    assert rows[2]["status"] == "pain-stop" and rows[3]["ended_at"] == ""


def test_csv_of_an_empty_history_is_just_the_header(store: Store) -> None:
    assert export_csv(store).splitlines() == [",".join(CSV_COLUMNS)]


GOOD_SESSION = {
    "id": "s1",
    "routine_name": "Morning",
    "started_at": "2024-05-01T09:30:00+02:00",
    "status": "completed",
    "steps": [{"step_index": 0, "name": "Cat", "kind": "reps", "finished_at": "2024-05-01T07:31Z"}],
}


def _doc(**session_changes: object) -> str:
    session = {**GOOD_SESSION, **session_changes}
    return json.dumps({"format": "backtimer-history", "version": 1, "sessions": [session]})


def test_a_minimal_export_from_elsewhere_is_accepted_and_normalised(store: Store) -> None:
    assert import_json(store, _doc()) == (1, 0)
    row = store.session("s1")
    assert row is not None and row.started_at.isoformat() == "2024-05-01T07:30:00+00:00"
    assert row.steps[0].planned_sets == 1 and row.steps[0].skipped is False


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not JSON (line 1, column 1)"),
        ("[]", "not a backtimer history export"),
        ('{"format": "backtimer-history", "version": 7, "sessions": []}', "newer backtimer"),
        ('{"format": "backtimer-history", "version": 1, "sessions": {}}', "must be a list"),
        (_doc(started_at="yesterday"), "session 1: 'started_at' must be a time"),
        (_doc(started_at="2024-05-01T07:30:00"), "'started_at' must be a time with a timezone"),
        (_doc(status="great"), "'status' must be one of running, completed"),
        (_doc(pain_before=11), "'pain_before' must be a whole number from 0 to 10"),
        (_doc(pain_after=True), "'pain_after' must be a whole number"),
        (_doc(active_seconds=-1), "'active_seconds' must be a number of seconds"),
        (_doc(id=""), "'id' must be a non-empty id"),
        (_doc(routine_name=None), "'routine_name' must be text"),
        (_doc(steps=[{"step_index": 0}]), "session 1, step 1: 'name' is missing"),
        (_doc(steps=[{**GOOD_SESSION["steps"][0], "skipped": "no"}]), "must be true or false"),  # type: ignore[index,dict-item]
        (
            _doc(steps=[{**GOOD_SESSION["steps"][0], "done_sides": ["left right"]}]),  # type: ignore[index,dict-item]
            "'done_sides' must be a list of side names",
        ),
        (_doc(steps=[GOOD_SESSION["steps"][0]] * 2), "two steps have the same 'step_index'"),  # type: ignore[index]
    ],
)
def test_malformed_input_is_one_sentence_and_writes_nothing(
    store: Store, text: str, says: str
) -> None:
    store.begin_session("Existing")
    with pytest.raises(UserError) as caught:
        import_json(store, text, source="old.json")
    message = str(caught.value)
    assert message.startswith("Cannot import old.json: ") and message.endswith(".")
    assert says in message and "\n" not in message
    assert [r.routine_name for r in store.sessions()] == ["Existing"]


def test_a_bad_session_after_good_ones_writes_nothing(store: Store) -> None:
    good = json.loads(_doc())["sessions"][0]
    text = json.dumps(
        {"format": "backtimer-history", "version": 1, "sessions": [good, {"id": "x"}]}
    )
    with pytest.raises(UserError, match="session 2"):
        import_json(store, text)
    assert store.sessions() == []
