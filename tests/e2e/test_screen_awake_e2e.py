"""The installed program keeps the screen awake while a session runs, in a real
terminal, against a private session bus with a screensaver service that behaves
like GNOME's and KDE's (tests/desktop/screensaver_template.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop import dbus_helpers

from .tmux import BACKTIMER, TmuxSession, have_tmux, private_env

pytestmark = pytest.mark.e2e

ROUTINE = """\
name: Awake test
ready: 1s
rest: 1s
steps:
  - name: Long hold
    hold: {hold}
"""


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[tuple[str, dbus_helpers.Service]]:
    if not have_tmux():
        pytest.skip("tmux is not installed (scripts/setup.sh --test installs it)")
    folder = tmp_path / "bus"
    folder.mkdir()
    with dbus_helpers.session_bus(folder) as address:
        service = dbus_helpers.screensaver(address, tmp_path / "screensaver.log")
        try:
            yield address, service
        finally:
            service.stop()


@pytest.fixture
def start(tmp_path: Path, desktop: tuple[str, dbus_helpers.Service]) -> Iterator:  # type: ignore[type-arg]
    started: list[TmuxSession] = []

    def run(hold: str, *options: str) -> TmuxSession:
        routine = tmp_path / "awake.yaml"
        routine.write_text(ROUTINE.format(hold=hold))
        env = private_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=desktop[0])
        session = TmuxSession(
            [BACKTIMER, "start", str(routine), "--no-checkin", "--mute", *options], env=env
        )
        started.append(session)
        return session

    yield run
    for session in started:
        session.kill()


def held(service: dbus_helpers.Service) -> str:
    lines = [line for line in service.lines() if "held=" in line]
    return lines[-1].rsplit("held=", 1)[1] if lines else "0"


def test_held_during_the_session_and_released_at_its_end(start, desktop) -> None:  # type: ignore[no-untyped-def]
    _, service = desktop
    session = start("3s")
    session.wait_for("Long hold")
    assert service.wait_for('Inhibit "backtimer"'), service.lines()
    session.wait_for("Session complete", timeout=20)
    assert service.wait_for("UnInhibit cookie=1 held=0"), service.lines()
    session.keys("q")
    assert session.exit_code() == 0
    assert held(service) == "0"


def test_released_after_q(start, desktop) -> None:  # type: ignore[no-untyped-def]
    _, service = desktop
    session = start("60s")
    session.wait_for("HOLD")
    assert service.wait_for('Inhibit "backtimer"')
    session.keys("q")
    session.wait_for("Quit this session?")
    assert held(service) == "1"  # still held while the question is asked
    session.keys("y")
    assert service.wait_for("UnInhibit cookie=1 held=0"), service.lines()


def test_released_after_a_pain_stop(start, desktop) -> None:  # type: ignore[no-untyped-def]
    _, service = desktop
    session = start("60s")
    session.wait_for("HOLD")
    assert service.wait_for('Inhibit "backtimer"')
    session.keys("!")
    assert service.wait_for("UnInhibit cookie=1 held=0"), service.lines()


def test_gone_when_the_process_is_killed(start, desktop) -> None:  # type: ignore[no-untyped-def]
    _, service = desktop
    session = start("60s")
    session.wait_for("HOLD")
    assert service.wait_for('Inhibit "backtimer"')
    pid = _backtimer_pid(session)
    os.kill(pid, signal.SIGKILL)
    released = service.wait_for("Released cookie=1 (its caller left the bus) held=0")
    assert released, service.lines()
    assert not [line for line in service.lines() if "UnInhibit" in line]


def test_no_inhibit_asks_nothing_of_the_desktop(start, desktop) -> None:  # type: ignore[no-untyped-def]
    _, service = desktop
    session = start("2s", "--no-inhibit")
    session.wait_for("Session complete", timeout=20)
    session.keys("q")
    assert session.exit_code() == 0
    assert service.lines() == []


def test_no_session_bus_changes_nothing(tmp_path: Path) -> None:
    if not have_tmux():
        pytest.skip("tmux is not installed")
    routine = tmp_path / "awake.yaml"
    routine.write_text(ROUTINE.format(hold="2s"))
    env = private_env(tmp_path, XDG_RUNTIME_DIR=str(tmp_path / "no-runtime"))
    session = TmuxSession([BACKTIMER, "start", str(routine), "--no-checkin", "--mute"], env=env)
    try:
        screen = session.wait_for("Session complete", timeout=20)
        assert "bus" not in screen.lower()
        session.keys("q")
        assert session.exit_code() == 0
    finally:
        session.kill()


def _backtimer_pid(session: TmuxSession) -> int:
    """The backtimer process in the session's pane (a child of its shell)."""
    pane = subprocess.run(
        ["tmux", "list-panes", "-t", session.name, "-F", "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        children = subprocess.run(
            ["pgrep", "-P", pane], capture_output=True, text=True, check=False
        ).stdout.split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("no backtimer process in the pane")
