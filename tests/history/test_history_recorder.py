"""The recorder turns engine events into history rows as they happen."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from history_helpers import step

from backtimer.engine.types import (
    Event,
    EventKind,
    EventValue,
    SessionState,
    SessionStatus,
    Status,
    StepResult,
    StopReason,
)
from backtimer.history.recorder import HistoryRecorder, install_signal_handlers
from backtimer.history.store import Store
from backtimer.routine.model import Routine, Step, StepKind


def _event(kind: EventKind, *, value: EventValue = None, result: StepResult | None = None) -> Event:
    return Event(kind, 0.0, value=value, result=result)


def _state(active: float, paused: float) -> SessionState:
    return SessionState(
        status=Status.FINISHED,
        phase=None,
        remaining=None,
        elapsed_in_phase=0.0,
        step_index=1,
        step_count=2,
        next_step_index=None,
        rep=None,
        rep_count=None,
        set_number=1,
        set_count=1,
        side=None,
        progress=1.0,
        time_left=0.0,
        active_seconds=active,
        paused_seconds=paused,
    )


def _only(store: Store):  # type: ignore[no-untyped-def]
    (row,) = store.sessions()
    full = store.session(row.id)
    assert full is not None
    return full


def test_a_completed_session_with_check_ins(store: Store) -> None:
    recorder = HistoryRecorder(
        store, "Morning", "morning.yaml", "h1", state_provider=lambda: _state(95.0, 20.0)
    )
    recorder.on_pain("before", 5)  # asked before the session starts
    assert store.sessions() == []
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.TICK, value=3))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    assert _only(store).step_count == 1  # on disk before the next step
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(1, skipped=True)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    recorder.on_pain("after", 3)

    row = _only(store)
    assert row.status is SessionStatus.COMPLETED and recorder.finished
    assert (row.routine_file, row.routine_hash) == ("morning.yaml", "h1")
    assert (row.pain_before, row.pain_after) == (5, 3)
    assert (row.active_seconds, row.paused_seconds) == (95.0, 20.0)
    assert [s.skipped for s in row.steps] == [False, True]


@pytest.mark.parametrize(
    ("reason", "status"),
    [(StopReason.PAIN, SessionStatus.PAIN_STOP), (StopReason.STOPPED, SessionStatus.STOPPED)],
)
def test_a_stop_is_recorded_with_its_reason(
    store: Store, reason: StopReason, status: SessionStatus
) -> None:
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0, active_seconds=33.0)))
    recorder.on_event(_event(EventKind.SESSION_STOPPED, value=reason))
    recorder.finish(SessionStatus.STOPPED)  # a later signal changes nothing
    row = _only(store)
    assert row.status is status
    assert row.active_seconds == 33.0  # summed from the steps without an engine state


def test_a_skipped_check_in_stores_nothing(store: Store) -> None:
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_pain("before", None)
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_pain("after", None)
    assert (_only(store).pain_before, _only(store).pain_after) == (None, None)


def test_a_resumed_session_adds_to_the_interrupted_one(store: Store) -> None:
    sid = store.begin_session("Morning")
    store.record_step(sid, step(0, active_seconds=60.0))
    store._db.conn.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (sid,))
    store.mark_interrupted()
    offer = store.last_interrupted("Morning")
    assert offer is not None

    recorder = HistoryRecorder(
        store, "Morning", resume=offer, state_provider=lambda: _state(40.0, 5.0)
    )
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(1, active_seconds=40.0)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    row = _only(store)
    assert row.id == sid and row.resume_count == 1
    assert row.status is SessionStatus.COMPLETED
    assert row.active_seconds == 100.0 and row.paused_seconds == 5.0
    assert [s.step_index for s in row.steps] == [0, 1]


def test_a_failing_write_becomes_a_notice_not_a_crash(store: Store) -> None:
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    store.close()
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    told, unsaved = recorder.take_notices()
    assert told.startswith("History not saved: ") and recorder.failed
    assert unsaved.startswith("Saved: its start. Not saved: exercise 1 and how it ended.")


def test_damage_met_mid_session_is_a_notice_and_recording_goes_on(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    store._db.recover()  # what meeting a damaged page does
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(1)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    (notice,) = recorder.take_notices()
    assert "moved aside" in notice and not recorder.failed
    assert recorder.take_notices() == []
    row = _only(store)
    assert row.status is SessionStatus.COMPLETED
    assert [s.step_index for s in row.steps] == [0, 1]
    store.close()


def test_signal_handlers_restore_what_was_there(store: Store) -> None:
    before = signal.getsignal(signal.SIGTERM)
    codes: list[int] = []
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    restore = install_signal_handlers(recorder, exit=codes.append)
    try:
        signal.raise_signal(signal.SIGHUP)
    finally:
        restore()
    assert codes == [128 + signal.SIGHUP]
    assert _only(store).status is SessionStatus.STOPPED
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_signal_wakes_an_event_loop_that_has_nothing_to_do(store: Store) -> None:
    """The summary screen and the last check-in wait for a key with nothing
    scheduled: the exit a signal asks for must still happen at once."""
    recorder = HistoryRecorder(store, "Morning")
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))

    async def wait_for_exit() -> tuple[int, float]:
        exited: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        restore = install_signal_handlers(recorder, exit=exited.set_result)
        try:
            threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGTERM)).start()
            began = time.monotonic()
            code = await asyncio.wait_for(exited, timeout=10)
            return code, time.monotonic() - began
        finally:
            restore()

    code, waited = asyncio.run(wait_for_exit())
    assert code == 128 + signal.SIGTERM
    assert waited < 2.0, f"the exit waited {waited:.1f} s for something else to wake the loop"
    assert _only(store).status is SessionStatus.COMPLETED  # what it was: a signal after the end


def test_sigterm_stops_the_session_and_exits(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from history_helpers import step
        from backtimer.engine.types import Event, EventKind
        from backtimer.history.recorder import HistoryRecorder, install_signal_handlers
        from backtimer.history.store import Store
        recorder = HistoryRecorder(Store.open({str(db)!r}), "Morning")
        install_signal_handlers(recorder)
        recorder.on_event(Event(EventKind.SESSION_STARTED, 0.0))
        recorder.on_event(Event(EventKind.STEP_FINISHED, 0.0, result=step(0)))
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        os.kill(child.pid, signal.SIGTERM)
        assert child.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        child.kill()
    with Store.open(db) as store:
        row = _only(store)
    assert row.status is SessionStatus.STOPPED and row.step_count == 1


def test_for_routine_records_the_routine_file_and_its_hash(store: Store) -> None:
    routine = Routine(
        name="Morning",
        steps=(Step(name="Cat", kind=StepKind.REPS, reps=10, tempo=4.0),),
        path="/r/morning.yaml",
        source_hash="f" * 64,
    )
    recorder = HistoryRecorder.for_routine(store, routine)
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.finish("completed")
    row = store.sessions()[0]
    assert (row.routine_file, row.routine_hash) == ("/r/morning.yaml", "f" * 64)
