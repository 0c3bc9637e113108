"""Every way backtimer writes a length of time, in one place.

Each screen, command and page says a length the way its reader needs it (a
countdown to the second, a routine's estimate in whole minutes rounded up, a
history list in rounded minutes, a routine file's compact "1m30s"), and each of
those ways is written once here, so the same length never reads two ways and the
roundings are tested together (tests/test_time_text.py). Pure and headless: only
`math`, so the engine, the loader and the status line may all use it.

    clock_text(65.2)          "1:06"         a countdown: rounded up
    duration_text(90)         "1 min 30 s"   the end screen's active time
    estimate_minutes(61)      2              the one rounding of an estimate: up
    minutes_text(65)          "1 h 05 min"   whole minutes
    estimate_text(290)        "about 5 min"  a routine's planned length
    minutes_left_text(30)     "< 1 min left" the session's time left
    mmss(236.4)               "3:56"         a step's time, rounded
    rounded_minutes_text(90)  "2 min"        the history's durations, rounded
    decimal_minutes_text(270) "4.5 min"      the report's step times
    format_duration(90)       "1m30s"        a routine file's durations
"""

from __future__ import annotations

import math


def clock_text(seconds: float) -> str:
    """A countdown as a person reads it: whole seconds, rounded up, so "1" is the
    last second shown and the phase ends as "0" would appear."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return str(whole)
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}:{secs:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def duration_text(seconds: float) -> str:
    """A length in words-ish: "45 s", "2 min", "1 min 30 s", "1 h 05 min"."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def estimate_minutes(seconds: float) -> int:
    """A planned length in whole minutes, rounded up: the one rounding that `list`,
    `show`, the home screen and the session's "min left" all use, so a routine
    listed as "about 5 min" starts at "5 min left" (a countdown never says 0 while
    time is left, so it rounds up; everything else follows it)."""
    return max(0, math.ceil(seconds / 60 - 1e-9))


def minutes_text(minutes: int) -> str:
    """ "5 min", "1 h 05 min"."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


def estimate_text(seconds: float) -> str:
    """ "about 5 min": a routine's planned length, as every screen says it."""
    return f"about {minutes_text(estimate_minutes(seconds))}"


def minutes_left_text(seconds: float) -> str:
    """The whole routine's time left, in minutes rounded up: "12 min left".

    It is an estimate (hand-counted reps take what they take), so seconds would
    be false precision; and a line that changes every second beside the big
    countdown only draws the eye (and the terminal) away from it. Rounded as
    `list`, `show` and the home screen round (`estimate_minutes`).

    Under a minute it says so ("< 1 min left"): rounded up, 2 s would
    read "1 min left"; and with nothing left (the last check-in after the whole
    routine) "nothing left", never "0 min left".
    """
    if seconds <= 0:
        return "nothing left"
    if seconds < 60:
        return "< 1 min left"
    return f"{minutes_text(estimate_minutes(seconds))} left"


def mmss(seconds: float) -> str:
    """ "3:56": a step's time to the second, for holds that must be exact."""
    minutes, secs = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def rounded_minutes_text(seconds: float) -> str:
    """Whole minutes, or seconds under one: the history list's duration column,
    its totals and its chart's scale ("45 s", "119 min", "2 h 05 min", "4,167 h")."""
    if round(seconds) <= 0:
        return "0 min"
    if seconds < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours >= 100:
        return f"{round(minutes / 60):,} h"
    return f"{hours} h {rest:02d} min"


def decimal_minutes_text(seconds: float, space: str = " ") -> str:
    """The report's step times: seconds under a minute, tenths of a minute under
    ten ("4.5 min"), whole minutes above. `space` goes between number and unit
    (the page keeps them together with a no-break space)."""
    if seconds < 59.5:
        return f"{seconds:.0f}{space}s"
    minutes = seconds / 60
    if minutes < 10:
        return f"{minutes:.1f}{space}min"
    return f"{minutes:.0f}{space}min"


def format_duration(seconds: float) -> str:
    """Compact and exact, as a routine file writes it (routine/durations.py reads
    it back): 90 -> '1m30s', 2.5 -> '2.5s', 3600 -> '1h', 0 -> '0s'."""
    if seconds < 0:
        return "-" + format_duration(-seconds)
    whole = int(seconds)
    if whole != seconds or whole < 60:
        return f"{seconds:g}s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts)
