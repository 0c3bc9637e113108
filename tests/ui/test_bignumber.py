"""The block figures used for the countdown on large terminals."""

from __future__ import annotations

from textual.widgets import Digits

from backtimer.engine.clock import FakeClock
from backtimer.ui.app import create_app
from backtimer.ui.widgets.bignumber import BigNumber, big_text, figure

from .helpers import hold, routine


def test_figures_are_seven_segments_of_full_blocks() -> None:
    assert figure("2") == [
        "████████",
        "      ██",
        "      ██",
        "████████",
        "██      ",
        "██      ",
        "████████",
    ]
    assert figure("1") == ["      ██"] * 7
    assert figure(":") == ["  ", "  ", "██", "  ", "██", "  ", "  "]


def test_a_clock_lines_up() -> None:
    lines = big_text("1:05")
    assert len(lines) == 7
    assert len({len(line) for line in lines}) == 1
    assert len(lines[0]) == 8 + 2 + 2 + 2 + 8 + 2 + 8


async def test_large_terminals_show_block_figures() -> None:
    app = create_app(routine(hold(hold=65.0, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-roomy")
        big = screen.query_one(BigNumber)
        assert big.display and big.text == "1:05"
        assert not screen.query_one(Digits).display
        assert big.region.height == 7
