"""`backtimer` alone in a real terminal: a session started from the home screen
comes back to it when its summary closes, and `!` stops a session from the help."""

from __future__ import annotations

from pathlib import Path

import pytest

from .tmux import BACKTIMER

pytestmark = pytest.mark.e2e

SHORT = """\
name: Aaa short one
rest: 0
ready: 1s
steps:
  - name: Tiny hold
    hold: 2s
"""


def test_a_session_started_from_home_returns_home(tmux, tmp_path: Path) -> None:
    routines = tmp_path / "config" / "backtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "aaa-short.yaml").write_text(SHORT)  # the first row
    session = tmux([BACKTIMER])
    session.wait_for("pick a routine")
    session.wait_for("No sessions yet")
    session.keys("Enter")
    session.wait_for("How is your back right now?")
    session.keys("Enter")
    session.wait_for("Well done", timeout=20)  # the last check-in
    session.keys("Enter")
    session.wait_for("Session complete")
    session.keys("Enter")
    session.wait_for("pick a routine")  # the home screen again, not the shell
    session.wait_for("Aaa short one")
    session.wait_for("completed")  # the session is among the last ones now
    session.keys("q")
    assert session.exit_code() == 0


def test_pain_stop_from_the_help(tmux, tmp_path: Path) -> None:
    session = tmux([BACKTIMER, "start", "Breathing", "--no-checkin"])
    session.wait_for("Belly")
    session.keys("?")
    session.wait_for("paused while this is open")
    session.wait_for("esc Close  q Quit  ! Pain stop")  # the help's own footer
    session.keys("!")
    session.wait_for("Sorry it hurts")
    session.keys("4")
    session.wait_for("Stopped because of pain")
    session.keys("Enter")
    assert session.exit_code() == 0
