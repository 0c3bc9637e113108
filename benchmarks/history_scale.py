"""The history at scale: 10,000 sessions of 10 steps (years of daily use).

    .venv/bin/python benchmarks/history_scale.py [--sessions 10000] [--runs 5]

Times `backtimer history --json` and `export` as the installed program (a
subprocess, with BACKTIMER_DATA_DIR pointing at a temporary folder), and the store
queries the history screen makes. Prints a Markdown section; benchmarks report
figures, they never fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backtimer.engine.types import StepResult
from backtimer.history import progression
from backtimer.history.export import export_csv, export_json
from backtimer.history.models import format_time
from backtimer.history.store import Store
from backtimer.routine.model import Progression, Routine, Step, StepKind

STEPS = 10
# A routine of the filled history with a progressing step, as an older backtimer
# recorded it (no level rows): its levels are replayed from its sessions.
GROWING = Routine(
    name="Morning back routine",
    steps=(
        Step(
            name="Exercise number 1",
            kind=StepKind.REPS,
            reps=5,
            progression=Progression(start=5, goal=30),
        ),
    ),
)


def _fill(store: Store, count: int) -> None:
    """Sessions about one a day, going back from now, with every status and pain."""
    start = datetime.now(UTC) - timedelta(days=count)
    statuses = ["completed"] * 7 + ["stopped", "pain-stop", "interrupted"]
    sessions: list[dict[str, Any]] = []
    steps: dict[str, list[dict[str, Any]]] = {}
    for n in range(count):
        began = start + timedelta(days=n, minutes=n % 180)
        sid = str(uuid.uuid4())
        sessions.append(
            {
                "id": sid,
                "routine_name": ("Morning back routine", "Evening stretch", "Core")[n % 3],
                "routine_file": "/home/user/.config/backtimer/routines/morning.yaml",
                "routine_hash": "0" * 64,
                "started_at": format_time(began),
                "ended_at": format_time(began + timedelta(minutes=25)),
                "status": statuses[n % len(statuses)],
                "active_seconds": 1400.0 + n % 200,
                "paused_seconds": float(n % 90),
                "pain_before": n % 11,
                "pain_after": (n + 3) % 11,
            }
        )
        steps[sid] = [
            {
                "step_index": i,
                "name": f"Exercise number {i}",
                "kind": ("hold", "reps", "breathe", "intervals")[i % 4],
                "planned_reps": 10,
                "done_reps": 10 - (i % 2),
                "planned_sets": 2,
                "done_sets": 2,
                "planned_sides": "left right",
                "done_sides": "left right",
                "planned_seconds": 140.0,
                "active_seconds": 139.5,
                "skipped": int(i == 7 and n % 5 == 0),
                "finished_at": format_time(began + timedelta(minutes=2 * i + 2)),
            }
            for i in range(STEPS)
        ]
    store.add_imported(sessions, steps)


def _time_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _run_ms(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(argv, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
        size = len(out.stdout)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = shutil.which("backtimer", path=str(Path(sys.executable).parent)) or "backtimer"

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, BACKTIMER_DATA_DIR=tmp)
        db = Path(tmp) / "history.sqlite3"
        t0 = time.perf_counter()
        with Store.open(db) as store:
            _fill(store, args.sessions)
        fill_s = time.perf_counter() - t0
        size_mb = db.stat().st_size / 2**20

        store = Store.open(db)
        first = store.sessions(limit=1)[0].id
        rows: list[tuple[str, float]] = [
            ("Store.open (header and schema check, migrations, dead sessions)", 0.0),
            ("sessions(limit=50)", _time_ms(lambda: store.sessions(limit=50), args.runs)),
            ("sessions() all", _time_ms(store.sessions, args.runs)),
            ("session(id) with steps", _time_ms(lambda: store.session(first), args.runs)),
            ("totals()", _time_ms(store.totals, args.runs)),
            ("minutes_per_day(30)", _time_ms(store.minutes_per_day, args.runs)),
            ("pain_series(30)", _time_ms(store.pain_series, args.runs)),
            (
                "progression levels replayed from a third of them (before any row)",
                _time_ms(lambda: progression.standings(store, GROWING), args.runs),
            ),
            ("export_json (in process)", _time_ms(lambda: export_json(store), args.runs)),
            ("export_csv (in process)", _time_ms(lambda: export_csv(store), args.runs)),
        ]
        sid = store.begin_session("Bench")
        result = StepResult(0, "x", "hold", 1, 1, 1, 1, (), (), 1.0, 1.0, False)
        rows.append(
            (
                "record_step (one durable write)",
                _time_ms(lambda: store.record_step(sid, result), 20),
            )
        )
        store.finish_session(sid, "stopped")  # a running session cannot be deleted
        progression.settle(store, GROWING, sid)  # now the levels are rows
        rows.append(
            (
                "progression levels once kept",
                _time_ms(lambda: progression.standings(store, GROWING), 20),
            )
        )
        store.delete_session(sid)
        store.close()
        rows[0] = (rows[0][0], _time_ms(lambda: Store.open(db).close(), args.runs))

        conn = sqlite3.connect(db)
        checks = [
            (pragma, _time_ms(lambda p=pragma: conn.execute(p).fetchall(), args.runs))  # type: ignore[misc]
            for pragma in ("PRAGMA quick_check", "PRAGMA integrity_check")  # not run at open
        ]
        conn.close()

        commands = [
            ("backtimer --version (floor)", [exe, "--version"]),
            ("backtimer history --json", [exe, "history", "--json"]),
            ("backtimer export --format csv", [exe, "export", "--format", "csv"]),
        ]
        runs = [(label, *_run_ms(argv, args.runs, env)) for label, argv in commands]

    print(f"### History at scale ({args.sessions:,} sessions × {STEPS} steps)\n")
    print(f"Filled in {fill_s:.1f} s (one import transaction); database {size_mb:.1f} MiB.\n")
    print(f"| command (median of {args.runs}) | ms | output |\n|---|---|---|")
    for label, ms, size in runs:
        print(f"| {label} | {ms:.0f} | {size / 2**20:.1f} MiB |")
    print()
    print("| store call (median) | ms |\n|---|---|")
    for label, ms in rows + checks:
        print(f"| {label} | {ms:.1f} |")


if __name__ == "__main__":
    main()
