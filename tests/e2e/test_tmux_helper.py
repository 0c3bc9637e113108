"""The terminal the e2e tests drive: a program starts only in a pane of the size
the test asked for (tests/e2e/tmux.py)."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import pytest

from .tmux import TmuxSession, have_tmux, private_env, when_sized


@pytest.fixture(autouse=True)
def _needs_tmux() -> None:
    if not have_tmux():
        pytest.skip("tmux is not installed (scripts/setup.sh --test installs it)")


def test_a_program_waits_for_a_pane_that_starts_at_the_wrong_size(tmp_path: Path) -> None:
    """What a busy machine can do to `new-session -x 100 -y 30`, done on purpose:
    the pane starts at 80x24 and gets its size later."""
    seen = tmp_path / "size"
    name = f"bt-{uuid.uuid4().hex[:10]}"
    command = when_sized(f"sh -c 'stty size > {seen}; sleep 30'", 100, 30)
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command])
    try:
        time.sleep(0.5)
        assert not seen.exists(), "the program started in an 80x24 pane"
        subprocess.run(["tmux", "resize-window", "-t", name, "-x", "100", "-y", "30"], check=True)
        deadline = time.monotonic() + 10
        while (not seen.exists() or not seen.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen.read_text() == "30 100\n"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


@pytest.mark.parametrize(("width", "height"), [(100, 30), (160, 50), (60, 20)])
def test_the_program_reads_the_size_asked_for(tmp_path: Path, width: int, height: int) -> None:
    session = TmuxSession(
        ["sh", "-c", "stty size; tput cols; tput lines"],
        env=private_env(tmp_path),
        width=width,
        height=height,
    )
    try:
        assert session.exit_code() == 0
        assert session.screen().split()[:4] == [str(height), str(width), str(width), str(height)]
    finally:
        session.kill()
