"""Every place backtimer reads or writes, in one module.

Nothing here creates a folder or opens a file at import time. Tests (and anyone
else) can move everything by setting XDG_DATA_HOME / XDG_CONFIG_HOME, or
BACKTIMER_DATA_DIR / BACKTIMER_CONFIG_DIR for the two folders directly.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "backtimer"


def data_dir() -> Path:
    override = os.environ.get("BACKTIMER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("BACKTIMER_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What can be made again at any time (checked routines, spoken phrases)."""
    override = os.environ.get("BACKTIMER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    return data_dir() / "history.sqlite3"


def config_path() -> Path:
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    return config_dir() / "routines"
