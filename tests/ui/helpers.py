"""Routines built in code and fakes for the session UI tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from backtimer.engine.types import Event, EventKind, SessionState
from backtimer.routine.model import BreathKind, BreathPhase, Routine, Step, StepKind
from backtimer.ui.app import BacktimerApp, create_app
from tests.engine.fakes import FakeClock


def hold(name: str = "Knee to chest", **kw: object) -> Step:
    kw.setdefault("hold", 12.0)
    kw.setdefault("cue", "Draw one knee gently towards your chest. Breathe.")
    return Step(name=name, kind=StepKind.HOLD, **kw)  # type: ignore[arg-type]


def reps(name: str = "Cat-cow", **kw: object) -> Step:
    kw.setdefault("reps", 3)
    return Step(name=name, kind=StepKind.REPS, **kw)  # type: ignore[arg-type]


def breathe(name: str = "Belly breathing", **kw: object) -> Step:
    kw.setdefault(
        "breath",
        (
            BreathPhase(BreathKind.INHALE, 4.0, "belly"),
            BreathPhase(BreathKind.HOLD, 2.0),
            BreathPhase(BreathKind.EXHALE, 6.0),
        ),
    )
    kw.setdefault("cycles", 2)
    return Step(name=name, kind=StepKind.BREATHE, **kw)  # type: ignore[arg-type]


def intervals(name: str = "Jump rope", **kw: object) -> Step:
    kw.setdefault("work", 8.0)
    kw.setdefault("rounds", 2)
    kw.setdefault("rest", 5.0)
    return Step(name=name, kind=StepKind.INTERVALS, **kw)  # type: ignore[arg-type]


def routine(*steps: Step, **kw: object) -> Routine:
    kw.setdefault("rest", 6.0)
    kw.setdefault("switch", 4.0)
    return Routine(name="Test routine", steps=tuple(steps), **kw)  # type: ignore[arg-type]


def mixed() -> Routine:
    """Every kind of step: breathing, timed reps, holds on both sides in two sets,
    hand-counted reps and intervals with a cadence."""
    return routine(
        breathe(ready=3.0),
        reps("Cat-cow", reps=3, tempo=4.0, ready=3.0),
        hold(sides=("left", "right"), reps=2, sets=2, rest=10.0, ready=3.0),
        reps("Partial crunches", reps=3, ready=3.0, cue="Press enter after each one."),
        intervals(cadence=120, ready=3.0),
    )


class Recorder:
    """A SessionListener that remembers everything it hears."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.pain: list[tuple[str, int | None]] = []

    def on_event(self, event: Event) -> None:
        self.events.append(event)

    def on_pain(self, moment: str, score: int | None) -> None:
        self.pain.append((moment, score))

    def kinds(self) -> list[EventKind]:
        return [event.kind for event in self.events]


def session_app(*steps: Step, **options: Any) -> tuple[BacktimerApp, FakeClock, Recorder]:
    """A session of `steps` (a `routine` of them) on a fake clock, heard by a
    Recorder: the setup most session tests start from. `options` go to create_app
    (checkin=False, setup=..., open_history=...)."""
    clock, recorder = FakeClock(), Recorder()
    app = create_app(routine(*steps), clock=clock, listeners=[recorder], **options)
    return app, clock, recorder


class FakeSound:
    def __init__(self) -> None:
        self.muted = False
        self.notices = ["No audio device: using the terminal bell."]

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        return self.muted

    def take_notices(self) -> list[str]:
        taken, self.notices = self.notices, []
        return taken


def state(app: BacktimerApp) -> SessionState:
    assert app.engine is not None
    return app.engine.state


async def advance(app: BacktimerApp, clock: FakeClock, pilot: Pilot[Any], seconds: float) -> None:
    """Move the fake clock, let the app catch up, and let Textual draw."""
    clock.advance(seconds)
    app.tick()
    await pilot.pause()


async def run_until(
    app: BacktimerApp,
    clock: FakeClock,
    pilot: Pilot[Any],
    done: Callable[[SessionState], bool],
    step: float = 0.25,
    limit: float = 3600.0,
) -> None:
    """Advance the clock in small steps until `done(state)`; fail after `limit` s."""
    spent = 0.0
    while not done(state(app)):
        assert spent < limit, f"not reached after {limit} s: {state(app)}"
        clock.advance(step)
        spent += step
        app.tick()
    await pilot.pause()


def screen_lines(app: BacktimerApp, widget: Widget | None = None) -> list[str]:
    """The rendered screen as text, row by row, as the terminal would show it
    (within `widget`'s region when given)."""
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    if widget is None:
        return lines
    region = widget.region
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]
