"""What a resume checks before it is offered: the routine file, the day, the clock."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from history_helpers import T0, FrozenNow, step

from backtimer.errors import UserError
from backtimer.history.models import format_time
from backtimer.history.resume import ResumeRule, Verdict, load_rule
from backtimer.history.store import Store


def _interrupted(store: Store, routine_hash: str = "h1") -> str:
    sid = store.begin_session("Morning", "morning.yaml", routine_hash)
    store.record_step(sid, step(0))
    store._db.conn.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (sid,))
    store.mark_interrupted()
    return sid


def _import_interrupted(store: Store, sid: str, started: str) -> None:
    row = {
        "id": sid,
        "routine_name": "Morning",
        "routine_file": "morning.yaml",
        "routine_hash": "h1",
        "started_at": started,
        "ended_at": started,
        "status": "interrupted",
        "active_seconds": 60.0,
        "paused_seconds": 0.0,
        "pain_before": None,
        "pain_after": None,
    }
    steps = {sid: [{**_step_dict(0), "finished_at": started}]}
    store.add_imported([row], steps)


def _step_dict(index: int) -> dict[str, object]:
    result = step(index)
    return {
        "step_index": index,
        "name": result.name,
        "kind": result.kind,
        "planned_reps": result.planned_reps,
        "done_reps": result.done_reps,
        "planned_sets": result.planned_sets,
        "done_sets": result.done_sets,
        "planned_sides": " ".join(result.planned_sides),
        "done_sides": " ".join(result.done_sides),
        "planned_seconds": result.planned_seconds,
        "active_seconds": result.active_seconds,
        "skipped": 0,
    }


def test_a_session_dated_in_the_future_is_never_offered_nor_hides_todays(
    store: Store, now: FrozenNow
) -> None:
    _import_interrupted(store, "f" * 8 + "-0000-4000-8000-000000002999", "2999-01-01T07:00:00.000Z")
    assert store.last_interrupted("Morning") is None  # the 2999 one is not asked about
    sid = _interrupted(store)  # today's, interrupted: still offered despite the 2999 one
    offer = store.last_interrupted("Morning")
    assert offer is not None and offer.id == sid


def test_the_rule_resumes_only_the_same_routine_on_the_same_day(
    store: Store, now: FrozenNow
) -> None:
    _interrupted(store, routine_hash="h1")
    row = store.last_interrupted("Morning")
    assert row is not None
    rule = ResumeRule(timedelta(hours=3))
    assert rule.judge(row, "h1", now(), UTC) is Verdict.RESUME
    assert rule.judge(row, "h2", now(), UTC) is Verdict.CHANGED
    assert rule.judge(row, "", now(), UTC) is Verdict.CHANGED
    # Later the same day (T0 is 07:30 UTC): still today's workout.
    assert rule.judge(row, "h1", T0 + timedelta(hours=15), UTC) is Verdict.RESUME
    # The next day: too old, however the file looks...
    assert rule.judge(row, "h1", T0 + timedelta(days=1), UTC) is Verdict.STALE
    assert rule.judge(row, "h1", T0 + timedelta(days=90), UTC) is Verdict.STALE
    # ...unless it is within the few hours (a session cut off at midnight).
    assert rule.judge(row, "h1", T0 + timedelta(hours=17), UTC) is Verdict.STALE
    late = ResumeRule(timedelta(hours=18))
    assert late.judge(row, "h1", T0 + timedelta(hours=17), UTC) is Verdict.RESUME
    assert rule.judge(row, "h1", T0 - timedelta(minutes=1), UTC) is Verdict.FUTURE


def test_the_few_hours_come_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert load_rule(config).within == timedelta(hours=3)  # no file: the default
    config.write_text("[sound]\nmute = true\n")
    assert load_rule(config).within == timedelta(hours=3)
    config.write_text("[history]\nresume_within_hours = 8\n")
    assert load_rule(config).within == timedelta(hours=8)
    for bad in ("-1", "49", "'three'", "true"):
        config.write_text(f"[history]\nresume_within_hours = {bad}\n")
        with pytest.raises(UserError, match="resume_within_hours must be a number of hours"):
            load_rule(config)
    config.write_text("[history]\nresume_within = 3\n")
    with pytest.raises(UserError, match="unknown key 'resume_within'"):
        load_rule(config)


def test_a_future_check_uses_the_stores_clock(db_path: Path) -> None:
    past = FrozenNow(T0 + timedelta(days=1))
    with Store.open(db_path, now=past) as store:
        _import_interrupted(store, "0" * 8 + "-0000-4000-8000-000000000001", format_time(T0))
        assert store.last_interrupted("Morning") is not None
    earlier = FrozenNow(T0 - timedelta(hours=1))
    with Store.open(db_path, now=earlier) as store:
        assert store.last_interrupted("Morning") is None
