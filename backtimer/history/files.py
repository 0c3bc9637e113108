"""The database's folder and files: private from the first byte, never overwritten.

The history is health data, so the folder is 0700 and the database 0600 whatever
the umask says: the file is created by `os.open` with mode 0600 before SQLite ever
opens it (SQLite gives its -wal and -shm files the database's mode).
"""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from backtimer.errors import UserError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def prepare(path: Path) -> None:
    """Make the folder (0700) and the empty database file (0600) if missing, and
    tighten an existing folder or file that others can read."""
    folder = path.parent
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, mode=FOLDER_MODE, exist_ok=True)
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode goes through the umask
        else:
            _tighten(folder, FOLDER_MODE)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        try:
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
            if mode & 0o077:
                os.fchmod(fd, FILE_MODE)
        finally:
            os.close(fd)
    except OSError as error:
        raise unwritable(folder, error) from error


class Unwritable(UserError):
    """The history cannot be written where it is (read-only, full, not permitted);
    it may still be read (`Store.open_for_reading`)."""

    def __init__(self, message: str, cause: object) -> None:
        super().__init__(message)
        self.reason = getattr(cause, "strerror", None) or str(cause)


def unwritable(folder: Path, error: OSError) -> Unwritable:
    reason = error.strerror or str(error)
    return Unwritable(f"Cannot write the history in {folder} ({reason}).", error)


def _tighten(folder: Path, mode: int) -> None:
    """Remove group and other access from our own data folder; a shared folder
    such as /tmp (sticky bit) or someone else's is left alone."""
    info = folder.stat()
    if info.st_uid != os.geteuid() or info.st_mode & stat.S_ISVTX:
        return
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, mode)


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged database (and its -wal/-shm, which must never be replayed
    into a new file) to `NAME.corrupt-YYYYmmddTHHMMSS`, adding -2, -3... rather than
    overwriting an earlier one. Returns the new name of the database."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    base = path.with_name(f"{path.name}.corrupt-{stamp}")
    target = base
    counter = 1
    while target.exists() or any(target.with_name(target.name + s).exists() for s in SIDE_FILES):
        counter += 1
        target = base.with_name(f"{base.name}-{counter}")
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target
