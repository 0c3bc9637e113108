"""The routine cache: the same routine as the loader's, and never a stale one."""

from __future__ import annotations

import os
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
