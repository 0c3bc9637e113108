"""The session app driven as a person would, with a fake clock."""

from __future__ import annotations

from typing import cast

import pytest
from textual.widgets import Static

from backtimer.engine.types import EventKind, PhaseKind, Status
from backtimer.errors import UserError
from backtimer.session import Joined, Question
from backtimer.ui.app import BacktimerApp, create_app
from backtimer.ui.screens.checkin import CheckinScreen
from backtimer.ui.screens.confirm import ConfirmScreen
from backtimer.ui.screens.end import EndScreen
from backtimer.ui.screens.help import HelpScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.widgets.beat import BeatDots
from backtimer.ui.widgets.breathing import BreathingBar
from backtimer.ui.widgets.countdown import Countdown
from backtimer.ui.widgets.phase import PhaseBand
from backtimer.wakeups import BREATH_FPS, WakeScheduler
from tests.engine.fakes import FakeClock

from .helpers import (
    FakeSound,
    Recorder,
    advance,
    breathe,
    hold,
    mixed,
    reps,
    routine,
    run_until,
    screen_lines,
    session_app,
    state,
)

SIZE = (100, 30)


def text(screen: SessionScreen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, PhaseBand):  # the phase word, drawn in block letters
        return widget.word
    return str(cast(Static, widget).content)


def session_screen(app) -> SessionScreen:
    screen = app.screen
    assert isinstance(screen, SessionScreen), type(screen).__name__
    return screen


def kind_is(kind: PhaseKind):
    return lambda s: s.phase is not None and s.phase.kind is kind


async def test_every_phase_kind_has_its_title_and_class() -> None:
    clock = FakeClock()
    app = create_app(mixed(), clock=clock, checkin=False)
    expected = {
        PhaseKind.READY: ("GET READY", "-ready"),
        PhaseKind.INHALE: ("INHALE", "-breathe"),
        PhaseKind.BREATH_HOLD: ("HOLD", "-breathe"),
        PhaseKind.EXHALE: ("EXHALE", "-breathe"),
        PhaseKind.REP: ("REP", "-rep"),
        PhaseKind.HOLD: ("HOLD", "-hold"),
        PhaseKind.REST: ("REST", "-rest"),
        PhaseKind.SWITCH: ("SWITCH SIDES", "-switch"),
        PhaseKind.WORK: ("WORK", "-work"),
    }
    seen: set[PhaseKind] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        for _ in range(2000):
            current = state(app)
            if current.status is Status.FINISHED:
                break
            assert current.phase is not None
            kind = current.phase.kind
            title, css_class = expected[kind]
            assert text(screen, "#title") == title
            title_widget = screen.query_one("#title")
            assert title_widget.has_class(css_class)
            assert len(title_widget.classes & set(c for _t, c in expected.values())) == 1
            seen.add(kind)
            if current.phase.waits:
                await pilot.press("enter")
            else:
                clock.advance(1.0)
                app.tick()
        assert seen == set(expected)


