"""The mirror's address, in words and as a QR code, over whatever is on screen.

It closes by itself when the first viewer connects (the phone has it), or on any
key or click; the command palette's "Show the page's address" brings it back.
A QR code is shown whole or not at all: a cut one cannot be scanned. On a
terminal too short (or narrow) for it, the box keeps the address in words and
says how tall the terminal must be; growing the terminal brings the code back.
"""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

TITLE = "Follow this session on a phone or TV:"
HINT = "Any key closes this box (ctrl+p brings it back)."
FRAME_COLUMNS = 6  # the box's border and padding (backtimer.tcss, #mirror)
FRAME_ROWS = 2  # its border


class MirrorScreen(ModalScreen[None]):
    def __init__(self, url: str, qr: list[str], reach: str) -> None:
        super().__init__()
        self._url = url
        self._qr = qr
        self._reach = reach

    def compose(self) -> ComposeResult:
        with Vertical(id="mirror"):
            yield Static(TITLE, id="mirror-title", markup=False)
            yield Static(self._url, id="mirror-url", markup=False)
            yield Static("\n".join(self._qr), id="mirror-qr", markup=False)
            yield Static("", id="mirror-no-qr", markup=False)
            yield Static(self._reach, id="mirror-reach", markup=False)
            yield Static(HINT, id="mirror-hint", markup=False)

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Wrap the words to the terminal's width, and show the QR code if the
        whole box fits with it; else leave it out and say what would fit it."""
        width, height = self.app.size
        inner = max(width - FRAME_COLUMNS, 1)
        texts = {
            "#mirror-title": TITLE,
            "#mirror-url": self._url,
            "#mirror-reach": self._reach,
            "#mirror-hint": HINT,
        }
        lines = {part: textwrap.wrap(text, inner) or [""] for part, text in texts.items()}
        needed = FRAME_ROWS + sum(map(len, lines.values())) + len(self._qr)
        qr_width = max(map(len, self._qr), default=0)
        fits = needed <= height and qr_width <= inner
        for part, wrapped in lines.items():
            self.query_one(part, Static).update("\n".join(wrapped))
        self.query_one("#mirror-qr").display = fits
        note = self.query_one("#mirror-no-qr", Static)
        note.display = not fits
        if not fits:
            wider = "" if qr_width <= inner else f" and {qr_width + FRAME_COLUMNS} wide"
            said = (
                f"The QR code shows on a terminal {needed} rows tall{wider}; or type the address."
            )
            note.update("\n".join(textwrap.wrap(said, inner)))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss(None)
