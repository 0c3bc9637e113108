"""What the session screen and its help need from the app they run in, and
nothing more.

The session screen draws states and turns keys into calls on its host; it is
handed the host when it is made, so it names no concrete app (BacktimerApp
satisfies this, which mypy checks where the app makes the screen) and a test can
give it any object with these members. The help is handed a `HelpHost` the same
way: it needs to know only whether the session is over, and how to ask to quit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from backtimer.engine.engine import Engine


class SessionHost(Protocol):
    """The keys of the session screen, as calls on the session's app."""

    @property
    def engine(self) -> Engine | None:
        """The running session's engine; None until history and sound have joined
        and the session has started (only `!` and `?` work before then)."""
        ...

    def toggle_pause(self) -> None: ...

    def count_rep(self) -> None: ...

    def skip(self) -> None: ...

    def back(self) -> None: ...

    def toggle_mute(self) -> None: ...

    def pain_stop(self) -> None: ...

    def ask_quit(self) -> None: ...

    def show_help(self) -> None: ...


class HelpHost(Protocol):
    """What the help's own keys reach: `q` asks to quit the session, unless it is over."""

    @property
    def session_over(self) -> bool:
        """The last check-in or the summary: the session's keys do nothing now."""
        ...

    def ask_quit(self) -> None: ...
