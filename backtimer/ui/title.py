"""The terminal's own title: "Knee to chest · 18 s" on a tab in the background.

Textual does not set the terminal's title, so this writes the standard escape
(OSC 2) itself, through the app's driver (and so through the frame holder: the
title changes with the second it names). At most one write a second: a key
pressed twice in a second sends its second title when that second is over. The
title the terminal had is saved first (XTWINOPS 22) and put back at the end (23),
where the terminal supports it; others ignore both.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

MIN_INTERVAL = 0.95  # seconds between two writes: once a second, a little jitter allowed
SAVE = "\x1b[22;0t"
RESTORE = "\x1b[23;0t"


def _osc_title(text: str) -> str:
    clean = "".join(c for c in text if c.isprintable())
    return f"\x1b]2;{clean}\x07"


class TerminalTitle:
    def __init__(
        self,
        write: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        later: Callable[[float, Callable[[], None]], object] | None = None,
    ) -> None:
        self._write = write
        self._clock = clock
        self._later = later or _timer
        self._shown: str | None = None
        self._wanted: str | None = None
        self._last = -MIN_INTERVAL
        self._saved = False
        self._pending = False

    def show(self, text: str) -> None:
        if not text:
            return
        self._wanted = text
        if text == self._shown or self._pending:
            return
        wait = self._last + MIN_INTERVAL - self._clock()
        if wait > 0:
            self._pending = True
            self._later(wait, self._flush)
            return
        self._put(text)

    def _flush(self) -> None:
        self._pending = False
        if self._wanted is not None and self._wanted != self._shown:
            self._put(self._wanted)

    def _put(self, text: str) -> None:
        prefix = "" if self._saved else SAVE
        self._saved = True
        self._shown = text
        self._last = self._clock()
        with contextlib.suppress(Exception):  # a closing terminal: not worth an error
            self._write(prefix + _osc_title(text))

    def restore(self) -> None:
        if self._saved:
            self._saved = False
            self._shown = None
            with contextlib.suppress(Exception):
                self._write(RESTORE)


def _timer(delay: float, call: Callable[[], None]) -> object:
    timer = threading.Timer(delay, call)
    timer.daemon = True
    timer.start()
    return timer
