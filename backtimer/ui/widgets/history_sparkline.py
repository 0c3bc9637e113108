"""Textual's Sparkline on a fixed scale.

The stock Sparkline stretches its bars between the lowest and the highest value
shown, so pain going from 4 to 5 would fill the whole height, and a steady week
of 20-minute sessions would look like nothing. A pain score means something only
on its 0–10 scale, and minutes only from zero.

The Sparkline takes the scale from `min(data)` and `max(data)` but the height of
each bar from `summary_function`; so each value travels in a `_Bar`, a float that
is the scale's low end for the first bar and its high end for every other, and
carries the value to draw. The drawing itself stays Textual's.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Sparkline


class _Bar(float):
    value: float

    def __new__(cls, scale_point: float, value: float) -> _Bar:
        bar = super().__new__(cls, scale_point)
        bar.value = value
        return bar


def _tallest(bars: Sequence[float]) -> float:
    return max(getattr(bar, "value", bar) for bar in bars)


class ScaledSparkline(Sparkline):
    """`values` drawn between `low` and `high` (values outside are clamped)."""

    def __init__(
        self,
        values: Sequence[float] = (),
        *,
        low: float = 0.0,
        high: float | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__([], summary_function=_tallest, id=id, classes=classes)
        self.low = low
        self.high = high
        self.values: list[float] = []
        self.show(values)

    def show(self, values: Sequence[float], high: float | None = None) -> None:
        """Draw `values`; `high` (or the one given at creation, or the largest
        value) is the top of the scale."""
        self.values = list(values)
        top = high if high is not None else self.high
        if top is None:
            top = max(self.values, default=0.0)
        top = max(top, self.low + 1e-9)
        clamped = [min(max(value, self.low), top) for value in self.values]
        if len(clamped) == 1:
            clamped = clamped * 2  # one value alone would be drawn full height
        self.data = [
            _Bar(self.low if index == 0 else top, value) for index, value in enumerate(clamped)
        ]