async def test_the_screen_shows_name_cue_counters_side_and_next() -> None:
    clock = FakeClock()
    app = create_app(mixed(), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await run_until(
            app,
            clock,
            pilot,
            lambda s: s.phase is not None and s.phase.kind is PhaseKind.HOLD and s.rep == 2,
        )
        screen = session_screen(app)
        assert text(screen, "#name") == "Knee to chest"
        assert "gently" in text(screen, "#cue")
        assert text(screen, "#step") == "Step 3 / 5"
        assert text(screen, "#reps") == "Hold 2 / 2"
        assert text(screen, "#sets") == "Set 1 / 2"
        assert screen.query_one(PhaseBand).side == "LEFT"
        assert "HOLD · LEFT · " in screen.query_one(Countdown).caption
        assert text(screen, "#next").startswith("After this: Partial crunches")
        assert text(screen, "#time-left").endswith("left")
        remaining = state(app).remaining
        assert remaining is not None
        assert screen.query_one(Countdown).text == str(int(-(-remaining // 1)))


async def test_countdown_redraws_only_on_whole_seconds() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        assert countdown.text == "20"
        before = screen.redraws
        await advance(app, clock, pilot, 0.4)
        await advance(app, clock, pilot, 0.4)
        assert countdown.text == "20"
        assert screen.redraws == before
        await advance(app, clock, pilot, 0.4)
        assert countdown.text == "19"
        assert screen.redraws == before + 1


async def test_the_app_sleeps_until_the_engine_next_changes() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0), breathe()), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 0.3)
        assert app.engine is not None
        assert app.next_wake == app.engine.next_wakeup()
        assert app.next_wake == pytest.approx(clock() + 0.7)
        await run_until(app, clock, pilot, kind_is(PhaseKind.INHALE))
        assert app.next_wake is not None
        assert app.next_wake - clock() <= 1.0 / BREATH_FPS + 1e-9


async def test_breathing_frames_move_only_the_bar() -> None:
    clock = FakeClock()
    app = create_app(routine(breathe(ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await run_until(app, clock, pilot, kind_is(PhaseKind.INHALE))
        screen = session_screen(app)
        bar = screen.query_one(BreathingBar)
        await advance(app, clock, pilot, 0.05)  # just past the boundary's redraw
        level = bar.level
        rebuilt: list[object] = []
        show_state = screen.show_state
        screen.show_state = lambda state: (rebuilt.append(state), show_state(state))  # type: ignore[method-assign,assignment]
        for _ in range(3):
            await advance(app, clock, pilot, 1.0 / BREATH_FPS)
        assert bar.level > level
        assert rebuilt == []  # the countdown did not change: no view rebuilt


async def test_breathing_bar_grows_on_the_inhale_and_shrinks_on_the_exhale() -> None:
    clock = FakeClock()
    app = create_app(routine(breathe(ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        bar = screen.query_one(BreathingBar)
        assert bar.display
        levels = []
        for _ in range(4):
            await advance(app, clock, pilot, 1.0)
            levels.append(bar.level)
        assert levels == sorted(levels) and levels[-1] == pytest.approx(1.0)
        await run_until(app, clock, pilot, kind_is(PhaseKind.EXHALE))
        assert text(screen, "#title") == "EXHALE"
        first = bar.level
        await advance(app, clock, pilot, 3.0)
        assert bar.level < first
        assert bar.level == pytest.approx(0.5)


def footer_labels(screen: SessionScreen) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in screen.query(FooterKey)]


async def test_the_footer_follows_pause_and_resume() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 2.0)
        screen = session_screen(app)
        running = footer_labels(screen)
        assert "Pause" in running and "Resume" not in running
        await pilot.press("space")
        await pilot.pause()
        paused = footer_labels(screen)
        assert "Resume" in paused and "Pause" not in paused
        assert len(paused) == len(running)
        await pilot.press("space")
        await advance(app, clock, pilot, 4.0)
        assert footer_labels(screen) == running


async def test_pause_is_exact_and_resume_goes_through_get_ready() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 7.25)
        at_pause = state(app).remaining
        await pilot.press("space")
        screen = session_screen(app)
        assert state(app).status is Status.PAUSED
        assert text(screen, "#title") == "PAUSED"
        assert screen.query_one("#title").has_class("-paused")
        await advance(app, clock, pilot, 42.0)
        assert state(app).remaining == at_pause
        await pilot.press("space")
        assert state(app).status is Status.RESUMING
        assert text(screen, "#title") == "GET READY"
        assert screen.query_one(Countdown).text == "3"
        await advance(app, clock, pilot, 3.0)
        assert state(app).status is Status.RUNNING
        assert state(app).remaining == pytest.approx(at_pause, abs=1e-9)


async def test_skip_and_back_with_arrows_and_letters() -> None:
    clock = FakeClock()
    three = routine(hold("One"), hold("Two"), hold("Three"))
    app = create_app(three, clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        assert text(screen, "#name") == "One"
        await pilot.press("right")
        assert text(screen, "#name") == "Two"
        await pilot.press("n")
        assert text(screen, "#name") == "Three"
        await pilot.press("left")  # at once: back to the previous one
        assert text(screen, "#name") == "Two"
        await advance(app, clock, pilot, 8.0)
        await pilot.press("b")  # well into it: restart this one
        assert text(screen, "#name") == "Two"
        phase = state(app).phase
        assert phase is not None
        assert phase.kind is PhaseKind.READY


async def test_hand_counted_reps_advance_with_enter() -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = create_app(
        routine(reps("Crunches", reps=3, ready=2.0)),
        clock=clock,
        checkin=False,
        listeners=[recorder],
    )
    async with app.run_test(size=SIZE) as pilot:
        await run_until(app, clock, pilot, lambda s: s.phase is not None and s.phase.waits)
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        assert countdown.has_class("-waiting")
        assert countdown.text == "0"
        assert "enter" in text(screen, "#detail")
        await advance(app, clock, pilot, 30.0)  # waiting: time alone does not count a rep
        assert countdown.text == "0"
        await pilot.press("enter")
        assert countdown.text == "1"
        assert text(screen, "#reps") == "Done 1 / 3"
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        assert recorder.kinds().count(EventKind.REP_COUNTED) == 3
        assert EventKind.SESSION_FINISHED in recorder.kinds()
        assert app.exit_status == "completed"
        assert isinstance(app.screen, EndScreen)


async def test_enter_does_nothing_during_a_timed_phase() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = state(app)
        await pilot.press("enter")
        assert state(app).phase == before.phase
        assert app.engine is not None
        assert app.screen.check_action("count_rep", ()) is False


async def test_work_with_a_cadence_shows_a_moving_beat() -> None:
    clock = FakeClock()
    app = create_app(
        routine(__import__("tests.ui.helpers", fromlist=["x"]).intervals(cadence=120, ready=0.0)),
        clock=clock,
        checkin=False,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        dots = screen.query_one(BeatDots)
        assert dots.display
        assert text(screen, "#cadence") == "120 bpm"
        assert text(screen, "#reps") == "Round 1 / 2"
        beats = []
        for _ in range(4):
            await advance(app, clock, pilot, 0.5)
            beats.append(dots.beat)
        assert beats == sorted(set(beats)) and len(beats) == 4


async def test_pain_stop_asks_then_ends_with_reason_pain() -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = create_app(routine(hold(), hold("Two")), clock=clock, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # before
        await advance(app, clock, pilot, 5.0)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, CheckinScreen)
        stopped = [e for e in recorder.events if e.kind is EventKind.SESSION_STOPPED]
        assert [e.value for e in stopped] == ["pain"]
        await pilot.press("7")
        assert isinstance(app.screen, EndScreen)
        assert app.exit_status == "pain-stop"
        assert recorder.pain == [("before", 2), ("after", 7)]
        assert "wise to stop" in str(app.screen.query_one("#end-advice", Static).content)


async def test_quit_asks_first_and_keeps_what_was_done() -> None:
    clock = FakeClock()
    recorder = Recorder()
    app = create_app(routine(hold(), hold("Two")), clock=clock, listeners=[recorder], checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 3.0)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert state(app).status is Status.PAUSED  # nothing moves on while it asks
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert state(app).status is Status.RESUMING  # back through the get-ready
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.exit_status == "stopped"
        assert [e.value for e in recorder.events if e.kind is EventKind.SESSION_STOPPED] == [
            "stopped"
        ]
        assert EventKind.STEP_FINISHED in recorder.kinds()


async def test_the_end_screen_waits_for_a_key() -> None:
    opened: list[object] = []
    app, clock, _ = session_app(
        hold(hold=3.0, ready=0.0), checkin=False, open_history=opened.append
    )
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 3.0)
        assert isinstance(app.screen, EndScreen)
        await advance(app, clock, pilot, 600.0)
        await pilot.press("x", "space")
        assert isinstance(app.screen, EndScreen)
        await pilot.press("h")
        assert opened == [app]
        await pilot.press("enter")
    assert app.return_value == "completed"


async def test_without_a_history_h_does_nothing() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=3.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 3.0)
        assert app.screen.check_action("history", ()) is False


async def test_listeners_hear_every_event_in_order_and_a_failing_one_is_contained() -> None:
    class Broken:
        def on_event(self, event):
            raise OSError("disk full")

        def on_pain(self, moment, score):
            raise OSError("disk full")

    clock = FakeClock()
    first, second = Recorder(), Recorder()
    app = create_app(
        routine(hold(hold=3.0, ready=0.0)), clock=clock, listeners=[first, Broken(), second]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # skip the check-in
        await advance(app, clock, pilot, 3.0)
        await pilot.press("4")
        assert isinstance(app.screen, EndScreen)
    assert first.kinds() == second.kinds()
    assert first.kinds()[0] is EventKind.SESSION_STARTED
    assert first.kinds()[-1] is EventKind.SESSION_FINISHED
    times = [e.at for e in first.events]
    assert times == sorted(times)
    assert first.pain == second.pain == [("before", None), ("after", 4)]
    assert app.listener_errors


class HearingSound(FakeSound, Recorder):
    def __init__(self) -> None:
        FakeSound.__init__(self)
        Recorder.__init__(self)


class FakeSetup:
    """A SessionSetup with scripted questions; remembers what happened when."""

    def __init__(self, app_ref: list[object], *questions: Question, **joined: object) -> None:
        self.app_ref = app_ref
        self.questions = list(questions)
        self.answers: list[bool] = []
        self.joined_at: list[object] = []
        self.sound = HearingSound()
        self.history = Recorder()
        self.joined = joined
        self.refuse = False

    def question(self) -> Question | None:
        return (
            self.questions[len(self.answers)] if len(self.answers) < len(self.questions) else None
        )

    def answer(self, yes: bool) -> None:
        self.answers.append(yes)

    def join(self, exit, state, notice=None) -> Joined:
        app = self.app_ref[0]
        self.joined_at.append((type(app.screen).__name__, app.engine, state()))  # type: ignore[attr-defined]
        if self.refuse:
            raise UserError("nothing was started; fix the folder and try again")
        return Joined(
            listeners=[self.history, self.sound],
            sound=self.sound,
            **self.joined,  # type: ignore[arg-type]
        )

    def stop(self) -> None:
        pass

    def saved(self) -> str | None:
        return None

    def close(self, exit_status: str | None) -> None:
        pass


async def test_history_and_sound_join_after_the_first_frame_and_hear_the_whole_session() -> None:
    """The first frame needs neither: they join once the session screen is drawn,
    and the engine starts only then, so no cue and no event is missed."""
    clock = FakeClock()
    ref: list[object] = []
    setup = FakeSetup(ref)
    app = create_app(routine(hold(hold=3.0, ready=0.0)), clock=clock, checkin=False, setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert setup.joined_at == [("SessionScreen", None, None)]
        assert app.sound is setup.sound
        assert text(session_screen(app), "#sound") == "♪ sound"
        await advance(app, clock, pilot, 3.0)
    for heard in (setup.sound, setup.history):
        assert heard.kinds()[0] is EventKind.SESSION_STARTED
        assert EventKind.SESSION_FINISHED in heard.kinds()


async def test_a_pain_score_given_before_history_joins_reaches_it() -> None:
    clock = FakeClock()
    ref: list[object] = []
    setup = FakeSetup(ref, Question("Resume there?", default=False))
    app = create_app(routine(hold(hold=3.0, ready=0.0)), clock=clock, setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The question comes before the pain question, over the session screen:
        # never a second box over the check-in's box.
        assert isinstance(app.screen, ConfirmScreen)
        assert isinstance(app.screen_stack[-2], SessionScreen)
        app.delivery.tell_pain("before", 3)  # as the check-in does when answered
        assert setup.history.pain == []  # not joined yet
        await pilot.press("n")
        await pilot.pause()
        assert setup.history.pain == [("before", 3)]
        assert isinstance(app.screen, CheckinScreen)  # asked after the questions
        assert app.engine is None  # and the session starts only after it
        await pilot.press("4")
        await pilot.pause()
        assert app.engine is not None
        assert setup.history.pain == [("before", 3), ("before", 4)]


async def test_a_question_before_the_start_resumes_where_the_answer_says() -> None:
    """An interrupted session: the question comes over the first frame, enter
    takes the default (resume), and the session starts at that step with the
    reps history knows for today."""
    clock = FakeClock()
    ref: list[object] = []
    question = Question("Your last session was interrupted.", "Resume there?", default=True)
    setup = FakeSetup(ref, question, start_at_step=1, reps={1: 5})
    two = routine(hold("First", hold=3.0), reps("Second", reps=3, tempo=2.0))
    app = create_app(two, clock=clock, checkin=False, setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.engine is None  # nothing runs while the question is open
        await pilot.press("enter")
        await pilot.pause()
        assert setup.answers == [True]
        screen = session_screen(app)
        assert text(screen, "#name") == "Second"
        assert state(app).status is Status.RUNNING
        assert app.engine is not None
        planned = app.engine.timeline.phases
        assert {p.rep_count for p in planned if p.kind is PhaseKind.REP} == {5}


async def test_a_no_to_running_unsaved_ends_before_anything_starts() -> None:
    ref: list[object] = []
    question = Question("Cannot write the history.", "Run this session anyway?", default=False)
    setup = FakeSetup(ref, question)
    setup.refuse = True
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, setup=setup)
    ref.append(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the default: no
        await pilot.pause()
    assert setup.answers == [False]
    assert app.engine is None
    assert app.refused is not None
    assert "nothing was started" in str(app.refused)


async def test_help_and_mute() -> None:
    clock = FakeClock()
    sound = FakeSound()
    app = create_app(routine(hold()), clock=clock, checkin=False, sound=sound)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        assert text(screen, "#sound") == "♪ sound"
        await pilot.press("m")
        assert sound.muted
        assert text(screen, "#sound") == "♪ muted"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_notices_are_shown() -> None:
    clock = FakeClock()
    app = create_app(
        routine(hold()), clock=clock, checkin=False, sound=FakeSound(), notices=["Hello there."]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # On the session screen's notice line, not in toasts over the countdown.
        screen = session_screen(app)
        assert "Hello there." in screen.notices
        assert "No audio device: using the terminal bell." in screen.notices
        assert not app._notifications
        notice = screen.query_one("#notice").region
        for selector in ("#countdown", "#progress-row", "#cue"):
            assert not notice.overlaps(screen.query_one(selector).region), selector
        clock.advance(0.1)
        await pilot.pause(6.5)  # a notice goes after its six seconds; the layout follows
        assert not screen.notices
        assert not screen.query_one("#notice").display


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (60, 20), (48, 16)])
async def test_smaller_terminals_keep_everything_on_screen(size) -> None:
    long_cue = "Lie on your back, knees bent. Hold one knee with both hands. " * 3
    step = hold(ready=0.0, reps=2, sides=("left", "right"), sets=2, cue=long_cue)
    app = create_app(routine(step, hold("Two")), clock=FakeClock(), checkin=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        assert countdown.text == "12"
        assert countdown.figure_rows >= 3
        for selector in ("#name", "#cue", "#title", "#countdown", "#reps", "#time-left"):
            region = screen.query_one(selector).region
            assert region.height >= 1 and region.bottom <= size[1], selector


async def test_resume_at_a_step() -> None:
    app = create_app(
        routine(hold("One"), hold("Two")), clock=FakeClock(), checkin=False, start_at_step=1
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text(session_screen(app), "#name") == "Two"


async def test_a_late_wake_up_catches_up_on_the_planned_schedule() -> None:
    clock = FakeClock()
    recorder = Recorder()
    three = routine(hold("One", hold=10.0, ready=2.0), hold("Two", hold=10.0, ready=2.0))
    app = create_app(three, clock=clock, checkin=False, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = clock()
        await advance(app, clock, pilot, 17.5)  # one very slow frame
        screen = session_screen(app)
        assert text(screen, "#name") == "Two"
        # rest 6 s between steps: "One" ended at 12 s, so 5.5 s into the rest
        assert screen.query_one(Countdown).text == "1"
        ends = [e.at - start for e in recorder.events if e.kind is EventKind.PHASE_ENDED]
        assert ends == [2.0, 12.0]


async def test_command_palette_offers_session_commands() -> None:
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, sound=FakeSound())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Toggle sound", "Pause or resume", "Skip exercise", "Keys"):
            assert title in titles
        toggle = next(c for c in app.get_system_commands(app.screen) if c.title == "Toggle sound")
        toggle.callback()
        assert app.sound is not None and app.sound.muted


async def test_a_pain_stop_asks_even_without_check_ins() -> None:
    recorder = Recorder()
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, listeners=[recorder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, EndScreen)
    assert recorder.pain == [("after", None)]
    assert app.exit_status == "pain-stop"


async def test_every_theme_styles_the_session_screen() -> None:
    app = create_app(routine(breathe(ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            assert session_screen(app).query_one("#title").styles.background.a > 0


class HeldFrames:
    """Stands in for a real terminal's frame holder (headless apps have none)."""

    def __init__(self) -> None:
        self.held_until: list[float] = []
        self.releases = 0

    def hold_until(self, at: float) -> None:
        self.held_until.append(at)

    def release(self) -> None:
        self.releases += 1

    @classmethod
    def on(cls, app) -> HeldFrames:
        holder = cls()
        app._driver.presenter = holder
        return holder


def wakes(app: BacktimerApp) -> WakeScheduler:
    assert app.wakes is not None, "the session has not started"
    return app.wakes


def twenty_second_hold(clock: FakeClock):
    return create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)


async def test_the_next_second_is_drawn_ahead_and_held_for_its_moment() -> None:
    clock = FakeClock()
    app = twenty_second_hold(clock)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 0.3)
        holder = HeldFrames.on(app)
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        boundary = app.engine.next_wakeup()  # type: ignore[union-attr]
        assert countdown.text == "20"

        wakes(app).prepare(boundary)
        assert holder.held_until == [boundary]
        assert countdown.text == "19"  # drawn now, for the boundary
        assert state(app).remaining == pytest.approx(19.7)  # yet nothing really moved
        redraws = screen.redraws

        clock.set(boundary)
        app.tick()
        await pilot.pause()
        assert countdown.text == "19"
        assert screen.redraws == redraws  # the real second changes nothing more

        await pilot.press("space")
        assert holder.releases >= 1  # a key never waits behind a held frame
        assert state(app).status is Status.PAUSED


async def test_a_quiet_second_wakes_nothing_at_its_boundary() -> None:
    """Between two events only the countdown's second changes: its frame is drawn
    ahead and held, and drawing it arms the next one; the engine is woken only
    for what it has to say (here the halfway cue at 10 s)."""
    clock = FakeClock()
    app = twenty_second_hold(clock)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 0.3)
        HeldFrames.on(app)
        engine = app.engine
        assert engine is not None
        wakes(app).arm(engine.state)
        assert not wakes(app).wake_armed  # nothing to hear at 1 s
        assert wakes(app).prepare_armed
        countdown = session_screen(app).query_one(Countdown)
        boundary = engine.next_wakeup()
        assert boundary is not None
        start = boundary - 1.0  # the hold began then
        clock.set(boundary - 0.025)
        wakes(app).prepare(boundary, quiet=True)
        assert countdown.text == "19"
        assert app.next_wake == pytest.approx(start + 2.0)  # armed from the second drawn
        assert not wakes(app).wake_armed
        # Up to the halfway cue, every second is drawn ahead and nothing else wakes.
        for second in range(2, 10):
            clock.set(start + second - 0.025)
            wakes(app).prepare(start + second, quiet=True)
            assert countdown.text == str(20 - second)
        assert engine.next_event() == pytest.approx(start + 10.0)
        assert app.next_wake == pytest.approx(start + 10.0)
        assert wakes(app).wake_armed  # the cue is heard at its moment
        clock.set(start + 10.0)
        events = engine.update()
        assert [e.kind for e in events] == [EventKind.HALFWAY]


async def test_without_a_frame_holder_every_boundary_wakes_the_engine() -> None:
    """Headless (and wherever frames are not held) the boundary's own wake-up
    draws the second."""
    clock = FakeClock()
    app = twenty_second_hold(clock)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 0.3)
        assert app.engine is not None
        wakes(app).arm(app.engine.state)
        assert wakes(app).wake_armed
        assert not wakes(app).prepare_armed


async def test_the_number_on_screen_is_current_after_the_terminal_shrinks_and_grows() -> None:
    """The figures follow the terminal's size, and show the current second."""
    clock = FakeClock()
    app = create_app(routine(hold(hold=30.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        countdown = screen.query_one(Countdown)
        await advance(app, clock, pilot, 3.0)
        assert countdown.text == "27"
        tall = countdown.figure_rows
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await advance(app, clock, pilot, 5.0)
        assert countdown.text == "22"
        assert 3 <= countdown.figure_rows < tall
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert countdown.figure_rows == tall
        shown = [line.strip() for line in screen_lines(app, countdown)]
        assert shown == [line.strip() for line in countdown.lines()]


async def test_the_progress_bar_keeps_no_clock_of_its_own() -> None:
    """Textual's ProgressBar refreshes its ETA once a second on a timer of its own;
    here the bar moves only with the session, so nothing wakes between seconds."""
    from backtimer.ui.widgets.progress import SessionProgress

    clock = FakeClock()
    app = create_app(routine(hold(hold=30.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        bar = session_screen(app).query_one(SessionProgress)
        assert not bar._timers
        before = bar.progress
        await advance(app, clock, pilot, 3.0)
        assert bar.progress > before


async def test_a_long_routine_moves_the_bar_only_when_it_would_look_different() -> None:
    """The bar draws half cells: on a ten-minute hold one cell is several
    seconds, and the seconds between leave the whole progress row untouched."""
    from textual.widgets import ProgressBar

    clock = FakeClock()
    app = create_app(routine(hold(hold=600.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = session_screen(app)
        bar = screen.query_one(ProgressBar)
        half_cells = 2 * bar.query_one("#bar").size.width
        seconds_per_half_cell = 600.0 / half_cells
        assert seconds_per_half_cell > 3  # else this routine proves nothing here
        assert text(screen, "#time-left") == "10 min left"
        await advance(app, clock, pilot, 1.0)
        assert bar.progress == 0  # a second is less than half a cell
        assert text(screen, "#time-left") == "10 min left"
        await advance(app, clock, pilot, seconds_per_half_cell)
        assert bar.progress > 0
        moved = bar.progress
        await advance(app, clock, pilot, 1.0)
        assert bar.progress == moved
        await advance(app, clock, pilot, 60.0)
        assert text(screen, "#time-left") == "9 min left"
        # A narrower bar has other half cells: it is given the exact progress again.
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen._view is not None
        assert bar.progress == screen._view.progress_permille


@pytest.mark.parametrize(("quit_early", "intro"), [(True, "Stopped early"), (False, "Well done")])
async def test_the_last_check_in_greets_a_quit_and_a_finish_differently(
    quit_early: bool, intro: str
) -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=5.0, ready=0.0)), clock=clock, checkin=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # skip the first check-in
        await pilot.pause()
        if quit_early:
            await advance(app, clock, pilot, 1.0)
            await pilot.press("q", "y")
        else:
            await advance(app, clock, pilot, 6.0)
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        shown = str(app.screen.query_one("#checkin-intro", Static).content)
        assert shown.startswith(intro)


async def test_keys_after_the_summary_closes_do_nothing() -> None:
    """A key typed while the app is closing (`h` after enter) opened the history
    over a closing app, which then failed to find its table."""
    opened: list[object] = []
    app, clock, _ = session_app(
        hold(hold=3.0, ready=0.0), checkin=False, open_history=opened.append
    )
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 3.0)
        end = app.screen
        assert isinstance(end, EndScreen)
        end.action_leave()
        await pilot.press("h", "n")
        assert opened == []
        assert end.check_action("history", ()) is False
        assert end.check_action("note", ()) is False
        end.action_history()  # a key already on its way when close was asked
        end.action_note()
        assert opened == []
        assert not end.query("#end-note-input")
        assert app.check_action("command_palette", ()) is False
    assert app.return_value == "completed"


@pytest.mark.parametrize(
    ("checkin", "pain"),
    [(True, "not given"), (False, "not asked")],
)
async def test_the_summary_says_whether_pain_was_asked(checkin: bool, pain: str) -> None:
    """Both pain questions skipped with enter: 'not given'; 'not asked' only
    without check-ins."""
    clock = FakeClock()
    app = create_app(routine(hold(hold=3.0, ready=0.0)), clock=clock, checkin=checkin)
    async with app.run_test(size=SIZE) as pilot:
        if checkin:
            await pilot.press("enter")  # before: skipped
            await pilot.pause()
        await advance(app, clock, pilot, 3.0)
        if checkin:
            await pilot.press("enter")  # after: skipped
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        values = [str(v.render()) for v in app.screen.query(".end-value").results(Static)]
        assert values[-1] == pain


@pytest.mark.parametrize(
    ("from_home", "words", "footer"),
    [(False, "enter or q to close", "Quit"), (True, "enter or q to go back to the list", "Back")],
)
async def test_the_summary_says_what_closing_it_does(
    from_home: bool, words: str, footer: str
) -> None:
    """Started from the home screen, closing the summary goes back to the list."""
    clock = FakeClock()
    app = create_app(
        routine(hold(hold=3.0, ready=0.0)), clock=clock, checkin=False, from_home=from_home
    )
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 3.0)
        assert isinstance(app.screen, EndScreen)
        assert str(app.screen.query_one("#end-keys", Static).render()).endswith(words)
        binding = app.screen.active_bindings["q"].binding
        assert binding.description == footer
        await pilot.press("q")
    assert app.return_value == "completed"
