"""The seam for prescriptions: routines' schedules found in their files, and the
plan's own counting rules applied to the report's weeks."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from report_helpers import daily, session

from backtimer.engine.types import SessionStatus
from backtimer.report import figures
from backtimer.report.plan import (
    LevelRecord,
    from_schedules,
    no_schedule,
    recorded_levels,
    schedules_for,
)

MONDAY = date(2024, 3, 4)

PLAIN = """\
name: Plain
steps:
  - {name: Plank, hold: 20s}
"""


def test_routines_without_a_schedule_or_a_file_have_none(tmp_path: Path):
    plain = tmp_path / "plain.yaml"
    plain.write_text(PLAIN)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    files = {"Plain": str(plain), "Broken": str(broken), "Gone": str(tmp_path / "gone.yaml")}
    assert schedules_for({**files, "Unknown": ""}) == {}
    assert from_schedules({}, UTC) is no_schedule


def test_a_schedule_in_the_routine_file_is_found(tmp_path: Path):
    pytest.importorskip("backtimer.due", reason="routines carry no schedule yet")
    routine = tmp_path / "morning.yaml"
    routine.write_text(PLAIN.replace("name: Plain", "name: Morning\nschedule: {per_week: 5}"))
    schedules = schedules_for({"Morning": str(routine)})
    assert list(schedules) == ["Morning"]


def test_schedules_count_by_the_plans_rules():
    schedule_module = pytest.importorskip("backtimer.schedule", reason="no schedules yet")
    pytest.importorskip("backtimer.due", reason="no schedules yet")
    prescription = from_schedules(
        {"Morning back routine": schedule_module.Schedule(per_week=5)}, UTC
    )
    sessions = daily(MONDAY, 4)  # Monday to Thursday
    sessions.append(session(MONDAY + timedelta(days=4), status=SessionStatus.PAIN_STOP, upto=2))
    sessions.append(session(MONDAY + timedelta(days=5), status=SessionStatus.STOPPED, upto=2))
    period = figures.Period(MONDAY, MONDAY + timedelta(days=6))
    (row,) = figures.weekly(sessions, period, UTC, prescription=prescription)
    assert row.done == 6  # every session with exercise in it
    assert (row.done_of_prescribed, row.prescribed) == (5, 5)  # a stop for pain counts
    assert prescription("Evening", [], MONDAY, MONDAY) is None


def test_recorded_levels_are_read_for_the_reports_sessions_only():
    inside = session(MONDAY, before=3, after=3)
    outside_id = "a session outside the period"

    def change(session_id: str, step: str, before: int, after: int) -> SimpleNamespace:
        return SimpleNamespace(
            routine_name="Morning back routine",
            step_name=step,
            session_id=session_id,
            day=MONDAY,
            level_before=before,
            level_after=after,
            explanation=f"{before} to {after}",
        )

    class History:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def level_changes(self, routine: str) -> list[SimpleNamespace]:
            self.asked.append(routine)
            return [change(outside_id, "Bird dog", 7, 8), change(inside.id, "Bird dog", 8, 9)]

    history = History()
    found = recorded_levels(history, [inside])
    assert history.asked == ["Morning back routine"]
    assert found == {("Morning back routine", "Bird dog"): [LevelRecord(MONDAY, 8, 9, "8 to 9")]}
    assert recorded_levels(object(), [inside]) is None  # a history without decisions
