"""Every way a length of time is written, with its rounding at the edges.

These are the strings the screens, the snapshots, the report and the routine files
show; each case here is one a screen or a page already shows.
"""

from __future__ import annotations

import pytest

from backtimer import time_text as t
from backtimer.routine import durations


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0"),
        (-3, "0"),
        (0.2, "1"),  # rounded up: "1" is the last second shown
        (1.0, "1"),
        (59.0, "59"),
        (59.5, "1:00"),
        (60.0, "1:00"),
        (65.2, "1:06"),
        (3599.0, "59:59"),
        (3600.0, "1:00:00"),
        (3725.0, "1:02:05"),
    ],
)
def test_clock_text(seconds: float, text: str) -> None:
    assert t.clock_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (-5, "0 s"),
        (44.6, "45 s"),
        (59.4, "59 s"),
        (59.6, "1 min"),
        (90, "1 min 30 s"),
        (120, "2 min"),
        (3599, "59 min 59 s"),
        (3600, "1 h 00 min"),
        (3900, "1 h 05 min"),
    ],
)
def test_duration_text(seconds: float, text: str) -> None:
    assert t.duration_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "minutes"),
    [(0, 0), (-1, 0), (1, 1), (59, 1), (60, 1), (60.000000001, 1), (60.5, 2), (3600, 60)],
)
def test_estimate_minutes_rounds_up(seconds: float, minutes: int) -> None:
    assert t.estimate_minutes(seconds) == minutes


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 min"), (5, "5 min"), (59, "59 min"), (60, "1 h 00 min"), (65, "1 h 05 min")],
)
def test_minutes_text(minutes: int, text: str) -> None:
    assert t.minutes_text(minutes) == text


def test_estimate_text() -> None:
    assert t.estimate_text(290) == "about 5 min"
    assert t.estimate_text(300) == "about 5 min"
    assert t.estimate_text(301) == "about 6 min"
    assert t.estimate_text(3900) == "about 1 h 05 min"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-1, "nothing left"),
        (0, "nothing left"),
        (0.4, "< 1 min left"),
        (2, "< 1 min left"),
        (59.9, "< 1 min left"),
        (60, "1 min left"),
        (61, "2 min left"),
        (12 * 60, "12 min left"),
        (11 * 60 + 1, "12 min left"),
        (3601, "1 h 01 min left"),
    ],
)
def test_minutes_left_text(seconds: float, text: str) -> None:
    assert t.minutes_left_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (-2, "0:00"), (9.4, "0:09"), (236.4, "3:56"), (3600, "60:00")],
)
def test_mmss(seconds: float, text: str) -> None:
    assert t.mmss(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (0.4, "0 min"),
        (0.6, "1 s"),
        (44.6, "45 s"),
        (59.4, "59 s"),
        (90, "2 min"),  # round half to even: 1.5 -> 2
        (150, "2 min"),  # 2.5 -> 2
        (119 * 60, "119 min"),
        (125 * 60, "2 h 05 min"),
        (250_000 * 60, "4,167 h"),
    ],
)
def test_rounded_minutes_text(seconds: float, text: str) -> None:
    assert t.rounded_minutes_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (59.4, "59 s"),
        (59.5, "1.0 min"),
        (270, "4.5 min"),
        (599, "10.0 min"),
        (600, "10 min"),
        (1530, "26 min"),  # 25.5 -> 26: round half to even
    ],
)
def test_decimal_minutes_text(seconds: float, text: str) -> None:
    assert t.decimal_minutes_text(seconds) == text


def test_decimal_minutes_text_keeps_the_space_it_is_given() -> None:
    assert t.decimal_minutes_text(270, "\u00a0") == "4.5\u00a0min"
    assert t.decimal_minutes_text(30, "\u00a0") == "30\u00a0s"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (2.5, "2.5s"), (45, "45s"), (90, "1m30s"), (3600, "1h"), (3725, "1h2m5s")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert t.format_duration(seconds) == text
    assert durations.parse_duration(text) == seconds
