"""Freezing the garbage collector once a session is on screen.

Everything alive once the session is on screen (Textual, the widgets, the plan)
lives until the end: kept out of the collector's full passes, whose pauses
otherwise land now and then between a key and its frame. `backtimer start` turns
the collector off until this point (see backtimer.cli): before the first frame
its passes are pure cost.
"""

from __future__ import annotations

import asyncio
import gc

# Seconds after the first tick: mid-second, between frames. The collection holds
# the interpreter for tens of milliseconds, and a frame held for its moment
# cannot be written meanwhile.
FREEZE_GARBAGE_AFTER = 0.4


def freeze_garbage() -> None:
    """Collect once, freeze what is alive, and turn the collector back on."""
    gc.collect()
    gc.freeze()
    gc.enable()


def freeze_garbage_later() -> None:
    """Freeze `FREEZE_GARBAGE_AFTER` from now, on the running loop."""
    asyncio.get_running_loop().call_later(FREEZE_GARBAGE_AFTER, freeze_garbage)


class GarbageFreezer:
    """Freezes once, after the session's first tick or first frame drawn ahead
    (whichever comes first): well after the first boundary's frame and well
    before the next one."""

    def __init__(self) -> None:
        self.asked = False

    def soon(self) -> None:
        if not self.asked:
            self.asked = True
            freeze_garbage_later()
