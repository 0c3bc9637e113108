"""What the session screen shows, as plain values computed from the engine's state.

Kept free of Textual so it can be tested alone, and so the screen can compare two
views and touch only the widgets whose text really changed (a redraw per visible
change, not per tick).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from backtimer.engine.types import Phase, PhaseKind, SessionState, Status, Timeline
from backtimer.routine.model import Routine, Step, StepKind
from backtimer.time_text import clock_text, duration_text, minutes_left_text

BREATH_KINDS = frozenset({PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE})

# One CSS class per phase kind; the screen carries exactly one of these (plus
# -paused / -resuming / -waiting) so the stylesheet decides the colours.
PHASE_CLASSES = {
    PhaseKind.READY: "-ready",
    PhaseKind.HOLD: "-hold",
    PhaseKind.REP: "-rep",
    PhaseKind.REST: "-rest",
    PhaseKind.SWITCH: "-switch",
    PhaseKind.INHALE: "-breathe",
    PhaseKind.BREATH_HOLD: "-breathe",
    PhaseKind.EXHALE: "-breathe",
    PhaseKind.WORK: "-work",
}
ALL_PHASE_CLASSES = frozenset(PHASE_CLASSES.values()) | {"-paused", "-resuming", "-waiting"}


def _seconds(value: float | None) -> str:
    return duration_text(value or 0).replace(" ", "\u00a0")


def describe_step(step: Step) -> str:
    """One line that says what a step asks, for "After this: …"."""
    if step.kind is StepKind.HOLD:
        what = f"hold {_seconds(step.hold)}"
        if step.reps and step.reps > 1:
            what += f" × {step.reps}"
    elif step.kind is StepKind.REPS:
        what = f"{step.reps or 0} reps"
        what += f", {_seconds(step.tempo)} each" if step.tempo else ", counted by you"
    elif step.kind is StepKind.BREATHE:
        what = f"{step.cycles} breaths" if step.cycles else "breathing"
    else:
        what = f"{step.rounds or 1} × {_seconds(step.work)} work"
    if step.sets > 1:
        what += f", {step.sets} sets"
    if len(step.sides) == 2:
        what += ", each side"
    elif len(step.sides) == 1:
        what += f", {step.sides[0]} side"
    return what


def _counter_noun(phase: Phase, step: Step | None) -> str:
    if phase.kind in BREATH_KINDS:
        return "Breath"
    if phase.kind is PhaseKind.WORK or (step is not None and step.kind is StepKind.INTERVALS):
        return "Round"
    if phase.kind is PhaseKind.HOLD or (step is not None and step.kind is StepKind.HOLD):
        return "Hold"
    return "Rep"


@dataclass(frozen=True)
class SessionView:
    """Every text and flag on the session screen for one frame."""

    routine: str
    step: str  # "Step 3 / 9"
    name: str
    cue: str
    title: str  # GET READY, HOLD, PAUSED, ...
    phase_class: str  # -hold, -rest, ...
    status_class: str  # "", -paused, -resuming, -waiting
    countdown: str  # whole seconds; "" while waiting for a key
    detail: str  # "Relax", "belly", "Press space to resume", ...
    reps: str  # "Rep 4 / 10", "" when not counted
    sets: str  # "Set 2 / 3", "" for a single set
    side: str  # LEFT / RIGHT / ""
    next: str  # "After this: Bird dog · hold 2 s"
    time_left: str  # "12 min left"
    progress_permille: int
    counted: bool  # hand-counted reps: the big counter replaces the countdown
    done_reps: int
    cadence: str  # "120 bpm" during WORK with a cadence
    caption: str = ""  # the big number in words: "HOLD · LEFT · 18 s left"
    window_title: str = ""  # the terminal's title: "Knee to chest · 18 s"


def build_view(state: SessionState, routine: Routine, total: float = 0.0) -> SessionView:
    """`total` (the planned length) lets the progress move in whole seconds, in
    step with the countdown, instead of on every tick."""
    phase = state.phase
    step: Step | None = None
    if 0 <= state.step_index < len(routine.steps):
        step = routine.steps[state.step_index]
    name = step.name if step else ""
    cue = (step.cue or "") if step else ""
    step_text = f"Step {state.step_index + 1} / {state.step_count}" if step else ""

    title = ""
    phase_class = ""
    status_class = ""
    countdown = ""
    detail = ""
    reps = ""
    counted = False
    done_reps = 0
    cadence = ""
    if phase is not None:
        title = phase.kind.title
        phase_class = PHASE_CLASSES[phase.kind]
        detail = phase.label
        if state.remaining is not None:
            countdown = clock_text(state.remaining)
        if phase.waits:
            counted = True
            status_class = "-waiting"
            done_reps = max(0, (state.rep or 1) - 1)
            detail = "Press enter after each rep"
        if (
            state.rep is not None
            and state.rep_count is not None
            and phase.kind
            in (
                PhaseKind.HOLD,
                PhaseKind.REP,
                PhaseKind.WORK,
                *BREATH_KINDS,
            )
        ):
            reps = f"{_counter_noun(phase, step)} {state.rep} / {state.rep_count}"
        if counted and state.rep_count is not None:
            reps = f"Done {done_reps} / {state.rep_count}"
        if reps and step is not None and step.progression is not None:
            # A progression shows its level: "level 12 of 30" on the way to the goal.
            reps = f"{reps}  ·  level {state.rep_count} of {step.progression.goal}"
        if phase.kind is PhaseKind.WORK and phase.cadence:
            cadence = f"{phase.cadence} bpm"
        if phase.kind is PhaseKind.SWITCH and state.side:
            detail = f"Now the {state.side} side"
    if state.status is Status.PAUSED:
        status_class = "-paused"
        title = "PAUSED"
        detail = "Press space to resume"
    elif state.status is Status.RESUMING:
        status_class = "-resuming"
        title = "GET READY"
        detail = _resume_detail(phase, state.remaining)
        countdown = clock_text(state.resume_remaining or 0)
        counted = False
    elif state.status is Status.FINISHED:
        title = "DONE"
        phase_class = ""
        countdown = ""
    elif state.status is Status.STOPPED:
        title = "STOPPED"
        countdown = ""

    sets = f"Set {state.set_number} / {state.set_count}" if state.set_count > 1 else ""
    side = state.side.upper() if state.side else ""
    nxt = ""
    if state.next_step_index is not None and 0 <= state.next_step_index < len(routine.steps):
        upcoming = routine.steps[state.next_step_index]
        nxt = f"After this: {upcoming.name} · {describe_step(upcoming)}"
    elif step is not None:
        nxt = "Last exercise"
    caption, window_title = _words(name or routine.name, title, side, countdown, counted, reps)
    return SessionView(
        routine=routine.name,
        step=step_text,
        name=name,
        cue=cue,
        title=title,
        phase_class=phase_class,
        status_class=status_class,
        countdown=countdown,
        detail=detail,
        reps=reps,
        sets=sets,
        side=side,
        next=nxt,
        time_left=minutes_left_text(state.time_left),
        progress_permille=_permille(state.progress, total),
        counted=counted,
        done_reps=done_reps,
        cadence=cadence,
        caption=caption,
        window_title=window_title,
    )


def _words(
    name: str, title: str, side: str, countdown: str, counted: bool, reps: str
) -> tuple[str, str]:
    """The big number in words, for the caption under it (screen readers, terminal
    search) and for the terminal's title (a tab in the background)."""
    if counted:
        done = reps.split("  ·  ")[0] if reps else ""
        spoken = done.replace("Done", "done").strip() or "count each rep with enter"
        caption = " · ".join(p for p in (title, side, spoken) if p)
        return caption, f"{name} · {spoken}"
    if not countdown:
        caption = " · ".join(p for p in (title, side) if p)
        return caption, f"{name} · {title.lower()}" if title else name
    left = f"{countdown} s" if ":" not in countdown else countdown
    caption = " · ".join(p for p in (title, side, f"{left} left") if p)
    if title == "PAUSED":
        return caption, f"{name} · paused · {left}"
    return caption, f"{name} · {left}"


