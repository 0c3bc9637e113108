"""Room kept for the rest of a session, should the disk fill while it runs.

Each finished step is written at once, so a disk that fills during a session
(a download, a backup) would cost every step after that moment, and the session's
end: a session that reached its end would look interrupted, and be offered for
resuming. So when a session starts, a file of `SIZE` bytes (allocated, not sparse)
is kept beside the database; the first write the full disk refuses deletes it and
is tried again in the room it leaves, which holds the rest of a long session. The
next session that finds room makes it again.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

SIZE = 1 << 20  # a session's writes in WAL: a few pages each, well under this


def path_for(database: Path) -> Path:
    return database.with_name(database.name + "-reserve")


def ensure(database: Path) -> bool:
    """Make the reserve if it is missing and the disk has room; True when it is there.
    Never raises: without room there is simply no reserve."""
    path = path_for(database)
    try:
        if path.stat().st_size >= SIZE:
            return True
    except OSError:
        pass
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return False
    try:
        os.posix_fallocate(fd, 0, SIZE)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    os.close(fd)
    return True


def release(database: Path) -> bool:
    """Give the reserve's room back to the disk; True when there was one to give."""
    try:
        path_for(database).unlink()
    except OSError:
        return False
    return True
