"""write_private: private, atomic, never inheriting an old file's mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from backtimer import private_files
from backtimer.private_files import write_private


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_private(tmp_path / "out.json", "{}")
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "out.json") == 0o600
    assert (tmp_path / "out.json").read_text() == "{}"


def test_an_existing_world_readable_file_is_replaced_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    target.write_text("old")
    target.chmod(0o666)
    inode = target.stat().st_ino
    write_private(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode_of(target) == 0o600
    assert target.stat().st_ino != inode


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.json"
    target.write_text("precious")

    def full_disk(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_files.os, "write", full_disk)  # type: ignore[attr-defined]
    with pytest.raises(OSError, match="No space left"):
        write_private(target, "x" * 100)
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json"]
