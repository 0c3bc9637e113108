"""The history screen's two charts, built of Textual's own widgets: Sparklines on
a fixed scale for the bars, and plain Statics for what a reader needs around them
(the scale, which row is which, the dates under the bars, a key, a caption).

Pain is drawn as two rows over the same sessions, before on top and after below,
each on the 0–10 scale (0 no pain, 10 the worst) and in a colour of its own that
the key names, so a column read top to bottom is one session: did it help? (A
colour blended from the score, as before, read as khaki noise.) Minutes a day have
their top figure on the scale and their days under the bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from backtimer.history.models import DayMinutes, PainPoint
from backtimer.time_text import rounded_minutes_text
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_sparkline import ScaledSparkline


class AxisLabels(Static):
    """Labels under a Sparkline's bars, each starting at its own bar's column.

    The Sparkline spreads n values evenly over its width (bar i from column
    i·width/n), so this uses the same arithmetic; labels that would touch the one
    before are left out, and the last one is always shown, against the right edge.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.labels: list[str] = []

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.refresh()

    def render(self) -> Text:
        return Text(place_labels(self.labels, self.content_size.width), no_wrap=True)


def place_labels(labels: Sequence[str], width: int) -> str:
    """One line `width` wide with each label under its bar, as many as fit."""
    count = len(labels)
    if not count or width <= 0:
        return ""
    line = [" "] * width
    last = labels[-1][:width]
    last_at = max(0, min(width - len(last), (count - 1) * width // count))
    free = 0  # the first column a label may start at
    for index, label in enumerate(labels[:-1]):
        at = index * width // count
        if at < free or at + len(label) + 1 > last_at:
            continue
        line[at : at + len(label)] = label
        free = at + len(label) + 1
    line[last_at : last_at + len(last)] = last
    return "".join(line)


class ScaleLabels(Static):
    """The column left of a row of bars: which row it is, and its scale at the top
    and bottom, fitted to the row's height whenever it changes."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.top, self.bottom, self.name_text = "", "", ""

    def set_scale(self, top: str, bottom: str, name: str = "") -> None:
        self.top, self.bottom, self.name_text = top, bottom, name
        self.refresh()

    def render(self) -> Text:
        height = max(1, self.content_size.height)
        return Text(scale_text(self.top, self.bottom, self.name_text, height), no_wrap=True)


def scale_text(top: str, bottom: str, name: str, height: int) -> str:
    """The column left of a row of bars: its name and its scale, top and bottom."""
    if height <= 1:
        return name or top  # one line: the chart's title carries the scale
    lines = [f"{name} {top}".strip()]
    lines += [""] * (height - 2)
    lines.append(bottom)
    return "\n".join(lines)


def day_label(day: date, today: date) -> str:
    return "today" if day == today else day.strftime("%d %b")


def session_label(moment: datetime, tz: tzinfo | None) -> str:
    return words.local(moment, tz).strftime("%d %b")


class MinutesChart(Vertical):
    """Minutes of exercise a day: bars from zero, the top figure on the scale, the
    days under the bars."""

    def compose(self) -> ComposeResult:
        yield Static("", id="minutes-label", classes="chart-label", markup=False)
        with Horizontal(classes="chart-row"):
            yield ScaleLabels(id="minutes-scale", classes="chart-scale minutes-scale")
            yield ScaledSparkline(id="minutes-spark", classes="history-spark minutes-spark")
        with Horizontal(classes="chart-row chart-axis-row"):
            yield Static("", classes="chart-scale axis-pad", markup=False)
            yield AxisLabels(id="minutes-axis", classes="chart-axis")
        yield Static("", id="minutes-caption", classes="chart-caption", markup=False)

    def show(self, days: Sequence[DayMinutes]) -> None:
        self.query_one("#minutes-label", Static).update(f"Minutes a day, last {len(days)} days")
        values = words.minutes_series(days)
        top = max(values, default=0.0)
        self.query_one("#minutes-spark", ScaledSparkline).show(values)
        top_text = rounded_minutes_text(top * 60) if top else "0 min"
        self.query_one("#minutes-scale", ScaleLabels).set_scale(top_text, "0")
        today = days[-1].day if days else date.today()
        self.query_one("#minutes-axis", AxisLabels).set_labels(
            [day_label(day.day, today) for day in days]
        )
        self.query_one("#minutes-caption", Static).update(words.minutes_caption(days))


class PainChart(Vertical):
    """Pain before (top row) and after (bottom row) each session with both scores,
    oldest first, on 0–10, the sessions' dates under the bars and a key."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Pain before and after, 0–10",
            id="pain-label",
            classes="chart-label",
            markup=False,
        )
        with Horizontal(classes="chart-row"):
            yield ScaleLabels(id="pain-before-scale", classes="chart-scale pain-scale")
            yield ScaledSparkline(high=10, id="pain-before", classes="history-spark pain-before")
        with Horizontal(classes="chart-row"):
            yield ScaleLabels(id="pain-after-scale", classes="chart-scale pain-scale")
            yield ScaledSparkline(high=10, id="pain-after", classes="history-spark pain-after")
        with Horizontal(classes="chart-row chart-axis-row"):
            yield Static("", classes="chart-scale axis-pad", markup=False)
            yield AxisLabels(id="pain-axis", classes="chart-axis")
        yield Static(
            "[$foreground 60%]▆ [/]before the session   [$accent]▆ [/]after it",
            id="pain-key",
            classes="chart-key",
        )
        yield Static("", id="pain-caption", classes="chart-caption", markup=False)

    def show(self, points: Sequence[PainPoint], tz: tzinfo | None) -> None:
        pairs = words.pain_pairs(points)
        before = [float(p.before) for p in pairs if p.before is not None]
        after = [float(p.after) for p in pairs if p.after is not None]
        self.query_one("#pain-before", ScaledSparkline).show(before)
        self.query_one("#pain-after", ScaledSparkline).show(after)
        self.query_one("#pain-before-scale", ScaleLabels).set_scale("10", "0", "before")
        self.query_one("#pain-after-scale", ScaleLabels).set_scale("10", "0", "after")
        self.query_one("#pain-axis", AxisLabels).set_labels(
            [session_label(p.started_at, tz) for p in pairs]
        )
        self.query_one("#pain-caption", Static).update(words.pain_caption(points))
