"""The history's StepRow is the engine's StepResult and when it was written: the
fields are declared once, and the store keeps every one of them."""

from __future__ import annotations

from dataclasses import fields

from history_helpers import T0, FrozenNow, step

from backtimer.engine.types import StepResult
from backtimer.history import columns
from backtimer.history.models import StepRow
from backtimer.history.store import Store


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def test_a_step_row_has_the_results_fields_and_only_when_it_finished() -> None:
    assert _names(StepRow) == (*_names(StepResult), "finished_at")
    assert _names(StepRow) == columns.STEP_NAMES  # and the exports say the same


def test_every_field_of_a_result_is_stored_and_read_back(store: Store, now: FrozenNow) -> None:
    # Every value distinct, so two columns swapped on the way would show.
    result = step(
        4,
        name="Bird dog",
        kind="rep",
        planned_reps=7,
        done_reps=5,
        planned_sets=3,
        done_sets=2,
        planned_sides=("left", "right"),
        done_sides=("left",),
        planned_seconds=61.5,
        active_seconds=42.25,
        skipped=False,
    )
    sid = store.begin_session("Morning")
    store.record_step(sid, result)
    row = store.session(sid)
    assert row is not None
    (stored,) = row.steps
    assert {name: getattr(stored, name) for name in _names(StepResult)} == {
        name: getattr(result, name) for name in _names(StepResult)
    }
    assert stored.finished_at == T0
