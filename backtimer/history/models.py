"""What the history store hands out: plain, immutable rows with aware UTC times."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from backtimer.engine.types import SessionStatus, StepResult


def content_hash(text: str | bytes) -> str:
    """The routine_hash a session stores: SHA-256 of the routine file's content, so a
    resume can tell whether the file changed since."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def format_time(moment: datetime) -> str:
    """Fixed-width UTC text, so that SQLite's text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("history times must be timezone-aware")
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Reads what `format_time` wrote, and any ISO-8601 time with an offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a timezone: {text!r}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class StepRow(StepResult):
    """Planned versus done for one step of a recorded session: the engine's
    `StepResult` as the store wrote it, and when. Its fields are the result's, so a
    field the engine adds is one the history must store (columns.STEP lists them in
    this order)."""

    finished_at: datetime


@dataclass(frozen=True)
class SessionRow:
    """One session. `steps` is filled by `Store.session(id)` only; listings leave it
    empty and give `step_count` / `skipped_count` instead.

    `next_step` is the step index a resume would start at: one past the highest
    recorded step (0 when none was recorded). `planned_steps` is how many steps the
    routine had (None for sessions recorded before it was kept); `done_count` the
    steps done in full, `partial_count` those begun and not finished.
    """

    id: str
    routine_name: str
    routine_file: str
    routine_hash: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    active_seconds: float
    paused_seconds: float
    pain_before: int | None
    pain_after: int | None
    resume_count: int
    step_count: int
    skipped_count: int
    next_step: int
    steps: tuple[StepRow, ...] = ()
    planned_steps: int | None = None
    done_count: int = 0
    partial_count: int = 0
    note: str | None = None  # the person's one line from the end screen


@dataclass(frozen=True)
class Totals:
    """The history screen's headline figures. Weeks start on Monday, local time."""

    week_sessions: int
    week_minutes: float
    streak_days: int  # consecutive local days with a session, ending today or yesterday
    total_sessions: int
    total_minutes: float
    completed_sessions: int
    pain_stops: int


@dataclass(frozen=True)
class DayMinutes:
    day: date  # local date
    minutes: float


@dataclass(frozen=True)
class PainPoint:
    session_id: str
    started_at: datetime
    before: int | None
    after: int | None


@dataclass(frozen=True)
class LevelChange:
    """One progressing step's level after one session, and why (a row of
    `progression_levels`). `moved` says whether the level changed."""

    routine_name: str
    step_name: str
    step_index: int
    session_id: str | None
    decided_at: datetime
    day: date  # local date of the decision
    level_before: int
    level_after: int
    reason: str  # backtimer.history.progression.Reason
    explanation: str  # "stays at 6: pain rose from 3 to 6"

    @property
    def moved(self) -> bool:
        return self.level_after != self.level_before
