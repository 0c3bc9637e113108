"""The report for a year of daily sessions (365 sessions of 7 steps), as HTML and PDF.

    .venv/bin/python benchmarks/report_bench.py [--runs 5]

Times the installed program (`backtimer report`, a subprocess with its data folder
in a temporary directory) beside two floors measured in the same run: the program's
own start (`backtimer --version`) and Chromium printing an empty page with the same
flags. Also splits one in-process HTML report into reading the history, computing
the figures, drawing the charts and writing the page. Prints a Markdown section;
benchmarks report figures, they never fail. Targets: HTML at most 1 s, PDF at most
5 s including Chromium's start.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from backtimer.history import stats
from backtimer.history.models import format_time
from backtimer.history.store import Store

STEPS = (  # name, kind, reps per set and side, sets, sides
    ("Belly breathing", "breathe", 5, 1, ""),
    ("Cat-cow", "reps", 10, 1, ""),
    ("Knee to chest", "hold", 3, 1, "left right"),
    ("Bird dog", "reps", 5, 1, ""),
    ("Side plank", "hold", 1, 3, "left right"),
    ("Partial crunch", "reps", 10, 2, ""),
    ("Jump rope", "intervals", 5, 1, ""),
)


def fill(store: Store, days: int, today: date) -> date:
    """One session a day up to today: pain easing from 6 to 2, a bird dog that
    grows one rep a week, a pain stop a month, a note a fortnight."""
    first = today - timedelta(days=days - 1)
    sessions: list[dict[str, Any]] = []
    steps: dict[str, list[dict[str, Any]]] = {}
    for n in range(days):
        day = first + timedelta(days=n)
        began = datetime.combine(day, clock_time(7, 30), tzinfo=UTC)
        sid = str(uuid.uuid4())
        pain_stop = n % 30 == 17
        before = max(2, 6 - (4 * n) // days)
        sessions.append(
            {
                "id": sid,
                "routine_name": "Morning back routine",
                "routine_file": "morning.yaml",
                "routine_hash": "0" * 64,
                "started_at": format_time(began),
                "ended_at": format_time(began + timedelta(minutes=20)),
                "status": "pain-stop" if pain_stop else "completed",
                "active_seconds": 1100.0,
                "paused_seconds": 0.0,
                "pain_before": before,
                "pain_after": before + 2 if pain_stop else max(0, before - 1),
            }
        )
        rows = []
        for index, (name, kind, reps, sets, sides) in enumerate(STEPS):
            if pain_stop and index > 3:
                break
            per = reps + n // 7 if name == "Bird dog" else reps
            planned = per * sets * max(1, len(sides.split()))
            done = planned // 2 if pain_stop and index == 3 else planned
            rows.append(
                {
                    "step_index": index,
                    "name": name,
                    "kind": kind,
                    "planned_reps": planned,
                    "done_reps": done,
                    "planned_sets": sets,
                    "done_sets": sets,
                    "planned_sides": sides,
                    "done_sides": sides,
                    "planned_seconds": 150.0,
                    "active_seconds": 150.0 * done / planned,
                    "skipped": 0,
                    "finished_at": format_time(began + timedelta(minutes=3 * index + 3)),
                }
            )
        steps[sid] = rows
    store.add_imported(sessions, steps)
    for session in sessions[::14]:
        store.set_note(session["id"], "Stiff in the morning, easier after the cat-cow.")
    return first


def _median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _run(argv: list[str], env: dict[str, str]) -> None:
    subprocess.run(argv, env=env, capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    exe = shutil.which("backtimer", path=str(Path(sys.executable).parent)) or "backtimer"
    runs = args.runs

    from backtimer.report import charts, figures, page
    from backtimer.report.build import build_report
    from backtimer.report.pdf import find_browser, print_pdf

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, BACKTIMER_DATA_DIR=tmp, BACKTIMER_CONFIG_DIR=tmp)
        db = Path(tmp) / "history.sqlite3"
        today = stats.local_date(datetime.now(UTC), None)
        with Store.open(db) as store:
            first = fill(store, args.days, today)
        since = ["--since", first.isoformat()]
        html, pdf = str(Path(tmp) / "year.html"), str(Path(tmp) / "year.pdf")

        rows: list[tuple[str, float]] = [
            ("backtimer --version (floor: the program's start)", 0.0),
            (f"backtimer report -o year.html ({args.days} sessions)", 0.0),
        ]
        rows[0] = (rows[0][0], _median_ms(lambda: _run([exe, "--version"], env), args.runs))
        report_html = [exe, "report", *since, "-o", html]
        rows[1] = (rows[1][0], _median_ms(lambda: _run(report_html, env), args.runs))
        html_kib = Path(html).stat().st_size / 1024

        # One HTML report in process, part by part.
        with Store.open(db) as store:
            period = figures.Period(first, today)
            since_at = stats.local_midnight(first, store.tz)
            until_at = stats.local_midnight(today + timedelta(days=1), store.tz)
            parts = [
                (
                    "read the sessions and steps",
                    _median_ms(lambda: store.sessions_between(since_at, until_at), args.runs),
                ),
                (
                    "build_report (reading and every figure)",
                    _median_ms(lambda: build_report(store, period, today=today), args.runs),
                ),
            ]
            built = build_report(store, period, today=today)
            parts += [
                (
                    "pain chart (pygal)",
                    _median_ms(
                        lambda: charts.pain_chart(built.pain_points(), first, today), args.runs
                    ),
                ),
                ("weeks chart (pygal)", _median_ms(lambda: charts.weeks_chart(built.weeks), runs)),
                ("page.render (charts included)", _median_ms(lambda: page.render(built), runs)),
            ]

        browser = find_browser()
        pdf_rows: list[tuple[str, float]] = []
        pages = "?"
        if browser is not None:
            empty = "<!DOCTYPE html><html lang=en><title>x</title><p>x</p></html>"
            pdf_rows.append(
                (
                    "Chromium prints an empty page (floor: its start)",
                    _median_ms(lambda: print_pdf(empty, browser), args.runs),
                )
            )
            report_pdf = [exe, "report", *since, "-o", pdf]
            pdf_rows.append(
                (
                    f"backtimer report -o year.pdf ({args.days} sessions)",
                    _median_ms(lambda: _run(report_pdf, env), args.runs),
                )
            )
            twelve = [exe, "report", "--weeks", "12", "-o", pdf]
            pdf_rows.append(
                ("backtimer report -o 12weeks.pdf", _median_ms(lambda: _run(twelve, env), runs))
            )
            _run(report_pdf, env)
            if shutil.which("pdfinfo"):
                info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
                found = re.search(r"Pages:\s+(\d+)", info)
                pages = found.group(1) if found else "?"

    print(f"### Report: {args.days} daily sessions × {len(STEPS)} steps\n")
    print(f"| command (median of {args.runs}) | ms |\n|---|---|")
    for label, ms in rows + pdf_rows:
        print(f"| {label} | {ms:.0f} |")
    print()
    if browser is None:
        print("No Chromium found: the PDF was not timed.\n")
    print(f"The year's page: {html_kib:.0f} KiB of HTML, {pages} A4 pages as PDF.\n")
    print("| one HTML report in process (median) | ms |\n|---|---|")
    for label, ms in parts:
        print(f"| {label} | {ms:.1f} |")


if __name__ == "__main__":
    main()
