"""Every key of the session screen, in one box; the session waits meanwhile.

The keys are read from the session screen's bindings under the app's keymap
(backtimer.ui.keymap), so a key moved in config.toml's `[keys]` shows here as
it is; the words for each are the help's own.

The app pauses the session while the help is open (exactly, as space does) and
resumes it through the usual get-ready when it closes, unless it was paused
before. `!` still stops for pain from here, and `q` asks to quit: through the
`HelpHost` (backtimer.ui.host) the help is handed when it is made, so it names no
concrete app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.keymap import display, keymap_of
from backtimer.ui.keys import SESSION_BOX_KEYS

if TYPE_CHECKING:
    from backtimer.ui.host import HelpHost

PALETTE = "palette"  # the command palette's key: Textual's, not a binding here

# What each key of the session screen does, in the help's words (short enough
# for one line each in a 60-column terminal); the keys themselves come from the
# bindings, so a key changed in `[keys]` shows here as it is. `c` (the whole
# cue) is left out: it works only when the screen says "(c: all of it)".
WORDS = (
    ("session.pause", "pause / resume (a short get-ready first)"),
    ("session.skip", "skip to the next exercise"),
    ("session.back", "restart this exercise; twice: the one before"),
    ("session.rep", "count a rep when you count them, or go on"),
    ("session.mute", "sound on / off"),
    ("session.pain-stop", "it hurts: stop now (works everywhere)"),
    ("session.quit", "quit, asks first (ctrl+q and ctrl+c too)"),
    (PALETTE, "commands, themes"),
    ("session.help", "this help"),
)
PAUSED_NOTE = "The session is paused while this is open."
CLOSE_HINT = "{key} closes it; the session resumes after a get-ready."


def help_rows(keymap: Mapping[str, str], palette_key: str = "ctrl+p") -> list[tuple[str, str]]:
    """(keys, what they do) for each row of the help, under `keymap`."""
    from backtimer.ui.screens.session import SessionScreen

    bindings = {
        b.id: b for b in SessionScreen.BINDINGS if isinstance(b, Binding) and b.id is not None
    }
    rows = []
    for binding_id, what in WORDS:
        keys = palette_key if binding_id == PALETTE else display(bindings[binding_id], keymap)
        rows.append((keys, what))
    return rows


def close_hint(keymap: Mapping[str, str]) -> str:
    close = next(b for b in HelpScreen.BINDINGS if isinstance(b, Binding) and b.id == "help.close")
    return CLOSE_HINT.format(key=display(close, keymap).split()[0])


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,enter,space",
            "close",
            "Close",
            key_display="esc",
            id="help.close",
            tooltip="Close the help; the session resumes after a short get-ready",
        ),
        Binding("q", "quit_session", "Quit", id="help.quit", tooltip="Stop here (asks first)"),
        *SESSION_BOX_KEYS,
    ]

    def __init__(self, host: HelpHost) -> None:
        super().__init__()
        self._host = host

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", id="help-title", markup=False)
            yield Static(PAUSED_NOTE, id="help-paused", markup=False)
            keymap = keymap_of(self.app)
            for key, what in help_rows(keymap, self.app.COMMAND_PALETTE_BINDING):
                yield Static(f"{key:>7}   {what}", classes="help-row", markup=False)
            yield Static(close_hint(keymap), id="help-close-hint", markup=False)
        yield Footer(show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_session":
            return not self._host.session_over
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_quit_session(self) -> None:
        self._host.ask_quit()
