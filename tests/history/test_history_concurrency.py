"""Two sessions in two terminals write the same history at the same time."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from history_helpers import write_steps

from backtimer.history.store import Store


def _two_at_once(db_path: Path, steps: int) -> None:
    """Two processes, "Morning" and "Evening", each write a session of `steps` steps,
    starting together (a barrier); both must exit cleanly."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    writers = [
        context.Process(target=write_steps, args=(str(db_path), name, steps, barrier))
        for name in ("Morning", "Evening")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert [w.exitcode for w in writers] == [0, 0]


def test_two_processes_writing_steps_at_once_lose_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    _two_at_once(db_path, 300)
    with Store.open(db_path) as store:
        rows = store.sessions()
        assert sorted(r.routine_name for r in rows) == ["Evening", "Morning"]
        assert all(r.status == "completed" and r.step_count == 300 for r in rows)


def test_two_processes_creating_the_database_at_once(db_path: Path) -> None:
    _two_at_once(db_path, 5)
    with Store.open(db_path) as store:
        assert sorted(r.step_count for r in store.sessions()) == [5, 5]
