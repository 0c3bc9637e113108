"""The installed program: two sessions run in a real terminal (one with a note and
a pain rise, one stopped for pain), then `backtimer report -o report.pdf`."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from backtimer.report.pdf import find_browser

from .tmux import BACKTIMER

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        find_browser() is None or shutil.which("pdftotext") is None,
        reason="needs chromium and poppler-utils (scripts/setup.sh --test installs them)",
    ),
]

TINY = """\
name: Tiny report routine
rest: 0
ready: 1s
steps:
  - name: Knee hold
    hold: 2s
  - name: Bird dog
    reps: 2
"""


def test_sessions_in_a_terminal_then_a_pdf_report(tmux, tmp_path: Path):
    routine = tmp_path / "tiny.yaml"
    routine.write_text(TINY)

    first = tmux([BACKTIMER, "start", str(routine), "--mute"])
    first.wait_for("How is your back right now?")
    first.keys("3")
    first.wait_for("Press enter after each rep", timeout=20)
    first.keys("Enter")
    first.wait_for("1 / 2")
    first.keys("Enter")
    first.wait_for("How is your back right now?", timeout=10)
    first.keys("5")
    first.wait_for("Session complete", timeout=10)
    first.wait_for("add a note")
    first.keys("n")
    first.wait_for("enter keeps the note")  # the line is there: type into it
    first.keys("-l", "Left knee <sore> after the holds")
    first.keys("Enter")
    first.wait_for("Note kept: Left knee <sore> after the holds")
    first.keys("q")
    assert first.exit_code() == 0

    second = tmux([BACKTIMER, "start", str(routine), "--mute"])
    second.wait_for("How is your back right now?")
    second.keys("4")
    second.wait_for("HOLD", timeout=20)
    second.keys("!")
    second.wait_for("Sorry it hurts", timeout=10)
    second.keys("6")
    second.wait_for("Stopped because of pain", timeout=10)
    second.keys("q")
    assert second.exit_code() == 0

    pdf = tmp_path / "report.pdf"
    report = tmux([BACKTIMER, "report", "--weeks", "1", "-o", str(pdf)])
    assert report.exit_code(timeout=90) == 0, report.screen()
    assert f"Wrote {pdf}: 2 sessions" in report.screen()
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Routines: Tiny report routine" in text
    assert "2 rises of 2+ points · 1 pain stop" in text  # the stop rose from 4 to 6 too
    assert "Left knee <sore> after the holds" in text
    assert "stopped for pain, rose by 2" in text and "Knee hold" in text
