"""Private files whatever the umask, a damaged database moved aside, an unwritable
folder explained."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from history_helpers import FrozenNow, smash_steps, step

from backtimer.errors import UserError
from backtimer.history import files
from backtimer.history.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_folder_and_files_are_private_even_with_umask_0(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_step(store.begin_session("Morning"), step(0))  # makes -wal and -shm
        assert _mode(db_path.parent) == 0o700
        made = sorted(db_path.parent.iterdir())
        assert {p.name for p in made} >= {"history.sqlite3", "history.sqlite3-wal"}
        assert {p.name: _mode(p) for p in made} == {p.name: 0o600 for p in made}


@pytest.mark.usefixtures("open_umask")
def test_an_existing_too_open_folder_and_file_are_tightened(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o777)
    os.chmod(db_path.parent, 0o755)
    db_path.touch(mode=0o644)
    os.chmod(db_path, 0o644)
    Store.open(db_path).close()
    assert _mode(db_path.parent) == 0o700
    assert _mode(db_path) == 0o600


def test_a_shared_sticky_folder_is_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    Store.open(shared / "history.sqlite3").close()
    assert _mode(shared) == 0o1777


def test_an_unwritable_folder_is_one_clear_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(UserError) as caught:
        Store.open(blocker / "data" / "history.sqlite3")
    message = str(caught.value)
    assert message.startswith("Cannot write the history in ") and message.endswith(".")
    assert "\n" not in message


def _filled(db_path: Path, now: FrozenNow) -> None:
    with Store.open(db_path, now=now) as store:
        for _ in range(30):
            sid = store.begin_session("Morning " * 20)
            for i in range(10):
                store.record_step(sid, step(i, name="A long step name " * 10))
            store.finish_session(sid, "completed")
        store._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_file_of_garbage_is_moved_aside_and_a_new_database_started(
    db_path: Path, now: FrozenNow
) -> None:
    db_path.parent.mkdir(mode=0o700)
    garbage = b"this is not a database at all\n" * 400
    db_path.write_bytes(garbage)
    with Store.open(db_path, now=now) as store:
        (notice,) = store.take_notices()
        assert store.take_notices() == []
        assert store.sessions() == []
        store.begin_session("Morning")
    moved = db_path.with_name("history.sqlite3.corrupt-20240501T073000")
    assert moved.read_bytes() == garbage  # kept byte for byte, never overwritten
    assert moved.name in notice and notice.count(".") >= 1 and "\n" not in notice


def test_damaged_pages_are_detected(db_path: Path, now: FrozenNow) -> None:
    _filled(db_path, now)
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 4 * page] = b"\xa5" * (2 * page)  # header intact, b-tree pages smashed
    db_path.write_bytes(bytes(data))
    with Store.open(db_path, now=now) as store:
        assert store.sessions() == []
        assert len(store.take_notices()) == 1
    assert db_path.with_name("history.sqlite3.corrupt-20240501T073000").exists()


def test_damage_past_the_cheap_check_at_open_is_met_on_reading(
    db_path: Path, now: FrozenNow
) -> None:
    _filled(db_path, now)
    smash_steps(db_path)
    with Store.open(db_path, now=now) as store:
        assert store.take_notices() == []  # opening reads only the header and schema
        assert store.count() == 30
        assert store.sessions() == []  # reading the steps meets the damage
        (notice,) = store.take_notices()
        assert "moved aside" in notice
        assert store.count() == 0
    assert db_path.with_name("history.sqlite3.corrupt-20240501T073000").exists()


def test_the_running_session_is_still_recorded_when_damage_is_met_by_a_write(
    db_path: Path, now: FrozenNow
) -> None:
    _filled(db_path, now)
    smash_steps(db_path)
    with Store.open(db_path, now=now) as store:
        sid = store.begin_session("Morning")  # the sessions table is fine
        store.set_pain(sid, "before", 4)
        store.record_step(sid, step(0))  # the steps table is not: moved aside here
        store.record_step(sid, step(1))
        store.finish_session(sid, "completed")
        assert len(store.take_notices()) == 1
        (row,) = store.sessions()
        assert (row.id, row.status, row.step_count, row.pain_before) == (
            sid,
            "completed",
            2,
            4,
        )
    assert db_path.with_name("history.sqlite3.corrupt-20240501T073000").exists()
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


def test_a_resumed_session_keeps_its_earlier_steps_in_the_new_database(
    db_path: Path, now: FrozenNow
) -> None:
    with Store.open(db_path, now=now) as store:
        sid = store.begin_session("Morning")
        store.record_step(sid, step(0))
        store._db.conn.execute("UPDATE sessions SET status = 'interrupted' WHERE id = ?", (sid,))
    with Store.open(db_path, now=now) as store:  # a later process resumes it
        store.resume_session(sid)
        store.record_step(sid, step(1))
        store._db.recover()  # what meeting damage does
        store.record_step(sid, step(2))
        assert len(store.take_notices()) == 1
        row = store.session(sid)
        assert row is not None
        assert row.status == "running" and row.resume_count == 1
        assert [s.step_index for s in row.steps] == [0, 1, 2]


def test_moving_aside_twice_in_a_second_never_overwrites(db_path: Path, now: FrozenNow) -> None:
    db_path.parent.mkdir()
    for content in (b"first", b"second"):
        db_path.write_bytes(content)
        db_path.with_name("history.sqlite3-wal").write_bytes(b"wal of " + content)
        files.move_aside(db_path, now())
    base = db_path.with_name("history.sqlite3.corrupt-20240501T073000")
    second = base.with_name(base.name + "-2")
    assert base.read_bytes() == b"first" and second.read_bytes() == b"second"
    assert second.with_name(second.name + "-wal").read_bytes() == b"wal of second"
    assert not db_path.exists() and not db_path.with_name("history.sqlite3-wal").exists()


def test_a_healthy_database_is_not_moved(db_path: Path, now: FrozenNow) -> None:
    _filled(db_path, now)
    with Store.open(db_path, now=now) as store:
        assert store.take_notices() == []
        assert len(store.sessions()) == 30
    assert [p.name for p in db_path.parent.glob("*corrupt*")] == []
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_folder_without_write_permission_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> int:
        raise PermissionError(13, "Permission denied", str(args[0]))

    monkeypatch.setattr(files.os, "open", refuse)  # type: ignore[attr-defined]  # root ignores mode bits: simulate
    with pytest.raises(
        UserError, match=r"^Cannot write the history in .+ \(Permission denied\)\.$"
    ):
        Store.open(db_path)
