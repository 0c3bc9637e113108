"""`list`, `show`, `validate`, `schema` and `new` as a user runs them.

Every test has private XDG folders (tests/conftest.py), so the user's routines
folder starts empty and the history does not exist until a test writes one.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer import locations
from backtimer.cli import main
from backtimer.engine.timeline import estimate_seconds
from backtimer.resources import bundled_routines_dir
from backtimer.routine.load import check_file, check_text, load_routine, load_text
from backtimer.schedule import Schedule
from tests.routines_library.claims import claimed_seconds, within

BUNDLED = sorted(path.stem for path in bundled_routines_dir().glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _user_routine(name: str, text: str) -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- list ------------------------------------------------------------------------------


def test_list_shows_every_bundled_routine_with_aligned_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    table, footer = out.split("\n\n")
    assert footer == f"Your routines folder: {locations.user_routines_dir()} (backtimer new NAME)\n"
    lines = table.splitlines()
    header = lines[0]
    assert header.split() == ["NAME", "FILE", "SOURCE", "LENGTH"]
    assert len(lines) == 1 + len(BUNDLED)
    for column in ("FILE", "SOURCE", "LENGTH"):
        start = header.index(column)
        for line in lines[1:]:
            assert line[start - 2 : start] == "  " and line[start] != " ", (column, line)
    for stem in BUNDLED:
        routine = load_routine(bundled_routines_dir() / f"{stem}.yaml")
        row = next(line for line in lines if f"{stem}.yaml" in line)
        assert row.startswith(routine.name)
        assert "bundled" in row
        assert f"about {math.ceil(estimate_seconds(routine) / 60)} min" in row  # as the session


def test_list_shows_a_user_routine_in_place_of_the_bundled_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    mine = _user_routine("morning", "name: My morning\nsteps:\n  - {name: Plank, hold: 50s}\n")
    _user_routine("broken", "name: Broken\nsteps: []\n")
    code, out, _ = run(capsys, "list")
    assert code == 0
    row = next(line for line in out.splitlines() if "morning.yaml" in line)
    assert row.split()[:2] == ["My", "morning"]
    assert str(mine) in row and "user" in row and "about 1 min" in row  # 55 s, rounded up
    assert "Morning back routine" not in out
    broken = next(line for line in out.splitlines() if "broken.yaml" in line)
    assert "invalid" in broken


# -- show ------------------------------------------------------------------------------


def test_show_prints_every_step_and_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "morning")
    assert (code, err) == (0, "")
    routine = load_routine(bundled_routines_dir() / "morning.yaml")
    for number, step in enumerate(routine.steps, start=1):
        assert any(
            line.startswith(f"{number}.") and step.name in line and step.kind.value in line
            for line in out.splitlines()
        ), step.name
    assert "Total: 11m51s" in out
    assert "3 holds of 20s per side, relax 5s between" in out
    assert "sides: left, then right" in out
    assert "10 reps, tempo 6s per rep" in out
    assert "counted by hand" in out and "estimated at 3s" in out
    assert "2 sets, rest 20s between sets" in out
    assert "breathe: inhale 4s, exhale 6s; 6 cycles" in out
    assert "2m45s" in out  # knee to chest, with its lead-in rest and ready


def test_show_prints_intervals_and_labelled_breaths(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "jump-rope")
    assert "8 rounds of 30s work, rest 30s between rounds, metronome 120 beats per minute" in out
    _, out, _ = run(capsys, "show", "breathing.yaml")
    assert "inhale 4s (belly), exhale 6s (belly); 6 cycles" in out


def test_show_a_progression_starts_at_start_without_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "build-up")
    assert code == 0
    assert "5 of 30 reps, tempo 3s per rep" in out
    assert not locations.database_path().exists(), "show must not create a history"


def _settled_session(routine_name: str, done: bool) -> None:
    """A finished session of the bundled build-up, each step done in full or skipped."""
    from backtimer.engine.types import StepResult
    from backtimer.history import progression
    from backtimer.history.store import Store

    routine = load_routine(bundled_routines_dir() / "build-up.yaml")
    with Store.open() as store:
        reps = progression.levels(store, routine)
        session = store.begin_session(routine_name)
        for index, step in enumerate(routine.steps):
            planned = reps.get(index, step.reps or 1) * max(1, len(step.sides))
            result = StepResult(
                index, step.name, step.kind.value, planned, planned if done else 0,
                1, 1 if done else 0, tuple(step.sides), tuple(step.sides) if done else (),
                10.0, 10.0 if done else 0.0, not done,
            )  # fmt: skip
            store.record_step(session, result)
        store.finish_session(session, "completed")
        progression.settle(store, routine, session)


def test_show_a_progression_follows_work_done_not_sessions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _settled_session("Build-up", done=False)
    _settled_session("Build-up", done=False)
    _, out, _ = run(capsys, "show", "build-up")
    assert "5 of 30 reps, tempo 3s per rep" in out
    assert "now: level 5 of 30 (last session: stays at 5: skipped)" in out
    _settled_session("Build-up", done=True)
    _, out, _ = run(capsys, "show", "build-up")
    assert "6 of 30 reps, tempo 3s per rep" in out
    assert "now: level 6 of 30 (last session: up from 5 to 6: done in full)" in out


def test_show_a_path_and_a_missing_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: Mine\nsteps:\n  - {name: Plank, hold: 20s, sets: 2, rest: 0, ready: 0}\n"
    )
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0 and "Mine" in out and "hold 20s" in out and "Total: 40s" in out
    assert "2 sets, no rest between sets" in out and "get ready 0s" in out
    code, out, err = run(capsys, "show", "no-such-routine")
    assert code != 0 and out == ""
    assert err.startswith("backtimer: no routine 'no-such-routine'")
    assert "Traceback" not in err


def test_show_an_invalid_routine_lists_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Bad\nsteps:\n  - {name: Plank, hold: 0}\n")
    code, out, err = run(capsys, "show", str(path))
    assert code != 0 and out == ""
    assert f"{path}:3:25: hold must be a time from 1s to 2h, got 0s" in err


# -- validate --------------------------------------------------------------------------


def test_validate_ok_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(bundled_routines_dir() / f"{stem}.yaml") for stem in BUNDLED]
    code, out, err = run(capsys, "validate", *files)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{file}: ok" for file in files]


def test_validate_prints_one_line_per_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(
        "name: Bad\nsteps:\n  - name: Crunches\n    reps: 0\n    tempoo: 3s\n"
    )
    good = str(bundled_routines_dir() / "desk-break.yaml")
    code, out, err = run(capsys, "validate", "bad.yaml", good, "missing.yaml")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "bad.yaml:4:11: reps must be a whole number from 1 to 1000, got 0",
        "bad.yaml:5:5: unknown key 'tempoo' (did you mean 'tempo'?)",
        f"{good}: ok",
        "missing.yaml:1:1: there is no file missing.yaml",
    ]


# -- schema ----------------------------------------------------------------------------


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import resources

    code, out, _ = run(capsys, "schema")
    assert code == 0
    shipped = resources.files("backtimer.routine").joinpath("schema.json").read_text("utf-8")
    assert out == shipped
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"name", "steps"} <= set(schema["required"])


# -- new -------------------------------------------------------------------------------


def test_new_writes_a_valid_commented_starter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new", "knee-program")
    assert (code, err) == (0, "")
    path = locations.user_routines_dir() / "knee-program.yaml"
    assert out.splitlines()[0] == f"Wrote {path}"
    text = path.read_text("utf-8")
    assert text.startswith("#") and text.count("#") >= 10, "the starter explains itself"
    assert check_file(path) == []
    routine = load_routine(path)
    assert routine.name == "Knee program"
    assert {step.kind.value for step in routine.steps} >= {"breathe", "hold", "reps"}
    claim = claimed_seconds(routine.description)
    assert claim is not None and within(estimate_seconds(routine), claim)
    uncommented = "\n".join(
        "  " + line[4:] if line.startswith(("  # - ", "  #   ")) else line
        for line in text.splitlines()
    )
    assert check_text(uncommented) == [], "the commented-out example is valid once uncommented"
    assert load_text(uncommented).steps[-1].kind.value == "intervals"
    scheduled = text.replace("\n# schedule: ", "\nschedule: ")
    assert load_text(scheduled).schedule == Schedule(per_week=3), "the schedule line, uncommented"
    code, out, _ = run(capsys, "show", "knee-program")
    assert code == 0 and "Knee program" in out


def test_new_never_overwrites(capsys: pytest.CaptureFixture[str]) -> None:
    path = _user_routine("mine", "name: Mine\nsteps:\n  - {name: Plank, hold: 20s}\n")
    before = path.read_text()
    code, out, err = run(capsys, "new", "mine.yaml")
    assert code != 0 and out == ""
    assert err == f"backtimer: {path} already exists; choose another name or edit it\n"
    assert path.read_text() == before
    path.with_suffix(".yml").write_text(before)
    path.unlink()
    code, _, err = run(capsys, "new", "mine")
    assert code != 0 and "mine.yml already exists" in err
    assert not path.exists()


@pytest.mark.parametrize("name", ["../escape", "a/b", ".hidden", "", " x", "x" * 101])
def test_new_refuses_names_that_are_not_file_names(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = run(capsys, "new", name)
    assert code != 0 and out == ""
    assert "cannot be a routine file name" in err
    folder = locations.user_routines_dir()
    assert not folder.exists() or not any(folder.iterdir())


def test_new_says_when_it_shadows_a_bundled_routine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "morning")
    assert code == 0 and "found before the bundled routine" in out
    code, out, _ = run(capsys, "show", "morning")
    assert "Morning" in out and str(locations.user_routines_dir()) in out


def test_new_reports_an_unwritable_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(blocker))
    code, out, err = run(capsys, "new", "anything")
    assert code != 0 and out == ""
    assert err.startswith("backtimer: cannot write ") and "Traceback" not in err


def test_new_on_a_full_disk_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A starter that cannot be written whole is not written at all: a half-written
    (or empty) file would fail to load, and block the next `new` with 'already exists'."""
    from disks import fill, tmpfs

    with tmpfs(tmp_path / "small", "512k") as disk:
        monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(disk / "config"))
        folder = locations.user_routines_dir()
        folder.mkdir(parents=True)
        filler = fill(disk)
        code, out, err = run(capsys, "new", "knee")
        assert code != 0 and out == ""
        assert err == f"backtimer: cannot write {folder / 'knee.yaml'}: No space left on device\n"
        assert list(folder.iterdir()) == []
        filler.unlink()
        code, out, err = run(capsys, "new", "knee")
        assert (code, err) == (0, "") and check_file(folder / "knee.yaml") == []


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_writes_a_file_as_the_umask_says(
    capsys: pytest.CaptureFixture[str], umask: int, mode: int
) -> None:
    """A routine is not health data: a physio may share it, so it gets the mode any
    new file of the user's gets (0644 under the usual umask), not the history's 0600."""
    import os
    import stat

    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, "new", "shared")
    finally:
        os.umask(old)
    path = locations.user_routines_dir() / "shared.yaml"
    assert code == 0 and stat.S_IMODE(path.stat().st_mode) == mode


