"""The installed program on a history it cannot write: the history screen opens it
read-only, says so, and offers no delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from disks import read_only, tmpfs

from backtimer.history.store import Store

from .tmux import BACKTIMER, TmuxSession

pytestmark = pytest.mark.e2e


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs holding a history, then remounted read-only. Needs root."""
    with tmpfs(tmp_path / "media", "4m") as mount:
        with Store.open(mount / "data" / "history.sqlite3") as store:
            for name in ("Morning back routine", "Evening stretch"):
                store.finish_session(store.begin_session(name), "completed")
        read_only(mount)
        yield mount / "data"


def test_the_history_screen_reads_a_read_only_history(
    tmux: Callable[..., TmuxSession], read_only_mount: Path
) -> None:
    session = tmux([BACKTIMER, "history"], BACKTIMER_DATA_DIR=str(read_only_mount))
    screen = session.wait_for("opened read-only")
    words = " ".join(screen.replace("▌", " ").split())  # the notice wraps in its box
    assert "cannot be written here (Read-only file system)" in words
    screen = session.wait_for("Evening stretch")
    assert "Morning back routine" in screen
    footer = screen.strip().splitlines()[-1]
    assert "Export" in footer and "Delete" not in footer
    session.keys("q")
    assert session.exit_code() == 0
