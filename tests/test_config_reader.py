"""One reader for config.toml: never blocks, parses once, and says every mistake at once."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from backtimer.audio.config import load_config
from backtimer.cli import main
from backtimer.config_file import ConfigError, locate, read_config
from backtimer.desktop.awake import keep_awake_setting
from backtimer.history.resume import load_rule
from backtimer.mirror.settings import configured_address

ROUTINE = "name: R\nsteps:\n  - {name: Plank, hold: 20s}\n"

THREE_MISTAKES = (
    "[sound]\n"  # 1
    "volum = 50\n"  # 2: unknown key, with a suggestion
    "\n"
    "[history]\n"  # 4
    "resume_within_hours = 'three'\n"  # 5: a wrong value
    "\n"
    "[screen]\n"  # 7
    "  keep_awake = 2\n"  # 8: a wrong value, indented
)


def _run_in_a_terminal(argv: list[str], config_dir: Path, data_dir: Path) -> tuple[int, str]:
    """`backtimer ARGV` on a pseudo-terminal (so `start` gets past its terminal check),
    with at most a few seconds to answer: a command that blocks fails the test."""
    leader, follower = os.openpty()
    env = {
        **os.environ,
        "BACKTIMER_CONFIG_DIR": str(config_dir),
        "BACKTIMER_DATA_DIR": str(data_dir),
        "TERM": "xterm-256color",
    }
    try:
        out = subprocess.run(
            [sys.executable, "-m", "backtimer", *argv],
            stdin=follower,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=10,  # blocked on the FIFO, it would wait for ever
            text=True,
        )
    finally:
        os.close(leader)
        os.close(follower)
    return out.returncode, out.stderr


@pytest.mark.parametrize(
    "argv",
    [["start", "{routine}"], ["report", "-o", "{tmp}/r.html"], ["history"], []],
    ids=["start", "report", "history", "home"],
)
def test_a_fifo_config_is_refused_at_once_by_every_command_that_reads_it(
    tmp_path: Path, argv: list[str]
) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    os.mkfifo(config_dir / "config.toml")
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    argv = [a.format(routine=routine, tmp=tmp_path) for a in argv]
    code, err = _run_in_a_terminal(argv, config_dir, tmp_path / "data")
    assert code == 2
    fifo = config_dir / "config.toml"
    assert err == f"backtimer: {fifo}: the config file is not a regular file.\n"


def test_start_says_every_mistake_in_every_table_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(THREE_MISTAKES)
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE)
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(tmp_path))
    from backtimer.cli import session as session_cli

    monkeypatch.setattr(session_cli, "require_terminal", lambda command: None)

    def no_screen(*args: object, **kwargs: object) -> None:
        raise AssertionError("a screen was opened")

    monkeypatch.setattr("backtimer.ui.app.create_app", no_screen)
    assert main(["start", str(routine)]) == 2
    lines = capsys.readouterr().err.removeprefix("backtimer: ").splitlines()
    assert lines == [
        f"{config}:2:1: unknown key 'volum' in [sound] (did you mean 'volume'?).",
        f"{config}:5:1: [history] resume_within_hours must be a number of hours from 0 to 48, "
        "not 'three'.",
        f"{config}:8:3: [screen] keep_awake must be true or false, not 2.",
    ]
    assert not (tmp_path / "history.sqlite3").exists()


def test_every_mistake_in_one_table_is_said(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[sound]\nvolume = 120\nmute = 'yes'\nticks = true\nspeach = true\n")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, 1), (3, 1), (5, 1)]
    assert "did you mean 'speech'?" in str(caught.value)


def test_invalid_toml_is_said_at_its_line_and_column(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[sound]\nmute = yes\n")
    with pytest.raises(ConfigError) as caught:
        read_config(config)
    assert str(caught.value).startswith(f"{config}:2:8: not valid TOML: ")


def test_the_file_is_parsed_once_for_all_its_owners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[sound]\nvolume = 40\n[screen]\nkeep_awake = false\n")
    calls: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: calls.append(text) or real(text))
    assert load_config(config).volume == 40
    assert keep_awake_setting(config) is False
    assert load_rule(config).within.total_seconds() == 3 * 3600
    assert configured_address(config) is None
    assert len(calls) == 1
    config.write_text("[sound]\nvolume = 41\n[screen]\nkeep_awake = false\n")  # same size
    assert load_config(config).volume == 41  # a changed file is read again
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("table", "key", "where"),
    [
        ("sound", "volume", (3, 3)),
        ("sound", None, (2, 1)),
        ("keys", "session.pause", (6, 1)),
        (None, "name", (1, 1)),
        ("sound", "absent", (2, 1)),  # the table's header
        ("nowhere", "x", (0, 0)),
    ],
)
def test_a_key_is_found_at_its_line(
    table: str | None, key: str | None, where: tuple[int, int]
) -> None:
    text = 'name = "Ana"\n[sound]\n  volume = 3\n\n[keys]\n"session.pause" = "p"\n'
    assert locate(text, table, key) == where


def test_key_mistakes_are_said_with_the_others(tmp_path: Path) -> None:
    from backtimer.cli.config_check import check_session_config

    config = tmp_path / "config.toml"
    config.write_text(THREE_MISTAKES + '\n[keys]\n"sesion.pause" = "p"\n')
    with pytest.raises(ConfigError) as caught:
        check_session_config(config)
    assert [p.line for p in caught.value.problems] == [2, 5, 8, 11]
    assert "did you mean 'session.pause'?" in str(caught.value).splitlines()[-1]


def test_the_theme_is_not_written_into_a_fifo(tmp_path: Path) -> None:
    from backtimer.config_file import ConfigEditError, set_setting

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigEditError, match="not a regular file"):
        set_setting("ui", "theme", "nord", fifo)  # before: waited for a writer


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config.toml that cannot be read, as chmod 000 is for a user (the tests run
    as root, who reads it anyway)."""
    config = tmp_path / "config.toml"

    def read(path: Path, limit: int) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("backtimer.config_file.read_regular_file", read)
    return config


