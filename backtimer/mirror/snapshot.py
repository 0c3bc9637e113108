"""What the page receives: a plain, JSON-ready picture of the engine's state.

A pure function of the engine's state (and the routine it runs), so it is tested
without a server, a browser or a clock. The texts come from the same
`build_view` the terminal draws from, so the page and the terminal never say
different things; only the two hints about keys are reworded for buttons.

Time is sent as a plan, not as a number to show: a running countdown carries the
server-clock moment it reaches zero (`deadline`), and the page counts down to it
on its own clock, corrected by the server's clock in every message (see
page.js). A late or lost message therefore never freezes or skews the number.
Nothing about earlier sessions, and no pain score, is ever in a snapshot.
"""

from __future__ import annotations

from typing import Any

from backtimer.engine.types import PhaseKind, SessionState, Status
from backtimer.routine.model import Routine
from backtimer.ui.view import BREATH_KINDS, build_view

# The terminal's key hints, as the page says them.
PAGE_DETAILS = {
    "Press enter after each rep": "Tap Rep done after each rep",
    "Press space to resume": "Tap Resume to go on",
}
LIVE = (Status.RUNNING, Status.PAUSED, Status.RESUMING)

Snapshot = dict[str, Any]


def snapshot(
    state: SessionState | None,
    routine: Routine,
    now: float,
    *,
    total: float = 0.0,
    levels: dict[int, tuple[float, float]] | None = None,
) -> Snapshot:
    """The page's picture of `state`, taken at server-clock time `now`.

    `state` is None before the engine starts (a check-in is being answered on
    the terminal). `total` is the planned length (for progress); `levels` the
    breathing shape's level at the start and end of each breath phase
    (`backtimer.ui.view.breath_levels`).
    """
    if state is None:
        return _waiting(routine)
    view = build_view(state, routine, total)
    phase = state.phase
    status = state.status
    running = status is Status.RUNNING
    countdown: dict[str, Any] | None = None
    if status is Status.RESUMING and state.resume_remaining is not None:
        countdown = _count(now, state.resume_remaining, running=True)
    elif status in LIVE and state.remaining is not None and view.countdown:
        countdown = _count(now, state.remaining, running=running)
    waiting = phase is not None and phase.waits and running
    return {
        "type": "state",
        "status": status.value,
        "routine": routine.name,
        "step": view.step,
        "name": view.name,
        "cue": view.cue,
        "title": view.title,
        "phase": view.phase_class.removeprefix("-"),
        "detail": PAGE_DETAILS.get(view.detail, view.detail),
        "side": view.side,
        "reps": view.reps,
        "sets": view.sets,
        "next": view.next,
        "cadence": view.cadence,
        "countdown": countdown,
        "counted": view.counted,
        "done": view.done_reps,
        "rep_count": state.rep_count if view.counted else None,
        # The bar is 1 - time left / total: counted on the page like the number.
        "total": round(total, 4),
        "time_left": _count(now, state.time_left, running=running and not waiting),
        "breath": _breath(state, now, levels or {}),
        "can": {
            "pause": status in (Status.RUNNING, Status.RESUMING),
            "resume": status is Status.PAUSED,
            "skip": status in LIVE,
            "back": status in LIVE,
            "rep": waiting,
            "pain": status in LIVE,
        },
        "ended": status in (Status.FINISHED, Status.STOPPED),
    }


def _count(now: float, remaining: float, *, running: bool) -> dict[str, Any]:
    """While running: the server-clock moment it reaches zero, to the millisecond
    (so two pictures of one hold are equal, and only one is sent); else the
    seconds it stands still at."""
    remaining = max(0.0, remaining)
    if running:
        return {"remaining": None, "deadline": round(now + remaining, 3)}
    return {"remaining": round(remaining, 3), "deadline": None}


def _breath(
    state: SessionState, now: float, levels: dict[int, tuple[float, float]]
) -> dict[str, Any] | None:
    """The breathing shape: from one level to another over the phase's time, so
    the page grows and shrinks it smoothly by itself."""
    phase = state.phase
    if phase is None or phase.kind not in BREATH_KINDS or state.status not in LIVE:
        return None
    start, end = levels.get(phase.index, (0.0, 1.0 if phase.kind is PhaseKind.INHALE else 0.0))
    length = phase.duration or phase.estimate
    level = start + (end - start) * min(1.0, state.elapsed_in_phase / length if length else 1.0)
    moving = state.status is Status.RUNNING and state.remaining is not None
    return {
        "level": round(level, 4),
        "to": round(end, 4),
        "until": round(now + (state.remaining or 0.0), 4) if moving else None,
    }


def _waiting(routine: Routine) -> Snapshot:
    return {
        "type": "state",
        "status": "waiting",
        "routine": routine.name,
        "step": "",
        "name": routine.name,
        "cue": "",
        "title": "STARTING",
        "phase": "",
        "detail": "The session starts on the computer",
        "side": "",
        "reps": "",
        "sets": "",
        "next": "",
        "cadence": "",
        "countdown": None,
        "counted": False,
        "done": 0,
        "rep_count": None,
        "total": 0.0,
        "time_left": None,
        "breath": None,
        "can": dict.fromkeys(("pause", "resume", "skip", "back", "rep", "pain"), False),
        "ended": False,
    }