def _permille(progress: float, total: float) -> int:
    progress = max(0.0, min(1.0, progress))
    if total >= 1.0:
        progress = math.floor(progress * total + 1e-6) / total
    return round(progress * 1000)


def _resume_detail(phase: Phase | None, remaining: float | None) -> str:
    if phase is None:
        return ""
    left = f", {clock_text(remaining)} s left" if remaining is not None else ""
    if phase.kind is PhaseKind.READY:
        return f"Then get ready{left}"
    return f"Back to {phase.kind.title}{left}"


def breath_levels(timeline: Timeline) -> dict[int, tuple[float, float]]:
    """The breathing bar's level (0 empty, 1 full lungs) at the start and end of
    every breath phase, keyed by phase index.

    A cycle's inhales together fill the bar and its exhales empty it, so two
    labelled inhales ("belly" then "chest") fill it in two strokes and a hold
    keeps the level it finds.
    """
    levels: dict[int, tuple[float, float]] = {}
    group: list[Phase] = []

    def flush() -> None:
        inhaled = sum(p.estimate for p in group if p.kind is PhaseKind.INHALE)
        exhaled = sum(p.estimate for p in group if p.kind is PhaseKind.EXHALE)
        level = 0.0
        for p in group:
            start = level
            if p.kind is PhaseKind.INHALE and inhaled > 0:
                level = min(1.0, level + p.estimate / inhaled)
            elif p.kind is PhaseKind.EXHALE and exhaled > 0:
                level = max(0.0, level - p.estimate / exhaled)
            levels[p.index] = (start, level)
        group.clear()

    for phase in timeline.phases:
        if phase.kind not in BREATH_KINDS:
            if group:
                flush()
            continue
        if group and _cycle_key(group[-1]) != _cycle_key(phase):
            flush()
        group.append(phase)
    if group:
        flush()
    return levels


def _cycle_key(phase: Phase) -> tuple[object, ...]:
    return (phase.step_index, phase.set_number, phase.side, phase.rep)
