"""A history with known sessions at known times, for the history and home screens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backtimer.history.models import format_time
from backtimer.history.store import Store

NOW = datetime(2024, 5, 8, 18, 0, tzinfo=UTC)  # a Wednesday

EXERCISES = (
    ("Belly breathing", "breathe", None, 1, ""),
    ("Knee to chest", "hold", 3, 2, "left right"),
    ("Cat-cow", "reps", 10, 1, ""),
    ("Bird dog", "reps", 8, 2, "left right"),
    ("Jump rope", "intervals", 5, 1, ""),
)


def session(
    n: int,
    started: datetime,
    *,
    routine: str = "Morning back routine",
    status: str = "completed",
    minutes: float = 20.0,
    pain: tuple[int | None, int | None] = (4, 3),
    steps: int = 5,
    skipped: tuple[int, ...] = (),
    planned_steps: int | None = 5,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    sid = f"00000000-0000-4000-8000-{n:012d}"
    row = {
        "id": sid,
        "routine_name": routine,
        "routine_file": "routines/morning.yaml",
        "routine_hash": "0" * 64,
        "started_at": format_time(started),
        "ended_at": None if status == "running" else format_time(started + timedelta(minutes=25)),
        "status": status,
        "active_seconds": minutes * 60,
        "paused_seconds": 45.0,
        "pain_before": pain[0],
        "pain_after": pain[1],
        "planned_steps": planned_steps,
    }
    step_rows = []
    for i in range(steps):
        name, kind, reps, sets, sides = EXERCISES[i % len(EXERCISES)]
        skip = i in skipped
        step_rows.append(
            {
                "step_index": i,
                "name": name,
                "kind": kind,
                "planned_reps": reps,
                "done_reps": 0 if skip or reps is None else reps,
                "planned_sets": sets,
                "done_sets": 0 if skip else sets,
                "planned_sides": sides,
                "done_sides": "" if skip else sides,
                "planned_seconds": 240.0,
                "active_seconds": 0.0 if skip else 236.0,
                "skipped": int(skip),
                "finished_at": format_time(started + timedelta(minutes=4 * i + 4)),
            }
        )
    return row, step_rows


def sample_sessions() -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Eight sessions over two weeks, every status, a pain stop and skipped steps.
    The newest is this morning."""
    day = timedelta(days=1)
    at = NOW.replace(hour=7, minute=30)
    return [
        session(1, at - 13 * day, pain=(6, 5)),
        session(2, at - 12 * day, routine="Evening stretch", pain=(5, 5), minutes=11),
        session(3, at - 9 * day, status="stopped", minutes=8, steps=2, pain=(5, None)),
        session(4, at - 4 * day, pain=(5, 3), skipped=(3,)),
        session(5, at - 3 * day, routine="Core strength", minutes=26, pain=(4, 4)),
        session(6, at - 2 * day, status="pain-stop", minutes=6, steps=3, pain=(4, 7)),
        session(7, at - 1 * day, status="interrupted", minutes=12, steps=3, pain=(3, None)),
        session(8, at, pain=(3, 2), skipped=(1, 4)),
    ]


def filled_store(
    folder: Path, sessions: list[tuple[dict[str, Any], list[dict[str, Any]]]] | None = None
) -> Store:
    """A real database in `folder`, the clock frozen at NOW, times shown in UTC."""
    store = Store.open(folder / "history.sqlite3", now=lambda: NOW, tz=UTC)
    chosen = sample_sessions() if sessions is None else sessions
    store.add_imported([row for row, _ in chosen], {row["id"]: steps for row, steps in chosen})
    return store


def many_sessions(count: int) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """`count` daily sessions ending this morning, without steps: for paging."""
    at = NOW.replace(hour=7, minute=0)
    return [
        session(n, at - timedelta(days=count - 1 - n), steps=0, pain=(n % 11, (n + 2) % 11))
        for n in range(count)
    ]
