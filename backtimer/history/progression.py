"""Where a progression stands, and the one rule that moves it.

A progressing step (`reps: {start, goal, step, back_off}`) goes up one `step` only
after a session in which it was done in full (every rep of every set and side; not
skipped, not cut short) and pain after was not 2 or more above pain before (when
both were given), and at most once a local calendar day. A pain stop during the
step, or a rise of 2 or more, holds the level, or takes `back_off` reps off when the
routine asks for it. A pain stop in another step holds it too. Anything less than
the whole step holds it. A person doing back exercises in pain must never be pushed
past what they did.

Each finished session is settled once, after its last pain check-in: one row per
progressing step goes into the history's `progression_levels` (the level before
and after, a reason code and the sentence the screens show). The latest row of a
step is its level; a step with no row yet is at `start`. `decide` is pure, so the
rule is tested over any session without SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backtimer.engine.types import SessionStatus
from backtimer.history import stats
from backtimer.history.models import LevelChange, SessionRow, StepRow
from backtimer.history.store import Store
from backtimer.routine.model import Progression, Routine

PAIN_RISE = 2  # this many points more after than before holds the level


class Reason(StrEnum):
    """Why a level moved or held: stored as the row's `reason`."""

    DONE = "done"  # done in full without a pain rise: up one step
    GOAL = "goal"  # done in full, already at the goal
    ONCE_A_DAY = "once-a-day"  # done in full, but it went up today already
    SKIPPED = "skipped"
    PARTIAL = "partial"  # begun, not finished (cut short, stopped, skipped part-way)
    NOT_REACHED = "not-reached"  # the session ended before the step
    PAIN_ROSE = "pain-rose"  # pain after 2 or more above pain before
    PAIN_STOP = "pain-stop"  # stopped for pain during this step
    SESSION_PAIN_STOP = "session-pain-stop"  # stopped for pain during another step


@dataclass(frozen=True)
class Decision:
    level_before: int
    level_after: int
    reason: Reason
    explanation: str  # "stays at 6: pain rose from 3 to 6"


@dataclass(frozen=True)
class Standing:
    """A progressing step as the next session will start it: its level, and the
    latest decision about it (None before its first settled session)."""

    step_index: int
    step_name: str
    progression: Progression
    level: int
    last: LevelChange | None

    def text(self) -> str:
        """ "level 6 of 30 (stays at 6: pain rose from 3 to 6)"."""
        where = f"level {self.level} of {self.progression.goal}"
        if self.last is None:
            return f"{where} (the start: no finished session yet)"
        return f"{where} (last session: {self.last.explanation})"


def done_in_full(step: StepRow) -> bool:
    """Every rep of every set and side, and not skipped."""
    if step.skipped:
        return False
    if step.planned_reps is not None and step.done_reps < step.planned_reps:
        return False
    if step.done_sets < step.planned_sets:
        return False
    return set(step.planned_sides) <= set(step.done_sides)


def pain_stop_step(session: SessionRow) -> int | None:
    """The step a pain stop came in: the one recorded last (the engine closes the
    step in progress when it stops). None when the session was not a pain stop."""
    if session.status is not SessionStatus.PAIN_STOP or not session.steps:
        return None
    last = max(session.steps, key=lambda s: (s.finished_at, s.step_index))
    return last.step_index


def decide(
    progression: Progression,
    level: int,
    step_index: int,
    session: SessionRow,
    *,
    raised_today: bool,
) -> Decision:
    """The level after `session` (a SessionRow with its steps) for the step at
    `step_index`, which stood at `level` before it."""
    before = progression.clamp(level)
    step = next((s for s in session.steps if s.step_index == step_index), None)
    stopped_in = pain_stop_step(session)
    pain_rose = (
        session.pain_before is not None
        and session.pain_after is not None
        and session.pain_after - session.pain_before >= PAIN_RISE
    )

    def held(reason: Reason, why: str, back_off: bool = False) -> Decision:
        after = progression.lowered(before) if back_off else before
        head = f"back to {after} from {before}" if after != before else f"stays at {before}"
        return Decision(before, after, reason, f"{head}: {why}")

    if stopped_in == step_index:
        return held(Reason.PAIN_STOP, "stopped for pain during this exercise", back_off=True)
    if pain_rose:
        why = f"pain rose from {session.pain_before} to {session.pain_after}"
        return held(Reason.PAIN_ROSE, why, back_off=True)
    if stopped_in is not None:
        return held(Reason.SESSION_PAIN_STOP, "the session was stopped for pain")
    if step is None:
        return held(Reason.NOT_REACHED, "not reached")
    if step.skipped and step.done_reps == 0:
        return held(Reason.SKIPPED, "skipped")
    if not done_in_full(step):
        return held(Reason.PARTIAL, f"{_done_part(step)}, not all")
    per_level = step.planned_sets * max(1, len(step.planned_sides))
    if step.planned_reps is not None and step.planned_reps < before * per_level:
        # Planned at a lower level (another terminal, an older plan): not this level's work.
        done_at = step.planned_reps // per_level
        return held(Reason.PARTIAL, f"done at {done_at}, below the level")
    if before >= progression.goal:
        return held(Reason.GOAL, "the goal, done in full")
    if raised_today:
        return held(Reason.ONCE_A_DAY, "done in full, but it went up today already (once a day)")
    after = progression.raised(before)
    why = "done in full"
    if session.pain_before is not None and session.pain_after is not None:
        why += f", pain {session.pain_before} → {session.pain_after}"
    return Decision(before, after, Reason.DONE, f"up from {before} to {after}: {why}")


