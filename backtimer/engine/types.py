"""The vocabulary shared by the planner, the engine and everything that listens.

Screens render `SessionState`; audio and history react to `Event`s. None of these
types know about Textual, sound or SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from backtimer.routine.model import Side


class PhaseKind(StrEnum):
    READY = "ready"  # "get ready" before a step (and after resuming)
    HOLD = "hold"  # a timed hold (also each held rep)
    REP = "rep"  # one repetition: timed by tempo, or waiting for enter
    REST = "rest"  # between sets, rounds, holds (relax) and steps
    SWITCH = "switch"  # "switch sides"
    INHALE = "inhale"
    BREATH_HOLD = "breath_hold"
    EXHALE = "exhale"
    WORK = "work"  # interval work

    @property
    def title(self) -> str:  # type: ignore[override]
        """What the screen shows in capitals."""
        return _TITLES[self]


_TITLES = {
    PhaseKind.READY: "GET READY",
    PhaseKind.HOLD: "HOLD",
    PhaseKind.REP: "REP",
    PhaseKind.REST: "REST",
    PhaseKind.SWITCH: "SWITCH SIDES",
    PhaseKind.INHALE: "INHALE",
    PhaseKind.BREATH_HOLD: "HOLD",
    PhaseKind.EXHALE: "EXHALE",
    PhaseKind.WORK: "WORK",
}


@dataclass(frozen=True)
class Phase:
    """One planned stretch of time.

    `offset` is planned seconds from the session's start. `duration` is None for a
    phase that waits for a key (a hand-counted rep); the plan then assumes
    `estimate` seconds for it, so later offsets are estimates until it is done.
    """

    index: int
    kind: PhaseKind
    step_index: int  # 0-based index into Routine.steps; -1 for nothing
    offset: float
    duration: float | None
    estimate: float  # == duration for timed phases
    label: str = ""  # breathing label ("belly"), "Relax", "Next: …"
    set_number: int = 1  # 1-based
    set_count: int = 1
    side: Side | None = None
    rep: int | None = None  # 1-based rep (or hold, or breath cycle, or round)
    rep_count: int | None = None
    cadence: int | None = None  # beats per minute during WORK

    @property
    def end(self) -> float:
        return self.offset + self.estimate

    @property
    def waits(self) -> bool:
        return self.duration is None


@dataclass(frozen=True)
class Timeline:
    phases: tuple[Phase, ...]
    step_count: int

    @property
    def total(self) -> float:
        return self.phases[-1].end if self.phases else 0.0


class EventKind(StrEnum):
    SESSION_STARTED = "session_started"
    PHASE_STARTED = "phase_started"
    PHASE_ENDED = "phase_ended"
    TICK = "tick"  # 3, 2, 1 s before a timed phase ends; `value` = seconds left
    BEAT = "beat"  # metronome, during WORK with a cadence
    HALFWAY = "halfway"  # half of a hold of 10 s or more
    STEP_STARTED = "step_started"
    STEP_FINISHED = "step_finished"  # `result` set
    STEP_SKIPPED = "step_skipped"
    SIDE_SWITCH = "side_switch"
    REP_COUNTED = "rep_counted"
    PAUSED = "paused"
    RESUMED = "resumed"
    SESSION_FINISHED = "session_finished"  # reached the end (even with skips)
    SESSION_STOPPED = "session_stopped"  # stopped early; `value` is the StopReason


class StopReason(StrEnum):
    """Why a session ended early (`Engine.stop`). The history keeps it as the
    session's status: a pain stop as `pain-stop`, a quit as `stopped`."""

    STOPPED = "stopped"  # the person quit (q, ctrl+c, a signal)
    PAIN = "pain"  # `!`: it hurt


