"""Does a big history slow down `backtimer start`?

    .venv/bin/python benchmarks/start_with_history.py [--sessions 10000] [--runs 7]

Times `backtimer start --no-checkin --mute ROUTINE`, from spawn to the first frame
that shows the first step (its name and "Step 1 / N"), on a pseudo-terminal this
script owns (benchmarks/_terminal.py), with: no database yet, an empty database,
and a history of `--sessions` sessions of 10 steps. Each run gets its own copy of
the database; the three cases run interleaved in one invocation. Prints a Markdown
section with medians; it reports and never fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _terminal import Control, Recording, program_env, run
from history_scale import _fill

from backtimer.history.store import Store

ROUTINE_NAME = "Morning back routine"  # a third of the filled sessions are of it
FIRST_STEP = "Bench first hold"
ROUTINE = f"""\
name: {ROUTINE_NAME}
ready: 5s
steps:
  - name: {FIRST_STEP}
    hold: 30s
  - name: Bench second hold
    hold: 30s
"""
GRACE = 1.0  # seconds to keep reading after the engine's first event


class _UntilStarted:
    """Stop a little after the engine's first event: the first frame is on screen by then."""

    def __init__(self) -> None:
        self.first: float | None = None

    def __call__(self, now: float, trace: list[dict[str, object]], control: Control) -> float:
        if trace and self.first is None:
            self.first = now
        if self.first is not None and now >= self.first + GRACE:
            control.stop("started")
        return now + 0.05


def first_frame_ms(recording: Recording, steps: int = 2) -> float | None:
    wanted = f"Step 1 / {steps}"
    for when, lines in recording.replay():
        if any(FIRST_STEP in line for line in lines) and any(wanted in line for line in lines):
            return (when - recording.spawned) * 1000
    return None


def _env(tmp: Path) -> dict[str, str]:
    return program_env(tmp, tmp / "trace.jsonl")


def _template(folder: Path, sessions: int) -> Path:
    """A database of `sessions` sessions whose newest session of the bench routine is
    completed, so that `start` asks no resume question."""
    path = folder / f"history-{sessions}.sqlite3"
    with Store.open(path) as store:
        if sessions:
            _fill(store, sessions)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET status = 'completed' WHERE status = 'interrupted'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _once(exe: str, routine: Path, template: Path | None) -> float | None:
    with tempfile.TemporaryDirectory(prefix="bench-start-") as name:
        tmp = Path(name)
        if template is not None:
            data = tmp / "data" / "backtimer"
            data.mkdir(parents=True, mode=0o700)
            shutil.copyfile(template, data / "history.sqlite3")
            os.chmod(data / "history.sqlite3", 0o600)
        argv = [exe, "start", str(routine), "--no-checkin", "--mute"]
        recording = run(argv, _env(tmp), tmp / "trace.jsonl", _UntilStarted(), timeout=20)
        return first_frame_ms(recording)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "backtimer")

    with tempfile.TemporaryDirectory(prefix="bench-history-") as name:
        folder = Path(name)
        routine = folder / "bench-start.yaml"
        routine.write_text(ROUTINE)
        t0 = time.perf_counter()
        big = _template(folder, args.sessions)
        fill_s = time.perf_counter() - t0
        cases: list[tuple[str, Path | None]] = [
            ("no database yet", None),
            ("empty history (0 sessions)", _template(folder, 0)),
            (f"{args.sessions:,} sessions ({big.stat().st_size / 2**20:.0f} MiB)", big),
        ]
        _once(exe, routine, None)  # warm the page cache and Python's bytecode cache
        times: dict[str, list[float]] = {label: [] for label, _ in cases}
        for _ in range(args.runs):
            for label, template in cases:
                ms = _once(exe, routine, template)
                if ms is not None:
                    times[label].append(ms)

    base = statistics.median(times[cases[1][0]]) if times[cases[1][0]] else None
    print(f"### Start-up with a big history (median of {args.runs} runs)\n")
    print(f"History of {args.sessions:,} sessions filled in {fill_s:.1f} s.\n")
    print("| history | first frame p50 (ms) | min (ms) | max (ms) | × empty |")
    print("|---|---|---|---|---|")
    for label, _ in cases:
        got = times[label]
        if not got:
            print(f"| {label} | – | – | – | – |")
            continue
        p50 = statistics.median(got)
        ratio = f"{p50 / base:.2f}" if base else "–"
        print(f"| {label} | {p50:.0f} | {min(got):.0f} | {max(got):.0f} | {ratio} |")


if __name__ == "__main__":
    main()
