"""The report's charts, drawn by pygal as SVG to be set inline in the page.

pygal gives what a printed clinical chart needs: axis titles, a legend under the
plot, a fixed 0-10 range labelled at every point, dates on the x axis, a dash
pattern per line (so the chart reads in black and white too), and a style object per
chart for print sizes and colours (leather has most of these, but styles through
module-wide theme settings). It is pure Python. It is imported only here, and this
module only when a report is made, so no other command pays for it.

What pygal writes is made to suit a page that must work offline and without
scripts: its script element (configuration for the optional tooltips), its comments
(which carry its web address), the coordinates it keeps for tooltips and the
namespace declaration (an HTML parser puts inline SVG in the SVG namespace itself)
are taken out of the tree it builds, and its random chart id is replaced by a
stable one, so a report is the same bytes for the same history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from backtimer.report.figures import WeekRow

WIDTH = 680  # CSS px: the width of the text column on A4 and Letter at the page's margins
PAIN_HEIGHT = 250
WEEKS_HEIGHT = 200

# Dark blue and light orange: far apart in colour, and in grey when printed in black
# and white; the lines differ by their dashes as well (named in the legend).
BEFORE = "#1b3f8b"
AFTER = "#e08e0b"
DONE = "#1b3f8b"
PRESCRIBED = "#b9c4d8"

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#000000",
    foreground_strong="#000000",
    foreground_subtle="#9a9a9a",
    colors=(BEFORE, AFTER),
    font_family="DejaVu Sans, Liberation Sans, Arial, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    title_font_size=13,
    value_font_size=10,
    tooltip_font_size=10,
    opacity="1",
    opacity_hover="1",
    transition="0s",
)

SOLID = {"width": 2}
DASHED = {"width": 2, "dasharray": "7,4"}


def pain_chart(
    points: Sequence[tuple[datetime, int | None, int | None]], first: date, last: date
) -> str:
    """Pain before and after each session, on the 0-10 scale, over the period."""
    pygal_etree.to_etree()
    chart = pygal.DateTimeLine(
        js=[],
        style=STYLE,
        width=WIDTH,
        height=PAIN_HEIGHT,
        range=(0, 10),
        y_labels=list(range(11)),
        y_title="Pain (0–10)",
        x_title="Date of the session",
        x_labels=_date_labels(first, last),
        x_value_formatter=_day_text,
        show_x_guides=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        show_dots=True,
        dots_size=2.5 if len(points) <= 120 else 1.5,
        truncate_label=-1,
        truncate_legend=-1,
        margin=6,
        spacing=8,
        no_data_text="No pain answers in this period",
        explicit_size=True,
    )
    chart.add(
        "Before the session (solid line)",
        [(moment, before) for moment, before, _ in points if before is not None],
        stroke_style=SOLID,
    )
    chart.add(
        "After the session (dashed line)",
        [(moment, after) for moment, _, after in points if after is not None],
        stroke_style=DASHED,
    )
    return _inline(chart, "pain-chart")


def weeks_chart(weeks: Sequence[WeekRow]) -> str:
    """Sessions done per week, beside the prescribed number where there is one."""
    pygal_etree.to_etree()
    prescribed = any(w.prescribed is not None for w in weeks)
    highest = max([w.done for w in weeks] + [w.prescribed or 0 for w in weeks] + [1])
    chart = pygal.Bar(
        js=[],
        style=Style(**{**_style_values(), "colors": (DONE, PRESCRIBED)}),
        width=WIDTH,
        height=WEEKS_HEIGHT,
        range=(0, highest),
        y_labels=_whole_numbers(highest),
        y_title="Sessions",
        x_title="Week starting",
        x_labels=[_day_text(w.period.first) for w in weeks],
        x_labels_major_every=max(1, len(weeks) // 13 + (len(weeks) % 13 > 0)),
        show_minor_x_labels=len(weeks) <= 13,
        legend_at_bottom=True,
        legend_at_bottom_columns=2 if prescribed else 1,  # more than series misplaces it
        truncate_label=-1,
        truncate_legend=-1,
        margin=6,
        spacing=8,
        explicit_size=True,
    )
    chart.add("Sessions done (dark)", [w.done for w in weeks])
    if prescribed:
        chart.add("Prescribed (light)", [w.prescribed for w in weeks])
    return _inline(chart, "weeks-chart")


def _style_values() -> dict[str, object]:
    names = (
        "background",
        "plot_background",
        "foreground",
        "foreground_strong",
        "foreground_subtle",
        "font_family",
        "label_font_size",
        "major_label_font_size",
        "legend_font_size",
        "title_font_size",
        "value_font_size",
        "tooltip_font_size",
        "opacity",
        "opacity_hover",
        "transition",
    )
    return {name: getattr(STYLE, name) for name in names}


def _whole_numbers(highest: int) -> list[int]:
    step = max(1, -(-highest // 7))
    return list(range(0, highest + step, step))


def _date_labels(first: date, last: date) -> list[datetime]:
    """Mondays (every week up to 13 weeks, else every fourth), as midnight times."""
    monday = first - timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    every = 1 if weeks <= 13 else 4
    labels = []
    day = monday if monday >= first else monday + timedelta(weeks=1)
    while day <= last:
        labels.append(datetime(day.year, day.month, day.day))
        day += timedelta(weeks=every)
    return labels or [datetime(first.year, first.month, first.day)]


def _day_text(moment: date | datetime) -> str:
    return f"{moment.day} {moment.strftime('%b')}"


def _inline(chart: pygal.graph.graph.Graph, chart_id: str) -> str:
    """The chart's SVG element as text for an HTML page (see the module's docstring)."""
    tree = chart.render_tree()
    old_id = tree.get("id", "")
    tree.attrib.pop("xmlns", None)
    tree.attrib.pop("xmlns:xlink", None)
    tree.set("id", chart_id)
    tree.set("role", "img")
    for parent in tree.iter():
        for child in list(parent):
            if (
                not isinstance(child.tag, str)  # a comment
                or child.tag == "script"
                or (child.tag == "desc" and child.get("class", "").strip() in ("x", "y"))
            ):
                parent.remove(child)
    text: str = pygal_etree.tostring(tree, encoding="unicode")
    return text.replace(f"#{old_id}", f"#{chart_id}") if old_id else text
