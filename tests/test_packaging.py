"""The program as a user installs it: a wheel, in a fresh virtual environment,
run from a folder outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("backtimer-*.whl")
    return built


def test_wheel_holds_routines_sounds_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {p.name for p in (ROOT / "routines").glob("*.yaml")}
    assert bundled, "no bundled routines in the checkout"
    for name in bundled:
        assert f"backtimer/_data/routines/{name}" in names
    for wav in (ROOT / "sounds").glob("*.wav"):
        assert f"backtimer/_data/sounds/{wav.name}" in names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    # The mirror page, every asset of it (nothing is fetched from elsewhere).
    for asset in ("index.html", "page.css", "page.js", "icon.svg"):
        assert f"backtimer/mirror/page/{asset}" in names
    assert "backtimer/ui/backtimer.tcss" in names


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--disable-pip-version-check", str(wheel)], check=True)
    return env_dir / "bin" / "backtimer"


def _run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_installed_list_and_show_outside_checkout(installed: Path, tmp_path: Path) -> None:
    listed = _run(installed, "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "morning" in listed.stdout and "bundled" in listed.stdout

    shown = _run(installed, "show", "morning.yaml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Morning" in shown.stdout

    version = _run(installed, "--version", cwd=tmp_path)
    assert version.stdout.strip().startswith("backtimer ")


def test_installed_module_finds_packaged_data(installed: Path, tmp_path: Path) -> None:
    python = installed.parent / "python"
    code = (
        "from backtimer import resources;"
        "print(resources.bundled_routines_dir());"
        "print(resources.sounds_dir())"
    )
    out = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert all("site-packages" in line for line in out), out
