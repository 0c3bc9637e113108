"""Keys that always work: `!` from every box of a session, the help that pauses,
ctrl+c and ctrl+q that ask like q, and footers that list only live keys."""

from __future__ import annotations

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from backtimer.engine.types import EventKind, PhaseKind, Status
from backtimer.session import Question
from backtimer.ui.app import create_app
from backtimer.ui.screens.checkin import CheckinScreen
from backtimer.ui.screens.confirm import ConfirmScreen, QuitScreen
from backtimer.ui.screens.end import EndScreen
from backtimer.ui.screens.help import HelpScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.widgets.footer import SessionFooter
from tests.engine.fakes import FakeClock

from .helpers import Recorder, advance, hold, reps, routine, run_until, session_app, state
from .test_session import FakeSetup

SIZE = (100, 30)


def stops(recorder: Recorder) -> list[object]:
    return [e.value for e in recorder.events if e.kind is EventKind.SESSION_STOPPED]


def footer(app) -> list[str]:
    """The keys the footer in front of the person shows, as "key Label"."""
    shown = [key for key in app.screen.query(FooterKey) if key.display]
    return [f"{key.key_display} {key.description}".strip() for key in shown]


async def settle(pilot, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


# -- `!` from every box ------------------------------------------------------------


async def test_pain_stop_from_the_help() -> None:
    app, clock, recorder = session_app(hold(), hold("Two"), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 4.0)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.has_class("-stop")
        assert stops(recorder) == ["pain"]
        await pilot.press("6")
        assert isinstance(app.screen, EndScreen)
    assert app.exit_status == "pain-stop"
    assert recorder.pain == [("after", 6)]


async def test_pain_stop_from_the_quit_question() -> None:
    app, clock, recorder = session_app(hold(), hold("Two"), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 4.0)
        await pilot.press("q")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert stops(recorder) == ["pain"]
    assert app.exit_status == "pain-stop"


async def test_pain_stop_from_the_resume_offer_records_a_pain_stop() -> None:
    """`!` over "Resume there?": nothing old is resumed, a session starts only to
    stop for pain at once (so it is recorded), with no start cue, and the pain
    question follows."""
    clock = FakeClock()
    ref: list[object] = []
    question = Question("Your last session was interrupted.", "Resume there?", default=True)
    setup = FakeSetup(ref, question, start_at_step=1)
    app = create_app(routine(hold("One"), hold("Two")), clock=clock, checkin=False, setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "! Pain stop" in footer(app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert setup.answers == [False]
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.has_class("-stop")
        await pilot.press("5")
        assert isinstance(app.screen, EndScreen)
    assert app.exit_status == "pain-stop"
    assert setup.history.kinds()[0] is EventKind.SESSION_STARTED
    assert stops(setup.history) == ["pain"]
    assert setup.history.pain == [("after", 5)]
    assert setup.sound.events == []  # no start cue for a session that never ran


async def test_pain_stop_from_the_first_check_in() -> None:
    app, _, recorder = session_app(hold())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert "! Pain stop" in footer(app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.has_class("-stop")
        assert stops(recorder) == ["pain"]
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
    assert app.exit_status == "pain-stop"
    assert recorder.pain == [("before", None), ("after", None)]


async def test_the_first_check_in_waits_for_the_resume_offer_and_takes_pain_stop() -> None:
    """With check-ins, the resume offer comes first (over the session screen),
    then the check-in; `!` on that check-in stops before anything ran."""
    ref: list[object] = []
    question = Question("Your last session was interrupted.", "Resume there?", default=True)
    setup = FakeSetup(ref, question, start_at_step=1)
    app = create_app(routine(hold("One"), hold("Two")), clock=FakeClock(), setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert [type(s).__name__ for s in app.screen_stack[-2:]] == [
            "SessionScreen",
            "ConfirmScreen",
        ]
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen) and not app.screen.has_class("-stop")
        assert app.engine is None
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert setup.answers == [True]
        assert isinstance(app.screen, CheckinScreen) and app.screen.has_class("-stop")
    assert stops(setup.history) == ["pain"]
    assert setup.history.pain[0] == ("before", None)


async def test_no_to_running_unsaved_asks_no_pain_question() -> None:
    """History cannot be written and the answer is no: nothing starts, and the
    pain question is never asked for nothing."""
    ref: list[object] = []
    question = Question("Cannot write the history.", "Run this session anyway?", default=False)
    setup = FakeSetup(ref, question)
    setup.refuse = True
    app = create_app(routine(hold()), clock=FakeClock(), setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert not any(isinstance(s, CheckinScreen) for s in app.screen_stack)
        await pilot.press("n")
        await settle(pilot)
    assert app.refused is not None
    assert app.pain_before is None and setup.history.pain == []


async def test_pain_stop_is_not_offered_once_the_session_is_over() -> None:
    app, clock, _ = session_app(hold(hold=2.0, ready=0.0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # first check-in
        await settle(pilot)
        await advance(app, clock, pilot, 3.0)
        assert isinstance(app.screen, CheckinScreen)
        assert footer(app) == ["⏎ Skip", "t Ten"]
        await pilot.press("exclamation_mark")  # nothing to stop: still asking
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
        assert not any("Pain stop" in key for key in footer(app))
    assert app.exit_status == "completed"


# -- the help pauses -------------------------------------------------------------------


async def test_help_pauses_exactly_and_resumes_through_get_ready() -> None:
    app, clock, _ = session_app(hold(hold=20.0, ready=0.0), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 7.25)
        at_open = state(app).remaining
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        note = str(app.screen.query_one("#help-paused", Static).content)
        assert "paused" in note
        assert state(app).status is Status.PAUSED
        await advance(app, clock, pilot, 42.0)
        assert state(app).remaining == at_open
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
        assert state(app).status is Status.RESUMING
        await advance(app, clock, pilot, 3.0)
        assert state(app).status is Status.RUNNING
        assert state(app).remaining == pytest.approx(at_open, abs=1e-9)
        assert state(app).paused_seconds == pytest.approx(45.0)


async def test_help_over_a_paused_session_leaves_it_paused() -> None:
    app, clock, _ = session_app(hold(hold=20.0, ready=0.0), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 2.0)
        await pilot.press("space")
        await pilot.press("question_mark")
        await advance(app, clock, pilot, 5.0)
        await pilot.press("escape")
        assert state(app).status is Status.PAUSED


# -- ctrl+c and ctrl+q ask, like q --------------------------------------------------------


@pytest.mark.parametrize("key", ["ctrl+c", "ctrl+q"])
async def test_ctrl_c_and_ctrl_q_ask_keep_the_work_and_offer_the_check_in(key: str) -> None:
    app, clock, recorder = session_app(hold(), hold("Two"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await advance(app, clock, pilot, 4.0)
        await pilot.press(key)
        assert isinstance(app.screen, QuitScreen)
        assert state(app).status is Status.PAUSED
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert stops(recorder) == []
        await pilot.press(key)
        await pilot.press(key)  # twice: yes, as q q
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert str(app.screen.query_one("#checkin-intro", Static).content).startswith(
            "Stopped early"
        )
        await pilot.press(key)  # on the check-in: go on without an answer
        assert isinstance(app.screen, EndScreen)
        assert app.is_running
        await pilot.press(key)  # on the summary: close
        await pilot.pause()
    assert stops(recorder) == ["stopped"]
    assert app.exit_status == "stopped"
    assert app.return_value == "stopped"


async def test_ctrl_c_from_the_help_asks_to_quit() -> None:
    app, clock, _ = session_app(hold(hold=20.0, ready=0.0), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 2.0)
        await pilot.press("question_mark", "ctrl+c")
        assert isinstance(app.screen, QuitScreen)
        assert len(app.screen_stack) == 2  # the help made way for the question
        assert state(app).status is Status.PAUSED
        await pilot.press("space")  # no: go on
        assert isinstance(app.screen, SessionScreen)
        assert state(app).status is Status.RESUMING


async def test_ctrl_c_before_the_session_started_closes_at_once() -> None:
    app, _, recorder = session_app(hold())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.engine is None
    assert recorder.events == []


# -- the footer shows only live keys ------------------------------------------------------


async def test_the_footer_on_each_screen_lists_only_live_keys() -> None:
    clock = FakeClock()
    two = routine(hold("Hold", hold=6.0, ready=0.0), reps("Counted", reps=2, ready=0.0))
    app = create_app(two, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer(app) == ["⏎ Skip", "t Ten", "! Pain stop"]
        await pilot.press("enter")
        await settle(pilot)
        running = ["space Pause", "→ Skip", "← Back", "m Mute", "! Pain stop", "q Quit"]
        assert footer(app)[:6] == running
        assert "? Help" in footer(app) and not any("Resume" in k for k in footer(app))
        assert not any("Rep" in k for k in footer(app))
        await pilot.press("space")
        await settle(pilot)
        assert footer(app)[0] == "space Resume"
        await pilot.press("space")  # the get-ready after a pause: space pauses again
        await settle(pilot)
        assert footer(app)[0] == "space Pause"
        await advance(app, clock, pilot, 3.0)
        await pilot.press("question_mark")
        await settle(pilot)
        assert footer(app) == ["esc Close", "q Quit", "! Pain stop"]
        await pilot.press("escape")
        await advance(app, clock, pilot, 3.0)
        await run_until(app, clock, pilot, lambda s: s.phase is not None and s.phase.waits)
        await settle(pilot)
        assert "⏎ Rep" in footer(app)
        await pilot.press("q")
        await settle(pilot)
        assert footer(app) == ["y Yes", "n No", "! Pain stop"]
        await pilot.press("y")
        await settle(pilot)
        assert footer(app) == ["⏎ Skip", "t Ten"]  # the session is over: no `!`
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        assert "! Pain stop" not in footer(app)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_help_fits_in_the_footer_whatever_else_it_shows(size: tuple[int, int]) -> None:
    """Paused on a hand-counted step is the longest footer; every key shown is
    whole, and `? Help`, `!` and quit are always among them."""
    app, clock, _ = session_app(reps("Counted", reps=2, ready=0.0), checkin=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await run_until(app, clock, pilot, lambda s: s.phase is not None and s.phase.waits)
        for paused in (False, True):
            if paused:
                await pilot.press("space")
            await settle(pilot)
            bar = app.screen.query_one(SessionFooter)
            keys = footer(app)
            for needed in ("? Help", "! Pain stop", "q Quit"):
                assert needed in keys, (size, keys)
            assert "⏎ Rep" in keys or paused
            assert bar.fits()
            for key in app.screen.query(FooterKey):
                if key.display:
                    assert key.region.right <= size[0], (key.description, key.region)


async def test_a_counted_step_shows_the_rep_key_only_while_it_waits() -> None:
    app, clock, _ = session_app(reps("Counted", reps=2, ready=2.0), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert (phase := state(app).phase) is not None and phase.kind is PhaseKind.READY
        assert "⏎ Rep" not in footer(app)
        await run_until(app, clock, pilot, lambda s: s.phase is not None and s.phase.waits)
        await settle(pilot)
        assert "⏎ Rep" in footer(app)
