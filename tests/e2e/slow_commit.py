"""Runs backtimer with each step's history write held open before COMMIT.

    python slow_commit.py SECONDS start ROUTINE ...

The store's `before_commit` hook pauses SECONDS inside every step's transaction, so
that an end-to-end test can kill the program while a write is open. The program is
the installed one; only the store it opens is given the hook.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from backtimer.cli import main
from backtimer.history.store import Store


def hold_every_commit(seconds: float) -> None:
    opened = Store.__init__

    def __init__(self: Store, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("before_commit", lambda: time.sleep(seconds))
        opened(self, *args, **kwargs)

    Store.__init__ = __init__  # type: ignore[method-assign]


if __name__ == "__main__":
    hold_every_commit(float(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
