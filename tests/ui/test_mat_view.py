"""The session screen as a person on a mat two metres away meets it: a countdown
that fills the room, every word of the cue, and an honest sound status."""

from __future__ import annotations

import pytest

from backtimer import resources
from backtimer.audio.player import BellPlayer, SilentPlayer
from backtimer.audio.service import SoundService
from backtimer.engine.types import Event, EventKind, PhaseKind
from backtimer.routine.load import load_routine
from backtimer.ui.app import create_app
from backtimer.ui.layout import CUT_MARK, LayoutInput, plan
from backtimer.ui.screens.cue import CueScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.title import RESTORE, SAVE, TerminalTitle
from backtimer.ui.widgets.countdown import Countdown
from backtimer.ui.widgets.phase import PhaseBand
from tests.audio.fakes import RecordingPlayer
from tests.engine.fakes import FakeClock

from .helpers import FakeSound, breathe, hold, reps, routine, run_until, screen_lines

BLOCKS = set("█▀▄")
# The countdown's least height in rows at each size (the figures).
LEAST_ROWS = {(60, 20): 3, (80, 24): 5, (100, 30): 7, (160, 50): 8}


def figure_rows_on_screen(lines: list[str]) -> int:
    """Rows from the first to the last that shows a block, in the countdown's region."""
    rows = [i for i, line in enumerate(lines) if BLOCKS & set(line)]
    return rows[-1] - rows[0] + 1 if rows else 0


def measure(rows: list[str]) -> int:
    return figure_rows_on_screen(rows)


