"""Which file a routine name means: the path as given, then the user's routines
folder, then the routines shipped with backtimer.

So `backtimer start morning` works from any folder right after install, and a user
who copies `morning.yaml` into their routines folder to adapt it gets their copy.
Every name `backtimer list` shows works too, in any case: the file name without
its suffix (`Morning`) or the routine's own name (`"morning back routine"`), the
user's folder before the bundled one. A name that is none of these but close to
one gets a "did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from backtimer import locations, resources
from backtimer.errors import UserError
from backtimer.suggest import closest

SUFFIXES = (".yaml", ".yml")
Source = Literal["user", "bundled"]


@dataclass(frozen=True)
class RoutineEntry:
    """A routine `start` can find by name; `source` says whose it is."""

    name: str
    path: Path
    source: Source


def find_routine(name: str) -> Path:
    """The file `name` refers to, or a UserError that says where it looked (and
    which listed name is close, if one is)."""
    found, suggestion = lookup(name)
    if found is not None:
        return found
    if suggestion:
        raise UserError(
            f"no routine '{name}'; did you mean {shell_word(suggestion)}? "
            "(`backtimer list` shows the routines it can find)"
        )
    looked = ", ".join(str(folder) for folder, _source in _folders())
    raise UserError(
        f"no routine '{name}': it is not a file here, nor in {looked}; "
        "`backtimer list` shows the routines it can find"
    )


def lookup(name: str) -> tuple[Path | None, str | None]:
    """The file `name` refers to, or None and the closest name `list` shows
    (None when nothing is close)."""
    given = Path(name).expanduser()
    if given.is_file():
        return given, None
    if not _is_bare_name(name):
        return None, None
    folders = _folders()
    for folder, _source in folders:
        for candidate in _candidates(folder, name):
            if candidate.is_file():
                return candidate, None
    return _by_listed_name(name, folders)


def _normal(name: str) -> str:
    """A name as compared: any case, any run of spaces, no .yaml/.yml suffix."""
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return " ".join(name.split()).casefold()


def _by_listed_name(
    name: str, folders: list[tuple[Path, Source]]
) -> tuple[Path | None, str | None]:
    """The file whose stem, then whose routine name, is `name` in any case;
    otherwise None and the closest listed name, if one is close."""
    wanted = _normal(name)
    files = [path for folder, _source in folders for path in _routine_files(folder)]
    for path in files:
        if _normal(path.stem) == wanted:
            return path, None
    titles: list[tuple[str, Path]] = []
    for path in files:
        title = _routine_name(path)
        if title is None:
            continue
        if _normal(title) == wanted:
            return path, None
        titles.append((title, path))
    names = [path.stem for path in files] + [title for title, _path in titles]
    return None, closest(name, names, key=_normal)


def _routine_name(path: Path) -> str | None:
    """The routine's own name, as `list` shows it; None for a file that does not load."""
    from backtimer.routine.cache import load_routine_cached

    try:
        return load_routine_cached(path).name
    except (UserError, OSError, ValueError):
        return None


def shell_word(name: str) -> str:
    """`name` as it can be typed after `backtimer start`."""
    import shlex

    return shlex.quote(name)


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
