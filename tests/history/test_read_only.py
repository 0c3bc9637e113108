"""Histories that cannot be written: a newer database, a read-only mount, a full disk.

A newer database is refused byte for byte untouched; one that cannot be written is
still read (`history --json`, `export`), read-only, with a notice; and when opening
fails, the sentence names the real cause.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from disks import fill, read_only
from history_helpers import step

from backtimer.cli import main
from backtimer.errors import UserError
from backtimer.history import schema
from backtimer.history.store import Store


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes, but the -shm: SQLite's shared-memory index of the WAL,
    which every reader (of any version) updates and rebuilds at will."""
    return {
        p.name: None if p.name.endswith("-shm") else p.read_bytes()
        for p in sorted(folder.iterdir())
    }


def _newer_database(folder: Path) -> Path:
    """A history from a newer backtimer in WAL mode, copied while its writer is
    still open: its newest pages are in the -wal file, not yet in the database."""
    source = folder / "source"
    source.mkdir()
    writer = sqlite3.connect(source / "history.sqlite3", isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, future TEXT)")
    writer.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    writer.execute("INSERT INTO sessions VALUES ('a', 'b')")
    data = folder / "data"
    data.mkdir(mode=0o700)
    for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
        shutil.copyfile(source / name, data / name)
        (data / name).chmod(0o600)
    writer.close()
    return data


@pytest.mark.parametrize("command", [["history", "--json"], ["export", "--format", "csv"]])
def test_a_newer_database_is_refused_byte_for_byte_untouched(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    data = _newer_database(tmp_path)
    assert (data / "history.sqlite3-wal").stat().st_size > 0
    before = _snapshot(data)
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(data))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "newer backtimer" in err and err.count("\n") == 1
    assert _snapshot(data) == before
    with pytest.raises(UserError, match="newer backtimer"):
        Store.open(data / "history.sqlite3")
    assert _snapshot(data) == before


def _history_on(folder: Path, monkeypatch: pytest.MonkeyPatch, sessions: int = 3) -> Path:
    data = folder / "data"
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(data))
    with Store.open(data / "history.sqlite3") as store:
        for n in range(sessions):
            sid = store.begin_session(f"Routine {n}")
            store.record_step(sid, step(0))
            store.finish_session(sid, "completed")
    return data


def _read_it_all(capsys: pytest.CaptureFixture[str], out_dir: Path) -> str:
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["sessions"]) == 3
    assert main(["export", "--format", "csv", "-o", str(out_dir / "h.csv")]) == 0
    assert len((out_dir / "h.csv").read_text().splitlines()) == 4
    return captured.err


def test_a_history_on_a_read_only_mount_is_read_with_a_notice(
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _history_on(small_disk, monkeypatch)
    before = _snapshot(data)
    read_only(small_disk)
    err = _read_it_all(capsys, tmp_path)
    assert "opened read-only" in err and "Read-only file system" in err, err
    assert err.count("\n") == 1
    assert _snapshot(data) == before


def test_a_history_on_a_full_disk_is_read_with_a_notice(
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _history_on(small_disk, monkeypatch)
    with Store.open(data / "history.sqlite3") as store:
        store.begin_session("Left running")  # opening will want to mark it interrupted
    fill(small_disk)
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["sessions"]) == 4
    assert "opened read-only" in captured.err and captured.err.count("\n") == 1


def test_a_read_only_store_refuses_writes_in_one_sentence(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _history_on(small_disk, monkeypatch)
    read_only(small_disk)
    with Store.open_for_reading(data / "history.sqlite3") as store:
        assert store.read_only and len(store.sessions()) == 3
        with pytest.raises(UserError, match="read-only"):
            store.begin_session("New")


def test_a_fresh_history_on_a_full_disk_names_the_full_disk(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (small_disk / "data").mkdir()
    (small_disk / "data" / "history.sqlite3").touch()
    fill(small_disk)
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(small_disk / "data"))
    with pytest.raises(UserError) as caught:
        Store.open()
    message = str(caught.value)
    assert "full" in message and "rollback" not in message, message


_AS_OTHER_USER = """
import os, pwd, sys
import argparse, csv, encodings.ascii, gettext, io, json, locale, sqlite3, urllib.parse
import platformdirs, platformdirs.unix
from backtimer.cli import main
import backtimer.cli.history, backtimer.history.export, backtimer.history.checks
user = pwd.getpwnam(sys.argv[1])
os.setgid(user.pw_gid)
os.setuid(user.pw_uid)  # everything this run needs is imported: /root may be closed
sys.exit(main(sys.argv[2:]))
"""


def test_a_database_without_write_permission_is_read(other_user: str) -> None:
    """A 0400 database, read by its owner (who is not root: root may write anyway)."""
    import os
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ro-history-"))
    try:
        folder.chmod(0o755)
        data = folder / "data"
        with Store.open(data / "history.sqlite3") as store:
            for n in range(3):
                store.finish_session(store.begin_session(f"Routine {n}"), "completed")
        subprocess.run(["chown", "-R", other_user, str(data)], check=True)
        (data / "history.sqlite3").chmod(0o400)
        before = _snapshot(data)
        env = {**os.environ, "BACKTIMER_DATA_DIR": str(data)}
        done = subprocess.run(
            [sys.executable, "-c", _AS_OTHER_USER, other_user, "history", "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=folder,
        )
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["sessions"]) == 3
        assert "opened read-only" in done.stderr and done.stderr.count("\n") == 1
        assert _snapshot(data) == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_import_on_a_full_disk_is_one_sentence_and_changes_nothing(
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _history_on(small_disk, monkeypatch)
    sessions = [
        {
            "id": f"imported-{n}",
            "routine_name": "Imported " + "x" * 500,
            "started_at": "2024-05-01T07:30:00Z",
            "status": "completed",
        }
        for n in range(2000)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "backtimer-history", "version": 1, "sessions": sessions}))
    with Store.open(data / "history.sqlite3") as store:
        before = store.export_rows()
    fill(small_disk)
    capsys.readouterr()
    assert main(["import", str(big)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backtimer: ") and "full" in err and err.count("\n") == 1, err
    with Store.open_for_reading(data / "history.sqlite3") as store:
        assert store.export_rows() == before
