"""Every test runs with its own data and config folders, never the user's; and the
tests that must not share the machine with each other are kept together when the
suite runs on several cores (pytest-xdist, `-n auto --dist loadgroup`)."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

# Folder or file (relative to tests/) -> the marker its tests get (`--fast` leaves them
# out), and the xdist group that keeps them on one worker, if any:
# - e2e: the installed program in tmux. These wait on a real clock far more than they
#   compute, so they are spread over the workers like any other test: kept on one
#   worker they were the suite's long pole (most of its wall time).
# - packaging: builds a wheel and installs it into a new virtual environment once per
#   module; on two workers it would be built twice.
GROUPS: dict[str, tuple[str, str | None]] = {
    "e2e": ("e2e", None),
    "test_packaging.py": ("packaging", "packaging"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
        marker, group = GROUPS.get(where, (None, None))
        if marker is not None:
            item.add_marker(getattr(pytest.mark, marker))
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
        elif "other_user" in getattr(item, "fixturenames", ()):
            # useradd and userdel lock /etc/passwd: one second user at a time.
            item.add_marker(pytest.mark.xdist_group("second-user"))


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
    import time

    if os.geteuid() != 0:
        pytest.skip("making a second user needs root")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("useradd and runuser are needed to act as a second user")
    name = f"bt-other-{os.getpid()}"
    for attempt in range(20):
        # useradd fails while another process holds /etc/passwd's lock: wait it out.
        made = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", name],
            capture_output=True,
            text=True,
        )
        if made.returncode == 0 or "lock" not in made.stderr:
            break
        time.sleep(0.1 * (attempt + 1))
    if made.returncode != 0:
        pytest.skip(f"cannot add a user here: {made.stderr.strip()}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], capture_output=True, check=False)


@pytest.fixture(scope="session")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An ISO-8859-1 locale generated with localedef into a temporary folder, once:
    the environment that selects it (LOCPATH and LANG)."""
    import shutil
    import subprocess

    if shutil.which("localedef") is None:
        pytest.skip("localedef (package locales) is needed to make an ISO-8859-1 locale")
    folder = tmp_path_factory.mktemp("locales")
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
        capture_output=True,
        text=True,
    )
    if not (folder / "en_US.ISO-8859-1").exists():
        pytest.skip(f"localedef could not make the locale: {made.stderr.strip()[:200]}")
    return {"LOCPATH": str(folder), "LANG": "en_US.ISO-8859-1"}
