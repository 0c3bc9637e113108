"""The installed program keeps `backtimer status` right: a scheduled routine run to
its end in a real terminal turns "due today" into "done today"."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .tmux import BACKTIMER, private_env

pytestmark = pytest.mark.e2e

PLANNED = """\
name: Planned hold
schedule: daily
ready: 1s
steps:
  - name: Short hold
    hold: 2s
"""


def status(tmp_path: Path) -> str:
    env = dict(os.environ, **private_env(tmp_path))
    done = subprocess.run(
        [BACKTIMER, "status"], env=env, capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout


def test_a_session_turns_due_into_done(tmux, tmp_path: Path) -> None:
    folder = tmp_path / "config" / "backtimer" / "routines"
    folder.mkdir(parents=True)
    (folder / "planned.yaml").write_text(PLANNED)
    home = tmux([BACKTIMER])  # the home screen writes the status file
    home.wait_for("Planned hold — due today, 0 of 7 this week")
    home.keys("q")
    assert home.exit_code() == 0
    assert "Planned hold: due today, 0 of 7 this week" in status(tmp_path)

    session = tmux([BACKTIMER, "start", "planned", "--no-checkin", "--mute"])
    session.wait_for("Session complete", timeout=20)
    session.keys("q")
    assert session.exit_code() == 0
    assert "Planned hold: done today, 1 of " in status(tmp_path)
