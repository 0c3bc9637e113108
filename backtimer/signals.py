"""SIGTERM and SIGHUP end backtimer from every screen, with the session kept.

A Python signal handler runs in the main thread between two bytecodes, wherever that
thread is. While the UI runs, that is inside the event loop, and a loop asleep with
nothing scheduled (a question box, the last check-in, the summary screen) wakes only
through its own wake-up pipe: so the handler does what must not wait (closing the
session in the history) at once, and hands the exit to the loop thread-safely. Outside
a running loop it leaves with SystemExit.

Imported before the first frame: nothing here may be costly to import.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

SIGNALS = ("SIGTERM", "SIGHUP")


def install(
    stop: Callable[[], None], exit: Callable[[int], None] | None = None
) -> Callable[[], None]:
    """On SIGTERM or SIGHUP: `stop()`, then `exit(128 + the signal number)`, on the
    running event loop when there is one; without `exit`, SystemExit.

    Call from the main thread. Returns a function that restores the previous handlers.
    """

    def handle(signum: int, frame: FrameType | None) -> None:
        stop()
        code = 128 + signum
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if exit is None:
            raise SystemExit(code)
        if loop is None or loop.is_closed():
            exit(code)
        else:
            loop.call_soon_threadsafe(exit, code)

    previous = {}
    for name in SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handle)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


@contextlib.contextmanager
def ending(app: Any, stop: Callable[[], None] = lambda: None) -> Iterator[list[int]]:
    """While the block runs `app` (a Textual app), SIGTERM and SIGHUP `stop()` and
    then end it; the list yielded holds the exit code a signal asked for (128 + N).
    Before the app runs, or after, a signal leaves at once with SystemExit."""
    signalled: list[int] = []

    def leave(code: int) -> None:
        if not app.is_running:
            raise SystemExit(code)
        signalled.append(code)
        app.exit()

    restore = install(stop, leave)
    try:
        yield signalled
    finally:
        restore()
