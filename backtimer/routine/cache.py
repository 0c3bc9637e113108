"""A routine checked once is not parsed again until its file changes.

`backtimer start` needs the routine for its first frame, and reading it means
importing PyYAML and the whole checking loader: a tenth of the start-up, every
morning, for a file that rarely changes. So a routine that loaded without a
problem is kept, as the loader built it, in the user's cache folder, and used
again while the file is the same file with the same size and modification time
(to the nanosecond) and the loader is the same code. Anything else, a file with
problems included, goes through `load_routine` as always.

The cache is data, never code: JSON, in which each of the routine model's classes
and enums is named by a tag and rebuilt only from a fixed list of them (pickle would
run whatever a planted file asked). And it is used only where nobody else can have
written it: the folder and the file must belong to this user and be writable by
nobody else (nor may the folder above be, unless it is sticky like /tmp), the file
must be a regular file (not a link); otherwise it is neither read nor written, and
`start --verbose` says so once. The cache is only ever a shortcut: a missing,
unreadable, stale or damaged one is ignored (and replaced), and failing to write it
is never the user's problem.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from backtimer import __version__, locations
from backtimer.private_files import only_mine, private_folder
from backtimer.routine import model
from backtimer.routine.model import Routine
from backtimer.schedule import Schedule

CACHE_NAME = "routines.json"
FORMAT = 1
KEEP = 32  # routines remembered; the least recently checked go first
MAX_BYTES = 4 * 1024 * 1024  # a cache larger than this was not written by us

Key = tuple[str, int, int, int, int, str]
Report = Callable[[str], None]

_CLASSES: dict[str, type] = {
    c.__name__: c
    for c in (model.Routine, model.Step, model.BreathPhase, model.Progression, Schedule)
}
_ENUMS: dict[str, type[Enum]] = {e.__name__: e for e in (model.StepKind, model.BreathKind)}


def load_routine_cached(path: str | Path, report: Report | None = None) -> Routine:
    """What `load_routine(path)` returns, from the cache when the file is unchanged.
    `report` hears, once, why the cache folder was not used."""
    key = _key(path)
    folder = _usable_folder(report) if key is not None else None
    entries = _read(folder, report) if folder is not None else {}
    if key is not None:
        cached = entries.get(key)
        if cached is not None:
            with contextlib.suppress(Exception):  # damaged or from other code: read afresh
                routine = decode(cached)
                if isinstance(routine, Routine):
                    return routine
    from backtimer.routine.load import load_routine

    routine = load_routine(path)  # a RoutineError goes up, and nothing is kept
    if key is not None and folder is not None:
        _write(folder, entries, key, routine)
    return routine


# -- the data format ---------------------------------------------------------------


def encode(value: object) -> Any:
    """The routine model as JSON values: a class as {"$": name, field: value...}, an
    enum as {"$enum": name, "value": value}, a schedule as {"$schedule": its
    to_dict()}, a tuple as a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"not a routine class: {name}")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$": name, **fields}
    if isinstance(value, Enum):
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, Schedule):  # a plain class (status reads it), with its own form
        return {"$schedule": value.to_dict()}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise TypeError("a mapping's keys must be plain text")
        return {k: encode(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the cache")


def decode(data: Any) -> Any:
    """The inverse of `encode`; only the model's own classes and enums are built."""
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if isinstance(data, dict):
        if "$" in data:
            cls = _CLASSES[data["$"]]
            return cls(**{k: decode(v) for k, v in data.items() if k != "$"})
        if "$enum" in data:
            return _ENUMS[data["$enum"]](data["value"])
        if "$schedule" in data:
            return Schedule.from_dict(data["$schedule"])
        return {k: decode(v) for k, v in data.items()}
    return data


# -- whose folder ------------------------------------------------------------------


class _Once:
    said = False


def _tell(report: Report | None, sentence: str) -> None:
    if report is not None and not _Once.said:
        _Once.said = True
        report(sentence)


def _usable_folder(report: Report | None) -> Path | None:
    """The cache folder, when only this user can have written into it (it need
    not exist yet); else None."""
    folder = locations.cache_dir()
    return folder if private_folder(folder, lambda sentence: _tell(report, sentence)) else None


def _key(path: str | Path) -> Key | None:
    try:
        resolved = Path(path).resolve()
        info = resolved.stat()
    except OSError:
        return None
    return (
        str(resolved),
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
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


def _file(folder: Path | None = None) -> Path:
    return (folder or locations.cache_dir()) / CACHE_NAME


def _read(folder: Path | None = None, report: Report | None = None) -> dict[Key, Any]:
    """The entries (each routine still encoded), oldest first; {} for anything
    missing, damaged, foreign or not ours."""
    target = _file(folder)
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return {}
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and only_mine(info)):
            _tell(
                report,
                f"The cache file {target} is not used: it is not a file of yours "
                "that only you can write.",
            )
            return {}
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = json.loads(handle.read(MAX_BYTES + 1))
        if data.get("format") != FORMAT:
            return {}
        return {tuple(entry["key"]): entry["routine"] for entry in data["entries"]}
    except Exception:  # unreadable, damaged, another layout: start over
        return {}
    finally:
        os.close(fd)


def _write(folder: Path, entries: dict[Key, Any], key: Key, routine: Routine) -> None:
    from backtimer.private_files import write_private

    try:
        encoded = encode(routine)
    except TypeError:  # a model this cache does not know how to keep: never mind
        return
    # Entries for an older state of the same file are of no more use.
    entries = {k: v for k, v in entries.items() if k[0] != key[0]}
    entries[key] = encoded
    while len(entries) > KEEP:
        entries.pop(next(iter(entries)))
    document = {
        "format": FORMAT,
        "entries": [{"key": list(k), "routine": v} for k, v in entries.items()],
    }
    with contextlib.suppress(OSError, ValueError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not only_mine(os.lstat(folder)):
            return
        write_private(_file(folder), json.dumps(document, ensure_ascii=False))
