"""The big number: drawn with Digits, with a plain bold twin for small terminals
and solid block figures for large ones.

All children always hold the same text, so terminal search and screen readers
find the number, and the stylesheet picks which one shows (the screen's
`-compact` class shows the plain text, `-roomy` the block figures).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from backtimer.ui.widgets.bignumber import BigNumber


class Countdown(Vertical):
    DEFAULT_CSS = """
    Countdown {
        height: auto;
        width: 1fr;
        align-horizontal: center;
    }
    Countdown > Digits {
        width: auto;
        text-style: bold;
    }
    Countdown > .plain {
        width: auto;
        text-style: bold;
    }
    Countdown > BigNumber {
        display: none;
    }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._digits = Digits(text, classes="big")
        self._big = BigNumber(text, classes="huge")
        self._plain = Static(text, classes="plain", markup=False)

    def compose(self) -> ComposeResult:
        yield self._digits
        yield self._big
        yield self._plain

    @property
    def text(self) -> str:
        return self._text

    def show(self, text: str) -> None:
        if text == self._text:
            return
        # Each child relayouts only if its width changes (one more figure, a colon).
        resize = len(text) != len(self._text)
        self._text = text
        # Only the twin on screen is touched every second; the hidden ones catch
        # up in sync() when the screen's size class changes.
        if self._digits.display:
            self._digits.update(text)
        if self._big.display:
            self._big.update(text)
        if self._plain.display:
            self._plain.update(text, layout=resize)

    def sync(self) -> None:
        """Give every twin the current text: the screen is about to show another."""
        text = self._text
        if self._digits.value != text:
            self._digits.update(text)
        if self._big.text != text:
            self._big.update(text)
        if str(self._plain.content) != text:
            self._plain.update(text)
