"""One routine, one length: `list`, `show`, the home screen and the session's first
"min left" all say the same number of minutes (desk break was "about 4 min" in the
list and "5 min left" once started), for every bundled routine, and for a
progression at the level the history keeps."""

from __future__ import annotations

import re

import pytest

from backtimer.cli import main
from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.history import progression
from backtimer.resources import bundled_routines_dir
from backtimer.routine.load import load_routine
from backtimer.time_text import estimate_minutes, minutes_left_text
from backtimer.ui.screens.home import routine_choices
from tests.engine.fakes import FakeClock

BUNDLED = sorted(bundled_routines_dir().glob("*.yaml"))


def _minutes(text: str) -> int:
    found = re.search(r"(?:(\d+) h )?(\d+) min", text)
    assert found is not None, text
    return int(found.group(1) or 0) * 60 + int(found.group(2))


def _lengths(capsys: pytest.CaptureFixture[str], name: str) -> dict[str, int]:
    routine = load_routine(bundled_routines_dir() / f"{name}.yaml")
    assert main(["list"]) == 0
    listed = next(line for line in capsys.readouterr().out.splitlines() if f"{name}.yaml" in line)
    assert main(["show", name]) == 0
    total = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Total"))
    (home,) = [c for c in routine_choices() if c.path.stem == name]
    store = progression.recorded_store()
    reps = progression.levels(store, routine) if store is not None else None
    if store is not None:
        store.close()
    engine = Engine(plan(routine, reps), routine, FakeClock())
    started = minutes_left_text(engine.preview_start().time_left)
    return {
        "list": _minutes(listed.split("about")[-1]),
        "show": _minutes(total.split("about")[-1]),
        "home": _minutes(home.cells()[1]),
        "session": _minutes(started),
    }


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_screen_gives_a_routine_the_same_length(
    capsys: pytest.CaptureFixture[str], path
) -> None:  # type: ignore[no-untyped-def]
    lengths = _lengths(capsys, path.stem)
    assert len(set(lengths.values())) == 1, lengths


def test_desk_break_is_five_minutes_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(_lengths(capsys, "desk-break").values()) == {5}


def test_a_progression_is_measured_at_its_level_everywhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from backtimer.engine.types import StepResult
    from backtimer.history.store import Store

    routine = load_routine(bundled_routines_dir() / "build-up.yaml")
    start = _lengths(capsys, "build-up")
    with Store.open() as store:
        for day in range(8):  # eight days of every rep done: eight levels up
            store.now = lambda day=day: _day(day)  # type: ignore[method-assign,misc]
            reps = progression.levels(store, routine)
            session = store.begin_session(routine.name)
            for index, step in enumerate(routine.steps):
                planned = reps.get(index, step.reps or 1) * max(1, len(step.sides))
                store.record_step(
                    session,
                    StepResult(
                        index, step.name, step.kind.value, planned, planned, 1, 1,
                        tuple(step.sides), tuple(step.sides), 10.0, 10.0, False,
                    ),
                )  # fmt: skip
            store.finish_session(session, "completed")
            progression.settle(store, routine, session)
        assert progression.levels(store, routine) == {1: 13, 2: 13, 3: 13}
    grown = _lengths(capsys, "build-up")
    assert len(set(grown.values())) == 1, grown
    assert grown["list"] > start["list"]


def _day(n: int):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    return datetime(2024, 5, 1, 8, tzinfo=UTC) + timedelta(days=n)


def test_minutes_round_up_from_the_first_second() -> None:
    assert [estimate_minutes(s) for s in (0, 1, 59, 60, 60.5, 119, 120, 241)] == [
        0, 1, 1, 1, 2, 2, 2, 5,
    ]  # fmt: skip
