"""The mirror's address, in words and as a QR code, over whatever is on screen.

It closes by itself when the first viewer connects (the phone has it), or on any
key or click; the command palette's "Show the page's address" brings it back.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class MirrorScreen(ModalScreen[None]):
    def __init__(self, url: str, qr: list[str], reach: str) -> None:
        super().__init__()
        self._url = url
        self._qr = qr
        self._reach = reach

    def compose(self) -> ComposeResult:
        with Vertical(id="mirror"):
            yield Static("Follow this session on a phone or TV:", id="mirror-title")
            yield Static(self._url, id="mirror-url", markup=False)
            yield Static("\n".join(self._qr), id="mirror-qr", markup=False)
            yield Static(self._reach, id="mirror-reach", markup=False)
            yield Static(
                "Any key closes this box (ctrl+p brings it back).", id="mirror-hint", markup=False
            )

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss(None)
