"""Which sound an engine event deserves, and which one wins when several coincide.

Pure functions and one small state machine; no sound is played here. The rules
are written down for users in docs/audio.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backtimer.engine.types import Event, EventKind, PhaseKind, StopReason

CUES: tuple[str, ...] = (
    "start",
    "end",
    "tick",
    "halfway",
    "rest",
    "switch",
    "inhale",
    "exhale",
    "metronome",
    "complete",
    "attention",
)

# Not a sound: a user's own stop or skip, which should not ring the "end" bell.
SILENCE = "-"

# When cues fall on the same planned instant only the highest plays. What happens
# next outranks what just ended (a new hold starting, "switch sides"); "end" beats
# "rest" because the end of an effort is what a person listens for.
PRIORITY: dict[str, int] = {
    "attention": 100,
    "complete": 90,
    "switch": 80,
    "start": 70,
    "inhale": 60,
    "exhale": 60,
    SILENCE: 50,
    "end": 40,
    "rest": 30,
    "tick": 20,
    "halfway": 15,
    "metronome": 10,
}

# Cues that a later event at the same instant may still outrank, so they wait for
# the rest of that instant's events before they are played.
DEFERRED = frozenset({"end", "rest", "metronome"})

SAME_INSTANT = 1e-6  # seconds; events of one instant carry the same planned time

_BEGIN = {
    PhaseKind.HOLD: "start",
    PhaseKind.WORK: "start",
    PhaseKind.REP: "start",  # timed reps only: a hand-counted rep is the user's own
    PhaseKind.REST: "rest",
    PhaseKind.SWITCH: "switch",
    PhaseKind.INHALE: "inhale",
    PhaseKind.EXHALE: "exhale",
}
_ENDS = {PhaseKind.HOLD, PhaseKind.WORK}


@dataclass(frozen=True)
class CuePrefs:
    """What a session wants to hear beyond the essentials."""

    ticks: bool = True  # 3, 2, 1 before a phase ends
    halfway: bool = False  # a soft pip at half of a long hold
    metronome: bool = True  # beats during interval work with a cadence


def cue_for(event: Event, prefs: CuePrefs = CuePrefs()) -> str | None:
    """The sound for one event, or None. Coincidences are settled by `CueArbiter`."""
    kind, phase = event.kind, event.phase
    if kind is EventKind.PHASE_STARTED and phase is not None:
        return None if phase.waits else _BEGIN.get(phase.kind)  # only reps by hand wait
    if kind is EventKind.RESUMED and phase is not None and phase.kind is not PhaseKind.REST:
        # After the "get ready" ticks the effort (or the breath) carries on: say so.
        return None if phase.waits else _BEGIN.get(phase.kind)
    if kind is EventKind.PHASE_ENDED and phase is not None:
        return "end" if phase.kind in _ENDS else None
    if kind is EventKind.SIDE_SWITCH:
        return "switch"
    if kind is EventKind.TICK:
        return "tick" if prefs.ticks else None
    if kind is EventKind.BEAT:
        return "metronome" if prefs.metronome else None
    if kind is EventKind.HALFWAY:
        return "halfway" if prefs.halfway else None
    if kind is EventKind.SESSION_FINISHED:
        return "complete"
    if event.stop_reason is StopReason.PAIN:
        return "attention"
    return None


def arbiter_input(event: Event, prefs: CuePrefs = CuePrefs()) -> str | None:
    """`cue_for`, plus SILENCE for a stop or skip the user asked for: the phase that
    ends then was cut short, and ringing "end" would tell a lie."""
    if event.kind is EventKind.STEP_SKIPPED or (event.stop_reason is StopReason.STOPPED):
        return SILENCE
    return cue_for(event, prefs)


class CueArbiter:
    """Settles coinciding cues: per planned instant, at most one sound.

    `offer` returns what may play now; a deferred cue waits until an event of
    another instant arrives or `flush` is called (the service flushes after a few
    milliseconds without events, the schedule at the end).
    """

    def __init__(self) -> None:
        self._at: float | None = None
        self._best = -1  # priority already played (or silenced) at this instant
        self._pending: str | None = None

    @property
    def pending(self) -> str | None:
        """The cue waiting for the rest of its instant, if any."""
        return self._pending

    def offer(self, at: float, cue: str) -> list[str]:
        out: list[str] = []
        if self._at is None or abs(at - self._at) > SAME_INSTANT:
            out += self.flush()
            self._at, self._best = at, -1
        rank = PRIORITY[cue]
        if rank <= self._best:
            return out
        if self._pending is not None:
            if rank <= PRIORITY[self._pending]:
                return out
            self._pending = None
        if cue in DEFERRED:
            self._pending = cue
            return out
        self._best = rank
        if cue != SILENCE:
            out.append(cue)
        return out

    def flush(self) -> list[str]:
        if self._pending is None:
            return []
        cue, self._pending = self._pending, None
        self._best = max(self._best, PRIORITY[cue])
        return [cue]


def cue_schedule(events: Iterable[Event], prefs: CuePrefs = CuePrefs()) -> list[tuple[float, str]]:
    """The sounds a session would make, as (planned time, cue), in order."""
    arbiter = CueArbiter()
    out: list[tuple[float, str]] = []
    last_at = 0.0
    for event in events:
        cue = arbiter_input(event, prefs)
        if cue is None:
            continue
        # A flush caused by a new instant belongs to the previous one.
        before = arbiter.flush() if abs(event.at - last_at) > SAME_INSTANT else []
        out += [(last_at, c) for c in before]
        out += [(event.at, c) for c in arbiter.offer(event.at, cue)]
        last_at = event.at
    out += [(last_at, c) for c in arbiter.flush()]
    return out
