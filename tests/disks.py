"""Real disks for tests of what a user's disk can do: a small tmpfs that fills, or
that is remounted read-only. Mounting needs root (CI runs as root); elsewhere the
test is skipped, saying so."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(where: Path, size: str, mode: str = "0755") -> Iterator[Path]:
    """A tmpfs of `size` (such as "512k") mounted on `where` (made if missing),
    unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (scripts/test.sh runs as root in CI)")
    where.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode={mode}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def read_only(mount: Path) -> None:
    """Remount a tmpfs from `tmpfs` read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)


def fill(folder: Path, name: str = "filler") -> Path:
    """Fill the disk under `folder` to the last byte, with the file `name`."""
    path = folder / name
    with open(path, "wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * size)
    return path
