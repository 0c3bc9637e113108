"""The pain check-in: one key for 0–9, two (or 't') for ten, enter skips."""

from __future__ import annotations

import pytest

from backtimer.ui.app import create_app
from backtimer.ui.screens.checkin import CheckinScreen
from backtimer.ui.screens.session import SessionScreen
from tests.engine.fakes import FakeClock

from .helpers import Recorder, hold, routine


def app_with(recorder: Recorder):
    return create_app(routine(hold()), clock=FakeClock(), listeners=[recorder])


@pytest.mark.parametrize(
    ("keys", "score"),
    [(("0",), 0), (("7",), 7), (("9",), 9), (("1", "0"), 10), (("t",), 10), (("enter",), None)],
)
async def test_answers(keys, score) -> None:
    recorder = Recorder()
    app = app_with(recorder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert recorder.pain == [("before", score)]
    assert app.pain_before == score


async def test_a_lone_one_is_one_after_the_wait() -> None:
    recorder = Recorder()
    app = app_with(recorder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        await pilot.press("1")
        assert screen.pending == 1
        assert app.screen is screen  # still waiting for a possible '0'
        screen.commit_pending()  # what the short timer does
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert recorder.pain == [("before", 1)]


async def test_one_then_enter_is_one() -> None:
    recorder = Recorder()
    app = app_with(recorder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
    assert recorder.pain == [("before", 1)]


async def test_clicking_a_score() -> None:
    recorder = Recorder()
    app = app_with(recorder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#score-6")
        await pilot.pause()
    assert recorder.pain == [("before", 6)]


async def test_no_checkin_means_no_question() -> None:
    recorder = Recorder()
    app = create_app(routine(hold()), clock=FakeClock(), listeners=[recorder], checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    assert recorder.pain == []
