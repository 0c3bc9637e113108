"""The layer contracts in .importlinter hold, and they would catch a broken layer.

`lint-imports` reads the import graph statically, so it also sees imports inside
functions that no run-time test happens to reach. The planted tests copy the package
to a temporary folder, add one module with a forbidden import and check that the
contracts then fail, naming the import: a contract that cannot fail checks nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / ".importlinter")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )


def copied_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "backtimer",
        tree / "backtimer",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    shutil.copy(ROOT / ".importlinter", tree / ".importlinter")
    return tree


def test_the_contracts_hold_on_the_package() -> None:
    out = lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.parametrize(
    ("where", "line", "contract"),
    [
        ("engine", "import backtimer.history.store", "Layers"),
        ("session.py", "from backtimer.audio import cues", "Layers"),
        ("routine", "import backtimer.engine.engine", "Layers"),
        ("history", "import textual.app", "Textual and Rich only in backtimer.ui"),
        ("engine", "import rich.text", "Textual and Rich only in backtimer.ui"),
        ("history", "import simpleaudio", "simpleaudio only in backtimer.audio"),
        # The UI readies the terminal through a leaf, never through the CLI.
        ("ui", "import backtimer.cli.output", "Layers"),
        ("mirror", "import backtimer.cli.session", "Layers"),
        # Delivery and the scheduler sit under the listeners they serve.
        ("delivery.py", "from backtimer.history import recorder", "Layers"),
        ("wakeups.py", "import backtimer.ui.presenter", "Layers"),
    ],
)
def test_a_planted_import_breaks_a_contract(
    tmp_path: Path, where: str, line: str, contract: str
) -> None:
    tree = copied_tree(tmp_path)
    if where.endswith(".py"):
        planted = tree / "backtimer" / where
        planted.write_text(planted.read_text() + f"\n{line}\n")
    else:
        planted = tree / "backtimer" / where / "planted.py"
        planted.write_text(f'"""A planted import."""\n\n{line}\n')
    out = lint_imports(tree)
    assert out.returncode != 0, out.stdout
    broken = [row for row in out.stdout.splitlines() if " BROKEN" in row]
    assert len(broken) == 1, out.stdout
    assert broken[0].startswith(contract), out.stdout
    importer = "backtimer." + planted.relative_to(tree / "backtimer").with_suffix("").as_posix()
    assert importer.replace("/", ".") + " -> " in out.stdout, out.stdout
