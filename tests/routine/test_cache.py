"""The routine cache: the same routine as the loader's, and never a stale one."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from backtimer.routine import cache
from backtimer.routine.cache import load_routine_cached
from backtimer.routine.load import load_routine
from backtimer.routine.problems import RoutineError

ROUTINE = "name: Cached\nsteps:\n  - {name: Plank, hold: 20s}\n  - {name: Bridge, reps: 10}\n"


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(ROUTINE)
    return path


def _no_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a call to the loader fails the test."""
    import backtimer.routine.load as load

    def refuse(path: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(load, "load_routine", refuse)


def test_an_unchanged_file_is_not_parsed_again(routine_file: Path, monkeypatch) -> None:
    first = load_routine_cached(routine_file)
    assert first == load_routine(routine_file)
    _no_loader(monkeypatch)
    again = load_routine_cached(routine_file)
    assert again == first
    assert again.source_hash == first.source_hash and again.path == first.path


def test_an_edited_file_is_read_afresh_even_with_the_same_size(routine_file: Path) -> None:
    load_routine_cached(routine_file)
    edited = ROUTINE.replace("Plank", "Planq")  # same size
    stat = routine_file.stat()
    routine_file.write_text(edited)
    os.utime(routine_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert load_routine_cached(routine_file).steps[0].name == "Planq"


def test_a_file_with_problems_is_reported_every_time_and_never_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nsteps:\n  - {name: x, hold: 0}\n")
    for _ in range(2):
        with pytest.raises(RoutineError):
            load_routine_cached(bad)
    assert cache._read() == {}


def test_new_loader_code_reads_afresh(routine_file: Path, monkeypatch) -> None:
    load_routine_cached(routine_file)
    monkeypatch.setattr(cache, "_loader_stamp", lambda: "another version")
    calls: list[object] = []
    import backtimer.routine.load as load

    real = load.load_routine
    monkeypatch.setattr(load, "load_routine", lambda path: calls.append(path) or real(path))
    load_routine_cached(routine_file)
    assert calls == [routine_file]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_is_ignored_and_replaced(routine_file: Path, damage: bytes) -> None:
    cache._file().parent.mkdir(parents=True, exist_ok=True)
    cache._file().write_bytes(damage)
    assert load_routine_cached(routine_file) == load_routine(routine_file)
    assert len(cache._read()) == 1


def test_an_unwritable_cache_folder_costs_nothing(routine_file: Path) -> None:
    folder = cache._file().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the cache folder should be\n")
    assert load_routine_cached(routine_file) == load_routine(routine_file)
    assert load_routine_cached(routine_file) == load_routine(routine_file)


def test_only_the_newest_state_of_a_file_and_a_bounded_number_of_files_are_kept(
    tmp_path: Path,
) -> None:
    files = []
    for n in range(cache.KEEP + 3):
        path = tmp_path / f"r{n}.yaml"
        path.write_text(ROUTINE)
        files.append(path)
        load_routine_cached(path)
    kept = cache._read()
    assert len(kept) == cache.KEEP
    assert str(files[-1].resolve()) in {key[0] for key in kept}
    assert str(files[0].resolve()) not in {key[0] for key in kept}
    files[-1].write_text(ROUTINE + "description: longer now\n")
    load_routine_cached(files[-1])
    assert sum(1 for key in cache._read() if key[0] == str(files[-1].resolve())) == 1


def test_a_second_start_does_not_even_import_the_yaml_parser(
    routine_file: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from backtimer.routine.cache import load_routine_cached\n"
        f"print(load_routine_cached({str(routine_file)!r}).name, 'yaml' in sys.modules)\n"
    )
    env = {**os.environ, "BACKTIMER_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [r.stdout.split() for r in runs] == [["Cached", "True"], ["Cached", "False"]]


# -- a data format, and only this user's files ----------------------------------------


@pytest.fixture(autouse=True)
def _said_nothing_yet() -> None:
    cache._Once.said = False


def test_every_bundled_routine_survives_the_format(tmp_path: Path) -> None:
    from backtimer import resources

    folder = resources.bundled_routines_dir()
    routines = [load_routine(p) for p in sorted(folder.glob("*.yaml"))]
    assert routines
    for routine in routines:
        assert cache.decode(json.loads(json.dumps(cache.encode(routine)))) == routine


def test_the_cache_is_json_in_a_private_file(routine_file: Path) -> None:
    load_routine_cached(routine_file)
    data = json.loads(cache._file().read_text())
    assert data["format"] == cache.FORMAT and len(data["entries"]) == 1
    assert stat.S_IMODE(cache._file().stat().st_mode) == 0o600


def test_a_class_outside_the_model_is_never_built(routine_file: Path) -> None:
    load_routine_cached(routine_file)
    data = json.loads(cache._file().read_text())
    data["entries"][0]["routine"] = {"$": "Popen", "args": ["touch", "/tmp/owned"]}
    cache._file().write_text(json.dumps(data))
    assert load_routine_cached(routine_file) == load_routine(routine_file)


@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_a_cache_file_others_can_write_is_ignored_and_said_once(
    routine_file: Path, mode: int
) -> None:
    load_routine_cached(routine_file)
    _plant_other_name(cache._file())
    cache._file().chmod(mode)
    said: list[str] = []
    for _ in range(2):
        assert load_routine_cached(routine_file, report=said.append).name == "Cached"
    assert len(said) == 1 and "not used" in said[0] and str(cache._file()) in said[0]


def test_a_cache_folder_others_can_write_is_ignored(routine_file: Path) -> None:
    load_routine_cached(routine_file)
    _plant_other_name(cache._file())
    cache._file().parent.chmod(0o777)
    said: list[str] = []
    assert load_routine_cached(routine_file, report=said.append).name == "Cached"
    assert len(said) == 1 and "cache folder" in said[0]


def test_a_shared_parent_folder_without_the_sticky_bit_is_not_used(
    routine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    said: list[str] = []
    load_routine_cached(routine_file, report=said.append)
    assert not (shared / "backtimer").exists()
    assert len(said) == 1 and "written by others" in said[0]


def test_start_verbose_says_why_the_cache_was_not_used(
    routine_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backtimer.cli.session import start_path

    load_routine_cached(routine_file)
    cache._file().chmod(0o666)
    # no terminal under pytest: start refuses after the routine is loaded
    with pytest.raises(Exception):  # noqa: B017 - the terminal check's own error
        start_path(str(routine_file), verbose=True)
    err = capsys.readouterr().err
    assert err.startswith("backtimer: The cache file ") and "not used" in err


def _plant_other_name(target: Path) -> None:
    """Rewrite the cached routine's name, as someone planting a cache would."""
    data = json.loads(target.read_text())
    data["entries"][0]["routine"]["name"] = "Planted"
    target.write_text(json.dumps(data))


def test_a_second_user_cannot_plant_a_cache_or_run_code(
    other_user: str, routine_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from second_user import run_as

    shared = Path(tempfile.mkdtemp(prefix="shared-cache-"))
    try:
        shared.chmod(0o1777)  # like /tmp: anyone may create, nobody may replace
        monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
        load_routine_cached(routine_file)  # learn the key the other user would forge
        planted = json.loads(cache._file().read_text())
        planted["entries"][0]["routine"]["name"] = "Planted"
        shutil.rmtree(shared / "backtimer")
        marker = shared / "payload-ran"
        evil_pickle = pickle.dumps(_Payload(str(marker)))
        staged = shared / "staged"
        staged.mkdir(mode=0o755)
        (staged / "planted.json").write_text(json.dumps(planted))
        (staged / "planted.pickle").write_bytes(evil_pickle)
        for planted_file in staged.iterdir():
            planted_file.chmod(0o644)
        run_as(
            other_user,
            f"mkdir -m 0777 {shared}/backtimer && "
            f"cp {staged}/planted.json {shared}/backtimer/routines.json && "
            f"cp {staged}/planted.pickle {shared}/backtimer/routines.pickle && "
            f"chmod 0644 {shared}/backtimer/routines.json",
        )
        said: list[str] = []
        routine = load_routine_cached(routine_file, report=said.append)
        assert routine.name == "Cached"
        assert not marker.exists()
        assert len(said) == 1 and "not used" in said[0]
        assert (shared / "backtimer" / "routines.json").stat().st_uid != os.geteuid()
    finally:
        shutil.rmtree(shared, ignore_errors=True)


class _Payload:
    """What a planted pickle would run when loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_schedule_with_days_a_time_and_an_end_survives_the_format(tmp_path: Path) -> None:
    path = tmp_path / "planned.yaml"
    path.write_text(
        ROUTINE.replace(
            "name: Cached\n",
            "name: Cached\nschedule: {days: [mon, wed, fri], at: '07:30', until: 2030-06-30}\n",
        )
    )
    routine = load_routine(path)
    assert routine.schedule is not None and routine.schedule.until is not None
    assert cache.decode(json.loads(json.dumps(cache.encode(routine)))) == routine
    assert load_routine_cached(path) == routine  # written ...
    assert load_routine_cached(path) == routine  # ... and read back
