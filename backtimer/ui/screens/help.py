"""Every key of the session screen, in one box."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("space", "pause / resume (a short get-ready countdown first)"),
    ("→  n", "skip to the next exercise"),
    ("←  b", "restart this exercise (twice: the previous one)"),
    ("enter", "count a rep when you count them, or go on"),
    ("m", "sound on / off"),
    ("!", "it hurts: stop now, and it is remembered"),
    ("q", "quit (asks first; what you did is kept)"),
    ("ctrl+p", "commands, themes"),
    ("?", "this help"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "close", "Close", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", id="help-title", markup=False)
            for key, what in KEYS:
                yield Static(f"{key:>7}   {what}", classes="help-row", markup=False)
            yield Static("escape closes this", id="help-close-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
