"""Writing a file the way health data deserves: private, whole, or not at all.

Every file backtimer writes for the user (exports, reports, the status file, the
config it edits, the cache) goes through `write_private`: the bytes land in a
temporary file beside the target, created 0600 whatever the umask, are flushed to
disk, and only then renamed over the target. A full disk or a crash leaves the old
file as it was, and the new file never inherits an old file's mode or owner (the
rename replaces the inode, it does not rewrite it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600


def write_private(path: Path, data: bytes | str, *, mode: int = FILE_MODE) -> None:
    """Atomically replace `path` with `data` (text is written as UTF-8).

    Raises OSError as the file system reports it; the target is then untouched and
    no temporary file is left behind.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temporary, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
