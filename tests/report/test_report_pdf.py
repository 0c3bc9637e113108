"""The report printed by a real browser: Debian's Chromium makes the PDF, poppler's
tools read it back (text, word positions, page 1 as a picture)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from report_helpers import improving, session, write

from backtimer.cli import main
from backtimer.engine.types import SessionStatus
from backtimer.history.store import Store
from backtimer.report import page
from backtimer.report.build import build_report
from backtimer.report.figures import Period
from backtimer.report.pdf import find_browser, print_pdf

pytestmark = pytest.mark.skipif(
    find_browser() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and poppler-utils (scripts/setup.sh --test installs them)",
)

# Words that only each chart (with its heading and caption) holds, top to bottom.
CHARTS = {
    "pain": [
        "Pain before and after each session",
        "Date of the session",
        "Before the session (solid line)",
        "After the session (dashed line)",
        "Each dot is one answer",
    ],
    "weeks": ["Week starting", "Sessions done (dark)", "Sessions done per week."],
}


NOW = datetime(2024, 12, 29, 12, tzinfo=UTC)


def fill(days: int) -> date:
    """Daily sessions up to today, with one pain rise and one pain stop."""
    first = date.today() - timedelta(days=days - 1)
    rows = improving(first, days)
    rows[10] = session(first + timedelta(days=10), before=3, after=6)
    rows[12] = session(first + timedelta(days=12), before=4, status=SessionStatus.PAIN_STOP, upto=3)
    with Store.open() as store:
        write(store, rows)
        store.set_note(rows[3].id, "Easier than last week.")
    return first


def make_pdf(tmp_path: Path, *argv: str) -> Path:
    target = tmp_path / "report.pdf"
    assert main(["report", *argv, "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF-")
    return target


def pages(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with their top and bottom, from pdftotext's bounding boxes."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    tree = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    ns = "{http://www.w3.org/1999/xhtml}"
    return [
        [(w.text or "", float(w.get("yMin", 0)), float(w.get("yMax", 0))) for w in words]
        for words in (sheet.iter(f"{ns}word") for sheet in tree.iter(f"{ns}page"))
    ]


def page_of(found: list[list[tuple[str, float, float]]], phrase: str) -> list[int]:
    """The pages on which `phrase` occurs as consecutive words."""
    wanted = phrase.split()
    hits = []
    for number, words in enumerate(found, start=1):
        texts = [w for w, _, _ in words]
        if any(texts[i : i + len(wanted)] == wanted for i in range(len(texts))):
            hits.append(number)
    return hits


def assert_charts_whole(found: list[list[tuple[str, float, float]]]) -> None:
    for chart, phrases in CHARTS.items():
        where = {phrase: page_of(found, phrase) for phrase in phrases}
        assert all(len(p) == 1 for p in where.values()), (chart, where)
        assert len({p[0] for p in where.values()}) == 1, f"the {chart} chart is split: {where}"


def test_twelve_weeks_print_on_one_or_two_pages_with_the_headline_figures(tmp_path: Path):
    first = fill(84)
    pdf = make_pdf(tmp_path, "--since", first.isoformat())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert count in (1, 2)
    assert "(A4)" in info
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    for figure in (
        "Exercise report",
        "Sessions done",
        "84",
        "5.6 → 2.9",
        "−2.7 points",
        "better: minimal important change",
        "1 rise of 2+ points · 1 pain stop",
        "Easier than last week.",
        "stopped for pain",
        "8 → 19 reps",
    ):
        assert figure in text, figure
    found = pages(pdf)
    assert len(found) == count
    assert_charts_whole(found)


def test_page_one_turns_into_a_picture(tmp_path: Path):
    first = fill(84)
    pdf = make_pdf(tmp_path, "--since", first.isoformat())
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (496, 702)  # A4 at 60 dpi
    assert len(data) > 20_000  # text and a chart, not a blank page


def test_letter_paper(tmp_path: Path):
    first = fill(84)
    pdf = make_pdf(tmp_path, "--since", first.isoformat(), "--paper", "letter")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) in (1, 2)  # type: ignore[union-attr]
    assert_charts_whole(pages(pdf))


def test_a_year_runs_longer_but_never_splits_a_chart_or_a_row(tmp_path: Path):
    first = fill(365)
    pdf = make_pdf(tmp_path, "--since", first.isoformat())
    found = pages(pdf)
    assert len(found) >= 2
    assert_charts_whole(found)
    # Bird dog's row holds its level and its changes on two lines: one page.
    assert len(page_of(found, "Bird dog")) == 1
    assert page_of(found, "Bird dog") == page_of(found, "changes: the last")


# A year's weekly table pushes the weeks chart to the foot of page two: around 51
# weeks its caption would fall onto page three without the print CSS.
NEAR_A_PAGE_FOOT = (350, 357, 364)


def _year_pdf(tmp_path: Path, days: int) -> Path:
    today = date(2024, 12, 29)
    first = today - timedelta(days=days - 1)
    with Store.memory(now=lambda: NOW, tz=UTC) as store:
        write(store, improving(first, days))
        html = page.render(build_report(store, Period(first, today), today=today), paper="a4")
    pdf = tmp_path / f"year-{days}.pdf"
    pdf.write_bytes(print_pdf(html))
    return pdf


def test_a_chart_at_the_foot_of_a_page_moves_whole_to_the_next(tmp_path: Path):
    for days in NEAR_A_PAGE_FOOT:
        assert_charts_whole(pages(_year_pdf(tmp_path, days)))


def test_the_split_check_sees_a_split_when_the_print_css_is_taken_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    found = re.search(r"figure, tr[^{]*\{ break-inside: avoid;[^}]*\}", page.CSS)
    assert found is not None
    rule = found.group(0)
    monkeypatch.setattr(page, "CSS", page.CSS.replace(rule, ""))
    split = []
    for days in NEAR_A_PAGE_FOOT:
        try:
            assert_charts_whole(pages(_year_pdf(tmp_path, days)))
        except AssertionError:
            split.append(days)
    assert split, "without break-inside: avoid some figure should have been split"


def test_chromium_leaves_nothing_in_the_persons_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The browser runs on a throwaway profile; its crash database ("Crash Reports",
    where a crash would leave a dump of the page: health data) and dconf cache must
    land there too, not in the person's own config and cache folders."""
    config, cache = tmp_path / "config", tmp_path / "cache"
    config.mkdir()
    cache.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert print_pdf("<!DOCTYPE html><title>t</title><p>Pain 3</p>").startswith(b"%PDF")
    assert [p.relative_to(tmp_path) for p in (*config.rglob("*"), *cache.rglob("*"))] == []
