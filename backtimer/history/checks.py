"""What an imported value may be, field by field.

An import comes from another machine, another version, or someone's editor: every
value is checked to be what this backtimer itself would have written before it is
let into the history. Text is bounded in length and free of control characters
(NUL, escape sequences, line and paragraph separators, bidirectional overrides,
lone surrogates), which the screens, the terminal and the exports all rely on;
numbers and times lie in ranges a real session can have.

Each check returns the value as the database stores it, or raises TypeError or
ValueError with the end of a sentence ("must be ...").
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import TypeGuard

from backtimer.engine.types import SessionStatus
from backtimer.history.models import format_time, parse_time

REQUIRED = object()  # a column's default that makes it required

NAME_MAX = 1000
PATH_MAX = 4096
NOTE_MAX = 200  # as Store.set_note keeps it
COUNT_MAX = 1_000_000
SECONDS_MAX = 10_000_000.0  # about 115 days
SIDES_MAX = 16
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)  # another machine's clock may be a little ahead

# C0 and C1 controls, DEL, line/paragraph separators, bidirectional controls, the
# byte order mark, and surrogates (which cannot be stored as UTF-8).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_IDENT = re.compile(r"[!-~]{1,100}")  # printable ASCII, no spaces
_DIGEST = re.compile(r"[0-9A-Za-z:+/=_.-]{0,128}")
_KIND = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_SIDE = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _text(value: object, limit: int, what: str) -> str:
    if not isinstance(value, str) or len(value) > limit or _UNSAFE.search(value):
        raise TypeError(
            f"must be {what} of at most {limit:,} characters, without control characters"
        )
    return value


def name(value: object) -> str:
    text = _text(value, NAME_MAX, "text")
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def note(value: object) -> str | None:
    """A session's one-line note (the end screen's), at most NOTE_MAX characters."""
    if value is None:
        return None
    return _text(value, NOTE_MAX, "one line of text") or None


def path(value: object) -> str:
    return _text(value, PATH_MAX, "a path")


def ident(value: object) -> str:
    if not isinstance(value, str) or not _IDENT.fullmatch(value):
        raise TypeError("must be a non-empty id of at most 100 letters, digits or signs, no spaces")
    return value


def digest(value: object) -> str:
    if not isinstance(value, str) or not _DIGEST.fullmatch(value):
        raise TypeError("must be a hash of at most 128 letters and digits")
    return value


def kind(value: object) -> str:
    if not isinstance(value, str) or not _KIND.fullmatch(value):
        raise TypeError("must be a kind of step such as hold or reps")
    return value


def time(value: object) -> str:
    """A time with an offset, from 1970 to a day from now, stored in UTC."""
    problem = "must be a time with a timezone, like 2024-05-01T07:30:00Z"
    if not isinstance(value, str) or len(value) > 64:
        raise TypeError(problem)
    try:
        moment = parse_time(value)
    except (ValueError, OverflowError):  # 9999-12-31T23:59:59-05:00 overflows into UTC
        raise ValueError(problem) from None
    latest = datetime.now(UTC) + FUTURE_SLACK
    if not EARLIEST <= moment <= latest:
        raise ValueError(f"{problem}, between 1970 and today")
    return format_time(moment)


def optional_time(value: object) -> str | None:
    return None if value is None else time(value)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def count(value: object) -> int:
    if not _whole(value) or not 0 <= value <= COUNT_MAX:
        raise TypeError(f"must be a whole number from 0 to {COUNT_MAX:,}")
    return int(value)


def optional_count(value: object) -> int | None:
    return None if value is None else count(value)


def seconds(value: object) -> float:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not 0 <= value <= SECONDS_MAX
    ):
        raise TypeError(f"must be a number of seconds from 0 to {SECONDS_MAX:,.0f}")
    return float(value)


def pain(value: object) -> int | None:
    if value is None:
        return None
    if not _whole(value) or not 0 <= value <= 10:
        raise TypeError("must be a whole number from 0 to 10, or null")
    return int(value)


def status(value: object) -> str:
    allowed = [s.value for s in SessionStatus]
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}")
    return str(value)


def sides(value: object) -> str:
    """Stored as one space-separated string, so each side is a plain word."""
    if (
        not isinstance(value, list)
        or len(value) > SIDES_MAX
        or not all(isinstance(s, str) and _SIDE.fullmatch(s) for s in value)
    ):
        raise TypeError("must be a list of side names (letters, digits, - or _)")
    return " ".join(value)


def flag(value: object) -> int:
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
    return int(value)
