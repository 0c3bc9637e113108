"""Files shipped with the program: the bundled routines and the sound set.

In a wheel they live inside the package (backtimer/_data/...); in a source checkout
or an editable install they are the top-level routines/ and sounds/ folders.
"""

from __future__ import annotations

from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def _data_folder(name: str) -> Path:
    # The package lives on disk (a wheel is unpacked by pip), so its own folder is
    # enough; importlib.resources would cost ~20 ms of start-up for the same path.
    packaged = Path(__file__).resolve().parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def bundled_routines_dir() -> Path:
    return _data_folder("routines")


def sounds_dir() -> Path:
    return _data_folder("sounds")
