"""A progression moves only after work really done, and never on pain.

Each test runs real sessions: the engine on a fake clock, keys pressed as a person
would (skip, pain stop, quit), the recorder writing the history, then the session
settled as the app settles it after the last pain check-in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

import pytest
from history_helpers import FrozenNow

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.history import progression
from backtimer.history.models import LevelChange
from backtimer.history.recorder import HistoryRecorder
from backtimer.history.store import Store
from backtimer.routine.model import BreathKind, BreathPhase, Progression, Routine, Step, StepKind
from tests.engine.fakes import FakeClock

Script = Callable[[Engine, FakeClock], None]


def build_up(back_off: int = 0, sides: tuple[str, ...] = (), goal: int = 6) -> Routine:
    """A breathing warm-up, then a progressing step of timed reps (3 up to 6)."""
    return Routine(
        name="Build-up",
        steps=(
            Step(
                name="Breathing",
                kind=StepKind.BREATHE,
                breath=(BreathPhase(BreathKind.INHALE, 2.0), BreathPhase(BreathKind.EXHALE, 2.0)),
                cycles=2,
                ready=1.0,
            ),
            Step(
                name="Bridge",
                kind=StepKind.REPS,
                reps=3,
                tempo=1.0,
                sides=sides,  # type: ignore[arg-type]
                ready=1.0,
                progression=Progression(start=3, goal=goal, step=1, back_off=back_off),
            ),
            Step(name="Stretch", kind=StepKind.HOLD, hold=2.0, ready=1.0),
        ),
        rest=1.0,
        ready=1.0,
    )


def run(
    store: Store,
    routine: Routine,
    script: Script,
    pain: tuple[int | None, int | None] = (None, None),
) -> list[LevelChange]:
    """One session as the app runs it; returns what settling it recorded."""
    clock = FakeClock(0.0)
    engine = Engine(plan(routine, progression.levels(store, routine)), routine, clock)
    recorder = HistoryRecorder.for_routine(store, routine, state_provider=lambda: engine.state)
    engine.subscribe(recorder.on_event)
    recorder.on_pain("before", pain[0])
    engine.start()
    script(engine, clock)
    assert engine.finished
    recorder.on_pain("after", pain[1])
    assert recorder.session_id is not None and not recorder.failed
    return progression.settle(store, routine, recorder.session_id)


def tick_until(engine: Engine, clock: FakeClock, done: Callable[[], bool]) -> None:
    for _ in range(100_000):
        if done() or engine.finished:
            return
        clock.advance(0.1)
        engine.update()
    raise AssertionError("never got there")


def in_bridge_reps(engine: Engine, done_reps: int) -> Callable[[], bool]:
    """True once the Bridge step is at work with `done_reps` reps behind it."""

    def check() -> bool:
        state = engine.state
        return (
            state.step_index == 1
            and state.phase is not None
            and state.phase.kind.value == "rep"
            and state.rep == done_reps + 1
        )

    return check


def all_done(engine: Engine, clock: FakeClock) -> None:
    tick_until(engine, clock, lambda: False)


def all_skipped(engine: Engine, clock: FakeClock) -> None:
    while not engine.finished:
        engine.skip()


def partly_done(engine: Engine, clock: FakeClock) -> None:
    """Two bridges done, then the rest skipped (the step and what follows)."""
    tick_until(engine, clock, in_bridge_reps(engine, 2))
    all_skipped(engine, clock)


def pain_stop_in_bridge(engine: Engine, clock: FakeClock) -> None:
    tick_until(engine, clock, in_bridge_reps(engine, 1))
    engine.stop("pain")


def pain_stop_after_bridge(engine: Engine, clock: FakeClock) -> None:
    tick_until(engine, clock, lambda: engine.state.step_index == 2)
    engine.stop("pain")


def quit_in_bridge(engine: Engine, clock: FakeClock) -> None:
    tick_until(engine, clock, in_bridge_reps(engine, 2))
    engine.stop("stopped")


def level(store: Store, routine: Routine) -> int:
    return progression.levels(store, routine)[1]


@pytest.fixture
def local_store(tmp_path, now: FrozenNow):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "history.sqlite3", now=now, tz=UTC) as opened:
        yield opened


def test_all_skipped_session_does_not_raise_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, all_skipped, pain=(3, 3))
    assert level(store, routine) == 3
    assert (change.reason, change.explanation) == ("skipped", "stays at 3: skipped")


def test_partly_done_step_does_not_raise_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, partly_done)
    assert level(store, routine) == 3
    assert change.reason == "partial"
    assert change.explanation == "stays at 3: 2 of 3 done, not all"


def test_step_cut_short_by_quitting_does_not_raise_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, quit_in_bridge)
    assert level(store, routine) == 3 and change.reason == "partial"


def test_one_side_of_two_does_not_raise_the_level(store: Store) -> None:
    routine = build_up(sides=("left", "right"))

    def one_side(engine: Engine, clock: FakeClock) -> None:
        tick_until(engine, clock, lambda: engine.state.side == "right")
        all_skipped(engine, clock)

    (change,) = run(store, routine, one_side)
    assert level(store, routine) == 3 and change.reason == "partial"


def test_pain_rise_of_two_does_not_raise_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, all_done, pain=(3, 5))
    assert level(store, routine) == 3
    assert change.explanation == "stays at 3: pain rose from 3 to 5"


def test_pain_rise_of_one_still_raises_the_level(store: Store) -> None:
    routine = build_up()
    run(store, routine, all_done, pain=(3, 4))
    assert level(store, routine) == 4


def test_pain_stop_in_the_step_does_not_raise_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, pain_stop_in_bridge, pain=(2, None))
    assert level(store, routine) == 3
    assert change.explanation == "stays at 3: stopped for pain during this exercise"


def test_pain_stop_after_the_step_holds_the_level(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, pain_stop_after_bridge)
    assert level(store, routine) == 3
    assert change.explanation == "stays at 3: the session was stopped for pain"


def test_one_full_session_without_pain_rise_raises_by_one_step(store: Store) -> None:
    routine = build_up()
    (change,) = run(store, routine, all_done, pain=(3, 3))
    assert level(store, routine) == 4
    assert change.moved and (change.level_before, change.level_after) == (3, 4)
    assert change.explanation == "up from 3 to 4: done in full, pain 3 → 3"


def test_two_full_sessions_on_one_day_raise_it_once(store: Store, now: FrozenNow) -> None:
    routine = build_up()
    run(store, routine, all_done)
    now.advance(hours=2)
    (change,) = run(store, routine, all_done)
    assert level(store, routine) == 4
    assert change.reason == "once-a-day"
    assert change.explanation.startswith("stays at 4: done in full, but it went up today")
    now.advance(days=1)
    run(store, routine, all_done)
    assert level(store, routine) == 5


def test_the_level_stops_at_the_goal(store: Store, now: FrozenNow) -> None:
    routine = build_up()
    for _ in range(5):
        run(store, routine, all_done)
        now.advance(days=1)
    assert level(store, routine) == 6
    assert store.level_changes("Build-up")[-1].explanation == "stays at 6: the goal, done in full"


def test_back_off_lowers_the_level_after_pain(store: Store, now: FrozenNow) -> None:
    routine = build_up(back_off=1)
    for _ in range(2):
        run(store, routine, all_done)
        now.advance(days=1)
    assert level(store, routine) == 5
    (change,) = run(store, routine, all_done, pain=(2, 6))
    assert level(store, routine) == 4
    assert change.explanation == "back to 4 from 5: pain rose from 2 to 6"
    run(store, routine, pain_stop_in_bridge)
    assert level(store, routine) == 3
    run(store, routine, pain_stop_in_bridge)
    assert level(store, routine) == 3  # never below start


def test_the_history_records_each_level_change(store: Store, now: FrozenNow) -> None:
    routine = build_up()
    run(store, routine, all_done)
    run(store, routine, all_skipped)
    now.advance(days=1)
    run(store, routine, all_done)
    moved = store.level_changes("Build-up", moved_only=True)
    assert [(c.level_before, c.level_after) for c in moved] == [(3, 4), (4, 5)]
    assert [c.day.isoformat() for c in moved] == ["2024-05-01", "2024-05-02"]
    assert len(store.level_changes("Build-up")) == 3  # the hold is kept too, with why


def test_a_session_is_settled_once(store: Store) -> None:
    routine = build_up()
    run(store, routine, all_done)
    (row,) = store.sessions()
    assert progression.settle(store, routine, row.id) == []
    assert level(store, routine) == 4


def test_the_level_survives_deleting_its_session(store: Store) -> None:
    routine = build_up()
    run(store, routine, all_done)
    (row,) = store.sessions()
    assert store.delete_session(row.id)
    assert level(store, routine) == 4
    assert store.level_changes("Build-up")[0].session_id is None


def test_a_level_beyond_a_changed_goal_is_kept_within_it(store: Store, now: FrozenNow) -> None:
    routine = build_up()
    for _ in range(3):
        run(store, routine, all_done)
        now.advance(days=1)
    smaller = Routine(
        name=routine.name,
        steps=(
            routine.steps[0],
            Step(
                name="Bridge",
                kind=StepKind.REPS,
                reps=3,
                tempo=1.0,
                progression=Progression(start=2, goal=4),
            ),
        ),
    )
    assert level(store, smaller) == 4


def test_a_history_from_before_levels_were_kept_is_replayed_honestly(
    store: Store, now: FrozenNow
) -> None:
    """Sessions recorded by an older backtimer (no level rows): two full days, a
    skipped day, two full sessions on one day, a painful day. The old rule would
    have counted six sessions; the honest one gives three steps."""
    routine = build_up(goal=10)
    for script, pain, days in [
        (all_done, (None, None), 1),
        (all_done, (2, 2), 1),
        (all_skipped, (None, None), 1),
        (all_done, (None, None), 0),
        (all_done, (None, None), 1),
        (all_done, (2, 6), 1),
    ]:
        run_unsettled(store, routine, script, pain)
        now.advance(days=days)
    (standing,) = progression.standings(store, routine).values()
    # 3 → 4 → 5 → (skipped) 5 → 6 → (the same day) 6 → (pain rose) 6; the old rule: 9
    assert standing.level == 6
    assert standing.last is not None
    assert standing.last.explanation == "stays at 6: pain rose from 2 to 6"
    assert store.level_changes() == []  # replaying writes nothing
    (change,) = run(store, routine, all_done)  # the next session goes on from there
    assert (change.level_before, change.level_after) == (6, 7)
    assert level(store, routine) == 7


def run_unsettled(
    store: Store, routine: Routine, script: Script, pain: tuple[int | None, int | None]
) -> None:
    """A session as an older backtimer recorded it: the same rows, no levels."""
    clock = FakeClock(0.0)
    engine = Engine(plan(routine, progression.levels(store, routine)), routine, clock)
    recorder = HistoryRecorder.for_routine(store, routine, state_provider=lambda: engine.state)
    engine.subscribe(recorder.on_event)
    recorder.on_pain("before", pain[0])
    engine.start()
    script(engine, clock)
    recorder.on_pain("after", pain[1])


def test_a_step_done_at_a_lower_level_than_now_does_not_raise_it(
    store: Store, now: FrozenNow
) -> None:
    """Two terminals: a session planned at 3 settles after another raised it to 4."""
    routine = build_up()
    clock = FakeClock(0.0)
    engine = Engine(plan(routine, progression.levels(store, routine)), routine, clock)
    recorder = HistoryRecorder.for_routine(store, routine, state_provider=lambda: engine.state)
    engine.subscribe(recorder.on_event)
    engine.start()
    now.advance(days=1)
    run(store, routine, all_done)  # the other terminal: 3 → 4
    all_done(engine, clock)
    assert recorder.session_id is not None
    (change,) = progression.settle(store, routine, recorder.session_id)
    assert change.explanation == "stays at 4: done at 3, below the level"
    assert level(store, routine) == 4
