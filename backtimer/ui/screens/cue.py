"""The whole cue, when the session screen had to cut it (a long cue on a small
terminal): in a box that scrolls, over the running session.

The session goes on behind it (reading a cue is part of doing the exercise);
`!` still stops for pain from here.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.keys import SESSION_BOX_KEYS


class CueScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,enter", "close", "Close", key_display="esc", id="cue.close"),
        *SESSION_BOX_KEYS,  # `!` stops for pain from here too
    ]

    def __init__(self, name: str, cue: str) -> None:
        super().__init__()
        self._exercise = name
        self._cue = cue

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cue-box", classes="dialog"):
            yield Static(self._exercise, id="cue-name", markup=False)
            yield Static(self._cue, id="cue-text", markup=False)
            close = key_label(self.BINDINGS, "cue.close", keymap_of(self.app))
            yield Static(f"{close} closes this · the session goes on", id="cue-hint", markup=False)
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)
