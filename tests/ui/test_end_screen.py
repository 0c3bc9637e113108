"""The end screen says what really happened: praise only for work done, every
exercise with what was done of it, and each progression's level and why.

The sessions run in the real app with the real history (in the test's private
data folder) and a fake clock; keys are pressed as a person would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from backtimer.cli.session_setup import SessionSetup
from backtimer.engine.types import SessionState, Status, StepResult
from backtimer.routine.model import Progression, Routine
from backtimer.session import Joined
from backtimer.ui.app import BacktimerApp, create_app
from backtimer.ui.screens.end import EndScreen
from tests.engine.fakes import FakeClock

from .helpers import breathe, hold, reps, routine, run_until

Drive = Callable[[BacktimerApp, FakeClock, Pilot[Any]], Awaitable[None]]


def build_up() -> Routine:
    return routine(
        breathe("Belly breathing", cycles=3, ready=1.0),
        reps(
            "Partial crunches",
            reps=4,
            tempo=1.0,
            ready=1.0,
            progression=Progression(start=4, goal=20),
        ),
        hold("Knee to chest", hold=3.0, sides=("left", "right"), ready=1.0),
        rest=2.0,
    )


def at_crunch(done: int) -> Callable[[SessionState], bool]:
    return lambda s: (
        s.step_index == 1
        and s.phase is not None
        and s.rep == done + 1
        and (s.phase.kind.value == "rep")
    )


def over(state: SessionState) -> bool:
    return state.status in (Status.FINISHED, Status.STOPPED)


async def all_done(app: BacktimerApp, clock: FakeClock, pilot: Pilot[Any]) -> None:
    await run_until(app, clock, pilot, over)
    await pilot.pause()
    await pilot.press("2")  # pain after, as before


async def partly_done(app: BacktimerApp, clock: FakeClock, pilot: Pilot[Any]) -> None:
    await run_until(app, clock, pilot, at_crunch(2))
    await pilot.press("n")  # the rest of the crunches
    await pilot.press("n")  # the knee holds
    await pilot.pause()
    await pilot.press("2")


async def nothing_done(app: BacktimerApp, clock: FakeClock, pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.press("n")
    await pilot.pause()
    await pilot.press("2")


async def pain_stop(app: BacktimerApp, clock: FakeClock, pilot: Pilot[Any]) -> None:
    await run_until(app, clock, pilot, at_crunch(1))
    await pilot.press("exclamation_mark")
    await pilot.pause()
    await pilot.press("6")


def session_app(clock: FakeClock) -> BacktimerApp:
    plan = build_up()
    return create_app(plan, clock=clock, setup=SessionSetup(plan, mute=True))


async def run_session(drive: Drive) -> tuple[EndScreen, str]:
    """Run one session to its end screen; returns it and all its text."""
    clock = FakeClock()
    app = session_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # pain before
        await pilot.pause()
        await drive(app, clock, pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EndScreen)
        texts = "\n".join(str(s.content) for s in screen.query(Static))
        return screen, texts


async def test_all_done_is_well_done_and_raises_the_level() -> None:
    screen, texts = await run_session(all_done)
    assert "Well done: session complete" in texts
    assert "✓  Belly breathing: 3 / 3 breaths" in texts
    assert "✓  Partial crunches: 4 / 4 reps" in texts
    assert "✓  Knee to chest: 2 / 2 holds" in texts
    assert "Partial crunches — up from 4 to 5: done in full, pain 2 → 2" in texts
    assert screen.has_class("-done")


async def test_partly_done_shows_what_was_done_and_holds_the_level() -> None:
    _, texts = await run_session(partly_done)
    assert "Well done: 1 of 3 exercises done" in texts
    assert "◐  Partial crunches: 2 / 4 reps (skipped the rest)" in texts
    assert "–  Knee to chest: skipped" in texts
    assert "1 of 3 done, 1 partly, 1 skipped" in texts
    assert "Partial crunches — stays at 4: 2 of 4 done, not all" in texts


async def test_nothing_done_is_never_praised() -> None:
    screen, texts = await run_session(nothing_done)
    assert "Well done" not in texts
    assert "Session over: 0 of 3 exercises done" in texts
    assert "Nothing was done this time, and that is all right" in texts
    assert "0 of 3 done, 3 skipped" in texts
    assert "Partial crunches — stays at 4: skipped" in texts
    assert screen.has_class("-nothing")


async def test_pain_stop_speaks_of_the_exercise_and_holds_the_level() -> None:
    _, texts = await run_session(pain_stop)
    assert "Stopped because of pain" in texts and "Well done" not in texts
    assert "◐  Partial crunches: 1 / 4 reps (stopped here for pain)" in texts
    assert "·  Knee to chest: not reached" in texts
    assert "talk to your physiotherapist or doctor about Partial crunches." in texts
    assert "Partial crunches — stays at 4: stopped for pain during this exercise" in texts


@pytest.mark.parametrize(
    "drive",
    [all_done, partly_done, nothing_done, pain_stop],
    ids=["all-done", "partly-done", "nothing-done", "pain-stop"],
)
def test_end_snapshot(snap_compare, drive: Drive) -> None:
    clock = FakeClock()
    app = session_app(clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await drive(app, clock, pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


class _Resumed:
    """A setup whose session was interrupted after its first exercise."""

    def __init__(self, earlier: tuple[StepResult, ...]) -> None:
        self.earlier = earlier

    def question(self) -> None:
        return None

    def answer(self, yes: bool) -> None:
        pass

    def join(self, exit, state, notice=None) -> Joined:  # type: ignore[no-untyped-def]
        return Joined(start_at_step=1, earlier=self.earlier)

    def saved(self) -> None:
        return None

    def stop(self) -> None:
        pass

    def close(self, exit_status: str | None) -> None:
        pass


async def test_a_resumed_session_counts_what_was_done_before_the_interruption() -> None:
    breathing = StepResult(0, "Belly breathing", "breathe", 3, 3, 1, 1, (), (), 12.0, 12.0, False)
    clock = FakeClock()
    app = create_app(build_up(), clock=clock, checkin=False, setup=_Resumed((breathing,)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await run_until(app, clock, pilot, over)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EndScreen)
        texts = "\n".join(str(s.content) for s in screen.query(Static))
    assert "Well done: session complete" in texts
    assert "3 of 3 done" in texts
    assert "✓  Belly breathing: 3 / 3 breaths" in texts
