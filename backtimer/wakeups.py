"""When a running session wakes: the deadlines the screen and the engine need.

The engine owns the schedule; this only asks it what is due. It arms one wake-up
for when the engine says something next changes (`Engine.next_wakeup`), not a fast
fixed interval, so a slow frame delays a redraw and never a boundary.

Wake-ups are absolute deadlines on the event loop (`call_at`, whose clock is the
monotonic one the engine plans with), not delays counted from whenever a timer's
task first runs. asyncio rounds its waits up to whole milliseconds (epoll's unit),
so a boundary is woken `SPIN` early and the rest is slept precisely.

Where the screen can hold a frame for its moment (a real terminal:
backtimer/ui/presenter.py), each boundary's frame is drawn `LEAD` ahead from
`Engine.preview`, and held; the boundary's events still happen at the boundary.
A second that only the countdown marks (the engine's `next_event()` is later)
wakes nothing at its boundary: drawing it ahead arms the next one, so a quiet
hold costs one wake-up a second.

No Textual here: the scheduler is handed the loop (anything with `time()` and
`call_at()`) and what to call, so it is tested against a fake loop and clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from backtimer.engine.clock import Clock, monotonic
from backtimer.engine.engine import Engine
from backtimer.engine.types import PhaseKind, SessionState, Status

BREATH_FPS = 8.0  # the breathing bar's redraw rate at most, only while breathing
MIN_DELAY = 0.001  # never spin: at least this long between two wake-ups
# asyncio rounds its waits up to whole milliseconds (epoll's unit), so a boundary
# is woken this much early and the rest is slept precisely.
SPIN = 0.0015
# Closer to a boundary than this, its frame is drawn at the boundary, not ahead.
PREPARE_MIN = 0.003
# An event this close after a boundary counts as at it (float sums of offsets).
QUIET_EPS = 1e-6
# How far ahead of its boundary a frame is drawn: more than a frame takes on a
# busy machine, and more than Textual's own 60 fps refresh period, which may
# stand between a widget update and its frame.
LEAD = 0.025


class Handle(Protocol):
    """What `call_at` returns (asyncio.TimerHandle): it can be cancelled."""

    def cancel(self) -> None: ...


class Loop(Protocol):
    """The part of an asyncio event loop the scheduler uses."""

    def time(self) -> float: ...

    def call_at(self, when: float, callback: Callable[..., object], *args: object) -> Handle: ...


class WakeScheduler:
    """Arms the next wake-up of a running session, and the frame drawn ahead of it.

    `wake` is called at each wake-up (the app lets the engine catch up and
    redraws, then calls `arm` or `disarm`). `holds_frames` says whether frames can
    be drawn ahead and held (a real terminal); `draw_ahead(at, state, quiet)` draws
    the state of `at` now and holds it until `at`, returning False when it could
    not (the screen gone, the session over). `breath_step(state, now)` is when the
    breathing bar next looks different. An exception in a call made by the loop
    goes to `failed`: the loop, not the app, called it.
    """

    def __init__(
        self,
        engine: Engine,
        loop: Loop,
        *,
        clock: Clock = monotonic,
        wake: Callable[[], None],
        holds_frames: Callable[[], bool],
        draw_ahead: Callable[[float, SessionState, bool], bool],
        breath_step: Callable[[SessionState, float], float | None],
        failed: Callable[[Exception], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._engine = engine
        self._loop = loop
        self._clock = clock
        self._wake = wake
        self._holds_frames = holds_frames
        self._draw_ahead = draw_ahead
        self._breath_step = breath_step
        self._failed = failed
        self._sleep = sleep
        self._wake_handle: Handle | None = None
        self._prepare_handle: Handle | None = None
        self.next_wake: float | None = None  # clock time of the armed wake-up, if any
        self.engine_wake: float | None = None  # the engine's own next change

    @property
    def wake_armed(self) -> bool:
        """A wake-up for the engine is armed (a quiet second arms none)."""
        return self._wake_handle is not None

    @property
    def prepare_armed(self) -> bool:
        """A frame is to be drawn ahead of the next boundary."""
        return self._prepare_handle is not None

    def arm(self, state: SessionState, after: float | None = None) -> None:
        """Set the wake-ups for what next changes (from `after`, a moment already
        drawn ahead, or from now)."""
        self.disarm()
        engine = self._engine
        now = self._clock()
        wake = engine_wake = self.engine_wake = engine.next_wakeup(after)
        phase = state.phase
        if (
            state.status is Status.RUNNING
            and phase is not None
            and phase.kind in (PhaseKind.INHALE, PhaseKind.EXHALE)
        ):
            # The bar's next visible step, but never more often than BREATH_FPS.
            frame = now + 1.0 / BREATH_FPS
            step = self._breath_step(state, now)
            frame = frame if step is None else max(frame, step)
            wake = frame if wake is None else min(wake, frame)
        self.next_wake = wake
        if wake is None:
            return
        loop = self._loop
        delay = wake - now
        precise = wake == engine_wake
        ahead = engine_wake - now if engine_wake is not None else 0.0
        prepare = ahead > PREPARE_MIN and self._holds_frames()
        # A second that only the countdown marks, drawn ahead and held: the engine
        # has nothing to say then, so nothing wakes at the boundary itself, and
        # drawing it arms the next one.
        quiet = False
        if prepare and precise:
            event = engine.next_event()
            quiet = event is None or event > wake + QUIET_EPS
        if not quiet:
            if delay <= 0:
                delay = MIN_DELAY  # due already, yet update() left it: never spin
            elif precise:
                delay = max(0.0, delay - SPIN)
            self._wake_handle = loop.call_at(loop.time() + delay, self._on_wake, wake, precise)
        if prepare and engine_wake is not None:
            # LEAD before the boundary, or at once when a breathing frame or a key
            # left less than that.
            self._prepare_handle = loop.call_at(
                loop.time() + max(0.0, ahead - LEAD), self.prepare, engine_wake, quiet
            )

    def disarm(self) -> None:
        """Cancel what is armed: the session paused for good, ended or closed."""
        self.next_wake = None
        self.engine_wake = None
        for handle in (self._wake_handle, self._prepare_handle):
            if handle is not None:
                handle.cancel()
        self._wake_handle = self._prepare_handle = None

    def _on_wake(self, wake: float, precise: bool) -> None:
        self._wake_handle = None
        if precise and self._clock is monotonic:
            rest = wake - monotonic()
            if 0 < rest <= 2 * SPIN:
                self._sleep(rest)  # a nanosleep: punctual to a few tens of microseconds
        try:
            self._wake()
        except Exception as error:
            self._failed(error)

    def prepare(self, at: float, quiet: bool = False) -> None:
        """Draw the state of `at` now and hold its frame until `at` comes; for a
        quiet second (nothing heard at `at`), arm what follows it."""
        self._prepare_handle = None
        try:
            state = self._engine.preview(at)
            if self._draw_ahead(at, state, quiet) and quiet:
                self.arm(state, after=at)
        except Exception as error:
            self._failed(error)
