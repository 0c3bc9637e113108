"""Whether an interrupted session may be taken up again, and why not.

Resuming joins two parts into one session, so both parts must be the same
workout: the same routine file (its hash), and the same day's exercise. A session
is offered when it started on today's local date, or less than `within` ago (a
session begun at 23:40 and cut off at midnight is still tonight's); one that
started later than now (an import from a wrong clock) never is. `within` is three
hours unless config.toml says otherwise:

    [history]
    resume_within_hours = 3
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # read before the first frame: only what that needs is imported
    from backtimer.config_file import Config
    from backtimer.history.models import SessionRow
    from backtimer.routine.problems import Problem

DEFAULT_WITHIN = timedelta(hours=3)
MAX_WITHIN_HOURS = 48


class Verdict(Enum):
    RESUME = "resume"  # offer "Resume there?"
    CHANGED = "changed"  # the routine file is not what that session ran: offer a fresh start
    STALE = "stale"  # from another day: not offered
    FUTURE = "future"  # dated later than now: never offered


@dataclass(frozen=True)
class ResumeRule:
    within: timedelta = DEFAULT_WITHIN

    def judge(
        self, row: SessionRow, routine_hash: str, now: datetime, tz: tzinfo | None
    ) -> Verdict:
        from backtimer.history.stats import local_date

        started = row.started_at
        if started > now:
            return Verdict.FUTURE
        if local_date(started, tz) != local_date(now, tz) and now - started > self.within:
            return Verdict.STALE
        # An unknown hash (an old import) cannot vouch for the file either.
        if not routine_hash or row.routine_hash != routine_hash:
            return Verdict.CHANGED
        return Verdict.RESUME


def load_rule(path: Path | None = None) -> ResumeRule:
    """The `[history]` table of config.toml; the defaults without one. Its mistakes
    are a ConfigError naming the file and line, as in `[sound]`."""
    from backtimer.config_file import checked

    return checked(resume_settings, path)


def resume_settings(config: Config) -> tuple[ResumeRule, list[Problem]]:
    """`[history]` of the config file, and every mistake in it."""
    problems: list[Problem] = []
    table = config.table("history", problems)
    config.unknown_keys("history", table, ("resume_within_hours",), problems)
    hours = table.get("resume_within_hours", DEFAULT_WITHIN.total_seconds() / 3600)
    if (
        isinstance(hours, bool)
        or not isinstance(hours, int | float)
        or not 0 <= hours <= MAX_WITHIN_HOURS
    ):
        problems.append(
            config.problem(
                f"[history] resume_within_hours must be a number of hours from 0 to "
                f"{MAX_WITHIN_HOURS}, not {hours!r}.",
                "history",
                "resume_within_hours",
            )
        )
        return ResumeRule(), problems
    return ResumeRule(timedelta(hours=hours)), problems
