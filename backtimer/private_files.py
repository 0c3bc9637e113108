"""Writing a file the way health data deserves: private, whole, or not at all.

Every file backtimer writes for the user (exports, reports, the status file, the
config it edits, the cache) goes through `write_private`: the bytes land in a
temporary file beside the target, created 0600 whatever the umask, are flushed to
disk, and only then renamed over the target. A full disk or a crash leaves the old
file as it was, and the new file never inherits an old file's mode or owner (the
rename replaces the inode, it does not rewrite it). `replace=False` keeps an
existing file instead (the new one is linked into place, which fails if the name is
taken), and `mode=usual_mode()` gives a file that is not health data (a routine
from `backtimer new`, which a physio may share) the mode any new file of the
user's gets.

What backtimer reads back from its cache folder (a checked routine, rendered speech)
is read only where nobody else can have written it: `only_mine` for a file or
folder, `private_folder` for a folder and the folder above it. Both caches use
this one rule.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def write_private(
    path: Path, data: bytes | str, *, mode: int = FILE_MODE, replace: bool = True
) -> None:
    """Atomically put `data` at `path` (text is written as UTF-8), replacing what
    is there, or with `replace=False` raising FileExistsError if something is.

    Raises OSError as the file system reports it; the target is then untouched and
    no temporary file is left behind.
    """
    import tempfile  # not at import: the routine cache's check is on every start-up

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
        if replace:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _link_new(temporary: str, path: Path) -> None:
    """Move the whole file to a name nobody has taken: a hard link fails if the name
    exists. A file system without hard links gets the name reserved by an empty
    file first (O_EXCL), then replaced by the whole one."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def usual_mode() -> int:
    """The mode `open()` gives a new file: 0666 less the umask (0644 usually).
    Reading the umask sets it for a moment, process-wide: call this from the
    command's own thread, before any other starts (as `new` does)."""
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return 0o666 & ~mask


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


def only_mine(info: os.stat_result) -> bool:
    """This user's, and writable by nobody else."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_folder(folder: Path, report: Callable[[str], None] | None = None) -> bool:
    """Whether only this user can have written into `folder` (it need not exist yet):
    it is a folder (not a link) of this user's that nobody else can write, and the
    folder above it lets nobody else replace it (one writable by everyone must be
    sticky, like /tmp; a group-writable one must be this user's). `report` hears the
    sentence that says why not."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        info = None
    except OSError:
        return False
    if info is not None and not (stat.S_ISDIR(info.st_mode) and only_mine(info)):
        if report is not None:
            report(
                f"The cache folder {folder} is not used: it is not a folder of yours "
                "that only you can write."
            )
        return False
    try:
        parent = os.stat(folder.parent)
    except OSError:  # not made yet: it will be ours
        return True
    open_to_all = parent.st_mode & stat.S_IWOTH and not parent.st_mode & stat.S_ISVTX
    if open_to_all or (parent.st_mode & stat.S_IWGRP and parent.st_uid != os.geteuid()):
        if report is not None:
            report(
                f"The cache folder {folder} is not used: {folder.parent} can be written by others."
            )
        return False
    return True


def make_private_folder(folder: Path) -> bool:
    """Make `folder` (and any missing folder above it) 0700, and say whether it is
    then only this user's."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    for made in reversed(missing):
        made.mkdir(mode=FOLDER_MODE, exist_ok=True)
    return only_mine(os.lstat(folder))
