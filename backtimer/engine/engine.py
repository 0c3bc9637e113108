"""The session state machine: a timeline, a clock, and the keys a person presses.

Every deadline is `origin + planned offset`. The origin moves only when time is
really lost or gained: by the exact length of a pause (plus the "get ready"
countdown after it), and by re-anchoring (`origin = now - phase.offset`) when a
skip, a back or a hand-counted rep puts the session somewhere the plan did not
expect. So a busy machine can be late to *notice* a boundary, but the boundary
itself never moves, and a late `update()` hands out every missed event with its
planned time, in order.

The engine never reads a clock of its own and never sleeps: the UI asks
`next_wakeup()`, sets a timer, and calls `update()`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from backtimer.engine.clock import Clock
from backtimer.engine.types import (
    Event,
    EventKind,
    EventValue,
    Phase,
    PhaseKind,
    SessionState,
    Status,
    StepResult,
    StopReason,
    Timeline,
)
from backtimer.routine.model import Routine

Listener = Callable[[Event], None]

# Floating-point slack when comparing a planned time with the clock: a caller
# that wakes exactly at `next_wakeup()` must see that event as due.
_EPS = 1e-9

WORK_KINDS = frozenset(
    {
        PhaseKind.HOLD,
        PhaseKind.REP,
        PhaseKind.INHALE,
        PhaseKind.BREATH_HOLD,
        PhaseKind.EXHALE,
        PhaseKind.WORK,
    }
)
_TICKED = frozenset(
    {PhaseKind.READY, PhaseKind.HOLD, PhaseKind.REST, PhaseKind.SWITCH, PhaseKind.WORK}
)
_TICKS = (3, 2, 1)
_HALFWAY_MIN = 10.0
_LIVE = (Status.RUNNING, Status.PAUSED, Status.RESUMING)


@dataclass(frozen=True)
class _Item:
    """Something due inside the current phase, relative to its start or its end.

    Kept relative (not absolute) so a pause, which moves the origin, moves it too.
    """

    rel: float  # nominal seconds from the phase's start, for ordering
    kind: EventKind | None  # None: the phase ends
    value: int | None = None
    from_end: float | None = None  # seconds before the end, when anchored there


@dataclass
class _StepPlan:
    first: int  # index of the step's first phase (maybe the rest before it)
    restart: int  # where skip/back land: its READY, or its first work phase
    work_start: int  # first phase that is not lead-in (rest before it, ready)
    units: int  # reps / holds / breath cycles / rounds, all sets and sides
    seconds: float  # planned seconds without the lead-in


@dataclass
class _Progress:
    step_index: int
    units: int = 0
    sets: int = 0
    sides: list[str] = field(default_factory=list)
    active: float = 0.0


class Engine:
    """Runs one session of a planned timeline; see the module docstring for timing."""

    def __init__(
        self,
        timeline: Timeline,
        routine: Routine,
        clock: Clock,
        *,
        resume_ready: float = 3.0,
        back_threshold: float = 3.0,
    ) -> None:
        self._timeline = timeline
        self._phases = timeline.phases
        self._routine = routine
        self._clock = clock
        self._resume_ready = max(0.0, float(resume_ready))
        self._back_threshold = float(back_threshold)
        self._listeners: list[Listener] = []

        self._status = Status.IDLE
        self._index = 0
        self._origin = 0.0
        self._agenda: list[_Item] = []
        self._cursor = 0
        self._last_at = -math.inf  # the latest `at` handed out: never go back

        self._pause_start = 0.0
        self._resume_start = 0.0
        self._resume_end = 0.0
        self._resume_ticks: list[tuple[float, int]] = []
        self._resume_cursor = 0

        self._active = 0.0
        self._paused = 0.0
        self._last_t = 0.0  # up to when active time has been counted
        self._frozen = 0.0  # the phase time at which a stopped session froze

        self._progress: _Progress | None = None
        self._results: dict[int, StepResult] = {}
        self._out: list[Event] = []

        self._steps = self._plan_steps()
        self._unit_end, self._block_end, self._set_end = self._boundaries()

    # -- public API -------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def start(self, at_step: int = 0) -> list[Event]:
        """Begin at `at_step` (its READY), e.g. to resume an interrupted session."""
        if self._status is not Status.IDLE:
            return []
        if self._phases and not 0 <= at_step < len(self._steps):
            raise ValueError(f"no step {at_step} in a routine of {len(self._steps)} steps")

        def run(now: float) -> None:
            self._status = Status.RUNNING
            self._last_t = now
            self._emit(EventKind.SESSION_STARTED, now, value=at_step)
            if not self._phases:
                self._finish(now)
                return
            self._jump(self._steps[at_step].restart, now, now, new_step=True)

        return self._call(run)

    def update(self) -> list[Event]:
        """Hand out everything due up to now, each at its planned time."""
        return self._call(lambda now: None)

    def toggle_pause(self) -> list[Event]:
        if self._status in (Status.RUNNING, Status.RESUMING):
            return self.pause()
        if self._status is Status.PAUSED:
            return self.resume()
        return []

    def pause(self) -> list[Event]:
        def run(now: float) -> None:
            if self._status is Status.RUNNING:
                self._count_active(now)
            elif self._status is Status.RESUMING:
                # Give back the part of the "get ready" countdown not used.
                self._paused += now - self._resume_start
                self._origin -= self._resume_end - now
            else:
                return
            self._pause_start = now
            self._status = Status.PAUSED
            self._emit(EventKind.PAUSED, now, self._phase)

        return self._call(run)

    def resume(self) -> list[Event]:
        def run(now: float) -> None:
            if self._status is not Status.PAUSED:
                return
            self._paused += now - self._pause_start
            self._origin += (now - self._pause_start) + self._resume_ready
            if self._resume_ready <= 0:
                self._status = Status.RUNNING
                self._last_t = now
                self._emit(EventKind.RESUMED, now, self._phase)
                return
            self._status = Status.RESUMING
            self._resume_start = now
            self._resume_end = now + self._resume_ready
            self._resume_ticks = [
                (self._resume_end - k, k) for k in _TICKS if k < self._resume_ready
            ]
            self._resume_cursor = 0

        return self._call(run)

    def skip(self) -> list[Event]:
        """Leave this step (recorded as skipped) for the next step's READY."""

        def run(now: float) -> None:
            if self._status not in _LIVE:
                return
            self._count_active(now)
            step = self._phase.step_index
            self._emit(EventKind.STEP_SKIPPED, now, self._phase, value=step)
            self._close_step(now, skipped=True)
            if step + 1 < len(self._steps):
                self._jump(self._steps[step + 1].restart, now, self._phase_now(now), True)
            else:
                self._finish(now)

        return self._call(run)

    def back(self) -> list[Event]:
        """Restart this step; the previous one when this one has only just begun."""

        def run(now: float) -> None:
            if self._status not in _LIVE:
                return
            self._count_active(now)
            step = self._phase.step_index
            t = self._phase_now(now)
            since = t - (self._origin + self._phases[self._steps[step].restart].offset)
            target = step - 1 if since < self._back_threshold and step > 0 else step
            self._progress = None  # a restarted step is recorded afresh
            self._jump(self._steps[target].restart, now, t, new_step=True)

        return self._call(run)

    def count_rep(self) -> list[Event]:
        """Enter: ends a hand-counted rep; the plan re-anchors to this moment."""

        def run(now: float) -> None:
            if self._status is not Status.RUNNING or not self._phase.waits:
                return
            phase = self._phase
            self._emit(EventKind.REP_COUNTED, now, phase, value=phase.rep)
            self._origin = now - phase.end  # this phase ends, the next starts, now
            self._finish_phase(now)

        return self._call(run)

    def stop(self, reason: StopReason | str) -> list[Event]:
        """End early (a `StopReason`); the step in progress is kept as partial."""
        why = StopReason(reason)

        def run(now: float) -> None:
            if self._status in (Status.FINISHED, Status.STOPPED):
                return
            if self._status is Status.IDLE:
                self._last_t = now
            self._count_active(now)
            self._frozen = self._phase_now(now)
            self._settle_pause(now)
            self._close_step(now, skipped=False)
            self._status = Status.STOPPED
            self._emit(EventKind.SESSION_STOPPED, now, self._current_or_none(), value=why)

        return self._call(run)

    @property
    def finished(self) -> bool:
        return self._status in (Status.FINISHED, Status.STOPPED)

    @property
    def status(self) -> Status:
        return self._status

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def routine(self) -> Routine:
        return self._routine

    def preview(self, at: float) -> SessionState:
        """The state at `at` if nothing is pressed before then, told to nobody and
        changing nothing here.

        The screen draws a frame ahead of its moment with it (so the frame is
        ready when the boundary comes); the real events still happen at `at`,
        through `update()`.
        """
        ghost = self._ghost(at)
        ghost._call(lambda now: None)
        return ghost.state

    def preview_start(self, at_step: int = 0) -> SessionState:
        """The state `start(at_step)` would begin with now, told to nobody.

        The screen draws it as the first frame while sound and history join, so
        the session itself starts with everything listening."""
        ghost = self._ghost(self._clock())
        ghost.start(at_step)
        return ghost.state

    def _ghost(self, at: float) -> Engine:
        """A copy frozen at `at` that tells nobody and shares nothing it changes."""
        ghost = copy.copy(self)
        ghost._clock = lambda: at
        ghost._listeners = []
        ghost._out = []
        ghost._results = dict(self._results)
        if self._progress is not None:
            ghost._progress = replace(self._progress, sides=list(self._progress.sides))
        return ghost

    @property
    def results(self) -> list[StepResult]:
        """One per step entered, latest first recorded wins (a step redone after
        `back()` replaces its earlier result), in step order."""
        return [self._results[k] for k in sorted(self._results)]

    @property
    def state(self) -> SessionState:
        now = self._clock()
        total = self._timeline.total
        count = self._timeline.step_count
        if self._status is Status.IDLE or not self._phases:
            done = self._status is Status.FINISHED
            return SessionState(
                status=self._status,
                phase=None,
                remaining=None,
                elapsed_in_phase=0.0,
                step_index=0,
                step_count=count,
                next_step_index=1 if count > 1 else None,
                rep=None,
                rep_count=None,
                set_number=1,
                set_count=1,
                side=None,
                progress=1.0 if done else 0.0,
                time_left=0.0 if done else total,
                active_seconds=self._active_at(now),
                paused_seconds=self._paused_at(now),
            )
        phase = self._phase
        finished = self._status is Status.FINISHED
        t = self._phase_now(now)
        elapsed = max(0.0, t - (self._origin + phase.offset))
        remaining: float | None = None
        if finished:
            remaining = 0.0
        elif phase.duration is not None:
            remaining = min(phase.duration, max(0.0, (self._origin + phase.end) - t))
        position = total if finished else phase.offset + min(elapsed, phase.estimate)
        step = phase.step_index
        return SessionState(
            status=self._status,
            phase=None if finished else phase,
            remaining=remaining,
            elapsed_in_phase=elapsed,
            step_index=step,
            step_count=count,
            next_step_index=step + 1 if step + 1 < count else None,
            rep=phase.rep,
            rep_count=phase.rep_count,
            set_number=phase.set_number,
            set_count=phase.set_count,
            side=phase.side,
            progress=min(1.0, position / total) if total > 0 else 1.0,
            time_left=max(0.0, total - position),
            resume_remaining=(
                max(0.0, self._resume_end - now) if self._status is Status.RESUMING else None
            ),
            active_seconds=self._active_at(now),
            paused_seconds=self._paused_at(now),
        )

    def next_wakeup(self, after: float | None = None) -> float | None:
        """When something heard or seen next changes: an event, or the shown
        countdown (the ceiling of the remaining seconds) ticking down a second.

        `after` asks from a moment ahead of the clock, with nothing due before it
        (see `next_event`): a screen that drew that moment ahead asks what comes
        next."""
        now = self._clock() if after is None else max(self._clock(), after)
        if self._status is Status.RESUMING:
            times = [self._resume_end, _next_second(self._resume_end, now)]
            if self._resume_cursor < len(self._resume_ticks):
                times.append(self._resume_ticks[self._resume_cursor][0])
            return min(times)
        if self._status is not Status.RUNNING:
            return None
        phase = self._phase
        times = []
        if self._cursor < len(self._agenda):
            times.append(self._at(self._agenda[self._cursor]))
        if phase.duration is not None:
            times.append(_next_second(self._origin + phase.end, now))
        else:  # a waiting rep: its count-up changes every whole second
            start = self._origin + phase.offset
            times.append(start + math.floor(max(0.0, now - start)) + 1.0)
        return min(times)

    def next_event(self) -> float | None:
        """When the engine next has something to say (a tick, a cue, a phase's
        end, the end of "get ready"), if anything: until then only the countdown's
        seconds change, and those `preview` can draw without an `update()`."""
        if self._status is Status.RESUMING:
            times = [self._resume_end]
            if self._resume_cursor < len(self._resume_ticks):
                times.append(self._resume_ticks[self._resume_cursor][0])
            return min(times)
        if self._status is not Status.RUNNING or self._cursor >= len(self._agenda):
            return None
        return self._at(self._agenda[self._cursor])

    # -- the machinery ----------------------------------------------------

    @property
    def _phase(self) -> Phase:
        return self._phases[self._index]

    def _current_or_none(self) -> Phase | None:
        return self._phases[self._index] if self._phases else None

    def _call(self, action: Callable[[float], None]) -> list[Event]:
        """Catch up to now, act, catch up again, then tell the listeners."""
        now = self._clock()
        self._out = []
        self._process(now)
        action(now)
        self._process(now)
        events, self._out = self._out, []
        # Each listener hears the whole batch before the next one starts, so a
        # slow one (history's durable write at a step's end) delays none of the
        # listeners before it: the sound of a phase that starts as a step ends
        # is not kept waiting for the disk.
        for listener in self._listeners:
            for event in events:
                listener(event)
        return events

    def _emit(
        self,
        kind: EventKind,
        at: float,
        phase: Phase | None = None,
        value: EventValue = None,
        result: StepResult | None = None,
    ) -> None:
        # Offsets are sums of floats; never let rounding reorder two events.
        at = max(at, self._last_at)
        self._last_at = at
        self._out.append(Event(kind, at, phase, value, result))

    def _phase_now(self, now: float) -> float:
        """The time as the current phase sees it: frozen while paused or stopped."""
        if self._status is Status.PAUSED:
            return self._pause_start
        if self._status is Status.RESUMING:
            return self._resume_end
        if self._status in (Status.STOPPED, Status.FINISHED):
            return self._frozen
        return now

    def _at(self, item: _Item) -> float:
        phase = self._phase
        if item.from_end is not None:
            return (self._origin + phase.end) - item.from_end
        return (self._origin + phase.offset) + item.rel

    def _process(self, now: float) -> None:
        while True:
            if self._status is Status.RESUMING:
                if self._resume_cursor < len(self._resume_ticks):
                    at, k = self._resume_ticks[self._resume_cursor]
                    if at <= now + _EPS:
                        self._resume_cursor += 1
                        self._emit(EventKind.TICK, at, self._phase, value=k)
                        continue
                if self._resume_end <= now + _EPS:
                    self._paused += self._resume_end - self._resume_start
                    self._status = Status.RUNNING
                    self._last_t = self._resume_end
                    self._emit(EventKind.RESUMED, self._resume_end, self._phase)
                    continue
                return
            if self._status is not Status.RUNNING or self._cursor >= len(self._agenda):
                return
            item = self._agenda[self._cursor]
            at = self._at(item)
            if at > now + _EPS:
                return
            self._cursor += 1
            if item.kind is None:
                self._finish_phase(at)
            else:
                self._count_active(at)
                self._emit(item.kind, at, self._phase, value=item.value)

    def _jump(self, index: int, at: float, phase_now: float, new_step: bool) -> None:
        """Re-anchor so that phase `index` starts at `phase_now`."""
        self._origin = phase_now - self._phases[index].offset
        self._enter(index, at, new_step)

    def _enter(self, index: int, at: float, new_step: bool) -> None:
        self._index = index
        phase = self._phases[index]
        self._agenda = _agenda(phase)
        self._cursor = 0
        if new_step:
            self._progress = _Progress(phase.step_index)
            self._emit(EventKind.STEP_STARTED, at, phase, value=phase.step_index)
        self._emit(EventKind.PHASE_STARTED, at, phase)
        if phase.kind is PhaseKind.SWITCH:
            self._emit(EventKind.SIDE_SWITCH, at, phase, value=phase.side)

    def _finish_phase(self, at: float) -> None:
        self._count_active(at)
        phase = self._phase
        self._emit(EventKind.PHASE_ENDED, at, phase)
        self._record(phase)
        following = phase.index + 1
        if following >= len(self._phases):
            self._close_step(at, skipped=False)
            self._finish(at)
            return
        new_step = self._phases[following].step_index != phase.step_index
        if new_step:
            self._close_step(at, skipped=False)
        self._enter(following, at, new_step)

    def _finish(self, at: float) -> None:
        self._settle_pause(at)
        self._frozen = at
        self._status = Status.FINISHED
        self._emit(EventKind.SESSION_FINISHED, at)

    def _settle_pause(self, now: float) -> None:
        """Count a pause (or a resume countdown) cut short by the end of the session."""
        if self._status is Status.PAUSED:
            self._paused += now - self._pause_start
        elif self._status is Status.RESUMING:
            self._paused += now - self._resume_start

    def _count_active(self, t: float) -> None:
        if self._status is not Status.RUNNING or t <= self._last_t:
            return
        dt = t - self._last_t
        self._active += dt
        if self._progress is not None and self._index >= self._work_start(self._index):
            self._progress.active += dt
        self._last_t = t

    def _work_start(self, index: int) -> int:
        return self._steps[self._phases[index].step_index].work_start

    def _active_at(self, now: float) -> float:
        if self._status is Status.RUNNING and now > self._last_t:
            return self._active + (now - self._last_t)
        return self._active

    def _paused_at(self, now: float) -> float:
        if self._status is Status.PAUSED:
            return self._paused + (now - self._pause_start)
        if self._status is Status.RESUMING:
            return self._paused + (min(now, self._resume_end) - self._resume_start)
        return self._paused

    def _record(self, phase: Phase) -> None:
        """Count what an ended phase completed: a rep, a side, a set."""
        progress = self._progress
        if progress is None:
            return
        i = phase.index
        if self._unit_end[i]:
            progress.units += 1
        if self._block_end[i] and phase.side is not None and phase.side not in progress.sides:
            progress.sides.append(phase.side)
        if self._set_end[i]:
            progress.sets += 1

    def _close_step(self, at: float, skipped: bool) -> None:
        progress = self._progress
        if progress is None:
            return
        self._progress = None
        step = self._routine.steps[progress.step_index]
        plan = self._steps[progress.step_index]
        order: dict[str, int] = {side: n for n, side in enumerate(step.sides)}
        result = StepResult(
            step_index=progress.step_index,
            name=step.name,
            kind=step.kind.value,
            planned_reps=plan.units,
            done_reps=progress.units,
            planned_sets=step.sets,
            done_sets=progress.sets,
            planned_sides=tuple(step.sides),
            done_sides=tuple(sorted(progress.sides, key=lambda s: order.get(s, 0))),
            planned_seconds=plan.seconds,
            active_seconds=progress.active,
            skipped=skipped,
        )
        self._results[progress.step_index] = result
        self._emit(EventKind.STEP_FINISHED, at, self._phase, result=result)

    # -- precomputed shape of the plan -------------------------------------

    def _plan_steps(self) -> list[_StepPlan]:
        by_step: dict[int, list[Phase]] = {}
        for phase in self._phases:
            by_step.setdefault(phase.step_index, []).append(phase)
        plans: list[_StepPlan] = []
        for s in range(self._timeline.step_count):
            phases = by_step.get(s, [])
            if not phases:  # a step with nothing to do: land on the next phase
                at = plans[-1].restart if plans else 0
                plans.append(_StepPlan(at, at, at, 0, 0.0))
                continue
            work = next((p.index for p in phases if p.kind in WORK_KINDS), phases[-1].index)
            ready = next((p.index for p in phases if p.kind is PhaseKind.READY), work)
            plans.append(
                _StepPlan(
                    first=phases[0].index,
                    restart=min(ready, work),
                    work_start=work,
                    units=0,
                    seconds=sum(p.estimate for p in phases if p.index >= work),
                )
            )
        return plans

    def _boundaries(self) -> tuple[list[bool], list[bool], list[bool]]:
        """For each phase: does its end complete a rep, a side's block, a set?"""
        n = len(self._phases)
        unit, block, sets = [False] * n, [False] * n, [False] * n
        for i, p in enumerate(self._phases):
            if p.kind not in WORK_KINDS:
                continue
            q = self._phases[i + 1] if i + 1 < n else None
            other_step = q is None or q.step_index != p.step_index
            other_set = other_step or q is None or q.set_number != p.set_number
            other_block = other_set or q is None or q.side != p.side
            unit[i] = other_block or q is None or q.kind not in WORK_KINDS or q.rep != p.rep
            block[i] = other_block
            sets[i] = other_set
            if unit[i]:
                self._steps[p.step_index].units += 1
        return unit, block, sets


def _agenda(phase: Phase) -> list[_Item]:
    """What happens inside a phase, in order, ending with its end."""
    if phase.duration is None:
        return []  # waits for count_rep()
    d = phase.duration
    items: list[_Item] = []
    if phase.kind is PhaseKind.WORK and phase.cadence:
        interval = 60.0 / phase.cadence
        k = 0
        while k * interval < d - _EPS:  # from the phase start, never accumulated
            items.append(_Item(k * interval, EventKind.BEAT, k + 1))
            k += 1
    if phase.kind is PhaseKind.HOLD and d >= _HALFWAY_MIN:
        items.append(_Item(d / 2, EventKind.HALFWAY))
    if phase.kind in _TICKED and d > max(_TICKS):
        items.extend(_Item(d - k, EventKind.TICK, k, from_end=float(k)) for k in _TICKS)
    items.sort(key=lambda item: item.rel)
    items.append(_Item(d, None, from_end=0.0))
    return items


def _next_second(end: float, now: float) -> float:
    """When ceil(end - t) next drops, for t after now."""
    remaining = end - now
    if remaining <= 0:
        return end
    shown = math.ceil(remaining)
    return end - (shown - 1)
