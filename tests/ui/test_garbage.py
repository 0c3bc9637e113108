"""The garbage collector is frozen once a session is on screen, and only once."""

from __future__ import annotations

import asyncio
import gc

import pytest

from backtimer.ui import garbage


def test_the_freeze_is_asked_once_on_the_running_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float] = []

    async def session() -> None:
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(loop, "call_later", lambda delay, _call: asked.append(delay))
        freezer = garbage.GarbageFreezer()
        freezer.soon()  # the first tick
        freezer.soon()  # every tick, and every quiet second drawn ahead, after it
        assert freezer.asked

    asyncio.run(session())
    assert asked == [garbage.FREEZE_GARBAGE_AFTER]


def test_freezing_collects_freezes_and_turns_the_collector_back_on() -> None:
    gc.disable()  # as `backtimer start` leaves it until the screen is up
    try:
        garbage.freeze_garbage()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
