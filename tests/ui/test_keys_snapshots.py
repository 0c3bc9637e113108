"""The boxes over the session, frozen: the help (the session paused under it),
the quit question and the resume offer, each with only its own live keys below.

Update with `pytest tests/ui/test_keys_snapshots.py --snapshot-update`, then look
at the SVGs as PNGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from backtimer.session import Question
from backtimer.ui.app import BacktimerApp, create_app
from tests.engine.fakes import FakeClock

from .helpers import hold, reps, routine
from .test_session import FakeSetup

SIZES = [(80, 24), (60, 20)]
IDS = ["80x24", "60x20"]


def two_steps():
    return routine(
        hold(
            hold=20.0, ready=0.0, cue="Lie on your back. Draw one knee gently towards your chest."
        ),
        reps("Partial crunches", reps=10, ready=3.0),
    )


def four_seconds_in_then(
    key: str,
) -> tuple[BacktimerApp, Callable[[Pilot[object]], Awaitable[None]]]:
    """The two steps' session, 4 s into its first hold, then `key` pressed: the app
    and the `run_before` that gets it there."""
    clock = FakeClock()
    app = create_app(two_steps(), clock=clock, checkin=False)

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        clock.advance(4.0)
        app.tick()
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_help_over_the_paused_session(snap_compare, size: tuple[int, int]) -> None:
    app, run_before = four_seconds_in_then("question_mark")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_the_quit_question(snap_compare, size: tuple[int, int]) -> None:
    app, run_before = four_seconds_in_then("ctrl+c")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_the_resume_offer_over_the_session_screen(snap_compare) -> None:
    ref: list[object] = []
    question = Question(
        "Your last session of Test routine was interrupted before step 2 of 2 (Partial crunches).",
        "Resume there?",
        default=True,
    )
    app = create_app(two_steps(), clock=FakeClock(), setup=FakeSetup(ref, question))
    ref.append(app)

    async def run_before(pilot: Pilot[object]) -> None:
        for _ in range(3):
            await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
