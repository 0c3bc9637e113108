"""Every key of the session screen, in one box; the session waits meanwhile.

The app pauses the session while the help is open (exactly, as space does) and
resumes it through the usual get-ready when it closes, unless it was paused
before. `!` still stops for pain from here, and `q` asks to quit.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.keys import SESSION_BOX_KEYS

KEYS = (  # short enough for one line each in a 60-column terminal
    ("space", "pause / resume (a short get-ready first)"),
    ("→  n", "skip to the next exercise"),
    ("←  b", "restart this exercise; twice: the one before"),
    ("enter", "count a rep when you count them, or go on"),
    ("m", "sound on / off"),
    ("!", "it hurts: stop now (works everywhere)"),
    ("q", "quit, asks first (ctrl+q and ctrl+c too)"),
    ("ctrl+p", "commands, themes"),
    ("?", "this help"),
)
PAUSED_NOTE = "The session is paused while this is open."
CLOSE_HINT = "esc closes it; the session resumes after a get-ready."


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,enter,space",
            "close",
            "Close",
            key_display="esc",
            id="help-close",
            tooltip="Close the help; the session resumes after a short get-ready",
        ),
        Binding("q", "quit_session", "Quit", id="help-quit", tooltip="Stop here (asks first)"),
        *SESSION_BOX_KEYS,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", id="help-title", markup=False)
            yield Static(PAUSED_NOTE, id="help-paused", markup=False)
            for key, what in KEYS:
                yield Static(f"{key:>7}   {what}", classes="help-row", markup=False)
            yield Static(CLOSE_HINT, id="help-close-hint", markup=False)
        yield Footer(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_session":
            return not getattr(self.app, "session_over", False)
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_quit_session(self) -> None:
        ask = getattr(self.app, "ask_quit", None)
        if ask is not None:
            ask()
        else:
            self.dismiss(None)
