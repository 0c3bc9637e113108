"""`backtimer status` beside `python -c pass` and `cat` of its file, on a big history.

    .venv/bin/python benchmarks/status_bench.py [--sessions 10000] [--runs 30]

Fills a history of `--sessions` sessions (a third of them of the bundled morning
routine, which has a schedule), writes the status file as a session's end does, then
times each command `--runs` times, the commands taking turns so that a change of
load hits them alike. The target: `backtimer status` within 10 ms of `python -c
pass`. Prints a Markdown section with medians; it reports and never fails.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history_scale import _fill

from backtimer import status_file
from backtimer.history.store import Store

TARGET_MS = 10.0


def _once_ms(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run, in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, used * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    python = sys.executable
    backtimer = str(Path(python).parent / "backtimer")
    # As an install has them: pip compiles a wheel's modules; a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile them on every start.
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "backtimer"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-status-") as folder:
        root = Path(folder)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("BACKTIMER_", "XDG_"))
        }
        env.update(
            XDG_DATA_HOME=str(root / "data"),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_CACHE_HOME=str(root / "cache"),
        )
        os.environ.update(env)
        filled = time.perf_counter()
        with Store.open() as store:
            _fill(store, args.sessions)
            filled_s = time.perf_counter() - filled
            status_file.refresh(store)  # the first, with the routines' cache cold
            writes = []
            for _ in range(10):
                start = time.perf_counter()
                status_file.refresh(store)
                writes.append((time.perf_counter() - start) * 1000)
        path = status_file.status_path()
        size = os.path.getsize(path)
        line = subprocess.run(
            [backtimer, "status"], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

        commands = {
            "python -c pass (floor)": [python, "-c", "pass"],
            "python -c 'import re' (pip's launcher imports re)": [python, "-c", "import re"],
            "backtimer status": [backtimer, "status"],
            "backtimer status --json": [backtimer, "status", "--json"],
            "cat status.json": ["cat", path],
        }
        for argv in commands.values():  # warm the file cache and the .pyc files
            _once_ms(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                wall, used = _once_ms(argv, env)
                times[name].append(wall)
                cpu[name].append(used)

    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["python -c pass (floor)"]
    print(f"### backtimer status on a history of {args.sessions:,} sessions")
    print()
    print(
        f"History filled in {filled_s:.1f} s; status file {size:,} bytes, written after a "
        f"session in {statistics.median(writes):.1f} ms (median of 10, in process). "
        f"It printed: `{line}`"
    )
    print()
    print(
        f"| command (median of {args.runs}, taking turns) | wall ms | − floor | CPU ms | p90 ms |"
    )
    print("|---|---|---|---|---|")
    for name, values in times.items():
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        cpu_ms = statistics.median(cpu[name])
        print(
            f"| {name} | {medians[name]:.1f} | {medians[name] - floor:+.1f} | {cpu_ms:.1f} "
            f"| {p90:.1f} |"
        )
    over = medians["backtimer status"] - floor
    verdict = "met" if over <= TARGET_MS else "**missed**"
    print()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Target: `backtimer status` within {TARGET_MS:.0f} ms of the floor: {verdict}.")
    print(f"Load average after the runs (1, 5, 15 min): {load}.")


if __name__ == "__main__":
    main()
