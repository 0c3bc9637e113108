"""A routine checked once is not parsed again until its file changes.

`backtimer start` needs the routine for its first frame, and reading it means
importing PyYAML and the whole checking loader: a tenth of the start-up, every
morning, for a file that rarely changes. So a routine that loaded without a
problem is kept, as the loader built it, in the user's cache folder, and used
again while the file is the same file with the same size and modification time
(to the nanosecond) and the loader is the same code. Anything else, a file with
problems included, goes through `load_routine` as always. The cache is only ever
a shortcut: a missing, unreadable, stale or damaged one is ignored (and replaced),
and failing to write it is never the user's problem.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path

from backtimer import __version__, locations
from backtimer.routine.model import Routine

CACHE_NAME = "routines.pickle"
KEEP = 32  # routines remembered; the least recently checked go first

Key = tuple[str, int, int, int, int, str]


def load_routine_cached(path: str | Path) -> Routine:
    """What `load_routine(path)` returns, from the cache when the file is unchanged."""
    key = _key(path)
    entries = _read() if key is not None else {}
    if key is not None:
        cached = entries.get(key)
        if isinstance(cached, Routine):
            return cached
    from backtimer.routine.load import load_routine

    routine = load_routine(path)  # a RoutineError goes up, and nothing is kept
    if key is not None:
        _write(entries, key, routine)
    return routine


def _key(path: str | Path) -> Key | None:
    try:
        resolved = Path(path).resolve()
        stat = resolved.stat()
    except OSError:
        return None
    return (
        str(resolved),
        stat.st_dev,
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        _loader_stamp(),
    )


def _loader_stamp() -> str:
    """This backtimer's version and its loader's files: new code reads afresh."""
    folder = Path(__file__).parent
    stamps = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            try:
                stamps.append(f"{name}:{os.stat(folder / name).st_mtime_ns}")
            except OSError:
                stamps.append(name)
    return f"{__version__}|{'|'.join(stamps)}"


def _file() -> Path:
    return locations.cache_dir() / CACHE_NAME


def _read() -> dict[Key, object]:
    try:
        with _file().open("rb") as handle:
            entries = pickle.load(handle)  # the user's own folder, written by us
    except Exception:  # missing, unreadable, from another version, damaged: start over
        return {}
    return entries if isinstance(entries, dict) else {}


def _write(entries: dict[Key, object], key: Key, routine: Routine) -> None:
    # Entries for an older state of the same file are of no more use.
    entries = {k: v for k, v in entries.items() if k[0] != key[0]}
    entries[key] = routine
    while len(entries) > KEEP:
        entries.pop(next(iter(entries)))
    target = _file()
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
