"""Shared by the history tests: a frozen wall clock and step results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
