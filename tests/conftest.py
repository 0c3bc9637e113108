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
