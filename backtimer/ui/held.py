"""The boxes that hold a session while they are open: the help, the quit question,
the command palette, the mirror's address.

A box over the running session pauses it exactly as space does (the phase keeps
its time to the millisecond) and, when it closes, resumes it through the usual
get-ready, unless the session was paused before it opened. One box replaces
another and the pause goes on. The app holds one `HeldBoxes` and hands it what
it needs: itself, for its screens and its session, and how the engine's events
are handled (the app's own `_handle`, which redraws and arms the next wake-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from backtimer.engine.types import Event, Status, StopReason

if TYPE_CHECKING:
    from backtimer.ui.app import BacktimerApp

QUIT_QUESTION = "Quit this session?"
QUIT_DETAIL = "What you have done so far is kept. The session is paused meanwhile."


class HeldBoxes:
    """The box open over the session (`open`), and whether it paused it."""

    def __init__(self, app: BacktimerApp, handle: Callable[[Iterable[Event]], None]) -> None:
        self._app = app
        self._handle = handle
        self.open: Screen[Any] | None = None
        self._held = False

    def hold(self) -> None:
        """Pause for the box, exactly as space pauses; nothing when the session is
        not running (paused already, not started, over)."""
        engine = self._app.engine
        if (
            engine is None
            or self._app.session_over
            or self._held
            or engine.status not in (Status.RUNNING, Status.RESUMING)
        ):
            return
        self._held = True
        self._handle(engine.pause())

    def release(self) -> None:
        """The box closed: resume (through the usual get-ready) if it paused."""
        self.open = None
        if not self._held:
            return
        self._held = False
        engine = self._app.engine
        if engine is not None and not self._app.session_over and engine.status is Status.PAUSED:
            self._handle(engine.resume())

    def forget(self) -> None:
        """The session is over: no box holds it any more (the end pops them)."""
        self.open = None

    def show(self, screen: Screen[Any], answered: Callable[[Any], None]) -> None:
        """Show `screen` over the session, paused; it replaces the box open before
        (whose answer is then never given: the hold goes on)."""
        app = self._app
        previous = self.open
        self.open = screen
        if previous is not None and previous is app.screen:
            app.pop_screen()  # its callback is not called: the hold goes on
        self.hold()

        def closed(result: Any) -> None:
            if self.open is screen:
                answered(result)

        app.push_screen(screen, closed)

    def hold_with(self, screen: Screen[Any]) -> None:
        """A box with nothing to answer: closing it resumes."""
        self.show(screen, lambda _result: self.release())

    def ask_quit(self) -> None:
        """ "Quit this session?": yes stops it (what was done is kept), no resumes."""
        app = self._app
        if app.session_over or app.engine is None:
            return
        from backtimer.ui.screens.confirm import QuitScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.open = None
                app.stop(StopReason.STOPPED)
            else:
                self.release()

        self.show(QuitScreen(QUIT_QUESTION, QUIT_DETAIL), answered)

    def show_help(self) -> None:
        from backtimer.ui.screens.help import HelpScreen

        if isinstance(self._app.screen, HelpScreen):
            return
        self.hold_with(HelpScreen(self._app))

    def close(self) -> bool:
        """Close the box over the session as if answered "go on". True if one was open
        (and in front)."""
        screen = self.open
        if screen is None or screen is not self._app.screen:
            return False
        screen.dismiss(None)
        return True
