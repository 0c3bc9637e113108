"""The installed program in a real terminal: the bundled build-up skipped through
twice, as a new user might, and its progression afterwards. A session in which
nothing was done must never raise the reps of someone exercising a painful back."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .tmux import BACKTIMER, private_env

pytestmark = pytest.mark.e2e


def _show(tmp_path: Path) -> str:
    env = dict(os.environ, **private_env(tmp_path))
    out = subprocess.run(
        [BACKTIMER, "show", "build-up"], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def test_build_up_skipped_through_twice_stays_where_it_was(tmux, tmp_path: Path) -> None:
    assert "5 of 30 reps, tempo 3s per rep" in _show(tmp_path)
    for _ in range(2):
        session = tmux([BACKTIMER, "start", "build-up", "--mute"])
        session.wait_for("How is your back right now?")
        session.keys("3")
        session.wait_for("Belly breathing")
        for name in ("Partial crunches", "Bird dog", "Bridge"):
            session.keys("n")
            session.wait_for(name)
        session.keys("n")
        intro = session.wait_for("One last question")
        assert "Well done" not in intro
        session.keys("3")
        end = session.wait_for("Partial crunches — stays at 5: skipped")
        assert "Bird dog — stays at 5: skipped" in end
        assert "Bridge — stays at 5: skipped" in end
        session.keys("q")
        assert session.exit_code() == 0
        session.kill()

    shown = _show(tmp_path)
    assert "5 of 30 reps, tempo 3s per rep" in shown
    assert "5 of 30 holds of 3s per side" in shown
    assert shown.count("now: level 5 of 30 (last session: stays at 5: skipped)") == 3
