"""Which file a routine name means: the path as given, then the user's routines
folder, then the routines shipped with backtimer.

So `backtimer start morning` works from any folder right after install, and a user
who copies `morning.yaml` into their routines folder to adapt it gets their copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from backtimer import locations, resources
from backtimer.errors import UserError

SUFFIXES = (".yaml", ".yml")
Source = Literal["user", "bundled"]


@dataclass(frozen=True)
class RoutineEntry:
    """A routine `start` can find by name; `source` says whose it is."""

    name: str
    path: Path
    source: Source


def find_routine(name: str) -> Path:
    """The file `name` refers to, or a UserError that says where it looked."""
    given = Path(name).expanduser()
    if given.is_file():
        return given
    folders = _folders()
    if _is_bare_name(name):
        for folder, _source in folders:
            for candidate in _candidates(folder, name):
                if candidate.is_file():
                    return candidate
    looked = ", ".join(str(folder) for folder, _source in folders)
    raise UserError(
        f"no routine '{name}': it is not a file here, nor in {looked}; "
        "`backtimer list` shows the routines it can find"
    )


def available_routines() -> list[RoutineEntry]:
    """Every routine in the user's folder and the bundled ones, by name; a user's
    routine hides a bundled one of the same name, as it does for `start`."""
    found: dict[str, RoutineEntry] = {}
    for folder, source in _folders():
        for path in _routine_files(folder):
            found.setdefault(path.stem, RoutineEntry(path.stem, path, source))
    return sorted(found.values(), key=lambda entry: entry.name.lower())


def _folders() -> list[tuple[Path, Source]]:
    return [
        (locations.user_routines_dir(), "user"),
        (resources.bundled_routines_dir(), "bundled"),
    ]


def _is_bare_name(name: str) -> bool:
    path = Path(name)
    return bool(name) and path.name == name and name not in (".", "..")


def _candidates(folder: Path, name: str) -> list[Path]:
    if name.endswith(SUFFIXES):
        return [folder / name]
    return [folder / (name + suffix) for suffix in SUFFIXES]


def _routine_files(folder: Path) -> list[Path]:
    """Routine files directly in `folder`, `.yaml` before `.yml` for the same name."""
    try:
        files = [path for path in folder.iterdir() if path.suffix in SUFFIXES and path.is_file()]
    except OSError:  # missing or unreadable folder: it simply holds no routines
        return []
    return sorted(files, key=lambda path: (path.stem, SUFFIXES.index(path.suffix)))
