"""Histories built in the test: session rows for the pure figures, and the same
rows written into a real store for the command and the page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from backtimer.engine.types import SessionStatus
from backtimer.history.models import SessionRow, StepRow, format_time
from backtimer.history.store import Store

# Seven steps, one of each shape the history records, as a morning routine has.
STEPS = (
    ("Belly breathing", "breathe", 5, 1, ()),
    ("Cat-cow", "reps", 10, 1, ()),
    ("Knee to chest", "hold", 3, 1, ("left", "right")),
    ("Bird dog", "reps", 8, 1, ()),
    ("Side plank", "hold", 1, 3, ("left", "right")),
    ("Partial crunch", "reps", 10, 2, ()),
    ("Jump rope", "intervals", 5, 1, ()),
)


def steps(
    at: datetime,
    *,
    levels: dict[str, int] | None = None,
    upto: int | None = None,
    skipped: Sequence[str] = (),
) -> tuple[StepRow, ...]:
    """The seven steps done in full; `levels` sets reps per set and side of a step;
    `upto` ends the session inside that step (done half), like a stop."""
    rows = []
    for index, (name, kind, reps, sets, sides) in enumerate(STEPS):
        if upto is not None and index > upto:
            break
        per = (levels or {}).get(name, reps)
        planned = per * sets * max(1, len(sides))
        done = planned if upto is None or index < upto else planned // 2
        skip = name in skipped
        rows.append(
            StepRow(
                step_index=index,
                name=name,
                kind=kind,
                planned_reps=planned,
                done_reps=0 if skip else done,
                planned_sets=sets,
                done_sets=0 if skip else (sets if done == planned else max(0, sets - 1)),
                planned_sides=sides,
                done_sides=() if skip else (sides if done == planned else sides[:1]),
                planned_seconds=60.0,
                active_seconds=0.0 if skip else 60.0 * done / planned,
                skipped=skip,
                finished_at=at + timedelta(minutes=index + 1),
            )
        )
    return tuple(rows)


def session(
    day: date,
    *,
    routine: str = "Morning back routine",
    before: int | None = None,
    after: int | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
    hour: int = 8,
    active: float | None = None,
    levels: dict[str, int] | None = None,
    upto: int | None = None,
    skipped: Sequence[str] = (),
) -> SessionRow:
    started = datetime.combine(day, time(hour), tzinfo=UTC)
    rows = steps(started, levels=levels, upto=upto, skipped=skipped)
    seconds = sum(s.active_seconds for s in rows) if active is None else active
    return SessionRow(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{routine}-{started.isoformat()}")),
        routine_name=routine,
        routine_file="",
        routine_hash="",
        started_at=started,
        ended_at=started + timedelta(minutes=len(rows) + 1),
        status=status,
        active_seconds=seconds,
        paused_seconds=0.0,
        pain_before=before,
        pain_after=after,
        resume_count=0,
        step_count=len(rows),
        skipped_count=sum(s.skipped for s in rows),
        next_step=len(rows),
        steps=rows,
    )


def daily(first: date, days: int, **changes: object) -> list[SessionRow]:
    return [session(first + timedelta(days=n), **changes) for n in range(days)]  # type: ignore[arg-type]


def improving(first: date, days: int) -> list[SessionRow]:
    """Daily sessions whose pain goes from 6 before / 5 after down to 2 / 2, and whose
    bird dog grows by one rep a week (a progression)."""
    rows = []
    for n in range(days):
        before = max(2, 6 - (4 * n) // max(1, days - 1))
        after = max(2, before - 1)
        row = session(
            first + timedelta(days=n),
            before=before,
            after=after,
            levels={"Bird dog": 8 + n // 7},
        )
        rows.append(row)
    return rows


def write(store: Store, sessions: Sequence[SessionRow]) -> None:
    """Into a real store, in one transaction (the import path)."""
    rows, by_id = [], {}
    for s in sessions:
        rows.append(
            {
                "id": s.id,
                "routine_name": s.routine_name,
                "routine_file": s.routine_file,
                "routine_hash": s.routine_hash,
                "started_at": format_time(s.started_at),
                "ended_at": format_time(s.ended_at) if s.ended_at else None,
                "status": s.status.value,
                "active_seconds": s.active_seconds,
                "paused_seconds": s.paused_seconds,
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
            }
        )
        by_id[s.id] = [
            {
                "step_index": t.step_index,
                "name": t.name,
                "kind": t.kind,
                "planned_reps": t.planned_reps,
                "done_reps": t.done_reps,
                "planned_sets": t.planned_sets,
                "done_sets": t.done_sets,
                "planned_sides": " ".join(t.planned_sides),
                "done_sides": " ".join(t.done_sides),
                "planned_seconds": t.planned_seconds,
                "active_seconds": t.active_seconds,
                "skipped": int(t.skipped),
                "finished_at": format_time(t.finished_at),
            }
            for t in s.steps
        ]
    store.add_imported(rows, by_id)


def without_steps(s: SessionRow) -> SessionRow:
    return replace(s, steps=())