class SessionStatus(StrEnum):
    """How a session stands in the history, as its `status` column stores it (the
    CHECK in migrations/0001_initial.sql) and the exports write it. Here beside
    `StopReason`, not in the history package, so that the session screens can
    name it without loading the store."""

    RUNNING = "running"  # being written now (or its process died: see `interrupted`)
    COMPLETED = "completed"  # reached the end, even with skipped steps
    STOPPED = "stopped"  # quit early
    PAIN_STOP = "pain-stop"  # stopped because it hurt
    INTERRUPTED = "interrupted"  # its process died while it ran

    @classmethod
    def after_stop(cls, reason: StopReason | None) -> SessionStatus:
        """The status of a session stopped early for `reason`."""
        return cls.PAIN_STOP if reason == StopReason.PAIN else cls.STOPPED


@dataclass(frozen=True)
class StepResult:
    """Planned versus done for one step, as the history records it."""

    step_index: int
    name: str
    kind: str
    planned_reps: int | None
    done_reps: int
    planned_sets: int
    done_sets: int
    planned_sides: tuple[str, ...]
    done_sides: tuple[str, ...]
    planned_seconds: float
    active_seconds: float
    skipped: bool


# What an event carries besides its phase, by kind: a whole number (the seconds a
# TICK says, a BEAT's number, the step of STEP_STARTED, STEP_SKIPPED and
# SESSION_STARTED, the rep of REP_COUNTED), a side (SIDE_SWITCH), a StopReason
# (SESSION_STOPPED), or nothing.
EventValue = int | Side | StopReason | None


@dataclass(frozen=True)
class Event:
    """Something that happened in a session, at its planned moment.

    `value` is the kind's payload in its plain form (what `backtimer.trace` writes),
    typed as the union of every kind's payload (`EventValue`); listeners read it
    through the typed properties below, which say for which kind each one is set and
    are None for every other kind, so nobody narrows the union by hand.
    """

    kind: EventKind
    at: float  # the planned monotonic time (not when it was noticed)
    phase: Phase | None = None
    value: EventValue = None  # the kind's payload (see EventValue above)
    result: StepResult | None = None  # STEP_FINISHED: planned versus done

    @property
    def seconds_left(self) -> int | None:
        """TICK: the whole seconds left of the phase (3, 2, 1)."""
        return self._whole(EventKind.TICK)

    @property
    def beat(self) -> int | None:
        """BEAT: its 1-based number in the WORK phase."""
        return self._whole(EventKind.BEAT)

    @property
    def step(self) -> int | None:
        """STEP_STARTED and STEP_SKIPPED: the step's 0-based index; SESSION_STARTED:
        the step the session starts at."""
        if self.kind in (EventKind.STEP_STARTED, EventKind.STEP_SKIPPED):
            return self._whole(self.kind)
        return self._whole(EventKind.SESSION_STARTED)

    @property
    def rep(self) -> int | None:
        """REP_COUNTED: the 1-based rep (or hold, breath or round) just counted."""
        return self._whole(EventKind.REP_COUNTED)

    @property
    def side(self) -> Side | None:
        """SIDE_SWITCH: the side that comes next."""
        if self.kind is EventKind.SIDE_SWITCH and self.value in ("left", "right"):
            return "left" if self.value == "left" else "right"
        return None

    @property
    def stop_reason(self) -> StopReason | None:
        """SESSION_STOPPED: why. Anything but a pain stop is a plain stop."""
        if self.kind is not EventKind.SESSION_STOPPED:
            return None
        return StopReason.PAIN if self.value == StopReason.PAIN else StopReason.STOPPED

    def _whole(self, kind: EventKind) -> int | None:
        """The whole number of `kind`'s payload (the int of the union)."""
        value = self.value
        return value if self.kind is kind and isinstance(value, int) else None


class Status(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    RESUMING = "resuming"  # the "get ready" countdown after a pause
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class SessionState:
    """Everything a screen needs to draw one frame."""

    status: Status
    phase: Phase | None
    remaining: float | None  # seconds left in the phase; None while waiting for a key
    elapsed_in_phase: float
    step_index: int
    step_count: int
    next_step_index: int | None
    rep: int | None
    rep_count: int | None
    set_number: int
    set_count: int
    side: Side | None
    progress: float  # 0..1 of the planned whole
    time_left: float  # estimated seconds to the end
    resume_remaining: float | None = None  # the "get ready" after a pause
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)
