"""The report page: valid HTML5 by a WHATWG parser in strict mode, nothing fetched
from anywhere, every text escaped, and only what lies in the period."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import html5lib
import pytest
from report_helpers import improving, session, write

from backtimer.engine.types import SessionStatus
from backtimer.history.store import Store
from backtimer.report import page
from backtimer.report.build import build_report
from backtimer.report.figures import Period, weeks_ending

TODAY = date(2024, 5, 29)  # a Wednesday
NOW = datetime(2024, 5, 29, 18, 0, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"
HTML = "{http://www.w3.org/1999/xhtml}"
REFERENCES = ("href", "src", "srcset", "action", "data", "poster", "background")


def parse(text: str):
    """html5lib raises ParseError on the first problem in strict mode."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


@pytest.fixture
def store():
    with Store.memory(now=lambda: NOW, tz=UTC) as opened:
        yield opened


def twelve_weeks(store: Store) -> Period:
    period = weeks_ending(TODAY, 12)
    rows = improving(period.first, period.days)
    rows[20] = session(period.first + timedelta(days=20), before=3, after=6)
    rows[30] = session(
        period.first + timedelta(days=30), before=4, status=SessionStatus.PAIN_STOP, upto=3
    )
    write(store, rows)
    store.set_note(rows[5].id, "Knee to chest felt easier.")
    return period


def render(store: Store, period: Period, **kwargs: object) -> str:
    return page.render(build_report(store, period, today=TODAY, **kwargs))  # type: ignore[arg-type]


def external_references(tree) -> list[str]:
    found = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local in REFERENCES and not value.startswith("#"):
                found.append(f"{element.tag} {name}={value}")
        if element.tag in (f"{HTML}script", f"{HTML}link", f"{HTML}iframe", f"{SVG}script"):
            found.append(element.tag)
        if element.tag in (f"{SVG}image", f"{SVG}use", f"{HTML}img", f"{HTML}object"):
            found.append(element.tag)
    return found


def test_twelve_weeks_is_valid_html5_with_nothing_external(store: Store):
    text = render(store, twelve_weeks(store), name="Ana Silva")
    tree = parse(text)
    assert external_references(tree) == []
    assert not re.search(r"https?:|@import|url\(|//[a-z]", text, re.IGNORECASE)
    charts = [e for e in tree.iter(f"{SVG}svg")]
    assert [c.get("id") for c in charts] == ["pain-chart", "weeks-chart"]


def test_the_page_holds_the_headline_figures(store: Store):
    text = render(store, twelve_weeks(store), name="Ana Silva")
    assert "<h1>Exercise report for Ana Silva</h1>" in text
    assert "11 Mar – 29 May 2024 (12 weeks)" in text
    assert "6.0 → 2.9" in text and "minimal important change" in text
    assert "\u22123.1 points" in text
    assert "1 rise of 2+ points · 1 pain stop" in text
    assert "Knee to chest felt easier." in text
    assert "stopped for pain" in text and "rose by 3" in text
    assert "8 → 19 reps" in text
    assert "No schedule is set" in text


def test_the_charts_have_axis_titles_a_legend_and_a_labelled_0_to_10_scale(store: Store):
    tree = parse(render(store, twelve_weeks(store)))
    pain = next(c for c in tree.iter(f"{SVG}svg") if c.get("id") == "pain-chart")
    texts = ["".join(t.itertext()) for t in pain.iter(f"{SVG}text")]
    assert "Pain (0–10)" in texts and "Date of the session" in texts
    assert "Before the session (solid line)" in texts
    assert "After the session (dashed line)" in texts
    assert all(str(n) in texts for n in range(11))
    style = "".join("".join(e.itertext()) for e in pain.iter(f"{SVG}style"))
    dashed = re.search(r"serie-1\{[^}]*stroke-dasharray", style)
    assert dashed, "the after line must differ by more than its colour"


def test_an_empty_history_gives_a_valid_page_that_says_so(store: Store):
    text = render(store, weeks_ending(TODAY, 12))
    tree = parse(text)
    assert external_references(tree) == []
    assert "No pain answers in this period." in text
    assert "None in this period." in text
    assert "No exercise was recorded in this period." in text
    assert "no routine in this period" in text
    assert list(tree.iter(f"{SVG}svg")) == []


