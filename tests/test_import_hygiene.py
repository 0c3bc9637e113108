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


def test_the_module_list_is_the_package() -> None:
    assert "backtimer.engine.engine" in HEADLESS_MODULES
    assert "backtimer.history.store" in HEADLESS_MODULES
    assert "backtimer.cli.session" in HEADLESS_MODULES
    assert len(HEADLESS_MODULES) > 40


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


def run_command(argv: list[str]) -> str:
    """Runs `backtimer ARGV` in a fresh interpreter; returns the forbidden modules it
    loaded, comma-separated."""
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
    return out.stdout.rsplit("MODULES:", 1)[1].strip()


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
