"""backtimer/signals.py in a child process: a signal closes the session first, then
leaves in order; an exit that hangs is ended by the last resort, a second signal ends
it at once. (The real terminal cases are in tests/e2e/test_session_trust.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from backtimer import signals
    signals.GRACE_SECONDS = float(sys.argv[2])
    mode = sys.argv[1]
    def stop():
        print("stopped", flush=True)
    def leave(code):
        print("leave", code, flush=True)
        if mode == "orderly":
            restore()
            sys.exit(code)
        # "hang": the exit never comes, as when the terminal is gone
    restore = signals.install(stop, leave)
    print("ready", flush=True)
    while True:
        time.sleep(0.05)
    """
)


def _child(mode: str, grace: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(grace)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def test_an_orderly_exit_is_left_alone() -> None:
    child = _child("orderly", grace=0.3)
    child.send_signal(signal.SIGTERM)
    out, _ = child.communicate(timeout=10)
    assert child.returncode == 128 + signal.SIGTERM
    assert out.split("\n")[:2] == ["stopped", "leave 143"]


def test_a_hanging_exit_is_ended_after_the_grace_with_the_signal_s_code() -> None:
    child = _child("hang", grace=0.5)
    started = time.monotonic()
    child.send_signal(signal.SIGHUP)
    out, _ = child.communicate(timeout=10)
    assert child.returncode == 128 + signal.SIGHUP
    assert time.monotonic() - started >= 0.5
    assert out.split("\n")[:2] == ["stopped", "leave 129"]


def test_a_second_signal_ends_a_hanging_exit_at_once() -> None:
    child = _child("hang", grace=60)
    child.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    started = time.monotonic()
    os.kill(child.pid, signal.SIGTERM)
    child.communicate(timeout=10)
    assert child.returncode == 128 + signal.SIGTERM
    assert time.monotonic() - started < 5
