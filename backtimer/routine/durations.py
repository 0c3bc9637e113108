"""Readable durations: `45`, `2.5`, `45s`, `1m30s`, `1m 30s`, `2 min`, `90 sec`, `1:30`, `1h`.

People copy times from a physio's sheet in whatever notation it uses, so the
grammar is forgiving; what the numbers mean is checked by the loader, which knows
each key's allowed range. Here a duration only has to be a readable amount of time.
"""

from __future__ import annotations

import math
import re

from backtimer.suggest import closest

_SECONDS_PER_UNIT: dict[str, int] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
}
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"
_PLAIN = re.compile(rf"{_NUMBER}")
_CLOCK = re.compile(r"(\d+):([0-5]\d)(?::([0-5]\d))?")
_PART = re.compile(rf"({_NUMBER})\s*([a-z]+)\s*,?\s*")
_PARTS = re.compile(rf"(?:{_NUMBER}\s*[a-z]+\s*,?\s*)+")
_HINT = "write e.g. 45, 45s, 1m30s, 2 min or 1:30"


class DurationError(ValueError):
    """A value that is not a readable duration; `reason` says why, in a few words."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text} is not a duration ({reason}); {_HINT}")


def parse_duration(value: object) -> float:
    """Seconds for `value`; negative amounts come back negative so the caller can
    report them against its own range rather than as a notation error."""
    if isinstance(value, bool):
        raise DurationError(str(value).lower(), "true/false is not an amount of time")
    if isinstance(value, int | float):
        seconds = float(value)
        if not math.isfinite(seconds):
            raise DurationError(str(value), "it is not a finite number")
        return seconds
    if not isinstance(value, str):
        raise DurationError(repr(value), "it is not a number or text")
    return _parse_text(value)


def _parse_text(original: str) -> float:
    seconds = _parse_finite(original)
    if not math.isfinite(seconds):
        raise DurationError(repr(original.strip()[:37]), "the number is far too large")
    return seconds


def _parse_finite(original: str) -> float:
    stripped = original.strip()
    shown = repr(stripped if len(stripped) <= 40 else stripped[:37] + "...")
    text = original.strip().lower()
    sign = 1.0
    if text[:1] in ("-", "+"):
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:].strip()
    if not text:
        raise DurationError(shown, "it is empty")
    if _PLAIN.fullmatch(text):
        return sign * float(text)
    clock = _CLOCK.fullmatch(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:  # m:ss
            return sign * (int(first) * 60 + int(second))
        return sign * (int(first) * 3600 + int(second) * 60 + int(third))  # h:mm:ss
    if ":" in text:
        raise DurationError(shown, "a clock time is m:ss or h:mm:ss, like 1:30")
    if not any(char.isdigit() for char in text):
        raise DurationError(shown, "it has no number in it")
    if not _PARTS.fullmatch(text):
        raise DurationError(shown, "numbers need a unit after them, like 30s or 2 min")
    total = 0.0
    seen: set[int] = set()
    for number, unit in _PART.findall(text):
        per_unit = _SECONDS_PER_UNIT.get(unit)
        if per_unit is None:
            raise DurationError(shown, _unknown_unit(unit))
        if per_unit in seen:
            raise DurationError(shown, f"'{unit}' is given twice")
        seen.add(per_unit)
        total += float(number) * per_unit
    return sign * total


def _unknown_unit(unit: str) -> str:
    close = closest(unit, _SECONDS_PER_UNIT, cutoff=0.5)
    hint = f"; did you mean '{close}'?" if close else "; use h, min or s"
    return f"unknown unit '{unit}'{hint}"
