"""Where a quiet second's CPU goes: Textual drawing the frame, or everything else.

    .venv/bin/python benchmarks/frame_split.py [--runs 3]

Runs three programs in turns on the benchmark's pseudo-terminal (100x30): the
floor (one `Digits` countdown), the floor laid out as the session screen
(`BENCH_FLOOR_SCREEN=1`: the same countdown among still texts), and backtimer on
the ten-minute routine (its first hold). Inside each, a hook times Textual's
per-frame compositor refresh with the main thread's CPU clock, and a watcher
thread reads that clock over a 20 s window of the hold. The main thread's CPU
splits into drawing (the refresh: compositor, widgets' lines) and the rest (timers,
the app's own work, Textual's messages). Prints medians as Markdown; reports only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

WARM_UP = 10.0  # seconds after start: the hold is under way (5 s "get ready" first)
WINDOW = 20.0
PROGRAMS = ("floor", "floor laid out as the session screen", "backtimer, ten-minute routine")


def _inner(which: str, out: str) -> None:
    """Run one program with the hook in place; write the split to `out`."""
    from textual.screen import Screen

    drawn = {"cpu": 0.0, "frames": 0}
    refresh = Screen._compositor_refresh

    def timed(self: Screen[object]) -> None:
        start = time.thread_time()
        try:
            refresh(self)
        finally:
            drawn["cpu"] += time.thread_time() - start
            drawn["frames"] += 1

    Screen._compositor_refresh = timed  # type: ignore[method-assign]
    main_clock = time.pthread_getcpuclockid(threading.main_thread().ident or 0)

    def watch() -> None:
        time.sleep(WARM_UP)
        cpu0, drawn0, frames0 = time.clock_gettime(main_clock), drawn["cpu"], drawn["frames"]
        time.sleep(WINDOW)
        cpu = time.clock_gettime(main_clock) - cpu0
        result = {
            "main": cpu / WINDOW * 100,
            "drawing": (drawn["cpu"] - drawn0) / WINDOW * 100,
            "frames": drawn["frames"] - frames0,
        }
        Path(out).write_text(json.dumps(result))

    threading.Thread(target=watch, daemon=True).start()
    if which == "backtimer":
        from backtimer.cli import main

        routine = Path(__file__).resolve().parent / "routines" / "bench-ten-minutes.yaml"
        main(["start", str(routine), "--no-checkin", "--mute"])
    else:
        import floor_app

        sys.argv = ["floor_app.py", "120"]
        floor_app.main()


def _one(label: str) -> dict[str, float] | None:
    from _terminal import Control, program_env, run

    which = "backtimer" if label.startswith("backtimer") else "floor"
    with tempfile.TemporaryDirectory(prefix="bench-split-") as name:
        tmp = Path(name)
        out = tmp / "split.json"
        env = program_env(tmp, tmp / "trace.jsonl")
        if label == PROGRAMS[1]:
            env["BENCH_FLOOR_SCREEN"] = "1"
        argv = [sys.executable, __file__, "--inner", which, str(out)]

        def scenario(now: float, trace: object, control: Control) -> float:
            if out.exists() and out.read_text():
                control.stop()
            return now + 0.5

        run(argv, env, tmp / "trace.jsonl", scenario, WARM_UP + WINDOW + 15)
        return json.loads(out.read_text()) if out.exists() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--inner", nargs=2, metavar=("PROGRAM", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _inner(*args.inner)
        return
    results: dict[str, list[dict[str, float]]] = {label: [] for label in PROGRAMS}
    for n in range(args.runs):
        print(f"run {n + 1}/{args.runs}", file=sys.stderr)
        for label in PROGRAMS:
            split = _one(label)
            if split is not None:
                results[label].append(split)

    def med(label: str, key: str, digits: int = 3) -> str:
        values = [r[key] for r in results[label]]
        return f"{statistics.median(values):.{digits}f}" if values else "–"

    print(f"### Main thread during a hold (median of {args.runs} runs, % of a core)")
    print()
    print("| program | main thread | drawing the frame | the rest | frames in 20 s |")
    print("|---|---|---|---|---|")
    for label in PROGRAMS:
        rest = [r["main"] - r["drawing"] for r in results[label]]
        rest_text = f"{statistics.median(rest):.3f}" if rest else "–"
        print(
            f"| {label} | {med(label, 'main')} | {med(label, 'drawing')} | {rest_text} "
            f"| {med(label, 'frames', 0)} |"
        )
    load = os.getloadavg()[0]
    print(f"\nLoad average (1 min) after: {load:.2f}.")


if __name__ == "__main__":
    main()
