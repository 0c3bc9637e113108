"""Writing a session as it goes, and reading it back."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from history_helpers import T0, FrozenNow, step

from backtimer.engine.types import SessionStatus
from backtimer.errors import UserError
from backtimer.history.models import content_hash
from backtimer.history.store import Store
from backtimer.routine.model import StepKind


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_session_is_written_step_by_step(store: Store, now: FrozenNow) -> None:
    sid = store.begin_session("Morning", "/r/morning.yaml", "abc123")
    now.advance(seconds=70)
    store.record_step(sid, step(0))
    now.advance(seconds=40)
    store.record_step(sid, step(1, skipped=True, done_reps=0, active_seconds=0.0))
    running = store.session(sid)
    assert running is not None and running.status is SessionStatus.RUNNING
    assert running.next_step == 2 and running.step_count == 2 and running.skipped_count == 1

    now.advance(seconds=5)
    store.finish_session(sid, "completed", active_seconds=100.0, paused_seconds=12.5)
    row = store.session(sid)
    assert row is not None
    assert (row.routine_name, row.routine_file, row.routine_hash) == (
        "Morning",
        "/r/morning.yaml",
        "abc123",
    )
    assert row.started_at == T0 and row.ended_at == T0 + timedelta(seconds=115)
    assert row.status is SessionStatus.COMPLETED
    assert (row.active_seconds, row.paused_seconds) == (100.0, 12.5)
    assert [s.skipped for s in row.steps] == [False, True]
    assert row.steps[0].planned_sides == ("left", "right")
    assert row.steps[0].finished_at == T0 + timedelta(seconds=70)


def test_without_engine_times_the_steps_active_time_is_summed(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.record_step(sid, step(0, active_seconds=30.0))
    store.record_step(sid, step(1, active_seconds=12.0))
    store.finish_session(sid, SessionStatus.STOPPED)
    row = store.session(sid)
    assert row is not None and row.active_seconds == 42.0 and row.status is SessionStatus.STOPPED


def test_a_step_kind_enum_is_stored_as_its_value(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.record_step(sid, step(0, kind=StepKind.BREATHE))
    row = store.session(sid)
    assert row is not None and row.steps[0].kind == "breathe"


def test_a_redone_step_keeps_the_latest_attempt_but_not_a_skip(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.record_step(sid, step(0, done_reps=1))
    store.record_step(sid, step(0, done_reps=3))
    store.record_step(sid, step(0, done_reps=0, skipped=True))
    row = store.session(sid)
    assert row is not None
    assert [(s.done_reps, s.skipped) for s in row.steps] == [(3, False)]


def test_pain_scores_are_checked(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.set_pain(sid, "before", 4)
    store.set_pain(sid, "after", 0)
    row = store.session(sid)
    assert row is not None and (row.pain_before, row.pain_after) == (4, 0)
    with pytest.raises(ValueError):
        store.set_pain(sid, "after", 11)
    with pytest.raises(ValueError):
        store.set_pain(sid, "during", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.finish_session(sid, "running")


def test_listing_is_newest_first_and_pages(store: Store, now: FrozenNow) -> None:
    ids = []
    for _ in range(5):
        ids.append(store.begin_session("Morning"))
        now.advance(hours=1)
    assert [r.id for r in store.sessions()] == ids[::-1]
    assert [r.id for r in store.sessions(limit=2, offset=1)] == ids[3:1:-1]
    assert store.sessions()[0].steps == ()


def test_delete_removes_the_session_and_its_steps(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.record_step(sid, step(0))
    store.finish_session(sid, "stopped")  # a running session is refused (test_history_claims)
    keep = store.begin_session("Evening")
    assert store.delete_session(sid) is True
    assert store.delete_session(sid) is False
    assert store.session(sid) is None
    assert [r.id for r in store.sessions()] == [keep]
    assert store._db.conn.execute("SELECT count(*) FROM steps").fetchone()[0] == 0


def test_completed_count_is_per_routine(store: Store) -> None:
    for status in ("completed", "completed", "stopped", "pain-stop"):
        store.finish_session(store.begin_session("Morning"), status)
    store.finish_session(store.begin_session("Evening"), "completed")
    assert store.completed_count("Morning") == 2
    assert store.completed_count("Nothing") == 0


def _orphan(store: Store, pid: int | None, host: str | None = None, boot: str | None = None) -> str:
    sid = store.begin_session("Morning")
    store._db.conn.execute(
        "UPDATE sessions SET pid = ?, host = coalesce(?, host), boot_id = coalesce(?, boot_id)"
        " WHERE id = ?",
        (pid, host, boot, sid),
    )
    return sid


def test_a_running_session_of_a_dead_process_becomes_interrupted(
    store: Store, now: FrozenNow
) -> None:
    sid = _orphan(store, _dead_pid())
    now.advance(seconds=90)
    store.record_step(sid, step(0, active_seconds=50.0))
    store.record_step(sid, step(1, active_seconds=20.0))
    alive = store.begin_session("Morning")  # this very process: still running
    other_host = _orphan(store, _dead_pid(), host="elsewhere")
    assert store.mark_interrupted() == 1
    row = store.session(sid)
    assert row is not None and row.status is SessionStatus.INTERRUPTED
    assert row.active_seconds == 70.0
    assert row.ended_at == T0 + timedelta(seconds=90)  # the last step written
    for untouched in (alive, other_host):
        kept = store.session(untouched)
        assert kept is not None and kept.status is SessionStatus.RUNNING


def test_a_session_from_before_a_reboot_is_interrupted_even_if_its_pid_lives(
    store: Store,
) -> None:
    if not store.boot_id:
        pytest.skip("no boot id on this system")
    sid = _orphan(store, os.getppid(), boot="an-earlier-boot")
    assert store.mark_interrupted() == 1
    assert store.session(sid).status is SessionStatus.INTERRUPTED  # type: ignore[union-attr]


def test_opening_the_store_marks_interrupted_sessions(db_path: Path, now: FrozenNow) -> None:
    with Store.open(db_path, now=now) as first:
        sid = _orphan(first, _dead_pid())
    with Store.open(db_path, now=now) as second:
        row = second.session(sid)
    assert row is not None and row.status is SessionStatus.INTERRUPTED


def test_resume_is_offered_only_when_the_last_session_was_interrupted(
    store: Store, now: FrozenNow
) -> None:
    assert store.last_interrupted("Morning") is None
    sid = _orphan(store, _dead_pid())
    store.record_step(sid, step(0))
    store.record_step(sid, step(1))
    store.mark_interrupted()
    offer = store.last_interrupted("Morning")
    assert offer is not None and offer.id == sid and offer.next_step == 2
    assert store.last_interrupted("Evening") is None

    now.advance(days=3)
    assert store.last_interrupted("Morning", max_age=timedelta(days=1)) is None
    assert store.last_interrupted("Morning", max_age=timedelta(days=7)) is not None

    now.advance(hours=1)
    store.finish_session(store.begin_session("Morning"), "completed")
    assert store.last_interrupted("Morning") is None  # a newer session came after it


def test_a_resumed_session_stays_one_session(store: Store) -> None:
    sid = _orphan(store, _dead_pid())
    store.record_step(sid, step(0, active_seconds=30.0))
    store.mark_interrupted()

    resumed = store.resume_session(sid)
    assert resumed.status is SessionStatus.RUNNING and resumed.resume_count == 1
    assert resumed.ended_at is None
    assert store.mark_interrupted() == 0  # it is ours now
    store.record_step(sid, step(1, active_seconds=40.0))
    store.finish_session(sid, "completed")
    row = store.session(sid)
    assert row is not None
    assert [s.step_index for s in row.steps] == [0, 1] and row.active_seconds == 70.0
    assert len(store.sessions()) == 1
    with pytest.raises(UserError, match="cannot be resumed"):
        store.resume_session(sid)


def test_a_memory_store_works_and_writes_nothing(tmp_path: Path) -> None:
    with Store.memory() as store:
        store.finish_session(store.begin_session("Morning"), "completed")
        assert len(store.sessions()) == 1
    assert list(tmp_path.iterdir()) == []


def test_content_hash_is_sha256_of_the_text() -> None:
    assert content_hash("name: x\n") == content_hash(b"name: x\n")
    assert content_hash("name: x\n") != content_hash("name: y\n")
    assert len(content_hash("")) == 64


def test_steps_are_counted_out_of_the_routine_with_partial_ones_apart(store: Store) -> None:
    from backtimer.ui.widgets.history_text import steps_text

    sid = store.begin_session("Evening stretch", planned_steps=6)
    store.record_step(sid, step(0))  # done in full
    store.record_step(sid, step(1, done_reps=1, skipped=True))  # some done, then skipped
    store.record_step(sid, step(2, done_reps=0, done_sets=0, done_sides=(), skipped=True))
    store.record_step(sid, step(3, done_sides=("left",)))  # one side of two: cut short
    store.finish_session(sid, "stopped")
    (row,) = store.sessions()
    assert (row.planned_steps, row.done_count, row.partial_count) == (6, 1, 2)
    assert row.step_count == 4 and row.skipped_count == 2
    assert steps_text(row) == "1/6 +2 part"


def test_sessions_from_before_the_step_count_was_kept_count_what_they_recorded(
    store: Store,
) -> None:
    from backtimer.ui.widgets.history_text import steps_text

    sid = store.begin_session("Breathing")
    store.record_step(sid, step(0))
    store.record_step(sid, step(1))
    (row,) = store.sessions()
    assert row.planned_steps is None and steps_text(row) == "2/2"
