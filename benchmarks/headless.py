"""Start-up of the headless commands, beside `python -c pass` in the same run,
and the loader's limits (a 1 MiB routine, an alias bomb).

    .venv/bin/python benchmarks/headless.py [--runs 15]

Prints a Markdown section; benchmarks report figures, they never fail.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(argv: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _big_routine(path: Path) -> None:
    """Just under the 1 MiB cap and within the step limit: long cues, many steps."""
    words = "Slow and steady, no bouncing; breathe out as you pull the knee in. "
    cue = (words * 40)[:1900]
    step = "  - name: Knee to chest {i}\n    cue: {cue}\n    sides: both\n    hold: 20s\n"
    lines = ["name: Big\n", "steps:\n"]
    size, i = 0, 0
    while i < 500 and size < 1024 * 1024 - 2500:
        chunk = step.format(i=i, cue=cue)
        lines.append(chunk)
        size += len(chunk)
        i += 1
    path.write_text("".join(lines))


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
name: bomb
steps: *i
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    exe = shutil.which("backtimer", path=str(Path(sys.executable).parent)) or "backtimer"
    routines = sorted(str(p) for p in (ROOT / "routines").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
        # As installed from a wheel: modules compiled once, bytecode kept.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        compileall.compile_dir(str(ROOT / "backtimer"), quiet=1)
        rows = [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
            ("backtimer --version", [exe, "--version"]),
            ("backtimer list", [exe, "list"]),
            ("backtimer show morning", [exe, "show", "morning"]),
            ("backtimer validate (all bundled)", [exe, "validate", *routines]),
        ]
        results = [(label, _median_ms(argv, args.runs, env)) for label, argv in rows]

        from backtimer.routine.load import check_file

        big = Path(tmp) / "big.yaml"
        _big_routine(big)
        t0 = time.perf_counter()
        big_problems = check_file(big)
        big_s = time.perf_counter() - t0
        big_mb = big.stat().st_size / 2**20

        bomb = Path(tmp) / "bomb.yaml"
        bomb.write_text(BOMB)
        tracemalloc.start()
        t0 = time.perf_counter()
        bomb_problems = check_file(bomb)
        bomb_s = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    print(f"### Headless commands (median of {args.runs} runs, 2-core machine)\n")
    print("| command | median ms |\n|---|---|")
    for label, ms in results:
        print(f"| {label} | {ms:.0f} |")
    print()
    print("### Loader limits\n")
    print("| case | time | peak memory | result |\n|---|---|---|---|")
    print(
        f"| {big_mb:.2f} MiB routine | {big_s * 1000:.0f} ms | – | {len(big_problems)} problems |"
    )
    # Aliases are never expanded, so the bomb costs nothing; it is refused for what
    # it is (no routine), all its problems at once.
    first = f"{len(bomb_problems)} problems" if bomb_problems else "accepted"
    print(f"| alias bomb | {bomb_s * 1000:.1f} ms | {peak / 2**20:.1f} MB | refused: {first} |")


if __name__ == "__main__":
    main()
