"""Run every benchmark and write docs/benchmarks.md with the figures and the machine.

    .venv/bin/python benchmarks/run_all.py [--long] [--session-runs 3] [--output FILE]

Runs, one after the other: headless.py, session_bench.py, frame_split.py,
audio_latency.py, history_scale.py, history_screen.py, start_with_history.py and
report_bench.py (any that is missing is skipped and said so). Each prints a
Markdown section; this script adds the date, the machine and the command that
reproduces the page. Figures depend on the machine and on what else runs on it,
so the load average before and after is written down too. Benchmarks report;
a benchmark that fails leaves its error in the page, never a failed run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _sections(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    session = ["--runs", str(args.session_runs)] + (["--long"] if args.long else [])
    return [
        ("headless.py", []),
        ("session_bench.py", session),
        ("frame_split.py", []),
        ("audio_latency.py", []),
        ("history_scale.py", []),
        ("history_screen.py", []),
        ("start_with_history.py", []),
        ("report_bench.py", []),
        ("status_bench.py", []),
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _portable(text: str) -> str:
    """The page is committed: no paths of the machine that produced it."""
    text = re.sub(re.escape(tempfile.gettempdir()) + r"/[^\s/:]+/", "TMP/", text)
    return text.replace(str(ROOT) + os.sep, "")


def _run(script: str, extra: list[str]) -> tuple[str, float]:
    path = HERE / script
    if not path.exists():
        return f"_{script}: not present in this checkout, skipped._", 0.0
    print(f"running {script} {' '.join(extra)}".rstrip(), file=sys.stderr, flush=True)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(path), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,  # the section; progress and errors stay on the terminal
        text=True,
    )
    took = time.monotonic() - started
    out = done.stdout.strip()
    if done.returncode != 0:
        out += f"\n\n_{script} ended with exit code {done.returncode} (its error went to stderr)._"
    return _portable(out) or f"_{script} printed nothing._", took


def main() -> None:
    parser = argparse.ArgumentParser(description="Run every benchmark; write docs/benchmarks.md")
    parser.add_argument("--long", action="store_true", help="session bench: the 10-minute routine")
    parser.add_argument("--session-runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()

    command = ".venv/bin/python benchmarks/run_all.py"
    if args.long:
        command += " --long"
    if args.session_runs != 3:
        command += f" --session-runs {args.session_runs}"

    load_before = _load()
    started = dt.datetime.now(dt.UTC)
    bodies = [(script, *_run(script, extra)) for script, extra in _sections(args)]
    load_after = _load()

    lines = [
        "# Benchmarks",
        "",
        "Figures, not verdicts: each section puts backtimer beside a floor measured in the",
        "same run. Regenerate this page with:",
        "",
        f"    {command}",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, Textual {_version('textual')}, "
        f"PyYAML {_version('pyyaml')}, simpleaudio {_version('simpleaudio')}",
        f"- Load average (1, 5, 15 min) before: {load_before}; after: {load_after}",
        "",
    ]
    for script, body, took in bodies:
        lines += [f"## {script}" + (f" ({took:.0f} s)" if took else ""), "", body, ""]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines))
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
