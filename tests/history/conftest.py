"""Fixtures: a frozen wall clock and a store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from disks import tmpfs
from history_helpers import FrozenNow

from backtimer.history.store import Store


@pytest.fixture
def now() -> FrozenNow:
    return FrozenNow()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db_path: Path, now: FrozenNow) -> Iterator[Store]:
    with Store.open(db_path, now=now, tz=UTC) as opened:
        yield opened


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs: a disk that fills. Needs root (CI runs as root). Room for a
    small history whose write-ahead log holds every migration before its first
    checkpoint (the tests fill the rest themselves)."""
    with tmpfs(tmp_path / "small", "512k") as mount:
        yield mount
