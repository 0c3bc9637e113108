"""A disk that fills during a session: told at once, the session goes on, nothing a
later write can save is lost, and a session that reached its end is never offered
for resuming.

`FullDisk` is a fault-injecting layer in front of the store's SQLite connection:
while the disk is "full", every statement that writes fails as SQLite fails on a
full disk (SQLITE_FULL); reads pass. The last test fills a real tmpfs instead
(as root; skipped with the reason elsewhere).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from disks import fill, tmpfs
from history_helpers import FrozenNow, step

from backtimer.engine.types import Event, EventKind, SessionStatus, StepResult
from backtimer.history import reserve
from backtimer.history.recorder import HistoryRecorder
from backtimer.history.store import RESERVE_NOTICE, Store

_WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "REPLACE")


def _full_disk_error() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    return error


class FullDisk:
    """Stands for the store's connection; `full()` says whether writes fail now."""

    def __init__(self, conn: sqlite3.Connection, full: Callable[[], bool]) -> None:
        self._conn = conn
        self.full = full
        self.refused = 0

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if self.full() and sql.lstrip().upper().startswith(_WRITES):
            self.refused += 1
            raise _full_disk_error()
        return self._conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _event(kind: EventKind, result: StepResult | None = None) -> Event:
    return Event(kind, 0.0, result=result)


@pytest.fixture
def told() -> list[str]:
    return []


def _recorder(store: Store, told: list[str]) -> HistoryRecorder:
    return HistoryRecorder(store, "Morning", "morning.yaml", "h1", on_notice=told.append)


def test_a_disk_that_stays_full_is_told_at_once_and_the_session_goes_on(
    store: Store, told: list[str], db_path: Path
) -> None:
    recorder = _recorder(store, told)
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    reserve.release(db_path)  # used up earlier: nothing left to make room with
    disk = FullDisk(store._db.conn, lambda: True)
    store._db.conn = disk  # type: ignore[assignment]

    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(1)))
    (notice,) = told  # at once, before the next step
    assert notice.startswith("History not saved: the disk holding the history (")
    assert notice.endswith(
        "is full. The session goes on, and saving is tried again after each exercise."
    )

    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(2)))  # no exception
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    recorder.on_pain("after", 2)
    assert told == [notice]  # told once, not at every step
    saved = recorder.saved_text()
    assert saved.startswith(
        "Saved: exercise 1. Not saved: exercises 2–3 and the pain score and how it ended. "
        "The disk holding the history ("
    )
    assert recorder.failed and disk.refused >= 4


def test_room_made_during_the_session_saves_all_that_waited(
    db_path: Path, now: FrozenNow, told: list[str]
) -> None:
    store = Store.open(db_path, now=now)
    recorder = _recorder(store, told)
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    reserve.release(db_path)
    disk = FullDisk(store._db.conn, lambda: True)
    store._db.conn = disk  # type: ignore[assignment]
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(1)))
    disk.full = lambda: False  # the person freed some space
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(2)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    assert told[-1] == "History saved again: nothing of this session is missing now."
    assert recorder.saved_text() == "Saved in your history."
    store.close()

    with Store.open(db_path, now=now) as again:
        (row,) = again.sessions()
        assert row.status is SessionStatus.COMPLETED and row.step_count == 3
        assert again.last_interrupted("Morning") is None


def test_the_reserve_makes_room_for_the_rest_of_the_session(
    store: Store, db_path: Path, told: list[str]
) -> None:
    recorder = _recorder(store, told)
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    assert reserve.path_for(db_path).stat().st_size == reserve.SIZE
    # Full until the reserve's room is given back.
    disk = FullDisk(store._db.conn, reserve.path_for(db_path).exists)
    store._db.conn = disk  # type: ignore[assignment]
    for index in range(3):
        recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(index)))
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    assert told == [RESERVE_NOTICE]  # at once, at the first refused write
    assert disk.refused == 1 and not reserve.path_for(db_path).exists()
    assert recorder.saved_text() == "Saved in your history."
    row = store.session(store.sessions()[0].id)
    assert row is not None and row.status is SessionStatus.COMPLETED
    assert [s.step_index for s in row.steps] == [0, 1, 2]


def test_a_start_that_cannot_be_written_is_tried_again_without_a_second_session(
    store: Store, told: list[str]
) -> None:
    recorder = _recorder(store, told)
    recorder.on_pain("before", 6)
    disk = FullDisk(store._db.conn, lambda: True)
    store._db.conn = disk  # type: ignore[assignment]
    recorder.on_event(_event(EventKind.SESSION_STARTED))
    recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
    assert recorder.saved_text().startswith("Not saved in your history: The disk holding")
    disk.full = lambda: False
    recorder.on_event(_event(EventKind.SESSION_FINISHED))
    (row,) = store.sessions()
    assert row.status is SessionStatus.COMPLETED and row.pain_before == 6 and row.step_count == 1


# -- a real full disk -----------------------------------------------------------------


def test_a_real_disk_filling_mid_session(tmp_path: Path, now: FrozenNow, told: list[str]) -> None:
    with tmpfs(tmp_path / "small", "4m", mode="0700") as disk:
        db = disk / "history.sqlite3"
        store = Store.open(db, now=now)
        recorder = _recorder(store, told)
        recorder.on_event(_event(EventKind.SESSION_STARTED))
        recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(0)))
        fill(disk)
        for index in range(1, 10):
            recorder.on_event(_event(EventKind.STEP_FINISHED, result=step(index)))
        recorder.on_event(_event(EventKind.SESSION_FINISHED))
        assert told == [RESERVE_NOTICE]
        assert recorder.saved_text() == "Saved in your history."
        store.close()

        (disk / "filler").unlink()  # opening on a full disk is another matter
        with Store.open(db, now=now) as again:
            (row,) = again.sessions()
            assert row.status is SessionStatus.COMPLETED and row.step_count == 10
            assert again.last_interrupted("Morning") is None