def test_new_never_overwrites_a_file_made_while_it_writes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal is the write's own, not a look before it: a file that appears
    between the two is still not replaced."""
    from backtimer.cli import routines

    starter = routines.starter_routine

    def starter_and_a_rival(title: str) -> str:
        _user_routine("raced", "name: Theirs\nsteps:\n  - {name: Plank, hold: 20s}\n")
        return starter(title)

    monkeypatch.setattr(routines, "starter_routine", starter_and_a_rival)
    code, out, err = run(capsys, "new", "raced")
    path = locations.user_routines_dir() / "raced.yaml"
    assert code != 0 and out == ""
    assert err == f"backtimer: {path} already exists; choose another name or edit it\n"
    assert path.read_text().startswith("name: Theirs")
    assert [p.name for p in path.parent.iterdir()] == ["raced.yaml"]  # no temporary left


# -- headless --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["list"], ["show", "morning"], ["validate", "MORNING"], ["schema"], ["new", "fresh"]],
)
def test_routine_commands_never_import_textual(argv: list[str], tmp_path: Path) -> None:
    argv = [str(bundled_routines_dir() / "morning.yaml") if a == "MORNING" else a for a in argv]
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        f"rc = main({argv!r})\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED:' + ','.join(loaded), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "LOADED:\n" in done.stderr, done.stderr


# -- names as `list` shows them ------------------------------------------------------------


@pytest.mark.parametrize("name", ["morning back routine", "Morning Back Routine", "MORNING"])
def test_show_and_validate_take_every_name_list_shows(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = bundled_routines_dir() / "morning.yaml"
    code, out, _ = run(capsys, "show", name)
    assert code == 0 and out.startswith(f"Morning back routine\nFile: {path}\n")
    code, out, err = run(capsys, "validate", name, "Breathing")
    breathing = bundled_routines_dir() / "breathing.yaml"
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{path}: ok", f"{breathing}: ok"]


def test_start_takes_a_listed_name_before_it_needs_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "start", "morning back routine")
    assert code != 0
    assert "needs a terminal" in err  # found: it got as far as the terminal check


def test_a_near_miss_gets_a_did_you_mean_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("start", "show"):
        code, out, err = run(capsys, command, "breathng")
        assert code != 0 and out == ""
        assert err == (
            "backtimer: no routine 'breathng'; did you mean Breathing? "
            "(`backtimer list` shows the routines it can find)\n"
        )
    code, out, _ = run(capsys, "validate", "mornin back routine")
    assert code == 1
    assert out == (
        "mornin back routine:1:1: there is no file mornin back routine; "
        "did you mean 'Morning back routine'?\n"
    )


def test_new_prints_commands_that_work_as_typed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quoted for the shell, and the program as it can be run: by its name when
    that name is on PATH, else by the path it was started with."""
    import shlex

    program = tmp_path / "venv" / "bin" / "backtimer"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(program), "new", "knee plan"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    code, out, _ = run(capsys, "new", "knee plan")
    assert code == 0
    target = locations.user_routines_dir() / "knee plan.yaml"
    lines = out.splitlines()
    assert lines[1].split(":  ", 1)[1] == f"{program} validate {shlex.quote(str(target))}"
    assert lines[2].split(":  ", 1)[1].strip() == f"{program} start 'knee plan'"
    assert shlex.split(lines[2].split(":  ", 1)[1]) == [str(program), "start", "knee plan"]
    monkeypatch.setenv("PATH", f"{program.parent}:/usr/bin:/bin")
    code, out, _ = run(capsys, "new", "other")
    assert out.splitlines()[2].split(":  ", 1)[1].strip() == "backtimer start other"
