"""Test doubles for the engine: a clock that moves only when told to.

The engine is handed its clock (backtimer.engine.clock); tests hand it this one,
and drive a whole session in microseconds.
"""

from __future__ import annotations


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