@pytest.mark.parametrize("size", list(LEAST_ROWS), ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_countdown_is_as_tall_as_the_screen_allows(size) -> None:
    """Measured on the rendered screen, not asked of the widget: at 100x30 a
    three-row countdown fails."""
    step = hold(
        hold=20.0,
        ready=0.0,
        reps=2,
        sides=("left", "right"),
        cue="Lie on your back. Draw one knee gently towards your chest; do not pull hard.",
    )
    app = create_app(routine(step, hold("Two")), clock=FakeClock(), checkin=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        rows = measure(screen_lines(app, countdown))
        assert rows >= LEAST_ROWS[size]
        assert rows == countdown.figure_rows
        # The rest of the screen is still there: the cue whole, the progress row.
        text = "\n".join(screen_lines(app))
        assert "hard." in text
        assert "min left" in text


async def test_larger_terminals_get_larger_figures() -> None:
    heights = []
    for size in [(60, 20), (80, 24), (100, 30), (120, 36), (160, 50)]:
        app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=FakeClock(), checkin=False)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            heights.append(measure(screen_lines(app, app.screen.query_one(Countdown))))
    assert heights == sorted(heights) and len(set(heights)) == len(heights), heights


async def test_hand_counted_reps_get_the_same_big_counter() -> None:
    app = create_app(
        routine(reps("Partial crunches", reps=10, ready=0.0)), clock=FakeClock(), checkin=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        assert countdown.text == "3"
        assert measure(screen_lines(app, countdown)) >= 7
        assert "3 / 10" in countdown.caption


async def test_the_phase_and_side_are_drawn_in_block_letters() -> None:
    step = hold(hold=20.0, ready=0.0, sides=("left", "right"))
    app = create_app(routine(step), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        band = app.screen.query_one(PhaseBand)
        assert (band.word, band.side) == ("HOLD", "LEFT")
        assert band.scale() >= 1
        assert band.region.height >= 3
        assert sum(1 for line in screen_lines(app, band) if BLOCKS & set(line)) >= 2
        # ...and as text, for a screen reader and a terminal search.
        assert "HOLD · LEFT · 20 s left" in "\n".join(screen_lines(app))


def bundled() -> list[str]:
    return sorted(p.name for p in resources.bundled_routines_dir().glob("*.yaml"))


@pytest.mark.parametrize("name", bundled())
async def test_every_cue_of_every_bundled_routine_is_whole_at_60x20(name) -> None:
    """Each step's cue ends on the screen (or is marked cut, with the key that
    shows it whole): a cut safety sentence is a defect, not a layout detail."""
    loaded = load_routine(resources.bundled_routines_dir() / name)
    for index, step in enumerate(loaded.steps):
        if not step.cue:
            continue
        app = create_app(loaded, clock=FakeClock(), checkin=False, start_at_step=index)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            await pilot.pause()
            text = " ".join(line.strip() for line in screen_lines(app))
            last_word = step.cue.split()[-1]
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            if screen.layout_plan is not None and screen.layout_plan.cue_cut:
                assert CUT_MARK in text, (name, step.name)
            else:
                assert last_word in text, (name, step.name, last_word)
                assert " ".join(step.cue.split()) in " ".join(text.split()), (name, step.name)
            assert measure(screen_lines(app, screen.query_one(Countdown))) >= 3


async def test_a_cue_too_long_for_the_screen_is_marked_cut_and_readable_whole() -> None:
    cue = ("Keep your lower back flat on the mat and breathe out as you lift. " * 8).strip()
    assert len(cue) > 500
    app = create_app(routine(hold(cue=cue, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        text = "\n".join(screen_lines(app))
        assert CUT_MARK in text
        assert measure(screen_lines(app, screen.query_one(Countdown))) >= 3
        assert "min left" in text  # the progress row keeps its place
        await pilot.press("c")
        assert isinstance(app.screen, CueScreen)
        whole = " ".join(" ".join(screen_lines(app)).split())
        assert "breathe out as you lift." in whole
        await pilot.press("escape")
        assert app.screen is screen
    # On a big screen the same cue is whole, and `c` does nothing.
    app = create_app(routine(hold(cue=cue, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert CUT_MARK not in "\n".join(screen_lines(app))
        await pilot.press("c")
        assert isinstance(app.screen, SessionScreen)


def test_the_plan_gives_the_cue_its_rows_before_the_countdown_grows() -> None:
    def given(cue: str, height: int = 20) -> LayoutInput:
        return LayoutInput(60, height, cue, "After this: Two · hold 12 s", "", False, False)

    short, long = plan(given("Breathe.")), plan(given("Breathe in slowly. " * 12))
    assert not short.cue_cut and not long.cue_cut
    assert long.figure_rows >= 3
    # The long cue's rows come out of the extras: the short one has block letters.
    assert short.band_big and not long.band_big and not long.name_tall
    # Extras (block letters, air, a tall name) only once the countdown has its share.
    big = plan(given("Breathe.", height=50))
    assert big.band_big and big.airy and big.name_tall
    assert not long.band_big


def test_the_terminal_title_is_written_at_most_once_a_second() -> None:
    now = [100.0]
    written: list[str] = []
    later: list[tuple[float, object]] = []
    title = TerminalTitle(
        written.append, clock=lambda: now[0], later=lambda d, f: later.append((d, f))
    )
    title.show("Knee to chest · 18 s")
    assert written == [SAVE + "\x1b]2;Knee to chest · 18 s\x07"]
    now[0] += 0.3
    title.show("Knee to chest · 17 s")  # a key: too soon, kept for later
    title.show("Knee to chest · 16 s")
    assert len(written) == 1 and len(later) == 1
    now[0] += 0.7
    later[0][1]()  # type: ignore[operator]
    assert written[-1] == "\x1b]2;Knee to chest · 16 s\x07"
    now[0] += 1.0
    title.show("Knee to chest · 15 s")
    title.show("Knee to chest · 15 s")
    assert written[1:] == ["\x1b]2;Knee to chest · 16 s\x07", "\x1b]2;Knee to chest · 15 s\x07"]
    title.restore()
    assert written[-1] == RESTORE


async def test_the_session_screen_sets_the_terminal_title() -> None:
    clock = FakeClock()
    app = create_app(routine(hold("Knee to chest", hold=20.0, ready=0.0)), clock=clock)
    app.checkin = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen._title._shown == "Knee to chest · 20 s"
        await run_until(app, clock, pilot, lambda s: (s.remaining or 0) <= 18.0)
        assert screen._title._wanted == "Knee to chest · 18 s"


# -- sound status -------------------------------------------------------------------


def test_the_sound_status_says_what_will_be_heard() -> None:
    def service(player: object, **kw: object) -> SoundService:
        return SoundService(player, threaded=False, **kw)  # type: ignore[arg-type]

    assert service(RecordingPlayer()).hearing == "sound"
    assert service(BellPlayer(lambda: None)).hearing == "bell only"
    assert service(SilentPlayer()).hearing == "off"
    assert service(RecordingPlayer(), muted=True).hearing == "muted"
    failing = service(RecordingPlayer(fail=True), fallback=BellPlayer(lambda: None))
    failing.on_event(Event(EventKind.SESSION_FINISHED, 0.0))
    assert failing.hearing == "bell only"


def test_the_bell_rings_for_breaths_and_interval_changes() -> None:
    rings: list[int] = []
    bell = BellPlayer(lambda: rings.append(1))
    for cue in ("inhale", "exhale", "start", "rest", "end"):
        bell.play(cue)
    assert len(rings) == 5
    bell.play("metronome")  # beats stay silent on the bell (the status's help says so)
    assert len(rings) == 5


class BellSound(FakeSound):
    hearing = "bell only"


async def test_the_header_says_bell_only_and_the_notice_covers_nothing() -> None:
    clock = FakeClock()
    app = create_app(routine(breathe(ready=0.0)), clock=clock, checkin=False, sound=BellSound())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert str(screen.query_one("#sound").content) == "♪ bell only"  # type: ignore[attr-defined]
        assert "metronome" in str(screen.query_one("#sound").tooltip or "")
        notice = screen.query_one("#notice").region
        assert notice.height >= 1
        for selector in ("#countdown", "#progress-row", "#title"):
            assert not notice.overlaps(screen.query_one(selector).region), selector
        text = "\n".join(screen_lines(app))
        assert "No audio device: using the terminal bell." in text
        assert app.engine is not None and app.engine.state.phase is not None
        assert app.engine.state.phase.kind is PhaseKind.INHALE


async def test_a_notice_stays_until_cleared_and_the_countdown_makes_room() -> None:
    """The way other parts post to the session screen (docs/session.md)."""
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.pause()
        countdown = screen.query_one(Countdown)
        before = countdown.figure_rows
        text = "History cannot be written: this session is not being saved."
        screen.post_notice(text, timeout=None)
        await pilot.pause(0.2)
        assert screen.notices == [text]
        assert text in "\n".join(screen_lines(app))
        assert countdown.figure_rows >= 3
        assert not screen.query_one("#notice").region.overlaps(countdown.region)
        await pilot.pause(7.0)  # no timeout: still there
        assert screen.notices == [text]
        screen.clear_notice(text)
        await pilot.pause()
        assert not screen.notices and countdown.figure_rows == before


async def test_muting_changes_the_status_and_posts_nothing() -> None:
    sound = FakeSound()
    sound.notices = []
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, sound=sound)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("m")
        assert str(screen.query_one("#sound").content) == "♪ muted"  # type: ignore[attr-defined]
        assert not screen.notices and not app._notifications


async def test_only_the_changed_cells_are_repainted_and_none_is_left_stale() -> None:
    """Each second repaints the figures' box only; across 1:00 → 59 and 10 → 9
    (the figures' count and size change) the screen still shows exactly the
    widget's lines."""
    clock = FakeClock()
    app = create_app(routine(hold(hold=62.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        for _ in range(56):
            clock.advance(1.0)
            app.tick()
            await pilot.pause()
            if countdown.text in ("1:01", "1:00", "59", "58", "11", "10", "9", "8"):
                shown = [line.rstrip() for line in screen_lines(app, countdown)]
                wanted = [(" " * left + core).rstrip() for left, core in countdown._placed()]
                assert shown == wanted, countdown.text
        assert countdown.text == "6"


async def test_pain_stop_works_from_the_whole_cue() -> None:
    cue = ("Keep your lower back flat on the mat and breathe out as you lift. " * 8).strip()
    app = create_app(routine(hold(cue=cue, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, CueScreen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert app.exit_status == "pain-stop"
