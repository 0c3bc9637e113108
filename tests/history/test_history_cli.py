"""`history --json`, `export` and `import` as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
from history_helpers import step

from backtimer import locations
from backtimer.cli import main
from backtimer.history.store import Store


@pytest.fixture
def filled() -> list[str]:
    with Store.open() as store:
        ids = []
        for name in ("Morning", "Evening"):
            sid = store.begin_session(name)
            store.record_step(sid, step(0))
            store.finish_session(sid, "completed")
            ids.append(sid)
    return ids


def test_history_json_on_a_fresh_machine_creates_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == []
    assert not locations.data_dir().exists()


def test_history_json_prints_every_session(
    filled: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sessions"]] == filled
    assert data["sessions"][0]["steps"][0]["name"] == "Step 0"


def test_history_without_json_opens_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    fake = types.ModuleType("backtimer.ui.history_app")
    fake.run_history = lambda: calls.append("history") or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backtimer.ui.history_app", fake)
    assert main(["history"]) == 0
    assert calls == ["history"]


def test_export_to_stdout_and_to_a_private_file(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("session_id,") and len(lines) == 3

    target = tmp_path / "out.json"
    old = os.umask(0)
    try:
        assert main(["export", "--format", "json", "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert "Exported 2 sessions to" in capsys.readouterr().err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["sessions"]) == 2


def test_import_twice_changes_nothing(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    with Store.open() as store:
        store.delete_session(filled[0])
    capsys.readouterr()
    assert main(["import", str(target)]) == 0
    assert capsys.readouterr().out == "Imported 1 session; 1 session already here.\n"
    assert main(["import", str(target)]) == 0
    assert capsys.readouterr().out == "Imported 0 sessions; 2 sessions already here.\n"
    with Store.open() as store:
        assert len(store.sessions()) == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"{}", "not a backtimer history export"),
    ],
)
def test_import_problems_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, says: str
) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backtimer: ") and says in err and err.count("\n") == 1


def test_export_to_an_unwritable_place_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "no" / "dir" / "x.csv")]) == 2
    assert capsys.readouterr().err.startswith("backtimer: Cannot write ")


def test_a_damaged_database_is_reported_once_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    locations.data_dir().mkdir(parents=True)
    locations.database_path().write_bytes(b"garbage" * 1000)
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["sessions"] == []
    assert "moved aside" in captured.err and captured.err.count("\n") == 1


def test_history_json_never_imports_textual(filled: list[str]) -> None:
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        "rc = main(['history', '--json'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "CLEAN"
    assert len(json.loads(out.stdout)["sessions"]) == 2  # the same data folder: env inherited


# -- hostile files and disks ---------------------------------------------------------


def _history_bytes() -> dict[str, bytes]:
    folder = locations.data_dir()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ('{"format": "backtimer-history", "version": ' + "1" * 5000 + "}", "too many digits"),
        ('{"format": "backtimer-history", "version": 1, "sessions": [{"id": "\\ud800"}]}', "'id'"),
        (
            '{"format": "backtimer-history", "version": 1, "sessions": [{"id": "a",'
            ' "routine_name": "x", "status": "completed",'
            ' "started_at": "9999-12-31T23:59:59-05:00"}]}',
            "'started_at'",
        ),
    ],
)
def test_a_refused_import_leaves_the_history_byte_for_byte(
    filled: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    says: str,
) -> None:
    before = _history_bytes()
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backtimer: Cannot import ") and says in err and err.count("\n") == 1
    assert _history_bytes() == before


def test_import_of_a_device_or_a_fifo_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo), str(tmp_path)):
        assert main(["import", path]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not a regular file" in err, err
    assert not locations.data_dir().exists()


def test_an_import_larger_than_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from backtimer.history import export

    monkeypatch.setattr(export, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(" " * 1001)
    assert main(["import", str(path)]) == 2
    assert "larger than" in capsys.readouterr().err


@pytest.mark.parametrize("old_mode", [0o644, 0o666])
def test_export_into_an_existing_file_replaces_it_privately(
    filled: list[str], tmp_path: Path, old_mode: int
) -> None:
    target = tmp_path / "backup.json"
    target.write_text("old")
    target.chmod(old_mode)
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["sessions"]) == 2


def test_export_on_a_full_disk_leaves_the_previous_export(
    filled: list[str], small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from disks import fill

    target = small_disk / "backup.json"
    assert main(["export", "--format", "json", "-o", str(target)]) == 0
    previous = target.read_bytes()
    with Store.open() as store:  # a bigger history, so the next export is bigger
        for n in range(40):
            sid = store.begin_session(f"Routine {n}")
            store.record_step(sid, step(0))
    fill(small_disk)
    capsys.readouterr()
    assert main(["export", "--format", "json", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "left as it was" in err and err.count("\n") == 1
    assert target.read_bytes() == previous
    assert sorted(p.name for p in small_disk.iterdir()) == ["backup.json", "filler"]


def test_an_export_target_planted_by_another_user_does_not_leak(
    filled: list[str], other_user: str
) -> None:
    import shutil
    import subprocess
    import tempfile

    from second_user import run_as

    shared = Path(tempfile.mkdtemp(prefix="shared-export-"))
    try:
        shared.chmod(0o1777)
        target = shared / "backup.json"
        run_as(other_user, f"printf old > {target} && chmod 0666 {target}")
        assert main(["export", "--format", "json", "-o", str(target)]) == 0
        info = target.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (os.geteuid(), 0o600)
        peek = subprocess.run(
            ["runuser", "-u", other_user, "--", "cat", str(target)], capture_output=True
        )
        assert peek.returncode != 0 and b"sessions" not in peek.stdout
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_an_export_saved_with_a_byte_order_mark_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "format": "backtimer-history",
        "version": 1,
        "sessions": [
            {
                "id": "a",
                "routine_name": "Ü",
                "started_at": "2024-05-01T07:30Z",
                "status": "completed",
            }
        ],
    }
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    assert main(["import", str(path)]) == 0
    assert capsys.readouterr().out == "Imported 1 session.\n"


def test_export_into_a_fifo_writes_through_it_and_leaves_it_a_fifo(
    filled: list[str], tmp_path: Path
) -> None:
    """Like /dev/stdout or /dev/null: a target that is not a regular file is written
    to, never replaced by a file (as root, a rename would replace a device)."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    assert main(["export", "--format", "json", "-o", str(fifo)]) == 0
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(json.loads(received[0])["sessions"]) == 2
