"""The session statuses and stop reasons are spelled once, in backtimer.engine.types,
and those spellings are the very strings the history stores, exports and shows."""

from __future__ import annotations

import re
from pathlib import Path

import backtimer.history
from backtimer import due
from backtimer.engine.types import SessionStatus, StopReason
from backtimer.history import checks
from backtimer.ui.screens.end import HEADLINES
from backtimer.ui.widgets.history_text import STATUS_WORDS, status_text


def _checked_statuses() -> list[str]:
    """The statuses the first migration's CHECK lets into the sessions table."""
    folder = Path(backtimer.history.__file__).parent / "migrations"
    sql = (folder / "0001_initial.sql").read_text(encoding="utf-8")
    found = re.search(r"status IN \(([^)]*)\)", sql)
    assert found is not None
    return re.findall(r"'([^']*)'", found.group(1))


def test_the_session_statuses_are_those_the_table_accepts() -> None:
    assert [status.value for status in SessionStatus] == _checked_statuses()
    assert [status.value for status in SessionStatus] == [
        "running",
        "completed",
        "stopped",
        "pain-stop",
        "interrupted",
    ]


def test_a_status_is_its_stored_string() -> None:
    assert SessionStatus.PAIN_STOP == "pain-stop"
    assert str(SessionStatus.PAIN_STOP) == "pain-stop"
    assert f"-{SessionStatus.PAIN_STOP}" == "-pain-stop"  # the end screen's class
    assert SessionStatus("pain-stop") is SessionStatus.PAIN_STOP


def test_the_stop_reasons() -> None:
    assert [reason.value for reason in StopReason] == ["stopped", "pain"]


def test_a_stop_reason_gives_the_status_it_is_kept_with() -> None:
    assert SessionStatus.after_stop(StopReason.PAIN) is SessionStatus.PAIN_STOP
    assert SessionStatus.after_stop(StopReason.STOPPED) is SessionStatus.STOPPED
    assert SessionStatus.after_stop(None) is SessionStatus.STOPPED


def test_what_counts_for_the_plan_names_statuses() -> None:
    """due.py keeps plain strings (it imports nothing but datetime, for the prompt's
    `backtimer status`): they must stay statuses."""
    assert {SessionStatus.COMPLETED, SessionStatus.PAIN_STOP} == due.COUNTS


def test_an_imported_status_is_checked_against_the_same_list() -> None:
    assert checks.status("pain-stop") == "pain-stop"


def test_every_status_has_its_words() -> None:
    assert set(STATUS_WORDS) == set(SessionStatus)
    assert status_text(SessionStatus.PAIN_STOP) == "pain stop"
    assert set(HEADLINES) == {
        SessionStatus.COMPLETED,
        SessionStatus.STOPPED,
        SessionStatus.PAIN_STOP,
    }
