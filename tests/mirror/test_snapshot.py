"""The picture the mirror page receives: a pure function of the engine's state."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.engine.types import SessionState
from backtimer.mirror.snapshot import snapshot
from backtimer.routine.model import Routine
from backtimer.ui.view import breath_levels, build_view
from tests.engine.builders import breathe_step, hold_step, reps_step, routine
from tests.engine.fakes import FakeClock


def _engine(r: Routine, clock: FakeClock) -> Engine:
    return Engine(plan(r), r, clock, resume_ready=3.0)


def _picture(engine: Engine, clock: FakeClock) -> dict[str, object]:
    return snapshot(
        engine.state,
        engine.routine,
        clock(),
        total=engine.timeline.total,
        levels=breath_levels(engine.timeline),
    )


def test_before_the_start_it_says_the_session_starts_on_the_computer() -> None:
    picture = snapshot(None, routine(hold_step()), 5.0)
    assert picture["status"] == "waiting"
    assert picture["countdown"] is None
    can = picture["can"]
    assert isinstance(can, dict)
    assert not any(can.values())


def test_a_running_hold_is_a_deadline_on_the_servers_clock() -> None:
    clock = FakeClock(100.0)
    r = routine(hold_step("Knee to chest", hold=20.0, sides=("left", "right"), cue="Gently."))
    engine = _engine(r, clock)
    engine.start()
    clock.advance(5.0)  # past the 5 s get ready
    engine.update()
    clock.advance(2.5)
    engine.update()
    picture = _picture(engine, clock)
    assert picture["status"] == "running"
    assert picture["title"] == "HOLD"
    assert picture["phase"] == "hold"
    assert picture["name"] == "Knee to chest"
    assert picture["cue"] == "Gently."
    assert picture["side"] == "LEFT"
    count = picture["countdown"]
    assert count == {"remaining": None, "deadline": 125.0}
    # The same number the terminal shows, from the same view.
    view = build_view(engine.state, r, engine.timeline.total)
    assert view.countdown == str(math.ceil(count["deadline"] - clock()))  # type: ignore[index]
    assert picture["can"] == {
        "pause": True,
        "resume": False,
        "skip": True,
        "back": True,
        "rep": False,
        "pain": True,
    }


def test_the_deadline_does_not_move_while_the_hold_runs() -> None:
    """Pictures taken at different moments of one hold are equal: the server
    sends nothing new each second, and the page counts by itself."""
    clock = FakeClock(0.0)
    engine = _engine(routine(hold_step(hold=30.0)), clock)
    engine.start()
    clock.advance(6.0)
    engine.update()
    first = _picture(engine, clock)
    clock.advance(7.25)
    engine.update()
    later = _picture(engine, clock)
    assert first["countdown"]["deadline"] == later["countdown"]["deadline"]  # type: ignore[index]
    assert first["time_left"]["deadline"] == later["time_left"]["deadline"]  # type: ignore[index]
    assert {k: v for k, v in first.items() if k not in ("countdown", "time_left")} == {
        k: v for k, v in later.items() if k not in ("countdown", "time_left")
    }


def test_paused_shows_the_time_kept_and_offers_resume() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(hold_step(hold=20.0)), clock)
    engine.start()
    clock.advance(8.0)
    engine.update()
    engine.toggle_pause()
    clock.advance(30.0)
    picture = _picture(engine, clock)
    assert picture["status"] == "paused"
    assert picture["title"] == "PAUSED"
    assert picture["detail"] == "Tap Resume to go on"
    assert picture["countdown"] == {"remaining": 17.0, "deadline": None}
    assert picture["can"]["resume"] and not picture["can"]["pause"]  # type: ignore[index]


def test_resuming_counts_down_the_get_ready() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(hold_step(hold=20.0)), clock)
    engine.start()
    clock.advance(8.0)
    engine.update()
    engine.toggle_pause()
    clock.advance(4.0)
    engine.toggle_pause()
    clock.advance(1.0)
    picture = _picture(engine, clock)
    assert picture["status"] == "resuming"
    assert picture["title"] == "GET READY"
    assert picture["countdown"] == {"remaining": None, "deadline": 15.0}


def test_a_hand_counted_rep_shows_the_count_and_offers_rep_done() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(reps_step("Crunches", reps=5, ready=2.0)), clock)
    engine.start()
    clock.advance(2.0)
    engine.update()
    engine.count_rep()
    engine.count_rep()
    picture = _picture(engine, clock)
    assert picture["counted"] is True
    assert picture["done"] == 2
    assert picture["rep_count"] == 5
    assert picture["countdown"] is None
    assert picture["detail"] == "Tap Rep done after each rep"
    assert picture["can"]["rep"] is True  # type: ignore[index]


def test_breathing_grows_towards_full_lungs_until_the_inhale_ends() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(breathe_step(cycles=2, ready=1.0)), clock)
    engine.start()
    clock.advance(1.0)
    engine.update()
    clock.advance(1.0)  # a quarter into a 4 s inhale
    picture = _picture(engine, clock)
    assert picture["title"] == "INHALE"
    assert picture["breath"] == {"level": 0.25, "to": 1.0, "until": 5.0}


def test_finished_and_stopped_offer_no_buttons() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(hold_step(hold=5.0)), clock)
    engine.start()
    engine.stop("pain")
    picture = _picture(engine, clock)
    assert picture["ended"] is True
    assert picture["title"] == "STOPPED"
    can = picture["can"]
    assert isinstance(can, dict)
    assert not any(can.values())


def test_it_holds_no_pain_and_no_history() -> None:
    clock = FakeClock(0.0)
    engine = _engine(routine(hold_step(hold=5.0)), clock)
    engine.start()
    text = json.dumps(_picture(engine, clock)).lower()
    assert "pain" not in text.replace('"pain": true', "").replace('"pain": false', "")
    for word in ("history", "session_id", "before", "after"):
        assert word not in text.replace("after this", "")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=7.0), min_size=1, max_size=30))
def test_any_moment_of_a_session_is_plain_json_and_agrees_with_the_terminal(
    steps: list[float],
) -> None:
    clock = FakeClock(0.0)
    r = routine(
        hold_step(hold=6.0, sides=("left", "right")),
        reps_step(reps=2, tempo=2.0),
        breathe_step(cycles=1),
    )
    engine = _engine(r, clock)
    engine.start()
    for dt in steps:
        clock.advance(dt)
        engine.update()
        state: SessionState = engine.state
        picture = _picture(engine, clock)
        assert json.loads(json.dumps(picture)) == picture
        view = build_view(state, r, engine.timeline.total)
        assert picture["title"] == view.title
        count: Any = picture["countdown"]
        if view.countdown and not view.counted:
            assert count is not None
            running = count["deadline"] is not None
            remaining: float = count["deadline"] - clock() if running else count["remaining"]
            exact = (
                state.resume_remaining if state.resume_remaining is not None else state.remaining
            )
            assert exact is not None
            assert math.isclose(remaining, exact, abs_tol=1e-3)
            if abs(exact - round(exact)) < 1e-3:
                continue  # at a boundary, to the millisecond the page is told
            # What the page would show now is what the terminal shows now.
            whole = max(0, math.ceil(remaining - 1e-9))
            shown = str(whole) if whole < 60 else f"{whole // 60}:{whole % 60:02d}"
            assert shown == view.countdown
