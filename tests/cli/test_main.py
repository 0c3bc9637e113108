"""The dispatcher itself: what it sets up around every command."""

from __future__ import annotations

import gc

import pytest

from backtimer.cli import main, routines


def test_the_collector_is_off_only_on_the_way_to_a_session_screen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`start` turns the garbage collector off until its first frame is out; every
    other command runs with it on, and no command leaves it off."""
    seen: list[bool] = []
    monkeypatch.setattr(routines, "list_routines", lambda args: seen.append(gc.isenabled()))
    assert main(["list"]) == 0
    assert seen == [True]

    assert main(["start", "no-such-routine-anywhere"]) != 0
    assert gc.isenabled()
    assert "no routine" in capsys.readouterr().err
