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


def test_without_replace_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "routine.yaml"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        write_private(target, "mine", replace=False)
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["routine.yaml"]
    write_private(tmp_path / "new.yaml", "mine", replace=False, mode=0o644)
    assert (tmp_path / "new.yaml").read_text() == "mine" and mode_of(tmp_path / "new.yaml") == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "routine.yaml"]


def test_without_hard_links_a_new_file_still_never_replaces_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")  # as on a FAT stick

    monkeypatch.setattr(private_files.os, "link", no_links)  # type: ignore[attr-defined]
    write_private(tmp_path / "new.yaml", "mine", replace=False)
    assert (tmp_path / "new.yaml").read_text() == "mine"
    with pytest.raises(FileExistsError):
        write_private(tmp_path / "new.yaml", "again", replace=False)
    assert (tmp_path / "new.yaml").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml"]


def test_the_usual_mode_follows_the_umask() -> None:
    old = os.umask(0o027)
    try:
        assert private_files.usual_mode() == 0o640
        assert os.umask(0o027) == 0o027  # and the umask is left as it was
    finally:
        os.umask(old)
