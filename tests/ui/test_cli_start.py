"""`backtimer start`: every problem is reported before any screen opens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.cli import main


def test_a_broken_routine_prints_validate_lines_and_exits_1(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nsteps:\n  - name: Plank\n    hodl: 20s\n", encoding="utf-8")
    assert main(["start", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:4:5: ")
    assert "hold" in err  # the suggestion for the misspelt key


def test_an_unknown_routine_is_one_sentence(capsys) -> None:
    assert main(["start", "no-such-routine-anywhere"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("backtimer: no routine 'no-such-routine-anywhere'")
    assert len(err.strip().splitlines()) == 1


def test_start_refuses_without_a_terminal() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "backtimer", "start", "morning"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("backtimer: backtimer start needs a terminal")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("module", ["backtimer.ui.app"])
def test_the_app_module_imports_only_what_the_first_frame_needs(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "later = ['backtimer.ui.screens.end', 'backtimer.ui.screens.help',"
        " 'backtimer.ui.screens.confirm', 'textual.widgets._footer',"
        " 'textual.widgets._progress_bar', 'backtimer.history', 'backtimer.audio']\n"
        "print(','.join(m for m in later if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_before_the_first_frame_no_history_and_no_sound_is_loaded(tmp_path: Path) -> None:
    """`start` checks the sound config before any screen, and loads nothing else of
    history or sound: they join after the first frame."""
    routine = tmp_path / "r.yaml"
    routine.write_text("name: R\nsteps:\n  - {name: Plank, hold: 20s}\n")
    code = (
        "import sys\n"
        "from backtimer.cli.session_setup import SessionSetup\n"
        "from backtimer.routine.load import load_routine\n"
        f"SessionSetup(load_routine({str(routine)!r}), mute=True)\n"
        "later = ['backtimer.history.store', 'backtimer.history.recorder', 'sqlite3',"
        " 'backtimer.audio.service', 'backtimer.audio.cues', 'backtimer.audio.wavs',"
        " 'simpleaudio']\n"
        "print(','.join(m for m in later if m in sys.modules))"
    )
    env = {**os.environ, "BACKTIMER_CONFIG_DIR": str(tmp_path), "BACKTIMER_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_a_broken_sound_config_is_reported_before_any_screen(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "config.toml").write_text("[sound]\nvolum = 50\n")
    routine = tmp_path / "r.yaml"
    routine.write_text("name: R\nsteps:\n  - {name: Plank, hold: 20s}\n")
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("BACKTIMER_DATA_DIR", str(tmp_path))
    from backtimer.cli import session as session_cli

    monkeypatch.setattr(session_cli, "require_terminal", lambda command: None)

    def no_screen(*args: object, **kwargs: object) -> None:
        raise AssertionError("a screen was opened")

    monkeypatch.setattr("backtimer.ui.app.create_app", no_screen)
    assert main(["start", str(routine)]) != 0
    err = capsys.readouterr().err
    assert "unknown key 'volum'" in err and "did you mean 'volume'" in err
    assert not (tmp_path / "history.sqlite3").exists()


def test_resume_ready_reaches_the_session(monkeypatch, tmp_path: Path) -> None:
    """`--resume-ready` sets the "get ready" after a pause; 0 resumes at once."""
    from backtimer.cli import main
    from backtimer.cli import session as session_cli

    seen: dict[str, float] = {}

    def fake_run_session(routine, **options):
        seen["resume_ready"] = options["resume_ready"]
        return 0

    routine = tmp_path / "r.yaml"
    routine.write_text("name: R\nsteps:\n  - {name: Plank, hold: 20s}\n")
    monkeypatch.setattr(session_cli, "run_session", fake_run_session)
    monkeypatch.setattr(session_cli, "require_terminal", lambda command: None)
    assert main(["start", "--resume-ready", "0", str(routine)]) == 0
    assert seen == {"resume_ready": 0.0}
