"""The big number, as large as the screen gives it, and the same as text.

The countdown (or the big rep counter of a hand-counted step) is drawn in block
figures that scale by a single row (bignumber.py): the session screen decides
how many rows they may take (`set_rows`, from its layout plan), and the widget
fits them to its width. Under the figures a caption says the same thing in
words ("HOLD · LEFT · 18 s left"): block figures are not text, and a screen
reader or a terminal search needs some.

It draws lines itself (the Line API), from strips kept until the text, the
size or the style changes: once a second only the new second's strips are
made.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.widgets.bignumber import (
    MIN_ROWS,
    big_text,
    blank_style,
    fit_rows,
)


def _changed_box(before: list[tuple[int, str]], after: list[tuple[int, str]]) -> Region | None:
    """The smallest box holding every cell that differs between two placings."""
    rows = [y for y, (old, new) in enumerate(zip(before, after, strict=False)) if old != new]
    if not rows:
        return None
    spans = [
        span
        for y in rows
        for span in (
            (before[y][0], before[y][0] + len(before[y][1])),
            (after[y][0], after[y][0] + len(after[y][1])),
        )
        if span[1] > span[0]
    ]
    left = min(a for a, _ in spans)
    right = max(b for _, b in spans)
    return Region(left, rows[0], right - left, rows[-1] - rows[0] + 1)


def _shape(text: str) -> str:
    """What the figures are sized for: every figure as wide as any, and at least
    two of them, so 10 → 9 does not make them grow."""
    shape = "".join(":" if c == ":" else "0" for c in text)
    return shape if len(shape) >= 2 else "00"


class Countdown(Widget):
    COMPONENT_CLASSES = {"countdown--caption"}  # noqa: RUF012 (Textual's own idiom)
    DEFAULT_CSS = """
    Countdown {
        height: 1fr;
        width: 1fr;
        text-style: bold;
    }
    Countdown > .countdown--caption {
        text-style: not bold;
        color: $foreground-muted;
    }
    """

    def __init__(
        self,
        text: str = "",
        caption: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._caption = caption
        self._rows = MIN_ROWS
        self._strips: list[Strip] | None = None

    @property
    def text(self) -> str:
        return self._text

    @property
    def caption(self) -> str:
        return self._caption

    @property
    def figure_rows(self) -> int:
        """How tall the figures are drawn at the widget's present size."""
        return self._fit(self.size.width, self.size.height)

    def show(self, text: str, caption: str | None = None) -> None:
        caption = self._caption if caption is None else caption
        if text == self._text and caption == self._caption:
            return
        before = self._placed() if self.is_mounted else None
        self._text, self._caption = text, caption
        self._strips = None
        if before is None:
            self.refresh()
            return
        # Only the cells that change are repainted and written: a second's frame
        # is the figures' box, not the whole (large) widget.
        after = self._placed()
        if len(after) != len(before):
            self.refresh()
            return
        changed = _changed_box(before, after)
        if changed is not None:
            self.refresh(changed)

    def set_rows(self, rows: int) -> None:
        """The figures' height the screen's layout allows (the widget's own height
        may be larger for a moment, before the progress row is mounted)."""
        rows = max(MIN_ROWS, rows)
        if rows != self._rows:
            self._rows = rows
            self._strips = None
            self.refresh()

    def on_resize(self) -> None:
        self._strips = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # colours changed (a phase, a theme)

    def _fit(self, width: int, height: int) -> int:
        if not self._text:
            return 0
        most = min(self._rows, height - 1) if self._caption else min(self._rows, height)
        return fit_rows(_shape(self._text), most, width)

    def lines(self) -> list[str]:
        """The widget's rows as text (what tests and the screen reader see)."""
        width, height = self.size
        rows = self._fit(width, height)
        figures = list(big_text(self._text, rows)) if rows else []
        block = figures + ([self._caption] if self._caption else [])
        top = max(0, (height - len(block) + 1) // 2)  # a spare row goes above
        lines = [""] * top + block
        lines += [""] * (height - len(lines))
        return lines[:height]

    def _placed(self) -> list[tuple[int, str]]:
        """Each row's first lit column and its text from there to its last lit
        cell (blank rows: (0, ""))."""
        width = self.size.width
        placed = []
        for line in self.lines():
            line = line[:width]
            left = max(0, (width - len(line)) // 2)
            core = line.strip(" ")
            placed.append((left + len(line) - len(line.lstrip(" ")), core) if core else (0, ""))
        return placed

    def _make_strips(self) -> list[Strip]:
        width = self.size.width
        style = self.rich_style
        blank = blank_style(style)
        caption_style = style + self.get_component_rich_style("countdown--caption", partial=True)
        caption_row = -1
        placed = self._placed()
        if self._caption:
            caption_row = next(
                (i for i in range(len(placed) - 1, -1, -1) if placed[i][1] == self._caption), -1
            )
        strips = []
        for y, (left, core) in enumerate(placed):
            # Three segments a row: the blanks either side in a style of their own,
            # so a screenshot never merges them into the figures and drops them.
            right = width - left - len(core)
            line_style = caption_style if y == caption_row else style
            segments = [Segment(" " * left, blank), Segment(core, line_style)]
            segments.append(Segment(" " * right, blank))
            strips.append(Strip(segments, width))
        return strips

    def render_line(self, y: int) -> Strip:
        if self._strips is None or len(self._strips) != self.size.height:
            self._strips = self._make_strips()
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width, self.rich_style)