def _done_part(step: StepRow) -> str:
    if step.planned_reps:
        return f"{step.done_reps} of {step.planned_reps} done"
    return f"{step.done_sets} of {step.planned_sets} sets done"


def standings(
    store: Store, routine: Routine, *, excluding: str | None = None
) -> dict[int, Standing]:
    """Each progressing step's level and latest decision, by step index.

    A routine whose sessions were recorded before levels were kept (no row of it
    yet) has its levels replayed from those sessions with this same rule, so an
    upgrade keeps what was honestly earned and drops what skipped sessions gave
    (`excluding`: a session left out of that, the one being settled)."""
    progressing = [(i, s) for i, s in enumerate(routine.steps) if s.progression is not None]
    if not progressing:
        return {}
    latest = store.latest_levels(routine.name) or replay(store, routine, excluding)
    found: dict[int, Standing] = {}
    for index, step in progressing:
        rule = step.progression
        assert rule is not None
        last = latest.get(step.name)
        level = rule.start if last is None else last.level_after
        found[index] = Standing(index, step.name, rule, rule.clamp(level), last)
    return found


def replay(store: Store, routine: Routine, excluding: str | None = None) -> dict[str, LevelChange]:
    """The latest decision for each progressing step, worked out from the
    routine's finished sessions as if each had been settled when it ended (on the
    local date it started); nothing is written."""
    latest: dict[str, LevelChange] = {}
    raised: set[tuple[str, date]] = set()
    names = [step.name for step in routine.steps if step.progression is not None]
    for session in store.finished_sessions(routine.name, names):
        if session.id == excluding:
            continue
        day = stats.local_date(session.started_at, store.tz)
        for step in routine.steps:
            rule = step.progression
            if rule is None:
                continue
            row = next((s for s in session.steps if s.name == step.name), None)
            index = row.step_index if row is not None else -1
            last = latest.get(step.name)
            decision = decide(
                rule,
                rule.start if last is None else last.level_after,
                index,
                session,
                raised_today=(step.name, day) in raised,
            )
            if decision.level_after > decision.level_before:
                raised.add((step.name, day))
            latest[step.name] = LevelChange(
                routine_name=routine.name,
                step_name=step.name,
                step_index=index,
                session_id=session.id,
                decided_at=session.ended_at or session.started_at,
                day=day,
                level_before=decision.level_before,
                level_after=decision.level_after,
                reason=decision.reason.value,
                explanation=decision.explanation,
            )
    return latest


def recorded_store() -> Store | None:
    """The history, opened to read levels, or None when there is none yet (a
    reading command creates no database) or it cannot be opened."""
    from backtimer import locations
    from backtimer.errors import UserError

    if not locations.database_path().is_file():
        return None
    try:
        return Store.open()
    except (UserError, OSError):
        return None


def levels(store: Store, routine: Routine) -> dict[int, int]:
    """Today's reps for each progressing step: what `plan(routine, reps)` takes."""
    return {index: s.level for index, s in standings(store, routine).items()}


def settle(store: Store, routine: Routine, session_id: str) -> list[LevelChange]:
    """Decide and record each progressing step's level after a finished session;
    a session already settled (or not finished, or gone) gives nothing new."""
    session = store.session(session_id)
    if session is None or session.status in (SessionStatus.RUNNING, SessionStatus.INTERRUPTED):
        return []
    if store.level_changes(session_id=session_id):
        return []
    now = store.now()
    today = stats.local_date(now, store.tz)
    changes = []
    for index, standing in standings(store, routine, excluding=session_id).items():
        decision = decide(
            standing.progression,
            standing.level,
            index,
            session,
            raised_today=_raised_today(store, routine, standing, today),
        )
        change = LevelChange(
            routine_name=routine.name,
            step_name=standing.step_name,
            step_index=index,
            session_id=session_id,
            decided_at=now,
            day=today,
            level_before=decision.level_before,
            level_after=decision.level_after,
            reason=decision.reason.value,
            explanation=decision.explanation,
        )
        store.record_level(change)
        changes.append(change)
    return changes


def _raised_today(store: Store, routine: Routine, standing: Standing, today: date) -> bool:
    """Recorded as raised today, or its latest (perhaps replayed) decision was."""
    last = standing.last
    if last is not None and last.day == today and last.level_after > last.level_before:
        return True
    return store.raised_on(routine.name, standing.step_name, today)