def test_an_unreadable_config_is_one_sentence_naming_it_once(unreadable: Path) -> None:
    """The reason, not the errno and the path again."""
    with pytest.raises(ConfigError) as caught:
        read_config(unreadable)
    assert str(caught.value) == f"{unreadable}: cannot read the config file (Permission denied)."


def test_the_theme_is_not_written_into_an_unreadable_config(unreadable: Path) -> None:
    from backtimer.config_file import ConfigEditError, set_setting

    with pytest.raises(ConfigEditError) as caught:
        set_setting("ui", "theme", "nord", unreadable)
    assert str(caught.value) == f"cannot read {unreadable}: Permission denied"


def test_a_huge_config_is_refused_in_the_docs_words(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b"#" * (2 * 1024 * 1024))
    with pytest.raises(ConfigError) as caught:
        read_config(config)
    assert str(caught.value) == f"{config}: the config file is larger than 1 MiB."


@pytest.mark.parametrize("kind", ["ConfigError", "RoutineError"])
def test_a_files_problems_are_said_alike_for_config_and_routines(kind: str) -> None:
    """One way to say a file's problems (ProblemsError), and neither is caught as the other."""
    from backtimer.routine.problems import Problem, RoutineError

    error_type = {"ConfigError": ConfigError, "RoutineError": RoutineError}[kind]
    late = Problem("f", 9, 1, "", "second")
    early = Problem("f", 2, 7, "", "first")
    error = error_type([late, early])
    assert str(error) == "f:2:7: first\nf:9:1: second"
    assert not isinstance(error, ({ConfigError, RoutineError} - {error_type}).pop())
    with pytest.raises(ValueError, match=f"a {kind} needs at least one problem"):
        error_type([])


def test_each_owner_reads_its_settings_through_checked(tmp_path: Path) -> None:
    """The owner's value when its table is right; its problems as one ConfigError."""
    from backtimer.config_file import Config, checked
    from backtimer.routine.problems import Problem

    config = tmp_path / "config.toml"
    config.write_text("[mine]\nx = 1\n")

    def owner(read: Config) -> tuple[int, list[Problem]]:
        x = read.data["mine"]["x"]
        return x, [Problem(str(read.path), 2, 1, "", "x is odd.")] if x % 2 else []

    with pytest.raises(ConfigError) as caught:
        checked(owner, config)
    assert str(caught.value) == f"{config}:2:1: x is odd."
    config.write_text("[mine]\nx = 2\n")
    assert checked(owner, config) == 2


def test_ui_mistakes_are_said_with_the_others(tmp_path: Path) -> None:
    """[ui] was passed over whole: an unknown key or a theme that is not text is said."""
    from backtimer.cli.config_check import check_session_config
    from backtimer.ui.keymap import check_keys

    config = tmp_path / "config.toml"
    config.write_text("[sound]\nvolum = 1\n[ui]\ntheme = 3\ncolours = 'dark'\n")
    for check in (check_session_config, check_keys):
        with pytest.raises(ConfigError) as caught:
            check(config)
        said = [str(p) for p in caught.value.problems]
        assert said[-2:] == [
            f'{config}:4:1: [ui] theme must be a theme\'s name in quotes, such as "nord", not 3.',
            f"{config}:5:1: unknown key 'colours' in [ui]; it knows only theme.",
        ]
    config.write_text('[ui]\ntheme = "a theme of another Textual"\n')
    check_session_config(config)  # kept, and passed over when the app starts
    check_keys(config)
