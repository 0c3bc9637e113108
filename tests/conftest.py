"""Every test runs with its own data and config folders, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("BACKTIMER_DATA_DIR", raising=False)
    monkeypatch.delenv("BACKTIMER_CONFIG_DIR", raising=False)
    monkeypatch.delenv("BACKTIMER_CACHE_DIR", raising=False)


@pytest.fixture(scope="session")
def other_user():
    """Another account on this machine (made with useradd, removed afterwards), for
    tests of what a second user can plant. Needs root; skipped otherwise."""
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("making a second user needs root")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("useradd and runuser are needed to act as a second user")
    name = f"bt-other-{os.getpid()}"
    made = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", name],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot add a user here: {made.stderr.strip()}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], capture_output=True, check=False)
