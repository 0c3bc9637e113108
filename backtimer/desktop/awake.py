"""Keep the screen from blanking or locking while a session runs.

A plank is held away from the keyboard: the desktop must not take the countdown
away. So while a session runs, backtimer holds an inhibition through
org.freedesktop.ScreenSaver (GNOME, KDE, Xfce, LXQt and the xdg portals' hosts
implement it on the session bus), and lets it go:

- when the session ends, however it ends (the last step, q, a pain stop);
- when it has been paused for more than PAUSE_GRACE (someone who walked away should
  get their screen lock back), to take it again on resume;
- when the app closes (`close()`), whatever happened.

If the process dies (a crash, kill -9, a closed terminal), its bus connection goes
with it, and the screensaver service drops every inhibition of a caller that left
the bus: the D-Bus tests check this against a service that does what GNOME's and
KDE's do.

All the D-Bus work happens on a thread of its own, started by the session's first
event (after the first frame, as every listener joins): a slow or missing desktop
never delays the screen. Without a session bus, or without the service, it does
nothing and says nothing.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.engine.types import EventKind

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

    from backtimer.config_file import Config
    from backtimer.engine.types import Event
    from backtimer.routine.problems import Problem
    from backtimer.session import PainMoment

NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
APP_NAME = "backtimer"
REASON = "An exercise session is running"
PAUSE_GRACE = 180.0  # seconds of pause after which the screen may blank again
CLOSE_WAIT = 2.0  # seconds close() waits for the release to go out

_HOLD, _RELEASE, _RELEASE_LATER, _CLOSE = "hold", "release", "release-later", "close"


class ScreenAwake:
    """A session listener (backtimer.session.SessionListener) that holds the screen
    awake while the session runs. `log`, when given, hears each thing it did
    ("inhibit 1", "uninhibit 1 (paused)", "unavailable"), on its own thread."""

    def __init__(
        self,
        *,
        pause_grace: float = PAUSE_GRACE,
        connect: Callable[[], DBusConnection] | None = None,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.pause_grace = pause_grace
        self._connect = connect
        self._clock = clock
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._log = log or _heard_by_nobody

    # -- the listener (called on the UI thread: only queues) -------------------------

    def on_event(self, event: Event) -> None:
        kind = event.kind
        if kind in (EventKind.SESSION_STARTED, EventKind.RESUMED):
            self._send(_HOLD)
        elif kind is EventKind.PAUSED:
            self._send(_RELEASE_LATER)
        elif kind in (EventKind.SESSION_FINISHED, EventKind.SESSION_STOPPED):
            self._send(_RELEASE)

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        """Pain scores say nothing about the screen."""

    def close(self) -> None:
        """Release whatever is held and stop the thread (waits at most CLOSE_WAIT)."""
        if self._closed:
            return
        self._closed = True
        thread = self._thread
        if thread is not None:
            self._queue.put(_CLOSE)
            thread.join(CLOSE_WAIT)

    def _send(self, message: str) -> None:
        if self._closed:
            return
        if self._thread is None:
            if message != _HOLD:
                return  # nothing was ever held
            self._thread = threading.Thread(
                target=self._run, name="backtimer-screen-awake", daemon=True
            )
            self._thread.start()
        self._queue.put(message)

    # -- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        holder = _Holder(self._connect, self._log)
        deadline: float | None = None
        try:
            while True:
                timeout = None if deadline is None else max(0.0, deadline - self._clock())
                try:
                    message = self._queue.get(timeout=timeout)
                except queue.Empty:
                    holder.release("paused")
                    deadline = None
                    continue
                if message == _HOLD:
                    deadline = None
                    holder.hold()
                elif message == _RELEASE_LATER:
                    deadline = self._clock() + self.pause_grace
                elif message == _RELEASE:
                    deadline = None
                    holder.release("ended")
                else:
                    holder.release("closed")
                    return
        finally:
            holder.close()


def _heard_by_nobody(what: str) -> None:
    pass


class _Holder:
    """The inhibition itself: one cookie at most, and the bus connection it is tied to
    (kept open while held: closing it would release the inhibition)."""

    def __init__(
        self, connect: Callable[[], DBusConnection] | None, log: Callable[[str], None]
    ) -> None:
        self._connect = connect
        self._connection: DBusConnection | None = None
        self._cookie: int | None = None
        self._unavailable = False
        self.log = log

    def hold(self) -> None:
        if self._cookie is not None or self._unavailable:
            return
        from backtimer.desktop.bus import NoBus, call, session_bus

        try:
            if self._connection is None:
                self._connection = (self._connect or session_bus)()
            reply = call(self._connection, NAME, PATH, NAME, "Inhibit", "ss", (APP_NAME, REASON))
        except NoBus:
            self._unavailable = True  # no desktop: silently nothing, for the whole session
            self.log("unavailable")
            return
        self._cookie = int(reply[0])
        self.log(f"inhibit {self._cookie}")

    def release(self, why: str) -> None:
        if self._cookie is None or self._connection is None:
            return
        from backtimer.desktop.bus import NoBus, call

        cookie, self._cookie = self._cookie, None
        with contextlib.suppress(NoBus):
            call(self._connection, NAME, PATH, NAME, "UnInhibit", "u", (cookie,))
        self.log(f"uninhibit {cookie} ({why})")

    def close(self) -> None:
        self.release("closed")
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


# -- the setting -----------------------------------------------------------------------------


def keep_awake_setting(path: Path | None = None) -> bool:
    """`[screen] keep_awake` in the config file (default true). Its mistakes are a
    ConfigError, reported before any screen like the sound settings'."""
    from backtimer.config_file import checked

    return checked(screen_settings, path)


def screen_settings(config: Config) -> tuple[bool, list[Problem]]:
    """`[screen] keep_awake` of the config file, and every mistake in `[screen]`."""
    problems: list[Problem] = []
    screen = config.table("screen", problems)
    config.unknown_keys("screen", screen, ("keep_awake",), problems)
    value = screen.get("keep_awake", True)
    if not isinstance(value, bool):
        problems.append(
            config.problem(
                f"[screen] keep_awake must be true or false, not {value!r}.", "screen", "keep_awake"
            )
        )
        return True, problems
    return value, problems
