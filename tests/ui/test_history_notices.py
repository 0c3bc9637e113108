"""History that cannot be saved during a session: the person sees it on the session
screen when it happens, the session goes on, and the end screen says what the
history holds. The real `SessionSetup` joins, over a real database whose writes
are made to fail the way a full disk makes them fail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static

from backtimer.cli.session_setup import SessionSetup
from backtimer.engine.types import Status, StepResult
from backtimer.errors import UserError
from backtimer.history.store import Store
from backtimer.ui.app import create_app
from backtimer.ui.screens.end import EndScreen, Summary
from backtimer.ui.screens.session import SessionScreen
from tests.engine.fakes import FakeClock

from .helpers import advance, hold, routine, run_until, state

FULL = "The disk holding the history (/somewhere) is full."


def _said(app: App[Any]) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _three_holds():  # type: ignore[no-untyped-def]
    return routine(
        hold("First", hold=3.0, ready=0.0),
        hold("Second", hold=3.0, ready=0.0),
        hold("Third", hold=3.0, ready=0.0),
        rest=1.0,
    )


async def test_a_write_that_fails_is_shown_at_once_and_the_end_screen_says_what_was_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    plan = _three_holds()
    setup = SessionSetup(plan, mute=True)
    app = create_app(plan, clock=clock, checkin=False, setup=setup)
    full = False
    write = Store._write

    def refusing(self: Store, sql: str, params: Sequence[object], **kw: object) -> int:
        if full:
            raise UserError(FULL)
        return write(self, sql, params, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_write", refusing)
    shown: list[tuple[str, int]] = []  # what reached the session screen, at which step
    show_notice = SessionScreen.show_notice

    def spy(screen: SessionScreen, text: str) -> None:
        shown.append((text, state(app).step_index))
        show_notice(screen, text)

    monkeypatch.setattr(SessionScreen, "show_notice", spy)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await advance(app, clock, pilot, 3.5)  # the first hold, saved
            full = True  # the disk fills during the rest
            assert shown == []
            await run_until(app, clock, pilot, lambda s: s.step_index == 2)
            assert isinstance(app.screen, SessionScreen)  # the session goes on...
            assert state(app).status is Status.RUNNING
            notice = (
                "History not saved: the disk holding the history (/somewhere) is full. "
                "The session goes on, and saving is tried again after each exercise."
            )
            # ...and the session screen showed it once, as the second hold ended (the
            # engine had moved on to the third).
            assert shown == [(notice, 2)]
            # On the session screen's notice line, not a notification over the screen.
            assert isinstance(app.screen, SessionScreen)
            assert notice in app.screen.notices
            await run_until(app, clock, pilot, lambda s: s.status is Status.FINISHED)
            await pilot.pause()
            assert isinstance(app.screen, EndScreen)
            line = str(app.screen.query_one("#end-saved", Static).render())
            assert line == ("Saved: exercise 1. Not saved: exercises 2–3 and how it ended. " + FULL)
            assert app.screen.query_one("#end-saved").has_class("-unsaved")
    finally:
        setup.close(app.exit_status)


async def test_a_session_saved_whole_says_so_quietly() -> None:
    clock = FakeClock()
    plan = _three_holds()
    setup = SessionSetup(plan, mute=True)
    app = create_app(plan, clock=clock, checkin=False, setup=setup)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await run_until(app, clock, pilot, lambda s: s.status is Status.FINISHED)
            await pilot.pause()
            saved = app.screen.query_one("#end-saved", Static)
            assert str(saved.render()) == "Saved in your history."
            assert not saved.has_class("-unsaved")
    finally:
        setup.close(app.exit_status)


class _EndApp(App[None]):
    CSS_PATH = "../../backtimer/ui/backtimer.tcss"

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def on_mount(self) -> None:
        self.push_screen(EndScreen(self.summary))


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=["100x30", "60x20"])
def test_end_screen_with_what_was_not_saved_snapshot(snap_compare, size) -> None:
    summary = Summary(
        routine="Morning back routine",
        status="completed",
        step_names=("Belly breathing", "Knee to chest", "Cat-cow"),
        results=tuple(
            StepResult(i, name, "hold", None, 0, 1, 1, (), (), 200.0, 200.0, False)
            for i, name in enumerate(("Belly breathing", "Knee to chest", "Cat-cow"))
        ),
        active_seconds=610.0,
        saved=(
            "Saved: exercise 1. Not saved: exercises 2–3 and how it ended. "
            "The disk holding the history (~/.local/share/backtimer) is full."
        ),
    )
    assert snap_compare(_EndApp(summary), terminal_size=size)
