"""SQLite rows of the history as the models the store hands out."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from backtimer.engine.types import SessionStatus
from backtimer.history.models import (
    LevelChange,
    SessionRow,
    StepRow,
    parse_time,
)

# A step done in full: every rep, set and side, not skipped (as progression.done_in_full).
FULL = (
    "NOT t.skipped AND t.done_reps >= coalesce(t.planned_reps, 0)"
    " AND t.done_sets >= t.planned_sets AND length(t.done_sides) >= length(t.planned_sides)"
)

SESSION_SELECT = f"""
SELECT s.*,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id) AS step_count,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND t.skipped) AS skipped_count,
    (SELECT coalesce(max(t.step_index) + 1, 0) FROM steps t WHERE t.session_id = s.id)
        AS next_step,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND {FULL}) AS done_count,
    (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND NOT ({FULL})
        AND (t.done_reps > 0 OR t.done_sets > 0 OR t.done_sides != '')) AS partial_count
FROM sessions s
"""


def session_row(r: sqlite3.Row) -> SessionRow:
    return SessionRow(
        id=r["id"],
        routine_name=r["routine_name"],
        routine_file=r["routine_file"],
        routine_hash=r["routine_hash"],
        started_at=parse_time(r["started_at"]),
        ended_at=parse_time(r["ended_at"]) if r["ended_at"] else None,
        status=SessionStatus(r["status"]),
        active_seconds=float(r["active_seconds"]),
        paused_seconds=float(r["paused_seconds"]),
        pain_before=r["pain_before"],
        pain_after=r["pain_after"],
        resume_count=int(r["resume_count"]),
        step_count=int(r["step_count"]),
        skipped_count=int(r["skipped_count"]),
        next_step=int(r["next_step"]),
        planned_steps=r["planned_steps"],
        done_count=int(r["done_count"]),
        partial_count=int(r["partial_count"]),
        # a history opened read-only is not migrated: one from before notes has none
        note=r["note"] if "note" in r.keys() else None,  # noqa: SIM118 (a Row: `in` is values)
    )


def step_row(r: sqlite3.Row) -> StepRow:
    return StepRow(
        step_index=int(r["step_index"]),
        name=r["name"],
        kind=r["kind"],
        planned_reps=r["planned_reps"],
        done_reps=int(r["done_reps"]),
        planned_sets=int(r["planned_sets"]),
        done_sets=int(r["done_sets"]),
        planned_sides=tuple(r["planned_sides"].split()),
        done_sides=tuple(r["done_sides"].split()),
        planned_seconds=float(r["planned_seconds"]),
        active_seconds=float(r["active_seconds"]),
        skipped=bool(r["skipped"]),
        finished_at=parse_time(r["finished_at"]),
    )


def level_row(r: sqlite3.Row) -> LevelChange:
    return LevelChange(
        routine_name=r["routine_name"],
        step_name=r["step_name"],
        step_index=int(r["step_index"]),
        session_id=r["session_id"],
        decided_at=parse_time(r["decided_at"]),
        day=date.fromisoformat(r["day"]),
        level_before=int(r["level_before"]),
        level_after=int(r["level_after"]),
        reason=r["reason"],
        explanation=r["explanation"],
    )


def with_steps(row: SessionRow, steps: tuple[StepRow, ...]) -> SessionRow:
    return replace(row, steps=steps)


__all__ = ["FULL", "SESSION_SELECT", "level_row", "session_row", "step_row", "with_steps"]
