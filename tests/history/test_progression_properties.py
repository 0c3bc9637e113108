"""Over any run of sessions (done, skipped, part done, not reached, pain stops, any
pain scores, any spacing in time): a progression never rises without its step done
in full and no pain rise, and never more than one step on one local day."""

from __future__ import annotations

from datetime import UTC

from history_helpers import FrozenNow
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine.types import StepResult
from backtimer.history import progression
from backtimer.history.store import Store
from backtimer.routine.model import Progression, Routine, Step, StepKind

RULE = Progression(start=4, goal=12, step=2, back_off=1)
ROUTINE = Routine(
    name="Prop",
    steps=(
        Step(name="Warm-up", kind=StepKind.HOLD, hold=5.0),
        Step(
            name="Bird dog",
            kind=StepKind.HOLD,
            hold=2.0,
            reps=RULE.start,
            sides=("left", "right"),
            sets=2,
            progression=RULE,
        ),
    ),
)

outcomes = st.sampled_from(["full", "skipped", "partial", "one-side", "not-reached"])
pain = st.one_of(st.none(), st.integers(0, 10))
sessions = st.lists(
    st.tuples(
        outcomes,
        st.sampled_from(["completed", "stopped", "pain-stop"]),
        pain,
        pain,
        st.integers(0, 40),  # hours since the session before
    ),
    max_size=25,
)


def _record(store: Store, level: int, outcome: str, status: str, before, after) -> str:  # type: ignore[no-untyped-def]
    session = store.begin_session(ROUTINE.name)
    store.set_pain(session, "before", before)
    store.record_step(
        session,
        StepResult(0, "Warm-up", "hold", 1, 1, 1, 1, (), (), 5.0, 5.0, False),
    )
    planned = level * 2 * 2  # reps × sides × sets
    done = {"full": planned, "skipped": 0, "partial": planned - 1, "one-side": planned // 2}
    if outcome != "not-reached":
        sides = ("left",) if outcome == "one-side" else ("left", "right")
        store.record_step(
            session,
            StepResult(
                1, "Bird dog", "hold", planned, done[outcome], 2,
                2 if outcome in ("full", "one-side") else 1,
                ("left", "right"), () if outcome == "skipped" else sides,
                30.0, 30.0, outcome == "skipped",
            ),
        )  # fmt: skip
    store.set_pain(session, "after", after)
    store.finish_session(session, status)
    return session


@settings(max_examples=150, deadline=None)
@given(sessions)
def test_a_level_rises_only_on_full_work_and_once_a_day(runs) -> None:  # type: ignore[no-untyped-def]
    now = FrozenNow()
    store = Store.memory(now=now, tz=UTC)
    rises_by_day: dict[object, int] = {}
    for outcome, status, before, after, hours in runs:
        now.advance(hours=hours)
        level = progression.levels(store, ROUTINE)[1]
        session = _record(store, level, outcome, status, before, after)
        (change,) = progression.settle(store, ROUTINE, session)
        new = progression.levels(store, ROUTINE)[1]
        assert change.level_before == level and change.level_after == new
        assert RULE.start <= new <= RULE.goal
        if new > level:
            pain_rose = before is not None and after is not None and after - before >= 2
            assert outcome == "full" and not pain_rose
            # a pain stop came in the last recorded step: this one, being the last
            assert status != "pain-stop"
            assert new - level <= RULE.step
            day = now().date()
            rises_by_day[day] = rises_by_day.get(day, 0) + 1
            assert rises_by_day[day] == 1, "two rises on one day"
        elif new < level:
            assert change.reason in ("pain-rose", "pain-stop")
            assert level - new <= RULE.back_off
