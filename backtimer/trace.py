"""A session listener that writes every engine event as one JSON line.

The session benchmark needs to know, from outside the process, when each phase
was planned to start and when the program noticed it: that is how it computes
where the countdown on screen should change and how late the engine was. It is
switched on only by the BACKTIMER_TRACE environment variable, so a normal
session never writes anything.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import IO

from backtimer.engine.types import Event
from backtimer.session import PainMoment

ENV_VAR = "BACKTIMER_TRACE"


class TraceListener:
    """Appends {"kind", "at", "seen", "phase", "duration"} per event.

    `at` is the engine's planned time, `seen` the clock when the event reached
    the listeners; both are monotonic seconds, comparable with a benchmark's own
    time.monotonic(). The file is line-buffered so a killed session keeps all
    lines written so far.
    """

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock

    def on_event(self, event: Event) -> None:
        seen = self._clock()
        phase = event.phase
        record = {
            "kind": event.kind.value,
            "at": event.at,
            "seen": seen,
            "phase": phase.kind.value if phase is not None else None,
            "duration": phase.duration if phase is not None else None,
            "index": phase.index if phase is not None else None,
            "value": event.value,  # a whole number, a side, a StopReason (a str) or None
        }
        self._stream.write(json.dumps(record) + "\n")

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        """Pain answers are not timing; nothing to trace."""

    def close(self) -> None:
        self._stream.close()


def from_env() -> TraceListener | None:
    """The listener when BACKTIMER_TRACE names a file, else None."""
    path = os.environ.get(ENV_VAR)
    if not path:
        return None
    stream = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives with the session
    return TraceListener(stream)
