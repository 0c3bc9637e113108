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

BENCH_FLOOR_SCREEN=1 puts the same countdown among still texts laid out as
backtimer's session screen is (top bar, name, cue and phase bands, counters, what
comes next, a progress row, a footer with nine keys): what drawing that screen
costs any Textual app, apart from what backtimer itself does each second.
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
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Digits, Footer, Label

TITLE = "Floor countdown"
CALL_AT = os.environ.get("BENCH_FLOOR_CALL_AT") == "1"
SCREEN = os.environ.get("BENCH_FLOOR_SCREEN") == "1"

# The session screen's shape, in plain Textual widgets that never change.
SCREEN_CSS = """
#topbar { height: 1; padding: 0 1; background: $panel; }
#routine { width: 1fr; }
#body { height: 1fr; align: center middle; padding: 0 2; }
#body > *, #heading > *, #below > * { width: 100%; }
#heading, #below, #bottom { height: auto; }
#name { height: 3; content-align: center middle; background: $primary-muted; }
#cue { margin: 1 4 0 4; text-align: center; }
#phase { height: 3; margin-top: 1; content-align: center middle; background: $primary; }
#digits { height: auto; margin-top: 1; align-horizontal: center; }
#digits > Digits { width: auto; }
#topbar > #title { width: 1fr; }
#counters { height: 1; margin-top: 1; align-horizontal: center; }
#counters > Label { margin: 0 2; }
#next { margin-top: 1; text-align: center; }
#progress-row { height: 1; padding: 0 2; }
#bar { width: 1fr; }
#bottom > Footer { dock: none; }
"""


class FloorApp(App[None]):
    CSS = """
    Screen { align: center middle; }
    #title { text-style: bold; }
    #status { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause"),
        Binding("q", "quit", "Quit"),
        *(
            [Binding(k, f"noop('{k}')", k.title()) for k in ("n", "b", "m", "enter", "x", "h", "k")]
            if SCREEN
            else []
        ),
    ]

    def __init__(self, seconds: float, trace: IO[str] | None) -> None:
        super().__init__()
        if SCREEN:
            self.stylesheet.add_source(SCREEN_CSS, read_from=("floor", "SCREEN_CSS"))
        self._seconds = seconds
        self._trace = trace
        self._start = 0.0  # planned start, moved on by the time spent paused
        self._paused_at: float | None = None
        self._timer: Timer | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._shown = math.ceil(seconds)

    def compose(self) -> ComposeResult:
        if SCREEN:
            yield from self._session_layout()
            return
        yield Label(TITLE, id="title")
        yield Digits(str(math.ceil(self._seconds)), id="countdown")
        yield Label("", id="status")

    def _session_layout(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label(TITLE, id="title")
            yield Label("Step 1 / 1", id="step")
        with Vertical(id="body"):
            with Vertical(id="heading"):
                yield Label("Long hold", id="name")
                yield Label("Hold still and breathe.", id="cue")
                yield Label("HOLD", id="phase")
            with Vertical(id="digits"):
                yield Digits(str(math.ceil(self._seconds)), id="countdown")
            with Vertical(id="below"):
                yield Label("", id="status")
                with Horizontal(id="counters"):
                    yield Label("Hold 1 / 1")
                    yield Label("Set 1 / 1")
                yield Label("Last exercise", id="next")
        with Vertical(id="bottom"):
            with Horizontal(id="progress-row"):
                yield Label("━" * 40, id="bar")
                yield Label("2 min left")
            yield Footer()

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

    def action_noop(self, key: str) -> None:
        """The session screen's other keys, shown in the footer; they do nothing here."""

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
