"""Output a terminal's character set cannot hold: never a crash.

Under an ISO-8859-1 locale, text meant for reading (`show`) is written with
replacement characters; JSON is written with \\u escapes (still the same JSON);
CSV, which has no escapes, is written as UTF-8 with a one-line notice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.history.store import Store

NAME = "Dos à dos ✓ 🙂 “gently”"


@pytest.fixture(params=["locale", "PYTHONIOENCODING"])
def latin1_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "LANG"))
    }
    if request.param == "locale":
        env.update(request.getfixturevalue("latin1_locale"))
    else:
        env.update(LANG="C.UTF-8", PYTHONIOENCODING="iso-8859-1")
    data = tmp_path / "data"
    env["BACKTIMER_DATA_DIR"] = str(data)
    with Store.open(data / "history.sqlite3") as store:
        store.finish_session(store.begin_session(NAME), "completed")
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args], capture_output=True, env=env, timeout=60
    )


def test_the_child_really_writes_iso_8859_1(latin1_env: dict[str, str]) -> None:
    code = "import sys; print(sys.stdout.encoding)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=latin1_env)
    assert out.stdout.decode().strip().lower().replace("_", "-") in ("iso8859-1", "iso-8859-1")


def test_show_writes_replacement_characters(latin1_env: dict[str, str]) -> None:
    done = _run(latin1_env, "show", "core-strength")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    done.stdout.decode("iso-8859-1")  # whatever it holds, it is the locale's


def test_history_json_is_the_same_json_in_escapes(latin1_env: dict[str, str]) -> None:
    done = _run(latin1_env, "history", "--json")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    text = done.stdout.decode("ascii")
    assert json.loads(text)["sessions"][0]["routine_name"] == NAME
    assert done.stderr == b""


def test_export_csv_is_utf8_with_a_notice(latin1_env: dict[str, str]) -> None:
    done = _run(latin1_env, "export", "--format", "csv")
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert NAME in done.stdout.decode("utf-8")
    err = done.stderr.decode()
    assert err.startswith("backtimer: ") and "UTF-8" in err and err.count("\n") == 1
