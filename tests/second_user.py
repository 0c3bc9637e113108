"""Acting as another account on this machine (see the `other_user` fixture)."""

from __future__ import annotations

import subprocess


def run_as(user: str, script: str) -> None:
    """Run a shell script as `user`: the planting half of a second-user test."""
    subprocess.run(["runuser", "-u", user, "--", "sh", "-c", script], check=True)
