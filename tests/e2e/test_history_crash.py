"""The history survives the ways a real session ends badly: kill -9 at several
moments (after a step, mid-step, inside a step's transaction), SIGTERM, and a
closed terminal (SIGHUP); and an interrupted session is offered, and resumed, as one.

The installed program runs in tmux. The test reads the database only through its
own SQLite connection (as any reader would) and through `backtimer history --json`,
which is also what turns a dead process's session into 'interrupted'.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .tmux import BACKTIMER, TmuxSession, private_env

pytestmark = pytest.mark.e2e

SLOW_COMMIT = Path(__file__).with_name("slow_commit.py")

Start = Callable[..., TmuxSession]


def _routine(tmp_path: Path, second_hold: str = "2s") -> Path:
    path = tmp_path / "crash-test.yaml"
    path.write_text(
        "name: Crash test routine\n"
        "rest: 1s\n"
        "ready: 1s\n"
        "steps:\n"
        "  - name: First hold\n"
        "    hold: 2s\n"
        "  - name: Second hold\n"
        f"    hold: {second_hold}\n"
        "  - name: Third hold\n"
        "    hold: 2s\n"
    )
    return path


def _db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "backtimer" / "history.sqlite3"


def _query(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    """A fresh reader each time: it sees what is committed, as any other process would."""
    path = _db(tmp_path)
    if not path.exists():
        return []
    conn = sqlite3.connect(path, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # the schema is not there yet
        return []
    finally:
        conn.close()


def _wait(what: str, check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _running_pid(tmp_path: Path) -> int:
    rows = _wait(
        "a running session",
        lambda: _query(tmp_path, "SELECT pid FROM sessions WHERE status = 'running'"),
    )
    (pid,) = rows[0]
    return int(pid)


def _step_count(tmp_path: Path) -> int:
    return int(_query(tmp_path, "SELECT count(*) FROM steps")[0][0])


def _write_locked(tmp_path: Path) -> bool:
    """Whether some process holds the database's write lock right now (a transaction
    is open): taking it ourselves, without waiting, fails."""
    conn = sqlite3.connect(_db(tmp_path), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    else:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def _integrity(tmp_path: Path) -> str:
    conn = sqlite3.connect(_db(tmp_path))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _history(tmp_path: Path) -> list[dict[str, Any]]:
    env = dict(os.environ, **private_env(tmp_path))
    env.pop("BACKTIMER_DATA_DIR", None)
    out = subprocess.run(
        [BACKTIMER, "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert out.stderr == ""
    sessions: list[dict[str, Any]] = json.loads(out.stdout)["sessions"]
    return sessions


def _start(tmux: Start, routine: Path, *, slow_commit: float = 0) -> TmuxSession:
    args = ["start", str(routine), "--no-checkin", "--mute"]
    if slow_commit:
        return tmux([sys.executable, str(SLOW_COMMIT), str(slow_commit), *args])
    return tmux([BACKTIMER, *args])


def _gone(pid: int) -> bool:
    """Dead, or a zombie nobody has reaped yet."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def _kill_9_and_check(tmp_path: Path, session: TmuxSession, pid: int, steps: list[str]) -> None:
    os.kill(pid, signal.SIGKILL)
    assert session.exit_code() == 128 + signal.SIGKILL
    assert _integrity(tmp_path) == "ok"
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "interrupted"
    assert [s["name"] for s in recorded["steps"]] == steps
    assert recorded["ended_at"] is not None


def test_kill_9_right_after_a_step_keeps_that_step(tmux: Start, tmp_path: Path) -> None:
    session = _start(tmux, _routine(tmp_path, second_hold="30s"))
    pid = _running_pid(tmp_path)
    _wait("the first step on disk", lambda: _step_count(tmp_path) == 1)
    _kill_9_and_check(tmp_path, session, pid, ["First hold"])


def test_kill_9_mid_step_loses_only_that_step(tmux: Start, tmp_path: Path) -> None:
    session = _start(tmux, _routine(tmp_path, second_hold="30s"))
    pid = _running_pid(tmp_path)
    screen = session.wait_for("Step 2 / 3", timeout=20)
    assert "Second hold" in screen
    time.sleep(1.5)  # well inside the 30 s hold
    _kill_9_and_check(tmp_path, session, pid, ["First hold"])


def test_kill_9_inside_a_step_transaction_leaves_it_out_whole(tmux: Start, tmp_path: Path) -> None:
    # Each step's transaction waits 2 s before COMMIT: long enough to be seen, and hit.
    session = _start(tmux, _routine(tmp_path), slow_commit=2)
    pid = _running_pid(tmp_path)
    _wait("the first step's transaction", lambda: _write_locked(tmp_path))
    _wait("the first step committed", lambda: _step_count(tmp_path) == 1)
    _wait("the second step's transaction", lambda: _write_locked(tmp_path))
    time.sleep(0.3)
    assert _write_locked(tmp_path), "the transaction ended before the kill"
    _kill_9_and_check(tmp_path, session, pid, ["First hold"])


def test_sigterm_saves_the_session_as_stopped(tmux: Start, tmp_path: Path) -> None:
    session = _start(tmux, _routine(tmp_path, second_hold="30s"))
    pid = _running_pid(tmp_path)
    session.wait_for("Step 2 / 3", timeout=20)
    os.kill(pid, signal.SIGTERM)
    session.exit_code()  # it leaves by itself
    assert _integrity(tmp_path) == "ok"
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "stopped"
    assert [s["name"] for s in recorded["steps"]] == ["First hold"]


def test_a_closed_terminal_saves_the_session_as_stopped(tmux: Start, tmp_path: Path) -> None:
    session = _start(tmux, _routine(tmp_path, second_hold="30s"))
    pid = _running_pid(tmp_path)
    session.wait_for("Step 2 / 3", timeout=20)
    session.kill()  # the terminal goes away: SIGHUP
    _wait("the program to end", lambda: _gone(pid), timeout=15)
    assert _integrity(tmp_path) == "ok"
    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "stopped"
    assert [s["name"] for s in recorded["steps"]] == ["First hold"]


def test_an_interrupted_session_is_resumed_as_one_session(tmux: Start, tmp_path: Path) -> None:
    routine = _routine(tmp_path)
    first = _start(tmux, routine)
    pid = _running_pid(tmp_path)
    _wait("the first step on disk", lambda: _step_count(tmp_path) == 1)
    os.kill(pid, signal.SIGKILL)
    first.exit_code()

    again = _start(tmux, routine)
    asked = again.wait_for("Resume there?")
    words = " ".join(asked.replace("█", " ").split())  # the question wraps inside its box
    assert "interrupted before step 2 of 3 (Second hold)" in words
    again.keys("Enter")  # the default: yes
    screen = again.wait_for("Step 2 / 3", timeout=20)
    assert "Second hold" in screen
    again.wait_for("Well done", timeout=30)
    again.keys("q")
    assert again.exit_code() == 0

    (recorded,) = _history(tmp_path)
    assert recorded["status"] == "completed"
    assert [s["name"] for s in recorded["steps"]] == ["First hold", "Second hold", "Third hold"]
    assert _query(tmp_path, "SELECT resume_count FROM sessions") == [(1,)]
