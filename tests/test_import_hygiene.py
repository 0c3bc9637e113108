"""The headless core never loads Textual or simpleaudio.

Each check runs in a fresh interpreter and looks at sys.modules, so an import added
anywhere on the path of these commands shows up here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_MODULES = [
    "backtimer.routine.model",
    "backtimer.routine.load",
    "backtimer.routine.find",
    "backtimer.engine.timeline",
    "backtimer.engine.engine",
    "backtimer.history.store",
    "backtimer.history.export",
    "backtimer.cli",
    "backtimer.cli.routines",
    "backtimer.cli.history",
    "backtimer.cli.report",
    "backtimer.report.figures",
    "backtimer.report.build",
]

FORBIDDEN = ("textual", "simpleaudio", "rich")


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_headless_module_imports_no_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["show", "morning"],
        ["validate", "MORNING"],
        ["schema"],
        ["history", "--json"],
        ["export", "--format", "json"],
    ],
)
def test_headless_commands_import_no_ui(argv: list[str]) -> None:
    from backtimer.resources import bundled_routines_dir

    argv = [str(bundled_routines_dir() / "morning.yaml") if a == "MORNING" else a for a in argv]
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        f"rc = main({argv!r})\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print('\\nMODULES:' + ','.join(bad))\n"
        "sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.rsplit("MODULES:", 1)[1].strip() == ""


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
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        f"rc = main({argv!r})\n"
        f"bad = sorted(m for m in sys.modules if m in {STATUS_FORBIDDEN!r}\n"
        f"             or m.split('.')[0] in {STATUS_FORBIDDEN!r})\n"
        "print('\\nMODULES:' + ','.join(bad))\n"
        "sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    printed, modules = out.stdout.rsplit("MODULES:", 1)
    assert "Morning back routine" in printed
    assert modules.strip() == ""


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
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {CHARTS!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


def test_the_report_command_loads_charts_but_no_ui(tmp_path) -> None:
    target = tmp_path / "r.html"
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        f"rc = main(['report', '-o', {str(target)!r}])\n"
        f"ui = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print('\\nUI:' + ','.join(ui) + '\\nCHARTS:' + str('pygal' in sys.modules))\n"
        "sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    tail = out.stdout.rsplit("UI:", 1)[1]
    assert tail.split("\n")[0].strip() == ""
    assert "CHARTS:True" in tail
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
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


def test_start_without_mirror_gets_as_far_as_the_terminal_without_web_library(
    tmp_path,
) -> None:
    """`backtimer start` off a terminal stops at the terminal check: by then the
    routine was read, the config too, and nothing of the web library loaded."""
    code = (
        "import sys\n"
        "from backtimer.cli import main\n"
        "rc = main(['start', 'morning'])\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r})\n"
        "print('\\nMODULES:' + ','.join(bad))\n"
        "sys.exit(rc)"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert out.returncode != 0 and "needs a terminal" in out.stderr
    assert out.stdout.rsplit("MODULES:", 1)[1].strip() == ""
