"""The phase band: HOLD, REST, INHALE… and the side, in letters that read across a room.

The band is as tall as the screen's layout gives it (one row, or three and
more): from three rows up the phase word and the side are drawn in block
letters (bignumber.py) when they fit the width, otherwise as bold text on the
band's middle row. The side (LEFT / RIGHT) sits at the band's end in the accent
colour, so a glance tells which side is working. The same words are in the
countdown's caption, as text.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.widgets.bignumber import (
    WORD_ROWS,
    big_word,
    blank_style,
    block_segments,
    word_fits,
    word_width,
)

SIDE_GAP = 4  # columns between the phase word and the side's patch
SIDE_PAD = 1  # the side's patch: this much colour either side of its letters


class PhaseBand(Widget):
    COMPONENT_CLASSES = {"phase-band--side"}  # noqa: RUF012 (Textual's own idiom)
    DEFAULT_CSS = """
    PhaseBand {
        height: 1;
        width: 1fr;
        text-style: bold;
    }
    PhaseBand > .phase-band--side {
        background: $accent;
        color: $text;
    }
    """

    def __init__(
        self,
        word: str = "",
        side: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._word = word
        self._side = side
        self._strips: list[Strip] | None = None

    @property
    def word(self) -> str:
        return self._word

    @property
    def side(self) -> str:
        return self._side

    def show(self, word: str, side: str) -> None:
        if (word, side) != (self._word, self._side):
            self._word, self._side = word, side
            self._strips = None
            self.refresh()

    def on_resize(self) -> None:
        self._strips = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None

    def scale(self) -> int:
        """How big the letters are drawn here: 0 for plain text."""
        width, height = self.size
        words = [w for w in (self._word, self._side) if w]
        if height < WORD_ROWS or not words or not all(word_fits(w) for w in words):
            return 0
        scale = height // WORD_ROWS
        while scale >= 1 and self._big_width(scale) > width:
            scale -= 1
        return scale

    def _big_width(self, scale: int) -> int:
        width = word_width(self._word, scale)
        if self._side:
            width += SIDE_GAP * scale + word_width(self._side, scale) + 2 * SIDE_PAD * scale
        return width

    def _make_strips(self) -> list[Strip]:
        width, height = self.size
        style = self.rich_style
        side_style = style + self.get_component_rich_style("phase-band--side", partial=True)
        scale = self.scale()
        if scale:
            word_rows = list(big_word(self._word, scale)) if self._word else []
            side_rows = list(big_word(self._side, scale)) if self._side else []
            rows = WORD_ROWS * scale
            pad, gap = SIDE_PAD * scale, SIDE_GAP * scale
        else:
            word_rows, side_rows, rows = [self._word], [self._side] if self._side else [], 1
            pad, gap = 1, 2
        top = max(0, (height - rows) // 2)
        word_w = max((len(r) for r in word_rows), default=0)
        side_w = max((len(r) for r in side_rows), default=0)
        total = word_w + (gap + side_w + 2 * pad if side_rows else 0)
        left = max(0, (width - total) // 2)
        strips = []
        for y in range(height):
            row = y - top
            if 0 <= row < rows:
                segments = [Segment(" " * left, blank_style(style))]
                segments += _row(word_rows, row, word_w, style, scale)
                if side_rows:
                    segments.append(Segment(" " * gap, blank_style(style)))
                    segments.append(Segment(" " * pad, blank_style(side_style)))
                    segments += _row(side_rows, row, side_w, side_style, scale)
                    segments.append(Segment(" " * pad, blank_style(side_style)))
            else:
                segments = []
            used = sum(len(s.text) for s in segments)
            if used < width:
                segments.append(Segment(" " * (width - used), blank_style(style)))
            strips.append(Strip(segments, width).crop(0, width))
        return strips

    def _get_strips(self) -> list[Strip]:
        if self._strips is None or len(self._strips) != self.size.height:
            self._strips = self._make_strips()
        return self._strips

    def render_line(self, y: int) -> Strip:
        strips = self._get_strips()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, Style())


def _row(rows: list[str], index: int, width: int, style: Style, scale: int) -> list[Segment]:
    """One row of block letters, or of the plain words."""
    text = rows[index] if 0 <= index < len(rows) else ""
    text += " " * (width - len(text))
    return block_segments(text, style) if scale else [Segment(text, style)]
