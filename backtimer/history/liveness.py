"""Whether the process recording a session is still alive.

A session is 'running' while its process writes it, and a process killed (or a
machine switched off) leaves it so. Each running session keeps who records it: the
process id, the host and the boot. Only a session of this host can be judged: its
process is gone when the id names no process, or when the machine has rebooted
since (a process id is reused after a reboot, so a living process with that id
proves nothing). Another host's sessions (a history on a shared folder) are left
alone.
"""

from __future__ import annotations

import os

BOOT_ID_FILE = "/proc/sys/kernel/random/boot_id"


def boot_id() -> str:
    """Changes at every reboot (Linux); empty where unknown."""
    try:
        with open(BOOT_ID_FILE, encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (this process always does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True


def gone(pid: int | None, boot: str | None, this_boot: str) -> bool:
    """Whether the process that recorded a running session of this host, which
    kept `pid` and `boot`, is gone: no process id kept, a boot other than this one
    (`this_boot`, when both are known), or no process with that id."""
    if pid is None:
        return True
    if boot and this_boot and boot != this_boot:
        return True
    return not pid_alive(int(pid))


__all__ = ["boot_id", "gone", "pid_alive"]
