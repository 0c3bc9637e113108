"""The session screen stands alone: its keys are calls on any `SessionHost`."""

from __future__ import annotations

from textual.app import App

from backtimer.engine.engine import Engine
from backtimer.engine.timeline import plan
from backtimer.ui.host import SessionHost
from backtimer.ui.screens.session import SessionScreen
from tests.engine.fakes import FakeClock

from .helpers import hold, routine


class Host:
    """Records what the screen's keys ask of the session."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.calls: list[str] = []

    def toggle_pause(self) -> None:
        self.calls.append("toggle_pause")

    def count_rep(self) -> None:
        self.calls.append("count_rep")

    def skip(self) -> None:
        self.calls.append("skip")

    def back(self) -> None:
        self.calls.append("back")

    def toggle_mute(self) -> None:
        self.calls.append("toggle_mute")

    def pain_stop(self) -> None:
        self.calls.append("pain_stop")

    def ask_quit(self) -> None:
        self.calls.append("ask_quit")

    def show_help(self) -> None:
        self.calls.append("show_help")


class HostApp(App[None]):
    """A plain Textual app: nothing of the session app around the screen."""

    CSS_PATH = "../../backtimer/ui/backtimer.tcss"

    def __init__(self, host: SessionHost) -> None:
        super().__init__()
        self.host = host
        self.clock = FakeClock()
        self.routine = routine(hold(hold=20.0, ready=0.0))
        self.timeline = plan(self.routine)
        self.engine = Engine(self.timeline, self.routine, self.clock)

    def on_mount(self) -> None:
        first = self.engine.preview_start()
        screen = SessionScreen(self.routine, self.timeline, first, self.size, host=self.host)
        self.push_screen(screen)


async def test_before_the_start_only_pain_stop_and_help_reach_the_host() -> None:
    host = Host()
    app = HostApp(host)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space", "right", "m", "q", "exclamation_mark", "question_mark")
        assert host.calls == ["pain_stop", "show_help"]


async def test_the_keys_of_a_started_session_are_calls_on_the_host() -> None:
    host = Host()
    app = HostApp(host)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        host.engine = app.engine  # the host says the session has started
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        app.engine.start()
        screen.show_state(app.engine.state)
        screen.refresh_bindings()
        await pilot.press("space", "right", "left", "m", "q", "exclamation_mark")
        assert host.calls == [
            "toggle_pause",
            "skip",
            "back",
            "toggle_mute",
            "ask_quit",
            "pain_stop",
        ]
