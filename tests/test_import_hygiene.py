"""The headless core never loads Textual, Rich or simpleaudio.

Each check runs in a fresh interpreter and looks at sys.modules, so an import added
anywhere on the path of these commands shows up here, including one made inside a
function. The static side of the same rule (which package may import which) is the
contracts in .importlinter, checked by tests/test_layers.py.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import backtimer

FORBIDDEN = ("textual", "simpleaudio", "rich")

# Every module outside the UI package: found, not listed, so a new module is covered
# the day it is added. `__main__` is left out because importing it runs the program.
HEADLESS_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(backtimer.__path__, "backtimer.")
    if not info.name.startswith("backtimer.ui") and info.name != "backtimer.__main__"
)


def imported_by(module: str, watched: tuple[str, ...]) -> str:
    """Which of the `watched` packages `import MODULE` loads in a fresh interpreter,
    comma-separated ("" for none)."""
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {watched!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def command_loads(
    argv: list[str], watched: tuple[str, ...], **run: Any
) -> tuple[subprocess.CompletedProcess[str], str, str]:
    """Runs `backtimer ARGV` in a fresh interpreter (`run` goes to subprocess.run):
    the process, what the command printed, and which `watched` modules (named whole,
    or by their top package) it loaded, comma-separated."""
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        f"rc = main({argv!r})\n"
        f"bad = sorted(m for m in sys.modules if m in {watched!r}\n"
        f"             or m.split('.')[0] in {watched!r})\n"
        "print('\\nMODULES:' + ','.join(bad))\n"
        "sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, **run)
    printed, _, modules = out.stdout.rpartition("MODULES:")
    return out, printed, modules.strip()


def test_the_module_list_is_the_package() -> None:
    assert "backtimer.engine.engine" in HEADLESS_MODULES
    assert "backtimer.history.store" in HEADLESS_MODULES
    assert "backtimer.cli.session" in HEADLESS_MODULES
    assert len(HEADLESS_MODULES) > 40


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_headless_module_imports_no_ui(module: str) -> None:
    bad = imported_by(module, FORBIDDEN)
    assert bad == "", f"{module} pulled in {bad}"


def run_command(argv: list[str]) -> str:
    """Runs `backtimer ARGV` in a fresh interpreter; returns the forbidden modules it
    loaded, comma-separated."""
    out, _, modules = command_loads(argv, FORBIDDEN)
    assert out.returncode == 0, out.stderr
    return modules


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "morning"],
        ["validate", "MORNING"],
        ["schema"],
        ["new", "stretches"],
        ["history", "--json"],
        ["export", "--format", "json"],
        ["export", "--format", "csv"],
        ["export", "--format", "json", "-o", "EXPORT"],
        ["import", "EXPORT"],
    ],
)
def test_headless_commands_import_no_ui(argv: list[str], tmp_path: Path) -> None:
    from backtimer.resources import bundled_routines_dir

    export = tmp_path / "history.json"
    if argv[0] == "import":
        assert run_command(["export", "--format", "json", "-o", str(export)]) == ""
    paths = {"MORNING": str(bundled_routines_dir() / "morning.yaml"), "EXPORT": str(export)}
    assert run_command([paths.get(a, a) for a in argv]) == ""


# `backtimer status` runs on every shell prompt: it reads one small file and stops.
STATUS_FORBIDDEN = (
    "textual",
    "rich",
    "yaml",
    "sqlite3",
    "_sqlite3",
    "platformdirs",
    "argparse",
    "dataclasses",
    "jeepney",
    "datetime",
    "backtimer.due",
)


@pytest.mark.parametrize(
    "argv", [["status"], ["status", "--json"], ["status", "--format", "{name}"]]
)
def test_status_reads_its_file_and_imports_nothing_heavy(argv: list[str]) -> None:
    from datetime import UTC, datetime

    from backtimer import status_file
    from backtimer.history.store import Store

    with Store.memory(now=lambda: datetime.now(UTC)) as store:
        status_file.refresh(store)  # the bundled morning routine has a schedule
    with open(status_file.status_path(), encoding="utf-8") as written:
        assert "Morning back routine" in written.read()
    out, printed, modules = command_loads(argv, STATUS_FORBIDDEN)
    assert out.returncode == 0, out.stderr
    assert "Morning back routine" in printed
    assert modules == ""


# The report's charting library is loaded by `report` alone: no other command, and
# least of all `start`, pays for it.
CHARTS = ("pygal",)
NO_CHARTS_MODULES = [
    "backtimer.cli",
    "backtimer.cli.session",
    "backtimer.cli.history",
    "backtimer.cli.report",
    "backtimer.ui.app",
    "backtimer.history.store",
    "backtimer.report.figures",
    "backtimer.report.build",
]


@pytest.mark.parametrize("module", NO_CHARTS_MODULES)
def test_only_the_report_loads_the_charting_library(module: str) -> None:
    bad = imported_by(module, CHARTS)
    assert bad == "", f"{module} pulled in {bad}"


def test_the_report_command_loads_charts_but_no_ui(tmp_path) -> None:
    target = tmp_path / "r.html"
    out, _, modules = command_loads(["report", "-o", str(target)], (*FORBIDDEN, *CHARTS))
    assert out.returncode == 0, out.stderr
    loaded = modules.split(",")
    assert "pygal" in loaded
    assert [m for m in loaded if m.split(".")[0] not in CHARTS] == []  # nothing of the UI
    assert target.exists()


# The mirror's web parts load only when a mirror is asked for: a session without
# one starts exactly as before.
WEB = ("aiohttp", "aiohttp_sse", "segno", "multidict", "yarl")


@pytest.mark.parametrize(
    "module",
    [
        "backtimer.ui.app",
        "backtimer.cli.session",
        "backtimer.mirror.snapshot",
        "backtimer.mirror.address",
        "backtimer.mirror.settings",
    ],
)
def test_a_session_without_mirror_imports_no_web_library(module: str) -> None:
    bad = imported_by(module, WEB)
    assert bad == "", f"{module} pulled in {bad}"


def test_start_without_mirror_gets_as_far_as_the_terminal_without_web_library(
    tmp_path,
) -> None:
    """`backtimer start` off a terminal stops at the terminal check: by then the
    routine was read, the config too, and nothing of the web library loaded."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out, _, modules = command_loads(["start", "morning"], WEB, stdin=subprocess.DEVNULL, env=env)
    assert out.returncode != 0 and "needs a terminal" in out.stderr
    assert "MODULES:" in out.stdout and modules == ""
