"""The seam for prescriptions: routines' schedules found in their files, and the
plan's own counting rules applied to the report's weeks."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from report_helpers import daily, session

from backtimer.history.models import SessionStatus
from backtimer.report import figures
from backtimer.report.plan import from_schedules, no_schedule, schedules_for

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
