"""Shared by the history tests: a frozen wall clock and step results."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backtimer.engine.types import StepResult

T0 = datetime(2024, 5, 1, 7, 30, tzinfo=UTC)  # a Wednesday


class FrozenNow:
    def __init__(self, start: datetime = T0) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def step(index: int, **changes: object) -> StepResult:
    values: dict[str, object] = dict(
        step_index=index,
        name=f"Step {index}",
        kind="hold",
        planned_reps=3,
        done_reps=3,
        planned_sets=1,
        done_sets=1,
        planned_sides=("left", "right"),
        done_sides=("left", "right"),
        planned_seconds=60.0,
        active_seconds=60.0,
        skipped=False,
    )
    values.update(changes)
    return StepResult(**values)  # type: ignore[arg-type]


def write_steps(path: str, routine: str, count: int, barrier: object) -> None:
    """A writer process for the concurrency test: waits for its twin, then writes."""
    from backtimer.history.store import Store

    with Store.open(path) as store:
        sid = store.begin_session(routine)
        barrier.wait()  # type: ignore[attr-defined]
        for index in range(count):
            store.record_step(sid, step(index))
        store.finish_session(sid, "completed")


def smash_steps(db_path: Path) -> None:
    """Overwrite the steps table's root page and its index's: the header, the schema
    and the sessions table stay readable, so only using the steps finds the damage."""
    with sqlite3.connect(db_path) as conn:
        roots = [
            r[0]
            for r in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'steps' AND rootpage > 0"
            )
        ]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(roots) == 2
    data = bytearray(db_path.read_bytes())
    for root in roots:
        data[(root - 1) * page : root * page] = b"\xa5" * page
    db_path.write_bytes(bytes(data))
