"""Where the engine gets its time from.

The engine is handed a clock instead of reading one, so tests can drive a whole
session in microseconds and a real session never depends on the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


def monotonic() -> float:
    """The real clock: immune to wall-clock changes (NTP, DST, a user's `date`)."""
    return time.monotonic()


class FakeClock:
    """A clock that only moves when told to, for tests."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = float(start)

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._now += seconds

    def set(self, t: float) -> None:
        if t < self._now:
            raise ValueError("a monotonic clock never goes back")
        self._now = float(t)
