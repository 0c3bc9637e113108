from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import dbus_helpers


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus, its address in DBUS_SESSION_BUS_ADDRESS."""
    folder = tmp_path / "bus"
    folder.mkdir()
    with dbus_helpers.session_bus(folder) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@pytest.fixture
def notifications(bus: str, tmp_path: Path) -> Iterator[dbus_helpers.Service]:
    service = dbus_helpers.notification_daemon(bus, tmp_path / "notifications.log")
    yield service
    service.stop()


@pytest.fixture
def screensaver(bus: str, tmp_path: Path) -> Iterator[dbus_helpers.Service]:
    service = dbus_helpers.screensaver(bus, tmp_path / "screensaver.log")
    yield service
    service.stop()
