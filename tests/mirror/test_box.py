"""The address box fits the terminal: the QR code is shown whole or not at all
(a cut code cannot be scanned), and a terminal too short for it says so."""

from __future__ import annotations

import pytest
from textual.widget import Widget

from backtimer.mirror.qr import qr_lines
from backtimer.ui.app import create_app
from backtimer.ui.screens.mirror import MirrorScreen
from tests.engine.fakes import FakeClock
from tests.ui.helpers import hold, routine

URL = "http://127.0.0.1:38765/ABCDEFGHIJKLMNOPQRSTUVWX/"  # a QR code 17 lines tall
REACH = "Only this computer can open it; for your network: --mirror 0.0.0.0:38765"


def _box() -> MirrorScreen:
    return MirrorScreen(URL, qr_lines(URL.replace("http", "HTTP")), REACH)


def _inside(widget: Widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= size[1]


@pytest.mark.parametrize(
    ("size", "whole"),
    [((100, 30), True), ((80, 24), True), ((80, 22), False), ((60, 20), False)],
)
async def test_the_qr_code_is_whole_or_left_out_and_the_box_fits(size, whole) -> None:
    app = create_app(routine(hold(hold=20.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(_box())
        await pilot.pause()
        box = app.screen
        assert isinstance(box, MirrorScreen)
        for part in ("#mirror", "#mirror-url", "#mirror-reach", "#mirror-hint"):
            assert _inside(box.query_one(part), size), part
        qr = box.query_one("#mirror-qr")
        note = box.query_one("#mirror-no-qr")
        assert qr.display is whole
        assert note.display is not whole
        if whole:
            assert _inside(qr, size)
        else:
            assert "rows tall" in str(note.render())


async def test_the_qr_code_comes_back_when_the_terminal_grows() -> None:
    app = create_app(routine(hold(hold=20.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.push_screen(_box())
        await pilot.pause()
        assert app.screen.query_one("#mirror-qr").display is False
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.query_one("#mirror-qr").display is True
        assert app.screen.query_one("#mirror-no-qr").display is False
