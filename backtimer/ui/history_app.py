"""The apps of `backtimer history` and of `backtimer` alone (the home screen).

Apart from the session app so that a session's first frame never waits for the
history screens: this module, and Textual's tables and charts, load only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from backtimer.errors import UserError
from backtimer.history.store import Store
from backtimer.ui import keymap, preferences
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.home import HomeScreen, RoutineChoice

Mode = Literal["history", "home"]


class HistoryApp(App[str | None]):
    """Shows the history (the app's result is None) or the home screen (the
    result is the path of the routine to start, or None)."""

    TITLE = "backtimer"
    # ctrl+c closes these as ctrl+q does (Textual's only says how to quit):
    # there is nothing here to lose.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, system=True),
    ]

    def __init__(
        self,
        store: Store,
        *,
        mode: Mode = "history",
        choices: list[RoutineChoice] | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.store = store
        self.mode = mode
        self.choices = choices
        self.notices = tuple(notices)
        self._saved_theme = preferences.apply_saved_theme(self)
        keymap.apply_user_keymap(self)  # config.toml's [keys]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from preferences.system_commands(self, screen)

    def _theme_changed(self, _theme: object) -> None:
        self._saved_theme = preferences.save_theme(self, self._saved_theme)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for notice in self.notices:
            self.notify(notice, timeout=8, markup=False)
        if self.mode == "home":
            self.push_screen(HomeScreen(self.store, self.choices), self.exit)
        else:
            self.push_screen(HistoryScreen(self.store), lambda _result: self.exit(None))


def create_history_app(
    store: Store,
    *,
    mode: Mode = "history",
    choices: list[RoutineChoice] | None = None,
    notices: Sequence[str] = (),
) -> HistoryApp:
    """The one way to build these apps, shared by the CLI and the tests."""
    return HistoryApp(store, mode=mode, choices=choices, notices=notices)


def open_store() -> Store:
    """The user's history; an empty one in memory on a machine that has none yet,
    so that looking creates no files."""
    from backtimer import locations

    if not locations.database_path().exists():
        return Store.memory()
    return Store.open_for_reading()


def _take_terminal(command: str) -> None:
    """Refuse a pipe, then ready the terminal's encoding for the screen."""
    from backtimer.terminal import prepare_screen, require_terminal

    require_terminal(command)
    keymap.check_keys()  # a config.toml that cannot be read, or [keys] mistakes: said here
    prepare_screen()


def run_history() -> int:
    """`backtimer history`: the history screen until q."""
    _take_terminal("history")
    from backtimer import signals

    with open_store() as store:
        app = create_history_app(store, notices=store.take_notices())
        with signals.ending(app) as signalled:  # SIGTERM, SIGHUP: the terminal given back
            app.run()
    return signalled[0] if signalled else 0


def run_home() -> str | None:
    """`backtimer` alone: the path of the routine the user chose, or None."""
    _take_terminal("")
    from backtimer import signals

    with open_store() as store:
        app = create_history_app(store, mode="home", notices=store.take_notices())
        with signals.ending(app) as signalled:  # SIGTERM, SIGHUP: the terminal given back
            chosen = app.run()
    if signalled:
        raise SystemExit(signalled[0])
    return chosen


def open_history(app: App[Any]) -> None:
    """For the session app's `open_history` hook: the history screen over the end
    screen; q comes back to it."""
    try:
        store = open_store()
    except UserError as error:
        app.notify(str(error), severity="error", markup=False)
        return
    for notice in store.take_notices():
        app.notify(notice, timeout=8, markup=False)
    app.push_screen(HistoryScreen(store), lambda _result: store.close())
