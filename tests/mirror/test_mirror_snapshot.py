"""The address box as the terminal shows it, at a comfortable and a small size.

Update with `pytest tests/mirror/test_mirror_snapshot.py --snapshot-update`, then
look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from backtimer.mirror.qr import qr_lines
from backtimer.ui.app import create_app
from backtimer.ui.screens.mirror import MirrorScreen
from tests.engine.fakes import FakeClock
from tests.ui.helpers import hold, routine

URL = "http://127.0.0.1:8765/ABCDEFGHIJKLMNOPQRSTUVWX/"
REACH = "Only this computer can open it; for your network: --mirror 0.0.0.0:8765"


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_the_address_box(snap_compare, size) -> None:
    app = create_app(routine(hold(hold=20.0)), clock=FakeClock(), checkin=False)

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        app.push_screen(MirrorScreen(URL, qr_lines(URL.replace("http", "HTTP")), REACH))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
