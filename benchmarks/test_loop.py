"""The test loop: the README's test command, serial beside parallel, in one period.

    .venv/bin/python benchmarks/test_loop.py [--before TREE] [--runs 1] [--no-serial]

Runs `bash scripts/test.sh` (set-up, ruff, mypy, the layer contracts, the suite) in
this checkout with pytest-xdist's workers (`-n auto`), with one process (`-n 0`), and
`--fast`; and, given `--before TREE` (a checkout of an earlier commit with its own
.venv), that tree's `bash scripts/test.sh` too, so a change to the loop is measured
against what it replaced under the same load. Each row gives the whole command's
wall time and pytest's own time (its summary line). The machine's load average is
printed with each row: on a shared machine it moves the figures more than anything.

Takes about as long as four runs of the suite (10 to 20 minutes); so it is not part
of run_all.py. Prints a Markdown section; benchmarks report figures, they never fail.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST_TIME = re.compile(r"=+ .*\bin ([0-9.]+)s\b.*=+\s*$", re.MULTILINE)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _run(tree: Path, args: list[str]) -> tuple[float, float | None, str]:
    """Wall seconds of the whole command, pytest's own seconds, its last line."""
    started = time.perf_counter()
    done = subprocess.run(
        ["bash", "scripts/test.sh", *args],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    found = PYTEST_TIME.findall(done.stdout)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
    return wall, float(found[-1]) if found else None, summary.strip("= ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of the earlier commit")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-serial", action="store_true", help="leave out this tree's -n 0 run")
    args = parser.parse_args()

    keep = ["-p", "no:cacheprovider"]  # no .pytest_cache: every run starts the same way
    cases: list[tuple[str, Path, list[str]]] = []
    if args.before is not None:
        cases.append(("before: `bash scripts/test.sh` (serial)", args.before.resolve(), keep))
    cases += [
        ("`bash scripts/test.sh` (`-n auto`)", ROOT, keep),
        ("`bash scripts/test.sh -n 0` (serial)", ROOT, [*keep, "-n", "0"]),
        ("`bash scripts/test.sh --fast` (`-n auto`)", ROOT, ["--fast", *keep]),
    ]
    if args.no_serial:
        cases = [case for case in cases if "-n 0" not in case[0]]

    rows = []
    for label, tree, extra in cases:
        walls, pytests, last, loads = [], [], "", []
        for _ in range(args.runs):
            load = _load()
            wall, own, last = _run(tree, extra)
            walls.append(wall)
            if own is not None:
                pytests.append(own)
            loads.append(load)
            print(f"{label}: {wall:.0f} s, pytest {own} s, load {load}", file=sys.stderr)
        own_median = f"{statistics.median(pytests):.0f}" if pytests else "?"
        rows.append(
            f"| {label} | {statistics.median(walls):.0f} | {own_median} | {loads[0]} | {last} |"
        )

    print("### The README's test command, before and after (one period)")
    print()
    print(f"{os.cpu_count()} CPUs; median of {args.runs} run(s) each, one after another.")
    print()
    print("| command | wall (s) | pytest (s) | load before (1, 5, 15 min) | pytest's summary |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
