"""Where the engine gets its time from.

The engine is handed a clock instead of reading one, so tests can drive a whole
session in microseconds (tests/engine/fakes.py has the clock they hand it) and a
real session never depends on the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


def monotonic() -> float:
    """The real clock: immune to wall-clock changes (NTP, DST, a user's `date`)."""
    return time.monotonic()
