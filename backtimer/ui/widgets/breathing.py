"""A bar that fills on the inhale and empties on the exhale.

Self-contained (its own DEFAULT_CSS) so it can be dropped on any screen; the
session screen feeds it a level and it repaints only when a cell would change.
It animates at several frames a second, so each frame is one cached strip of
plain cells, not text to be parsed and wrapped.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
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
        self._strip: Strip | None = None

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

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # colours changed (a theme, a class)

    def line(self) -> str:
        """The bar's text, as every row of it shows."""
        width, eighths = self._cells()
        full, part = divmod(eighths, 8)
        text = "█" * full
        if part and full < width:
            text += _EIGHTHS[part]
        return text.ljust(width)

    def render_line(self, y: int) -> Strip:
        cells = self._cells()
        if self._strip is None or cells != self._drawn:
            self._drawn = cells
            self._strip = Strip([Segment(self.line(), self.rich_style)], cells[0])
        return self._strip
