"""The installed program in a real terminal: a short routine run to its end with
real keys, read off the screen as a person would, then the history it kept."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .tmux import BACKTIMER, private_env

pytestmark = pytest.mark.e2e

SHORT = """\
name: Short test routine
rest: 1s
ready: 1s
steps:
  - name: Knee hold
    cue: Hold the knee gently.
    hold: 4s
  - name: Counted crunches
    reps: 2
  - name: Slow breaths
    breathe: {inhale: 2, exhale: 2}
    cycles: 3
"""


@pytest.fixture
def routine(tmp_path: Path) -> Path:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    return path


def _history(tmp_path: Path) -> list[dict[str, object]]:
    env = dict(os.environ, **private_env(tmp_path))
    out = subprocess.run(
        [BACKTIMER, "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    sessions: list[dict[str, object]] = json.loads(out.stdout)["sessions"]
    return sessions


def test_a_short_routine_run_to_its_end_with_real_keys(tmux, routine: Path, tmp_path: Path):
    session = tmux([BACKTIMER, "start", str(routine)])
    session.wait_for("How is your back right now?")
    session.keys("3")

    screen = session.wait_for("Knee hold")
    assert "Step 1 / 3" in screen
    session.wait_for("HOLD")
    session.keys("space")
    paused = session.wait_for("PAUSED")
    assert "Knee hold" in paused
    session.keys("space")

    session.wait_for("Press enter after each rep", timeout=30)
    session.keys("Enter")
    session.wait_for("1 / 2")
    session.keys("Enter")

    session.wait_for("INHALE", timeout=30)
    session.keys("n")  # skip the rest of the breathing

    session.wait_for("How is your back right now?", timeout=10)
    session.keys("2")
    end = session.wait_for("Well done: 2 of 3 exercises done", timeout=10)
    assert "skipped" in end.lower()
    session.keys("q")
    assert session.exit_code() == 0

    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "completed"
    assert recorded["pain_before"] == 3 and recorded["pain_after"] == 2
    steps = {s["name"]: s for s in recorded["steps"]}  # type: ignore[attr-defined]
    assert steps["Knee hold"]["skipped"] is False
    assert steps["Counted crunches"]["done_reps"] == 2
    assert steps["Slow breaths"]["skipped"] is True


def test_no_terminal_is_one_sentence(routine: Path, tmp_path: Path):
    env = dict(os.environ, **private_env(tmp_path))
    out = subprocess.run(
        [BACKTIMER, "start", str(routine)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "needs a terminal" in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_broken_routine_is_reported_before_any_screen(tmux, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - name: x\n    hold: 0\n")
    session = tmux([BACKTIMER, "start", str(bad)])
    screen = session.wait_for("bad.yaml:4:11")
    assert "from 1s to 2h" in screen
    assert session.exit_code() == 1


def test_an_unwritable_data_folder_asks_before_running_unsaved(tmux, routine: Path, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be\n")

    refused = tmux([BACKTIMER, "start", str(routine)], XDG_DATA_HOME=str(blocker))
    asked = refused.wait_for("without saving it?")
    assert "Cannot write the history" in " ".join(asked.replace("█", " ").split())
    assert "enter  no" in asked
    refused.keys("Enter")  # the default: no
    assert refused.exit_code() != 0
    after = " ".join(refused.screen().split())
    assert "nothing was started; fix the folder and try again" in after
    assert "Cannot write the history" in after  # the reason, not only the outcome
    assert "Traceback" not in after

    agreed = tmux([BACKTIMER, "start", str(routine)], XDG_DATA_HOME=str(blocker))
    agreed.wait_for("without saving it?")
    agreed.keys("y")
    agreed.wait_for("How is your back right now?")