def test_one_week_without_pain_answers(store: Store):
    period = Period(TODAY - timedelta(days=6), TODAY)
    write(store, [session(period.first + timedelta(days=n)) for n in range(7)])
    text = render(store, period)
    parse(text)
    assert "not enough answers (needs four weeks of them)" in text
    assert "No pain answers in this period." in text
    assert "(7 days)" in text


def test_every_text_from_the_history_is_escaped(store: Store):
    period = weeks_ending(TODAY, 2)
    hostile = '<script>alert("x")</script> & <b>'
    row = session(TODAY, routine=hostile, before=2, after=5)
    write(store, [row])
    store.set_note(row.id, '<img src="http://example.org/x.png"> sore')
    text = render(store, period, name="<i>Ana</i>")
    tree = parse(text)
    assert external_references(tree) == []
    assert "&lt;script&gt;alert" in text and "&lt;img src=" in text and "&lt;i&gt;Ana" in text


def test_nothing_from_outside_the_period(store: Store):
    period = weeks_ending(TODAY, 2)
    old = session(period.first - timedelta(days=1), routine="Old routine", before=9, after=9)
    later = session(TODAY + timedelta(days=1), routine="Future routine")
    inside = session(TODAY, before=2, after=2)
    write(store, [old, later, inside])
    store.set_note(old.id, "a note from before")
    text = render(store, period)
    assert "Old routine" not in text and "a note from before" not in text
    assert "Future routine" not in text
    assert "Morning back routine" in text


def test_one_routine_only(store: Store):
    period = weeks_ending(TODAY, 2)
    write(store, [session(TODAY, routine="Evening", hour=19), session(TODAY, before=1)])
    report = build_report(store, period, routine="Evening", today=TODAY)
    assert report.routines == ("Evening",)
    assert [s.routine_name for s in report.sessions] == ["Evening"]


def test_paper_size_is_fixed_only_for_a_pdf(store: Store):
    period = weeks_ending(TODAY, 1)
    built = build_report(store, period, today=TODAY)
    assert "size: auto;" in page.render(built)
    assert "size: A4;" in page.render(built, paper="a4")
    assert "size: letter;" in page.render(built, paper="letter")


def test_print_css_keeps_charts_and_rows_whole(store: Store):
    text = render(store, twelve_weeks(store))
    rule = re.search(r"([^{}]*)\{[^{}]*break-inside: avoid", text)
    assert rule is not None
    selectors = {s.strip() for s in rule.group(1).split(",")}
    assert {"figure", "tr"} <= selectors


def test_a_year_renders_in_one_page_of_html(store: Store):
    first = TODAY - timedelta(days=364)
    write(store, improving(first, 365))
    text = render(store, Period(first, TODAY))
    parse(text)
    assert text.count("<tr>") >= 53 + 7


def test_a_prescription_adds_its_columns_and_a_second_series(store: Store):
    from backtimer.report.plan import Prescribed

    period = twelve_weeks(store)

    def five_a_week(routine, sessions, first, last) -> Prescribed | None:
        return Prescribed(prescribed=5, done=min(5, len(sessions)))

    built = build_report(store, period, today=TODAY, prescription=five_a_week)
    text = page.render(built)
    tree = parse(text)
    assert '<th scope="col" class="n">Prescribed</th>' in text
    assert "58 of 60 prescribed (97\u00a0%) <span>· 80 in all, 79 completed" in text
    assert "No schedule is set" not in text
    weeks = next(c for c in tree.iter(f"{SVG}svg") if c.get("id") == "weeks-chart")
    texts = ["".join(t.itertext()) for t in weeks.iter(f"{SVG}text")]
    assert "Sessions done (dark)" in texts and "Prescribed (light)" in texts


def test_a_scheduled_routine_without_sessions_is_shown_as_not_done(store: Store):
    from backtimer.report.plan import Prescribed

    def evening_only(routine, sessions, first, last) -> Prescribed | None:
        return Prescribed(prescribed=3, done=len(sessions)) if routine == "Evening" else None

    period = weeks_ending(TODAY, 2)
    write(store, [session(TODAY)])
    built = build_report(
        store, period, today=TODAY, prescription=evening_only, scheduled=["Evening"]
    )
    assert built.routines == ("Morning back routine", "Evening")
    assert [(w.prescribed, w.done_of_prescribed) for w in built.weeks] == [(3, 0), (3, 0)]
    assert "0 of 6 prescribed (0\u00a0%) <span>· 1 in all" in page.render(built)
