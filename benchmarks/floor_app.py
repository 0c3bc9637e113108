"""The floor: the least any Textual countdown costs, measured beside backtimer.

A bare app with one `Digits` countdown at 1 Hz, driven by the monotonic clock with
one `set_timer` per second boundary (re-armed when asyncio wakes a little early),
and a "PAUSED" label on space. It writes the same JSON-line trace as backtimer's
TraceListener when BACKTIMER_TRACE names a file, so the session benchmark reads
both programs the same way.

    python benchmarks/floor_app.py [SECONDS]

Two knobs, for trying what would make any Textual countdown punctual:
BENCH_FLOOR_CALL_AT=1 schedules each boundary with the event loop's `call_at`
(an absolute deadline) instead of `set_timer` (a delay counted from when the
timer's task first runs); BENCH_FLOOR_SWITCH=SECONDS sets the interpreter's
thread switch interval, which bounds how long Textual's writer thread may wait
for the GIL before it writes a finished frame.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import time
from typing import IO, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Digits, Label

TITLE = "Floor countdown"
CALL_AT = os.environ.get("BENCH_FLOOR_CALL_AT") == "1"


class FloorApp(App[None]):
    CSS = """
    Screen { align: center middle; }
    #title { text-style: bold; }
    #status { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, seconds: float, trace: IO[str] | None) -> None:
        super().__init__()
        self._seconds = seconds
        self._trace = trace
        self._start = 0.0  # planned start, moved on by the time spent paused
        self._paused_at: float | None = None
        self._timer: Timer | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._shown = math.ceil(seconds)

    def compose(self) -> ComposeResult:
        yield Label(TITLE, id="title")
        yield Digits(str(math.ceil(self._seconds)), id="countdown")
        yield Label("", id="status")

    def on_mount(self) -> None:
        self._start = time.monotonic()
        self._write_trace("phase_started", self._start)
        self._arm()

    def _write_trace(self, kind: str, at: float) -> None:
        if self._trace is not None:
            record = {
                "kind": kind,
                "at": at,
                "seen": time.monotonic(),
                "phase": "hold",
                "duration": self._seconds,
            }
            self._trace.write(json.dumps(record) + "\n")

    def _remaining(self, now: float) -> float:
        return self._start + self._seconds - now

    def _arm(self) -> None:
        """One timer for the next whole-second boundary, from the plan, not from now."""
        remaining = self._remaining(time.monotonic())
        if remaining <= 0:
            self._finish()
            return
        boundary = self._start + self._seconds - (math.ceil(remaining) - 1)
        if CALL_AT:
            # Absolute deadline on the event loop's clock (time.monotonic on Linux).
            self._handle = asyncio.get_running_loop().call_at(boundary, self._on_boundary)
            return
        self._timer = self.set_timer(max(0.0, boundary - time.monotonic()), self._on_boundary)

    def _on_boundary(self) -> None:
        now = time.monotonic()
        remaining = self._remaining(now)
        shown = max(0, math.ceil(remaining))
        if shown != self._shown:
            self._shown = shown
            self.query_one(Digits).update(str(shown))
            self._write_trace("boundary", self._start + self._seconds - shown)
        self._arm()

    def _finish(self) -> None:
        self.query_one(Digits).update("0")
        self._write_trace("session_finished", self._start + self._seconds)

    def action_toggle_pause(self) -> None:
        now = time.monotonic()
        status = self.query_one("#status", Label)
        if self._paused_at is None:
            self._paused_at = now
            if self._timer is not None:
                self._timer.stop()
            if self._handle is not None:
                self._handle.cancel()
            status.update("PAUSED")
        else:
            self._start += now - self._paused_at
            self._paused_at = None
            status.update("")
            self._arm()


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    switch = os.environ.get("BENCH_FLOOR_SWITCH")
    if switch:
        sys.setswitchinterval(float(switch))
    path = os.environ.get("BACKTIMER_TRACE")
    trace = open(path, "a", buffering=1, encoding="utf-8") if path else None  # noqa: SIM115
    FloorApp(seconds, trace).run()


if __name__ == "__main__":
    main()
