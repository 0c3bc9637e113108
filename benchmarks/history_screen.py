"""How fast the history screen opens on years of history: 10,000 sessions of 10 steps.

    .venv/bin/python benchmarks/history_screen.py [--sessions 10000] [--runs 3]

Two figures, each beside the same thing with an empty history:

- in process, with Textual's pilot (headless, 100x30): from pressing h on the home
  screen until the history screen is composed, mounted and painted with its first
  page of sessions, its totals and its charts;
- the real program on a pty (100x30): from starting `backtimer history` until the
  first frame that shows the newest session (Python's start, the imports, opening
  and checking the database included).

Prints a Markdown section; benchmarks report figures, they never fail.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _terminal import Control, Recording, run
from history_scale import _fill

from backtimer.history.store import Store
from backtimer.ui.history_app import create_history_app
from backtimer.ui.screens.history import HistoryScreen

WATCH_SECONDS = 4.0  # how long the pty run watches the screen


def _store_with(folder: Path, sessions: int) -> Path:
    db = folder / "history.sqlite3"
    with Store.open(db) as store:
        if sessions:
            _fill(store, sessions)
    return db


class _StampedHistory(HistoryScreen):
    """Notes when its first frame has been painted (`call_after_refresh` runs
    after the screen's next refresh)."""

    painted: float | None = None

    def on_mount(self) -> None:
        # Textual calls HistoryScreen.on_mount too (handlers run for every class).
        self.call_after_refresh(self._stamp)

    def _stamp(self) -> None:
        if self.painted is None:
            self.painted = time.perf_counter()


async def _pilot_open_ms(db: Path) -> tuple[float, dict[str, float]]:
    """Milliseconds from pushing the history screen (what h on the home screen
    does) to its first frame painted, and where the screen's own work went."""
    store = Store.open(db)
    app = create_history_app(store, mode="home", choices=[])
    parts: dict[str, float] = {}
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = _StampedHistory(store)
            t0 = time.perf_counter()
            app.push_screen(screen)
            while screen.painted is None:
                await asyncio.sleep(0.001)
            elapsed = (screen.painted - t0) * 1000
            assert screen.loaded == min(100, store.count())
            for name, call in (
                ("count and charts (before the first frame)", _first_frame_queries(screen)),
                ("one page of 100 rows (before the first frame)", _page(store)),
                ("totals (just after the first frame)", screen.store.totals),
            ):
                t1 = time.perf_counter()
                call()
                parts[name] = (time.perf_counter() - t1) * 1000
            await pilot.pause()
    finally:
        store.close()
    return elapsed, parts


def _first_frame_queries(screen: HistoryScreen) -> Callable[[], object]:
    def run() -> None:
        screen.store.count()
        screen.show_charts()

    return run


def _page(store: Store) -> Callable[[], object]:
    return lambda: store.sessions(limit=100)


def _pty_first_frame_ms(db_folder: Path, seen: Callable[[list[str]], bool]) -> float | None:
    exe = shutil.which("backtimer", path=str(Path(sys.executable).parent)) or "backtimer"
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        for key in ("COLUMNS", "LINES", "NO_COLOR", "COLORTERM"):
            env.pop(key, None)
        env.update(
            TERM="xterm-256color",
            BACKTIMER_DATA_DIR=str(db_folder),
            XDG_CONFIG_HOME=str(tmp / "config"),
            XDG_CACHE_HOME=str(tmp / "cache"),
        )
        start = time.monotonic()

        def scenario(now: float, trace: list[dict[str, object]], control: Control) -> float:
            if now - start >= WATCH_SECONDS:
                control.stop("watched")
            return now + 0.1

        recording: Recording = run(
            [exe, "history"], env, tmp / "no-trace", scenario, WATCH_SECONDS + 5
        )
    for when, lines in recording.replay():
        if seen(lines):
            return (when - recording.spawned) * 1000
    return None


def _shows_empty(lines: list[str]) -> bool:
    return any("No sessions yet" in line for line in lines)


def _median(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    return f"{statistics.median(got):.0f}" if got else "not seen"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        root = Path(name)
        full, empty = root / "full", root / "empty"
        full.mkdir()
        empty.mkdir()
        t0 = time.perf_counter()
        full_db = _store_with(full, args.sessions)
        fill_s = time.perf_counter() - t0
        empty_db = _store_with(empty, 0)

        pilot_full, pilot_empty, parts_list = [], [], []
        for _ in range(args.runs):
            ms, parts = asyncio.run(_pilot_open_ms(full_db))
            pilot_full.append(ms)
            parts_list.append(parts)
            pilot_empty.append(asyncio.run(_pilot_open_ms(empty_db))[0])

        def shows_full(lines: list[str]) -> bool:
            text = "\n".join(lines)
            loaded = f"of {args.sessions:,} sessions loaded"
            return "History" in text and (loaded in text or f"{args.sessions:,} sessions" in text)

        pty_full = [_pty_first_frame_ms(full, shows_full) for _ in range(args.runs)]
        pty_empty = [_pty_first_frame_ms(empty, _shows_empty) for _ in range(args.runs)]

    print(f"### History screen ({args.sessions:,} sessions × 10 steps)\n")
    print(f"History filled in {fill_s:.1f} s. Medians of {args.runs} runs, in ms.\n")
    print(f"| from … to the first frame | {args.sessions:,} sessions | empty history |")
    print("|---|---|---|")
    print(
        f"| opening the screen in a running app (pilot, in process) "
        f"| {statistics.median(pilot_full):.0f} | {statistics.median(pilot_empty):.0f} |"
    )
    print(
        f"| starting `backtimer history` (pty, whole program) "
        f"| {_median(pty_full)} | {_median(pty_empty)} |"
    )
    print()
    print("| the screen's own queries, at that size | ms |\n|---|---|")
    for key in parts_list[0]:
        print(f"| {key} | {statistics.median(p[key] for p in parts_list):.1f} |")


if __name__ == "__main__":
    main()
