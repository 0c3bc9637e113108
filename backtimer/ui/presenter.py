"""Frames shown at the moment they are for, not when they happen to be finished.

A countdown's next second is known in advance, so the app draws it a little
early (`LEAD`, backtimer/wakeups.py) and asks for the frame to be held until its
boundary. Drawing a frame in Textual (the widget update, the compositor, the
write to the terminal) takes a few milliseconds on a quiet machine and more on a
busy one; a frame drawn at the boundary would always be that late. Held, it
appears within a thread's wake-up of the boundary.

`Presenter` sits between Textual's driver and its writer: while a presentation
time is set, everything written waits, in order, on a thread of its own that
sleeps until that time (the event loop never blocks); writes go straight
through otherwise. A key press releases what is held at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.driver import Driver

# Never hold longer than this, whatever is asked: a wrong time must not freeze
# the screen.
MAX_HOLD = 0.25


class Presenter:
    """Holds what is written until a presentation time; see the module docstring."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._lock = threading.Condition()
        self._held: list[str] = []
        self._at: float | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def hold_until(self, at: float) -> None:
        """Hold every write from now on until `at` (a time.monotonic() time)."""
        with self._lock:
            if self._closed:
                return
            self._at = min(at, time.monotonic() + MAX_HOLD)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="backtimer-presenter", daemon=True
                )
                self._thread.start()
            self._lock.notify()

    def release(self) -> None:
        """Write what is held now: something happened that must not wait."""
        with self._lock:
            self._at = None
            self._flush()

    def write(self, data: str) -> None:
        with self._lock:
            if self._at is None and not self._held:
                self._write(data)
                return
            self._held.append(data)
            self._lock.notify()

    def close(self) -> None:
        """Write what is held and stop the thread; later writes go straight through."""
        with self._lock:
            self._closed = True
            self._at = None
            self._flush()
            self._lock.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)

    def _flush(self) -> None:
        held, self._held = self._held, []
        for data in held:
            self._write(data)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._closed and (self._at is None or not self._held):
                    self._lock.wait()
                if self._closed:
                    return
                at = self._at
            assert at is not None
            # Sleep outside the lock, so writes keep queueing behind the held frame.
            delay = at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with self._lock:
                if self._at != at:
                    continue  # released early, or a new time asked for meanwhile
                self._at = None
                self._flush()


@cache
def presenting(base: type[Driver]) -> type[Driver]:
    """`base` (the driver Textual would use) with its writes passing a Presenter."""

    class PresentingDriver(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.presenter = Presenter(super().write)

        def write(self, data: str) -> None:
            self.presenter.write(data)

        def stop_application_mode(self) -> None:
            self.presenter.close()
            super().stop_application_mode()

    PresentingDriver.__name__ = f"Presenting{base.__name__}"
    PresentingDriver.__qualname__ = PresentingDriver.__name__
    return PresentingDriver
