"""After the set-up, `backtimer` is a command: a new shell finds it from any folder,
with no .venv/bin prefix, by any name `backtimer list` shows.

The set-up's launcher step (scripts/launcher.sh, which scripts/setup.sh runs last)
is run with HOME in a temporary folder, so the real ~/.local/bin and the real
shell startup files are never touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .tmux import TmuxSession, have_tmux

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "scripts" / "launcher.sh"
PROGRAM = ROOT / ".venv" / "bin" / "backtimer"
PLAIN_PATH = "/usr/local/bin:/usr/bin:/bin"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    if not PROGRAM.exists():
        pytest.skip("no .venv in this checkout (bash scripts/setup.sh makes it)")
    home = tmp_path / "home"
    home.mkdir()
    return home


def launcher(home: Path, path: str = PLAIN_PATH, shell: str = "/bin/bash") -> str:
    done = subprocess.run(
        ["bash", str(LAUNCHER)],
        env={"HOME": str(home), "PATH": path, "SHELL": shell},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr


def test_the_launcher_links_the_program_and_puts_its_folder_on_path(home: Path) -> None:
    said = launcher(home)
    link = home / ".local" / "bin" / "backtimer"
    assert link.is_symlink() and link.resolve() == PROGRAM.resolve()
    assert f"{home}/.local/bin was not on PATH" in said
    assert "open a new terminal" in said
    for startup in (home / ".bashrc", home / ".profile"):
        assert startup.read_text().count('export PATH="$HOME/.local/bin:$PATH"') == 1
    again = launcher(home)  # running the set-up twice adds nothing
    assert "new shells have it" in again
    for startup in (home / ".bashrc", home / ".profile"):
        assert startup.read_text().count("export PATH") == 1
    on_path = launcher(home, path=f"{home}/.local/bin:{PLAIN_PATH}")
    assert "is on PATH: backtimer runs from any folder" in on_path


def test_the_launcher_leaves_a_file_it_did_not_make_alone(home: Path) -> None:
    mine = home / ".local" / "bin" / "backtimer"
    mine.parent.mkdir(parents=True)
    mine.write_text("#!/bin/sh\necho mine\n")
    said = launcher(home)
    assert "left as it is" in said
    assert mine.read_text() == "#!/bin/sh\necho mine\n"
    assert not (home / ".bashrc").exists()


def test_a_users_bash_profile_gets_the_line_instead_of_a_new_profile(home: Path) -> None:
    (home / ".bash_profile").write_text("# mine\n")
    launcher(home)
    assert (home / ".bash_profile").read_text().startswith("# mine\n")
    assert "export PATH" in (home / ".bash_profile").read_text()
    assert not (home / ".profile").exists()  # it would be ignored by bash anyway


@pytest.mark.parametrize("shell_flag", ["-l", "-i"], ids=["login-shell", "interactive-shell"])
def test_backtimer_runs_by_its_listed_name_from_another_folder_in_a_new_shell(
    home: Path, tmp_path: Path, shell_flag: str
) -> None:
    if not have_tmux():
        pytest.skip("tmux is not installed (scripts/setup.sh --test installs it)")
    launcher(home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "HOME": str(home),
        "PATH": PLAIN_PATH,
        "SHELL": "/bin/bash",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    shell = TmuxSession(["bash", shell_flag], env=env, width=100, height=30, cwd=elsewhere)
    try:
        shell.keys("PS1='ready> '", "Enter")
        shell.keys("command -v backtimer; echo found-$?", "Enter")
        found = shell.wait_for("found-0")
        assert f"{home}/.local/bin/backtimer" in found
        assert ".venv/bin" not in found
        shell.keys("clear; pwd; backtimer start 'morning back routine'", "Enter")
        shell.wait_for("How is your back right now?")
        shell.keys("Enter")
        shell.wait_for("Belly breathing")
        shell.keys("q")
        shell.wait_for("Quit this session?")
        shell.keys("y")
        shell.wait_for("Stopped early")
        shell.keys("Enter")
        shell.wait_for("Session stopped")
        shell.keys("Enter")
        shell.wait_for("ready>")  # the program has ended: the shell asks again
        shell.keys("echo exit-$?", "Enter")
        shell.wait_for("exit-0")
    finally:
        shell.kill()
    assert (tmp_path / "data" / "backtimer" / "history.sqlite3").exists()
