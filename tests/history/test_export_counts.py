"""Export then import keeps what was really done: the routine's step count, and each
step's planned and done reps, sets and sides, so partly done steps stay partly done
and every figure of the history can be recomputed from the file."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from history_helpers import FrozenNow
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine.types import StepResult
from backtimer.history.export import export_json, import_json
from backtimer.history.store import Store

sides = st.sampled_from([(), ("left",), ("right",), ("left", "right")])
# Names an import takes: any text but controls, format characters and separators.
names = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), min_size=1, max_size=30
).filter(str.strip)


@st.composite
def step_results(draw: st.DrawFn, index: int) -> StepResult:
    planned_reps = draw(st.one_of(st.none(), st.integers(1, 50)))
    planned_sets = draw(st.integers(1, 5))
    planned_sides = draw(sides)
    done_sides = tuple(s for s in planned_sides if draw(st.booleans()))
    return StepResult(
        step_index=index,
        name=draw(names),
        kind=draw(st.sampled_from(["hold", "reps", "breathe", "intervals"])),
        planned_reps=planned_reps,
        done_reps=draw(st.integers(0, planned_reps or 0)),
        planned_sets=planned_sets,
        done_sets=draw(st.integers(0, planned_sets)),
        planned_sides=planned_sides,
        done_sides=done_sides,
        planned_seconds=draw(st.floats(0, 3600, allow_nan=False)),
        active_seconds=draw(st.floats(0, 3600, allow_nan=False)),
        skipped=draw(st.booleans()),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    sessions = []
    for _ in range(draw(st.integers(0, 4))):
        count = draw(st.integers(0, 6))
        sessions.append(
            (
                draw(names),
                draw(st.one_of(st.none(), st.integers(count, count + 4))),
                [draw(step_results(i)) for i in range(count)],
                draw(st.sampled_from(["completed", "stopped", "pain-stop"])),
                draw(st.one_of(st.none(), st.integers(0, 10))),
                draw(st.one_of(st.none(), st.integers(0, 10))),
            )
        )
    return sessions


def _fill(store: Store, now: FrozenNow, sessions: list[tuple[Any, ...]]) -> None:
    for name, planned, steps, status, before, after in sessions:
        sid = store.begin_session(str(name), planned_steps=planned)  # type: ignore[arg-type]
        for result in steps:  # type: ignore[attr-defined]
            store.record_step(sid, result)
        store.set_pain(sid, "before", before)  # type: ignore[arg-type]
        store.set_pain(sid, "after", after)  # type: ignore[arg-type]
        store.finish_session(sid, str(status))
        now.advance(minutes=30)


def _counts(store: Store) -> list[tuple[Any, ...]]:
    rows = []
    for row in sorted(store.sessions(), key=lambda r: r.id):
        full = store.session(row.id)
        assert full is not None
        rows.append(
            (
                row.id,
                row.planned_steps,
                row.done_count,
                row.partial_count,
                row.step_count,
                row.skipped_count,
                tuple(
                    (
                        s.step_index,
                        s.planned_reps,
                        s.done_reps,
                        s.planned_sets,
                        s.done_sets,
                        s.planned_sides,
                        s.done_sides,
                        s.skipped,
                    )
                    for s in full.steps
                ),
            )
        )
    return rows


@settings(max_examples=60, deadline=None)
@given(histories())
def test_export_then_import_keeps_partial_counts(sessions: list[tuple[Any, ...]]) -> None:
    now = FrozenNow()
    source = Store.memory(now=now, tz=UTC)
    _fill(source, now, sessions)
    text = export_json(source)
    for item in json.loads(text)["sessions"]:
        assert "planned_steps" in item
        for step in item["steps"]:
            assert {"planned_reps", "done_reps", "planned_sets", "done_sets"} <= step.keys()
    target = Store.memory(now=now, tz=UTC)
    assert import_json(target, text) == (len(sessions), 0)
    assert _counts(target) == _counts(source)
    assert export_json(target) == text
