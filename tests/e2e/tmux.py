"""Drive the installed program in a real terminal, as a person would.

Each TmuxSession has a unique name and is always killed, even when a test fails.
Every test starts its program through TmuxSession (the `tmux` fixture makes them),
so every program starts in a pane that already has the size asked for.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

BACKTIMER = str(Path(sys.executable).parent / "backtimer")


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


SIZE_WAIT = 10.0  # seconds a pane may take to get its size


def when_sized(command: str, width: int, height: int) -> str:
    """A shell line that runs `command` once the pane is `width` x `height`.

    `new-session -x -y` can start the pane's program before the pane has its size:
    on a busy machine the program then laid itself out at tmux's 80x24 and its first
    screen was not the one the test reads. Waiting in the pane for `stty size` (the
    size the program itself will read) rules that out; a pane that never gets there
    says so on the screen, which a failing test shows."""
    steps = int(SIZE_WAIT / 0.01)
    return (
        f'i=0; while [ "$(stty size 2>/dev/null)" != "{height} {width}" ]; do '
        f"i=$((i+1)); if [ $i -gt {steps} ]; then "
        f'echo "the pane never became {width}x{height}: $(stty size)"; sleep 30; exit 97; fi; '
        f"sleep 0.01; done; exec {command}"
    )


class TmuxSession:
    def __init__(
        self,
        args: list[str],
        *,
        env: Mapping[str, str],
        width: int = 100,
        height: int = 30,
        cwd: Path | None = None,
    ) -> None:
        self.name = f"bt-{uuid.uuid4().hex[:10]}"
        self.exit_file = Path(env.get("TMPDIR", "/tmp")) / f"{self.name}.rc"
        command = " ".join(shlex.quote(a) for a in args)
        # Keep the pane after exit so its last screen and exit code can be read.
        shell = f"{command}; echo $? > {shlex.quote(str(self.exit_file))}; sleep 30"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        subprocess.run(
            [
                "tmux", "new-session", "-d", "-s", self.name,
                "-x", str(width), "-y", str(height),
                when_sized(f"env -i {exports} sh -c {shlex.quote(shell)}", width, height),
            ],
            check=True,
            cwd=cwd,
        )  # fmt: skip

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Wait until `text` (any case) is on the screen; on failure, show the last
        few distinct screens, which usually say what happened instead."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while time.monotonic() < deadline:
            screen = self.screen()
            if text.lower() in screen.lower():
                return screen
            if not seen or seen[-1] != screen:
                seen.append(screen)
            time.sleep(0.1)
        history = "\n----\n".join(seen[-4:])
        raise AssertionError(f"{text!r} did not appear within {timeout}s; screens:\n{history}")

    def exit_code(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"program did not exit within {timeout}s:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
        self.exit_file.unlink(missing_ok=True)


def private_env(root: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "TERM": "xterm-256color",
        "TMPDIR": str(root),
        "LANG": "C.UTF-8",
    }
    (root / "home").mkdir(exist_ok=True)
    env.update(extra)
    return env
