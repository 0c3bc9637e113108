"""SIGTERM and SIGHUP end backtimer from every screen, with the session kept.

A Python signal handler runs in the main thread between two bytecodes, wherever that
thread is. While the UI runs, that is inside the event loop, and a loop asleep with
nothing scheduled (a question box, the last check-in, the summary screen) wakes only
through its own wake-up pipe: so the handler does what must not wait (closing the
session in the history) at once, and hands the exit to the loop thread-safely. Outside
a running loop it leaves with SystemExit.

When the terminal itself is gone (its window closed: SIGHUP), the orderly exit can
hang: Textual's shutdown waits for its writer thread to drain frames into a terminal
that will never read them, and the process would stay behind, holding the history
open and deaf to more signals. So a signal also arms a last resort: if the program
has not ended GRACE_SECONDS later, or a second signal comes, it leaves at once with
os._exit. The session was closed in the history before either.

Imported before the first frame: nothing here may be costly to import.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

SIGNALS = ("SIGTERM", "SIGHUP")
GRACE_SECONDS = 5.0  # for the orderly exit after a signal, before os._exit


def install(
    stop: Callable[[], None], exit: Callable[[int], None] | None = None
) -> Callable[[], None]:
    """On SIGTERM or SIGHUP: `stop()`, then `exit(128 + the signal number)`, on the
    running event loop when there is one; without `exit`, SystemExit.

    Call from the main thread. Returns a function that restores the previous handlers.
    """

    armed: list[threading.Timer] = []

    def handle(signum: int, frame: FrameType | None) -> None:
        code = 128 + signum
        if armed:  # a second signal: the first one's exit is stuck
            os._exit(code)
        stop()
        armed.append(_last_resort(code))
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
        for timer in armed:  # the program ended in time (or goes on by design)
            timer.cancel()

    return restore


def _last_resort(code: int) -> threading.Timer:
    """A daemon timer that ends the process with `code` unless it ends first."""
    timer = threading.Timer(GRACE_SECONDS, os._exit, (code,))
    timer.daemon = True
    timer.start()
    return timer


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
