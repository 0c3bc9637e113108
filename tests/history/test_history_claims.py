"""Two terminals on one history: a delete never removes a session another terminal is
recording, and a session is resumed by one terminal only. Each side has its own
connection to the same database file, as two processes would."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import FrozenNow, step

from backtimer.engine.types import Event, EventKind, SessionStatus
from backtimer.history.recorder import HistoryRecorder
from backtimer.history.store import SessionRunning, Store


def _interrupted(store: Store) -> str:
    sid = store.begin_session("Morning", "morning.yaml", "h1")
    store.record_step(sid, step(0))
    store._db.conn.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (sid,))
    assert store.mark_interrupted() == 1
    return sid


def test_delete_refuses_a_session_resumed_after_the_question(db_path: Path, now: FrozenNow) -> None:
    with Store.open(db_path, now=now) as history, Store.open(db_path, now=now) as other:
        sid = _interrupted(history)
        asked_about = history.session(sid)  # the history screen asks "Delete …?"
        assert asked_about is not None and asked_about.status is SessionStatus.INTERRUPTED

        recorder = HistoryRecorder(other, "Morning", resume=other.last_interrupted("Morning"))
        recorder.on_event(Event(EventKind.SESSION_STARTED, 0.0))  # resumed meanwhile

        with pytest.raises(SessionRunning, match="running in another terminal"):
            history.delete_session(sid)  # then "y"

        recorder.on_event(Event(EventKind.STEP_FINISHED, 0.0, result=step(1)))
        recorder.on_event(Event(EventKind.SESSION_FINISHED, 0.0))
        assert recorder.take_notices() == []  # no "FOREIGN KEY constraint failed"
        row = history.session(sid)
        assert row is not None and row.status is SessionStatus.COMPLETED
        assert [s.step_index for s in row.steps] == [0, 1]


def test_delete_still_deletes_what_is_not_running(store: Store) -> None:
    sid = _interrupted(store)
    assert store.delete_session(sid) is True
    assert store.delete_session(sid) is False
    assert store.count() == 0


def test_a_session_is_resumed_by_one_terminal_only(db_path: Path, now: FrozenNow) -> None:
    with Store.open(db_path, now=now) as first, Store.open(db_path, now=now) as second:
        sid = _interrupted(first)
        offer_one = first.last_interrupted("Morning")
        offer_two = second.last_interrupted("Morning")  # both were asked "Resume?"
        assert offer_one is not None and offer_two is not None
        assert first.claim_resume(sid) is not None
        assert second.claim_resume(sid) is None  # told before its session starts
        assert second.last_interrupted("Morning") is None  # and not offered again
