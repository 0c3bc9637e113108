"""The length a routine's description promises ("About 12 minutes."), read back."""

from __future__ import annotations

import re

_ABOUT = re.compile(r"\bAbout (\d+(?:\.\d+)?) (minutes?|seconds?)\b")


def claimed_seconds(description: str | None) -> float | None:
    """The first "About N minutes" in `description`, in seconds; None when absent."""
    if not description:
        return None
    match = _ABOUT.search(" ".join(description.split()))
    if match is None:
        return None
    amount = float(match.group(1))
    return amount * 60 if match.group(2).startswith("minute") else amount


def within(estimate: float, claim: float, tolerance: float = 0.10) -> bool:
    return abs(estimate - claim) <= tolerance * claim
