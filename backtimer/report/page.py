"""The report as one self-contained HTML5 page: no scripts, no fonts or pictures
fetched from anywhere, the charts inline as SVG, and print CSS that fits A4 and
Letter and never splits a chart, a figure box or a table row across pages.

Every text from the history (routine and exercise names, notes, the person's name)
goes through `html.escape`; the charts come from `charts` (pygal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from backtimer import __version__
from backtimer.report import charts
from backtimer.report.build import Report
from backtimer.report.figures import (
    MIC_PERCENT,
    MIC_POINTS,
    ExerciseRow,
    PainChange,
    PainEvent,
)
from backtimer.time_text import decimal_minutes_text

PAPERS = {"a4": "A4", "letter": "letter"}
NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "\u2013"

CSS = """
@page { size: %(size)s; margin: 12mm 13mm 12mm 13mm; }
:root { color: #000; background: #fff; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt;
       line-height: 1.3; margin: 0 auto; max-width: 180mm; padding: 6mm 0; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 0.4pt solid #000;
     break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm; }
.meta { color: #333; margin-bottom: 3mm; }
.keys { display: grid; grid-template-columns: repeat(2, 1fr); gap: 2mm; margin: 0; }
.key { border: 0.6pt solid #000; padding: 1.5mm 2.5mm; margin: 0; }
.key dt { font-size: 8.5pt; color: #333; }
.key dd { margin: 0; font-size: 10.5pt; font-weight: bold; }
.key dd span { font-weight: normal; font-size: 9pt; }
.mic { border: 1pt solid #000; padding: 0 1mm; font-weight: bold; white-space: nowrap; }
figure { margin: 2mm 0 0; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
svg { display: block; width: 100%%; height: auto; }
table { border-collapse: collapse; width: 100%%; margin: 0; }
th, td { border-bottom: 0.4pt solid #777; padding: 0.6mm 1.5mm; text-align: left;
         vertical-align: top; }
th { border-bottom: 0.8pt solid #000; font-size: 8.5pt; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.w { white-space: nowrap; }
table.exercises td:last-child { width: 34%%; }
thead { display: table-header-group; }
figure, tr, .key, .keys, .note, .avoid { break-inside: avoid; page-break-inside: avoid; }
.small { font-size: 8.5pt; color: #333; }
.none { font-style: italic; color: #333; }
footer { margin-top: 4mm; font-size: 8pt; color: #333; }
@media screen { body { padding: 10mm; } }
"""


def render(report: Report, paper: str | None = None) -> str:
    """The page; `paper` ("a4" or "letter") fixes the page size for a PDF, None
    leaves it to whoever prints it."""
    size = PAPERS[paper] if paper else "auto"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_title(report))}</title>",
        f"<style>{CSS % {'size': size}}</style>",
        "</head>",
        "<body>",
        *_header(report),
        *_keys(report),
        *_pain(report),
        *_weeks(report),
        *_events(report.events, report),
        *_exercises(report.exercises),
        *_notes(report),
        *_footer(report),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# -- parts ---------------------------------------------------------------------------


def _title(report: Report) -> str:
    who = f" {DASH} {report.name}" if report.name else ""
    return f"Exercise report{who}, {period_text(report.period.first, report.period.last)}"


def _header(report: Report) -> list[str]:
    name = f" for {escape(report.name)}" if report.name else ""
    routines = ", ".join(escape(r) for r in report.routines) or "no routine in this period"
    days = report.period.days
    length = f"{days} day{'s' if days != 1 else ''}" if days < 14 else f"{-(-days // 7)} weeks"
    return [
        "<header>",
        f"<h1>Exercise report{name}</h1>",
        f'<p class="meta">{escape(period_text(report.period.first, report.period.last))}'
        f" ({length}) · Routines: {routines}</p>",
        "</header>",
    ]


def _keys(report: Report) -> list[str]:
    head = report.headline
    if head.prescribed is not None:
        percent = _percent(head.percent or 0.0)
        done = f"{head.done_of_prescribed} of {head.prescribed} prescribed ({percent})"
        done += f" <span>· {head.done} in all, {head.completed} completed to the end</span>"
    else:
        done = f"{head.done}"
        if head.done:
            done += " <span>(no schedule to compare with)</span>"
            done += f" <span>· {head.completed} completed to the end</span>"
    gap = _days(head.longest_gap)
    rises = f"{head.pain_rises} rise{'s' if head.pain_rises != 1 else ''} of 2+ points"
    stops = f"{head.pain_stops} pain stop{'s' if head.pain_stops != 1 else ''}"
    return [
        '<section aria-label="Key figures">',
        '<dl class="keys">',
        _key("Sessions done", done),
        _key("Longest gap without a session", gap),
        _key("Pain before sessions, first two weeks → last two", _change(head.pain_before)),
        _key("Pain after sessions, first two weeks → last two", _change(head.pain_after)),
        _key("Pain during the period", f"{rises} · {stops}"),
        _key("Sessions with a pain answer", f"{head.answers} of {len(report.sessions)}"),
        "</dl>",
        "</section>",
    ]


def _key(label: str, value: str) -> str:
    return f'<div class="key"><dt>{escape(label)}</dt><dd>{value}</dd></div>'


def _change(change: PainChange | None) -> str:
    if change is None:
        return '<span class="none">not enough answers (needs four weeks of them)</span>'
    percent = change.percent
    share = f", {_signed(percent, 0)}{NBSP}%" if percent is not None else ""
    text = (
        f"{_one(change.first)} → {_one(change.last)} "
        f"<span>({_signed(change.points, 1)} points{share})</span>"
    )
    if change.important:
        word = {"better": "better", "worse": "worse"}.get(change.direction, "")
        text += f' <span class="mic">{word}: minimal important change</span>'
    return text


def _pain(report: Report) -> list[str]:
    points = report.pain_points()
    parts = ["<section>", "<h2>Pain before and after each session</h2>"]
    if not points:
        parts += ['<p class="none">No pain answers in this period.</p>', "</section>"]
        return parts
    svg = charts.pain_chart(points, report.period.first, report.period.last)
    parts += [
        '<figure id="pain">',
        svg,
        "<figcaption>Each dot is one answer to “How is your back right now?” "
        "(0 no pain, 10 worst imaginable), before and after the session. The minimal "
        f"important change is {MIC_POINTS:.0f} points or {MIC_PERCENT:.0f}{NBSP}%.</figcaption>",
        "</figure>",
        "</section>",
    ]
    return parts


def _weeks(report: Report) -> list[str]:
    rows = report.weeks
    prescribed = any(w.prescribed is not None for w in rows)
    head = ["Week", "Done"]
    if prescribed:
        head += ["Prescribed", "%"]
    head += ["Longest gap", "Pain before (mean)", "Pain after (mean)"]
    body = []
    for week in rows:
        span = period_text(week.period.first, week.period.last, short=True)
        cells = [escape(span), str(week.done)]
        if prescribed:
            cells += [_or_dash(week.prescribed), _or_dash(_percent_or_none(week.percent))]
        cells += [
            _days(week.longest_gap),
            _or_dash(_one_or_none(week.pain_before)),
            _or_dash(_one_or_none(week.pain_after)),
        ]
        body.append(cells)
    parts = ["<section>", "<h2>Adherence and pain per week</h2>"]
    if not prescribed:
        parts.append(
            '<p class="small">No schedule is set for these routines, so sessions done '
            "are shown without a prescribed number.</p>"
        )
    parts += _table(head, body, numeric=range(1, len(head)), label="weeks")
    if len(rows) > 1 and any(w.done for w in rows):
        parts += [
            '<figure id="weeks">',
            charts.weeks_chart(rows),
            "<figcaption>Sessions done per week"
            + (" beside the prescribed number" if prescribed else "")
            + ".</figcaption>",
            "</figure>",
        ]
    parts.append("</section>")
    return parts


def _events(events: Sequence[PainEvent], report: Report) -> list[str]:
    parts = ["<section>", "<h2>Pain rises of 2 or more points, and pain stops</h2>"]
    if not events:
        parts += ['<p class="none">None in this period.</p>', "</section>"]
        return parts
    several = len(report.routines) > 1
    body = []
    for event in events:
        what = []
        if event.stopped:
            what.append("stopped for pain")
        if event.rose:
            what.append(f"rose by {(event.after or 0) - (event.before or 0)}")
        day = event.started_at.astimezone(report.tz).date()
        exercise = escape(event.exercise) or '<span class="none">before the first exercise</span>'
        body.append(
            [
                escape(day_text(day)),
                *([escape(event.routine)] if several else []),
                f"{_or_dash(event.before)} → {_or_dash(event.after)}",
                escape(", ".join(what)),
                exercise,
            ]
        )
    head = [
        "Date",
        *(["Routine"] if several else []),
        "Pain",
        "What happened",
        "Exercise (in progress, or done)",
    ]
    pain = 2 if several else 1
    parts += _table(head, body, numeric=(pain,), label="pain events", nowrap=(0, pain + 1))
    parts.append("</section>")
    return parts


def _exercises(rows: Sequence[ExerciseRow]) -> list[str]:
    parts = ["<section>", "<h2>Per exercise: prescribed and done</h2>"]
    if not rows:
        parts += ['<p class="none">No exercise was recorded in this period.</p>', "</section>"]
        return parts
    several = len({r.routine for r in rows}) > 1
    body = []
    for row in rows:
        name = escape(row.name)
        if several:
            name += f'<br><span class="small">{escape(row.routine)}</span>'
        body.append(
            [
                name,
                str(row.sessions),
                str(row.full),
                str(row.skipped),
                f"{row.done_units} / {row.planned_units} {_unit(row.unit, row.planned_units)}",
                f"{decimal_minutes_text(row.active_seconds, NBSP)} / "
                f"{decimal_minutes_text(row.planned_seconds, NBSP)}",
                _level(row),
            ]
        )
    head = [
        "Exercise",
        "Sessions",
        "In full",
        "Skipped",
        "Done / prescribed",
        "Time done / prescribed",
        "Level (per set and side) and changes",
    ]
    parts += _table(head, body, numeric=(1, 2, 3, 4, 5), label="exercises", css="exercises")
    parts.append("</section>")
    return parts


def _level(row: ExerciseRow) -> str:
    if row.first_level is None or row.last_level is None:
        return DASH
    unit = _unit(row.unit, row.last_level)
    if not row.changes:
        return f"{row.last_level} {unit}, unchanged"
    changes = row.changes
    text = f"{row.first_level} → {row.last_level} {unit}"
    shown = changes if len(changes) <= 3 else changes[-2:]
    listed = ", ".join(f"{c.before}→{c.after} on {day_text(c.day, year=False)}" for c in shown)
    count = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
    if len(shown) < len(changes):
        listed = f"the last {listed}"
    return f'{text}<br><span class="small">{escape(count)}: {escape(listed)}</span>'


def _unit(unit: str, count: int) -> str:
    """ "1 hold", "3 holds"."""
    return unit.removesuffix("s") if count == 1 else unit


def _notes(report: Report) -> list[str]:
    parts = ["<section>", "<h2>Notes</h2>"]
    if not report.notes:
        parts += ['<p class="none">No notes in this period.</p>', "</section>"]
        return parts
    several = len(report.routines) > 1
    body = [
        [escape(day_text(n.day)), *([escape(n.routine)] if several else []), escape(n.text)]
        for n in report.notes
    ]
    head = ["Date", *(["Routine"] if several else []), "Note"]
    parts += _table(head, body, numeric=(), label="notes")
    parts.append("</section>")
    return parts


def _footer(report: Report) -> list[str]:
    return [
        "<footer>",
        "<p>A session counts as done when some exercise time was recorded. The longest "
        "gap is the longest run of days without a session. Pain is the answer to "
        "“How is your back right now? 0–10”; the change compares the mean of the first "
        "two weeks of answers with the mean of the last two. "
        f"Made with backtimer {escape(__version__)} on {escape(day_text(report.today))}.</p>",
        "</footer>",
    ]


def _table(
    head: Sequence[str],
    body: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int],
    label: str,
    nowrap: Iterable[int] = (0,),
    css: str = "",
) -> list[str]:
    """`head` is plain text; `body` cells are HTML already escaped. Columns in
    `numeric` are right-aligned, those in `nowrap` (dates, names) kept on one line."""
    classes = {i: "n" for i in numeric}
    for i in nowrap:
        classes.setdefault(i, "w")

    def cls(index: int) -> str:
        return f' class="{classes[index]}"' if index in classes else ""

    table_class = f' class="{css}"' if css else ""
    parts = [f'<table{table_class} aria-label="{escape(label)}">', "<thead><tr>"]
    parts += [f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(head)]
    parts += ["</tr></thead>", "<tbody>"]
    for cells in body:
        row = "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(cells))
        parts.append(f"<tr>{row}</tr>")
    parts += ["</tbody>", "</table>"]
    return parts


# -- words and numbers --------------------------------------------------------------


def day_text(day: date, *, year: bool = True) -> str:
    text = f"{day.day} {day.strftime('%b')}"
    return f"{text} {day.year}" if year else text


def period_text(first: date, last: date, *, short: bool = False) -> str:
    if first == last:
        return day_text(first, year=not short)
    if short:
        return f"{day_text(first, year=False)} {DASH} {day_text(last, year=False)}"
    same_year = first.year == last.year
    return f"{day_text(first, year=not same_year)} {DASH} {day_text(last)}"


def _one(value: float) -> str:
    return f"{value:.1f}"


def _one_or_none(value: float | None) -> str | None:
    return None if value is None else _one(value)


def _signed(value: float, digits: int) -> str:
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def _percent(value: float) -> str:
    return f"{value:.0f}{NBSP}%"


def _percent_or_none(value: float | None) -> str | None:
    return None if value is None else _percent(value)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _or_dash(value: object) -> str:
    return DASH if value is None else escape(str(value))
