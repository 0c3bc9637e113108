"""The big number: drawn with Digits, with a plain bold twin for small terminals.

Both children always hold the same text, so terminal search and screen readers
find the number, and the stylesheet picks which one shows (the screen's
`-compact` class hides the Digits).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static


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
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text

    def compose(self) -> ComposeResult:
        yield Digits(self._text, classes="big")
        yield Static(self._text, classes="plain", markup=False)

    @property
    def text(self) -> str:
        return self._text

    def show(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.query_one(Digits).update(text)
        self.query_one(".plain", Static).update(text)
