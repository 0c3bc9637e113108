"""Whether a session's recording process still lives, against real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.history import liveness


def _child() -> subprocess.Popen[bytes]:
    """A process that lives until its standard input is closed."""
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )


def test_a_child_process_is_alive_until_it_exits() -> None:
    child = _child()
    try:
        assert liveness.pid_alive(child.pid)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    assert not liveness.pid_alive(child.pid)


def test_this_process_is_alive() -> None:
    assert liveness.pid_alive(os.getpid())


def test_a_process_of_another_user_counts_as_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Signalling another user's process is refused (EPERM): it exists."""

    def refused(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refused)
    assert liveness.pid_alive(os.getpid() + 1)


def test_a_session_is_gone_with_its_process_or_its_boot() -> None:
    child = _child()
    try:
        live = child.pid
        assert not liveness.gone(live, "boot-a", "boot-a")
        assert liveness.gone(live, "boot-a", "boot-b")  # a reboot reused the id
        assert not liveness.gone(live, "", "boot-b")  # recorded without a boot id
        assert not liveness.gone(live, "boot-a", "")  # this machine has none
        assert liveness.gone(None, "boot-a", "boot-a")  # no process kept
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
    assert liveness.gone(live, "boot-a", "boot-a")


def test_the_boot_id_is_read_from_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel = Path(liveness.BOOT_ID_FILE)
    if kernel.exists():
        assert liveness.boot_id() == kernel.read_text().strip() != ""
    monkeypatch.setattr(liveness, "BOOT_ID_FILE", "/nonexistent/boot_id")
    assert liveness.boot_id() == ""
