"""A bar that fills on the inhale and empties on the exhale.

Self-contained (its own DEFAULT_CSS) so it can be dropped on any screen; the
session screen feeds it a level and it repaints only when a cell would change.
"""

from __future__ import annotations

from textual.widget import Widget

_EIGHTHS = " ▏▎▍▌▋▊▉"


class BreathingBar(Widget):
    DEFAULT_CSS = """
    BreathingBar {
        width: 1fr;
        height: 3;
        color: $accent;
        background: $boost;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._level = 0.0
        self._drawn: tuple[int, int] | None = None

    @property
    def level(self) -> float:
        return self._level

    def set_level(self, level: float) -> None:
        """Take a new level (0..1); repaint only if that changes what is drawn."""
        self._level = max(0.0, min(1.0, level))
        if self._cells() != self._drawn:
            self.refresh()

    def _cells(self) -> tuple[int, int]:
        width = self.content_size.width
        return width, round(self._level * width * 8)

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> str:
        self._drawn = self._cells()
        width, eighths = self._drawn
        full, part = divmod(eighths, 8)
        line = "█" * full
        if part and full < width:
            line += _EIGHTHS[part]
        line = line.ljust(width)
        return "\n".join([line] * max(1, self.content_size.height))
