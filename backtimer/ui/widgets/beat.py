"""The metronome made visible: one lit dot walks along four, on every beat."""

from __future__ import annotations

from textual.widget import Widget


class BeatDots(Widget):
    DEFAULT_CSS = """
    BeatDots {
        width: 1fr;
        height: 1;
        content-align: center middle;
        text-style: bold;
        color: $error;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._beat = 0

    @property
    def beat(self) -> int:
        return self._beat

    def set_beat(self, beat: int) -> None:
        if beat != self._beat:
            self._beat = beat
            self.refresh()

    def render(self) -> str:
        if self._beat <= 0:
            return "○   ○   ○   ○"
        lit = (self._beat - 1) % 4
        return "   ".join("●" if i == lit else "○" for i in range(4))
