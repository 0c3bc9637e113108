"""Routine lookup: the path as given, then the user's folder, then the bundled routines."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer import locations, resources
from backtimer.errors import UserError
from backtimer.routine.find import RoutineEntry, available_routines, find_routine

ROUTINE = "name: {name}\nsteps: [{{name: S, hold: 5}}]\n"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A user routines folder under XDG_CONFIG_HOME and a bundled folder, both empty."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    user = tmp_path / "config" / "backtimer" / "routines"
    bundled = tmp_path / "bundled"
    user.mkdir(parents=True)
    bundled.mkdir()
    monkeypatch.setattr(resources, "bundled_routines_dir", lambda: bundled)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert locations.user_routines_dir() == user
    return user, bundled


def write(folder: Path, filename: str) -> Path:
    path = folder / filename
    path.write_text(ROUTINE.format(name=filename), encoding="utf-8")
    return path


def test_bundled_routine_by_name_with_or_without_suffix(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    path = write(bundled, "morning.yaml")
    assert find_routine("morning") == path
    assert find_routine("morning.yaml") == path


def test_yml_suffix_is_found_too(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    path = write(bundled, "evening.yml")
    assert find_routine("evening") == path
    assert find_routine("evening.yml") == path


def test_user_routine_shadows_the_bundled_one(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    write(bundled, "morning.yaml")
    mine = write(user, "morning.yaml")
    assert find_routine("morning") == mine


def test_path_as_given_comes_first(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    write(user, "morning.yaml")
    write(bundled, "morning.yaml")
    here = write(Path.cwd(), "morning.yaml")
    assert find_routine("morning.yaml") == Path("morning.yaml")
    assert find_routine("morning.yaml").resolve() == here.resolve()
    # without the suffix the name is not a file here, so the user's folder answers
    assert find_routine("morning") == user / "morning.yaml"


def test_explicit_paths_anywhere(folders: tuple[Path, Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = write(elsewhere, "plan.txt")
    assert find_routine(str(path)) == path


def test_paths_are_not_looked_up_in_the_routine_folders(folders: tuple[Path, Path]) -> None:
    user, _bundled = folders
    (user / "sub").mkdir()
    write(user / "sub", "x.yaml")
    with pytest.raises(UserError):
        find_routine("sub/x.yaml")


def test_a_folder_is_not_a_routine(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    Path("morning").mkdir()
    path = write(bundled, "morning.yaml")
    assert find_routine("morning") == path


def test_not_found_says_where_it_looked(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    with pytest.raises(UserError) as caught:
        find_routine("nightly")
    assert str(caught.value) == (
        f"no routine 'nightly': it is not a file here, nor in {user}, {bundled}; "
        "`backtimer list` shows the routines it can find"
    )


def test_missing_user_folder_is_fine(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    user.rmdir()
    path = write(bundled, "morning.yaml")
    assert find_routine("morning") == path
    assert available_routines() == [RoutineEntry("morning", path, "bundled")]


def test_available_routines(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    b_morning = write(bundled, "morning.yaml")
    b_breath = write(bundled, "Breathing.yml")
    u_morning = write(user, "morning.yaml")
    u_extra = write(user, "extra.yaml")
    write(user, "extra.yml")  # the .yaml twin wins, as it does for start
    write(user, "notes.txt")
    (user / "folder.yaml").mkdir()
    assert available_routines() == [
        RoutineEntry("Breathing", b_breath, "bundled"),
        RoutineEntry("extra", u_extra, "user"),
        RoutineEntry("morning", u_morning, "user"),
    ]
    assert b_morning not in [entry.path for entry in available_routines()]
    assert find_routine("extra") == u_extra


def test_every_listed_routine_can_be_started_by_its_name(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    for folder, name in ((user, "a.yaml"), (bundled, "b.yml"), (bundled, "a.yaml")):
        write(folder, name)
    for entry in available_routines():
        assert find_routine(entry.name) == entry.path


def test_real_bundled_folder_entries_are_valid_routines() -> None:
    """Whatever ships in routines/ must load (skipped while nothing ships yet)."""
    from backtimer.routine.load import check_file

    entries = [entry for entry in available_routines() if entry.source == "bundled"]
    if not entries:
        pytest.skip("no bundled routines yet")
    for entry in entries:
        assert check_file(entry.path) == [], entry.path


# -- every name `list` shows, in any case ----------------------------------------------


def titled(folder: Path, filename: str, title: str) -> Path:
    path = folder / filename
    path.write_text(ROUTINE.format(name=f'"{title}"'), encoding="utf-8")
    return path


def test_file_names_in_any_case(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    path = write(bundled, "morning.yaml")
    for name in ("MORNING", "Morning", "Morning.YAML", "morning.Yaml"):
        assert find_routine(name) == path, name


def test_the_routines_own_name_in_any_case_and_spacing(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    path = titled(bundled, "morning.yaml", "Morning back routine")
    for name in ("Morning back routine", "morning back routine", "  MORNING  back routine"):
        assert find_routine(name) == path, name


def test_the_users_routine_answers_first_for_a_shared_name(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    titled(bundled, "morning.yaml", "Morning back routine")
    mine = titled(user, "my-morning.yaml", "Morning back routine")
    assert find_routine("morning back routine") == mine
    write(bundled, "Breathing.yaml")
    lower = write(user, "breathing.yaml")
    assert find_routine("BREATHING") == lower


def test_every_name_list_shows_finds_its_file(folders: tuple[Path, Path]) -> None:
    """`backtimer list` shows the routine's own name; each one works for start."""
    from backtimer.routine.load import load_routine

    user, bundled = folders
    titled(user, "a.yaml", "Slow Stretches")
    titled(bundled, "b.yml", "Core, gently")
    titled(bundled, "c.yaml", "Desk break")
    for entry in available_routines():
        shown = load_routine(entry.path).name
        assert find_routine(shown) == entry.path
        assert find_routine(shown.upper()) == entry.path


def test_a_near_miss_says_did_you_mean(folders: tuple[Path, Path]) -> None:
    _user, bundled = folders
    titled(bundled, "morning.yaml", "Morning back routine")
    titled(bundled, "breathing.yaml", "Breathing")
    with pytest.raises(UserError) as caught:
        find_routine("mornin back routine")
    assert str(caught.value) == (
        "no routine 'mornin back routine'; did you mean 'Morning back routine'? "
        "(`backtimer list` shows the routines it can find)"
    )
    with pytest.raises(UserError, match=r"did you mean Breathing\?"):
        find_routine("breathng")


def test_a_broken_file_does_not_stop_the_search(folders: tuple[Path, Path]) -> None:
    user, bundled = folders
    (user / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    path = titled(bundled, "desk.yaml", "Desk break")
    assert find_routine("desk break") == path
    assert find_routine("BROKEN") == user / "broken.yaml"  # by its file name it still is
