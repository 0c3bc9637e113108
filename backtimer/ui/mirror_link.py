"""The mirror joined to the running app: pictures out, commands in.

The app calls `show(state)` whenever it has handled the engine (the same moment
it redraws), and this turns the state into the page's picture and hands it to
the server, which never makes the app wait. A button on the page comes back as
`command`, and runs on the app's own message loop through the same methods the
terminal's keys call; the terminal says what the page did.

Imported only when a mirror is asked for: it brings in aiohttp and segno.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from backtimer.engine.types import SessionState, Status
from backtimer.mirror.address import MirrorPlan
from backtimer.mirror.qr import qr_lines
from backtimer.mirror.server import MirrorServer
from backtimer.mirror.snapshot import Snapshot, snapshot
from backtimer.ui.view import breath_levels

if TYPE_CHECKING:
    from backtimer.ui.app import BacktimerApp

COMMAND_TIMEOUT = 5.0  # seconds a command may wait for the app's message loop
SAID = {
    "pause": "Paused from the page",
    "resume": "Resumed from the page",
    "skip": "Skipped from the page",
    "back": "Back, from the page",
    "rep": "Rep counted from the page",
}


class MirrorLink:
    def __init__(self, app: BacktimerApp, plan: MirrorPlan) -> None:
        self._app = app
        self._plan = plan
        self._levels: dict[int, tuple[float, float]] = {}
        self._levels_of: object = None
        self._errors = 0
        self._closing = False
        self.server = MirrorServer(
            plan.sock,
            plan.token,
            current=self.picture,
            command=self.command,
            clock=app.clock,
            on_viewers=self._viewers_changed,
            on_error=self._failed,
        )

    async def start(self) -> None:
        await self.server.start()
        self.show_address()

    async def close(self) -> None:
        self._closing = True
        await self.server.close()

    # -- pictures ---------------------------------------------------------------

    def picture(self, state: SessionState | None = None) -> Snapshot:
        """The page's picture of the session now (of `state`, just taken)."""
        engine = self._app.engine
        now = self._app.clock()
        if engine is None:
            return snapshot(None, self._app.routine, now)
        timeline = engine.timeline
        if self._levels_of is not timeline:
            self._levels, self._levels_of = breath_levels(timeline), timeline
        return snapshot(
            state or engine.state, engine.routine, now, total=timeline.total, levels=self._levels
        )

    def show(self, state: SessionState) -> None:
        """The engine was handled: send the new picture (identical ones are not)."""
        self.server.publish(self.picture(state))

    # -- commands -----------------------------------------------------------------

    async def command(self, action: str, pain: int | None) -> str | None:
        """Run a page's command on the app's message loop; None when done, or
        why it could not be."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str | None] = loop.create_future()

        def run() -> None:
            if done.cancelled():
                return
            try:
                done.set_result(self._apply(action, pain))
            except Exception as error:
                done.set_exception(error)

        self._app.call_later(run)
        return await asyncio.wait_for(done, COMMAND_TIMEOUT)

    def _apply(self, action: str, pain: int | None) -> str | None:
        app = self._app
        engine = app.engine
        if engine is None:
            return "The session has not started yet: it starts on the computer."
        if engine.finished:
            return "The session is over."
        presenter = app.presenter
        if presenter is not None:
            presenter.release()  # as a key does: nothing waits behind a held frame
        status = engine.status
        if action == "pause":
            if status is Status.PAUSED:
                return None
            app.toggle_pause()
        elif action == "resume":
            if status is not Status.PAUSED:
                return None
            # A box on the terminal (the help, the quit question) may hold the
            # session: the page's user cannot reach the keys, so it closes ("go on").
            app.close_held_box()
            if engine.status is Status.PAUSED:
                app.toggle_pause()
        elif action == "skip":
            app.skip()
        elif action == "back":
            app.back()
        elif action == "rep":
            phase = engine.state.phase
            if status is not Status.RUNNING or phase is None or not phase.waits:
                return "Nothing to count now: this part is timed."
            app.count_rep()
        elif action == "pain":
            app.notify(
                "Stopped from the page because it hurts"
                + (f" (pain {pain} of 10)" if pain is not None else ""),
                severity="warning",
                timeout=6,
            )
            app.pain_stop(pain, asked=True)
            return None
        app.notify(SAID[action], timeout=3)
        return None

    # -- the terminal's side --------------------------------------------------------

    def show_address(self) -> None:
        """The address box over the screen, holding the session as the help does,
        until a viewer connects or a key."""
        from backtimer.ui.screens.mirror import MirrorScreen

        if any(isinstance(screen, MirrorScreen) for screen in self._app.screen_stack):
            return
        plan = self._plan
        self._app.hold_with(MirrorScreen(plan.url, qr_lines(plan.qr_text), plan.reach))

    def _viewers_changed(self, count: int, joined: bool) -> None:
        if self._closing:
            return
        if joined:
            self._app.notify(f"A viewer connected ({_watching(count)})", timeout=4)
            from backtimer.ui.screens.mirror import MirrorScreen

            if isinstance(self._app.screen, MirrorScreen):
                self._app.screen.dismiss(None)  # the phone has the address
        else:
            self._app.notify(f"A viewer left ({_watching(count)})", timeout=3)

    def _failed(self, error: BaseException) -> None:
        self._errors += 1
        if self._errors == 1:
            self._app.notify(f"The mirror page hit a problem: {error}", severity="error")


def _watching(count: int) -> str:
    return "nobody watching" if count == 0 else f"{count} watching"
