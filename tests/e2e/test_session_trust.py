"""The installed program in a real terminal, when the end of a session meets a signal
and when the disk fills during a session: the person is told at once, on the
screen, and the history says what happened."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from disks import fill, tmpfs

from .test_history_crash import Start, _gone, _history, _query, _running_pid, _step_count, _wait
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
    session.wait_for("session complete", timeout=20)
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


def _program_pid(session: TmuxSession) -> int | None:
    """The backtimer process of a tmux session: the child of the pane's shell."""
    shell = subprocess.run(
        ["tmux", "display-message", "-p", "-t", session.name, "#{pane_pid}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == shell:  # the parent's pid
                return int(stat.parent.name)
    return None


def test_sigterm_on_the_resume_question_ends_the_program_cleanly(
    tmux: Start, tmp_path: Path
) -> None:
    routine = _short_routine(tmp_path, steps=2, hold="30s")
    routine.write_text(routine.read_text().replace("hold: 30s", "hold: 1s", 1))
    first = _start(tmux, routine, "--no-checkin")
    pid = _running_pid(tmp_path)
    _wait("the first step on disk", lambda: _step_count(tmp_path) == 1)
    os.kill(pid, signal.SIGKILL)
    first.exit_code()

    again = _start(tmux, routine, "--no-checkin")
    again.wait_for("Resume there?")
    time.sleep(0.5)  # nothing scheduled: the question waits for a key
    os.kill(int(_wait("the program", lambda: _program_pid(again))), signal.SIGTERM)
    assert again.exit_code() == 128 + signal.SIGTERM
    assert "Resume there?" not in again.screen()  # the terminal is given back
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "interrupted"  # still there to resume next time


@pytest.mark.parametrize(("args", "shown"), [(["history"], "No sessions yet"), ([], "routine")])
def test_sigterm_ends_the_history_and_home_screens_cleanly(
    tmux: Start, tmp_path: Path, args: list[str], shown: str
) -> None:
    session = tmux([BACKTIMER, *args])
    session.wait_for(shown)
    time.sleep(0.5)
    os.kill(int(_wait("the program", lambda: _program_pid(session))), signal.SIGTERM)
    assert session.exit_code() == 128 + signal.SIGTERM
    assert shown not in session.screen()  # the terminal is given back


# -- a disk that fills during a session -------------------------------------------------


def _words(screen: str) -> str:
    """The screen as one line of words: a notification wraps inside its box."""
    for edge in "▌▐▊▎▍▋█│":
        screen = screen.replace(edge, " ")
    return " ".join(screen.split())


def _wait_words(session: TmuxSession, text: str, timeout: float = 15.0) -> str:
    return str(
        _wait(repr(text), lambda: text in _words(session.screen()) and session.screen(), timeout)
    )


def test_a_disk_filling_mid_session_is_told_on_the_session_screen(
    tmux: Start, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "data", "4m", mode="0700") as data:
        routine = _short_routine(tmp_path, steps=4, hold="3s")
        session = _start(tmux, routine, "--no-checkin")
        _running_pid(tmp_path)
        _wait("the first step on disk", lambda: _step_count(tmp_path) == 1)

        first = fill(data, "download")  # something else fills the disk
        screen = _wait_words(session, "this session is still being saved")
        assert "Step 2 / 4" in screen or "Step 3 / 4" in screen  # while it runs
        assert "The disk holding your history is full" in _words(screen)

        second = fill(data, "more")  # and the room kept for the session, too
        screen = _wait_words(session, "History not saved")
        assert "The session goes on" in _words(screen)
        assert "session complete" not in screen

        screen = _wait_words(session, "session complete", timeout=30)
        assert "Not saved:" in _words(screen) and "how it ended" in _words(screen)

        first.unlink()  # room again before the person leaves: the last try saves it all
        second.unlink()
        session.keys("q")
        assert session.exit_code() == 0
        (recorded,) = _history(tmp_path)
        assert recorded["status"] == "completed"
        assert [s["name"] for s in recorded["steps"]] == [f"Hold {n}" for n in range(1, 5)]

        again = _start(tmux, routine, "--no-checkin")  # no resume question for it:
        _wait(  # a new session starts only once every question is answered
            "a second session running",
            lambda: (
                _query(tmp_path, "SELECT count(*) FROM sessions WHERE status = 'running'") == [(1,)]
            ),
        )
        assert "Resume" not in again.screen()
        again.kill()
