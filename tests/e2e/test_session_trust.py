"""The installed program in a real terminal, when the end of a session meets a signal
and when the disk fills during a session: the person is told at once, on the
screen, and the history says what happened."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from .test_history_crash import Start, _gone, _history, _running_pid, _wait
from .tmux import BACKTIMER, TmuxSession

pytestmark = pytest.mark.e2e


def _short_routine(tmp_path: Path, steps: int = 1, hold: str = "1s") -> Path:
    path = tmp_path / "short.yaml"
    lines = ["name: Short routine", "rest: 1s", "ready: 1s", "steps:"]
    for n in range(steps):
        lines += [f"  - name: Hold {n + 1}", f"    hold: {hold}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def _start(tmux: Start, routine: Path, *flags: str, **env: str) -> TmuxSession:
    return tmux([BACKTIMER, "start", str(routine), "--mute", *flags], **env)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_on_the_end_screen_ends_the_program_with_the_session_kept(
    tmux: Start, tmp_path: Path, signum: int
) -> None:
    session = _start(tmux, _short_routine(tmp_path), "--no-checkin")
    pid = _running_pid(tmp_path)
    session.wait_for("Session complete", timeout=20)
    time.sleep(0.5)  # nothing left to wake the program on its own
    os.kill(pid, signum)
    _wait("the program to end", lambda: _gone(pid), timeout=10)
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "completed"
    assert [s["name"] for s in recorded["steps"]] == ["Hold 1"]


def test_sigterm_on_the_last_check_in_ends_the_program_with_the_session_kept(
    tmux: Start, tmp_path: Path
) -> None:
    session = _start(tmux, _short_routine(tmp_path))
    session.wait_for("Before we start")
    session.keys("4")
    pid = _running_pid(tmp_path)
    session.wait_for("One last question", timeout=20)
    time.sleep(0.5)
    os.kill(pid, signal.SIGTERM)
    _wait("the program to end", lambda: _gone(pid), timeout=10)
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "completed"
    assert (recorded["pain_before"], recorded["pain_after"]) == (4, None)
