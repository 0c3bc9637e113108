"""Every duration notation of the routine format, and the messages for bad ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.routine.durations import DurationError, parse_duration
from backtimer.time_text import format_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45", 45),
        ("2.5", 2.5),
        (".5", 0.5),
        ("45s", 45),
        ("45 s", 45),
        ("90 sec", 90),
        ("90 secs", 90),
        ("10 seconds", 10),
        ("1 second", 1),
        ("1m30s", 90),
        ("1m 30s", 90),
        ("1 min 30 s", 90),
        ("1 min, 30 s", 90),
        ("2m", 120),
        ("2 min", 120),
        ("2 mins", 120),
        ("2 minutes", 120),
        ("1 minute", 60),
        ("1.5 min", 90),
        ("1:30", 90),
        ("0:05", 5),
        ("12:00", 720),
        ("1:02:03", 3723),
        ("1h", 3600),
        ("1 hour", 3600),
        ("2 hours", 7200),
        ("1hr", 3600),
        ("1h 2m 3s", 3723),
        ("1H30M", 5400),
        ("  45s  ", 45),
        ("0", 0),
        ("0s", 0),
        ("-5", -5),
        ("-1m", -60),
        ("+5s", 5),
    ],
)
def test_notations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(("value", "seconds"), [(45, 45.0), (2.5, 2.5), (0, 0.0)])
def test_numbers_are_seconds(value: float, seconds: float) -> None:
    result = parse_duration(value)
    assert result == seconds
    assert isinstance(result, float)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "it is empty"),
        ("  ", "it is empty"),
        ("-", "it is empty"),
        ("fast", "it has no number in it"),
        ("10 mn", "unknown unit 'mn'; did you mean 'min'?"),
        ("10 parsecs", "unknown unit 'parsecs'; did you mean 'secs'?"),
        ("10 xyzzy", "unknown unit 'xyzzy'; use h, min or s"),
        ("1m 1m", "'m' is given twice"),
        ("1 min 2 minutes", "'minutes' is given twice"),
        ("5 5s", "numbers need a unit after them, like 30s or 2 min"),
        ("1m30", "numbers need a unit after them, like 30s or 2 min"),
        ("1:60", "a clock time is m:ss or h:mm:ss, like 1:30"),
        ("1:5", "a clock time is m:ss or h:mm:ss, like 1:30"),
        ("1" * 400, "the number is far too large"),
        (True, "true/false is not an amount of time"),
        (None, "it is not a number or text"),
        ([1], "it is not a number or text"),
        (float("inf"), "it is not a finite number"),
        (float("nan"), "it is not a finite number"),
    ],
)
def test_bad_notations_say_why(value: object, reason: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert caught.value.reason == reason
    assert "write e.g. 45, 45s, 1m30s, 2 min or 1:30" in str(caught.value)


def test_error_quotes_the_text_shortened() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("x" * 100)
    assert str(caught.value).startswith("'" + "x" * 37 + "...' is not a duration")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (1, "1s"),
        (59, "59s"),
        (60, "1m"),
        (90, "1m30s"),
        (2.5, "2.5s"),
        (61.5, "61.5s"),
        (3600, "1h"),
        (3725, "1h2m5s"),
        (7201, "2h1s"),
        (-5, "-5s"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10 * 3600))
def test_formatted_whole_seconds_read_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@settings(deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_duration_or_a_duration_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except DurationError:
        return
    assert isinstance(seconds, float)
