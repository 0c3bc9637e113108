"""`backtimer` alone: pick a routine by its length, and see the last sessions.

The screen only chooses: it is dismissed with the chosen routine's path, and the
caller runs the session with the same code as `backtimer start`. So a session
started from here is recorded, timed and sounded exactly like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from backtimer import due, status_file
from backtimer.errors import UserError
from backtimer.history.store import Store
from backtimer.schedule import Schedule
from backtimer.time_text import estimate_text
from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_table import STYLES, RoutineTable

if TYPE_CHECKING:
    from backtimer.routine.find import RoutineEntry

RECENT = 5
COMPACT_BELOW = 80  # columns


@dataclass(frozen=True)
class RoutineChoice:
    """A routine `start` can find; `problem` is set (and `seconds` is None) when
    its file cannot be used."""

    name: str
    path: Path
    source: str
    seconds: float | None
    problem: str | None = None
    schedule: Schedule | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None

    def cells(self) -> tuple[str, str, str]:
        length = estimate_text(self.seconds) if self.seconds is not None else "invalid"
        return (self.name, length, self.source)


def routine_choices() -> list[RoutineChoice]:
    """What `backtimer list` finds, each loaded and estimated; a broken file is a
    row saying so, never a crash."""
    from backtimer.history import progression
    from backtimer.routine.find import available_routines

    choices: list[RoutineChoice] = []
    store = progression.recorded_store()  # today's reps of a progression
    try:
        _choose(choices, available_routines(), store)
    finally:
        if store is not None:
            store.close()
    return choices


def _choose(
    choices: list[RoutineChoice], entries: Iterable[RoutineEntry], store: Store | None
) -> None:
    from backtimer.engine.timeline import estimate_seconds
    from backtimer.history import progression
    from backtimer.routine.load import load_routine

    for entry in entries:
        try:
            routine = load_routine(entry.path)
            reps = None
            if store is not None and any(step.progression for step in routine.steps):
                reps = progression.levels(store, routine)
            seconds = estimate_seconds(routine, reps)
        except UserError as error:
            first = str(error).splitlines()[0] if str(error) else "cannot be read"
            choices.append(RoutineChoice(entry.name, entry.path, entry.source, None, first))
            continue
        except (OSError, ValueError) as error:
            choices.append(RoutineChoice(entry.name, entry.path, entry.source, None, str(error)))
            continue
        choices.append(
            RoutineChoice(
                routine.name, entry.path, entry.source, seconds, schedule=routine.schedule
            )
        )


class HomeScreen(Screen[str | None]):
    """Dismissed with the chosen routine's path, or None for quit."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "history", "History", id="home.history", tooltip="Past sessions"),
        Binding("q,escape", "quit_home", "Quit", id="home.quit", tooltip="Close backtimer"),
    ]

    def __init__(self, store: Store, choices: list[RoutineChoice] | None = None) -> None:
        super().__init__()
        self.store = store
        self.choices = routine_choices() if choices is None else choices
        self.compact = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-head"):
            yield Static("backtimer", id="home-title", markup=False)
            start = key_label(RoutineTable.BINDINGS, "home.start", keymap_of(self.app))
            yield Static(f"pick a routine, press {start}", id="home-hint", markup=False)
        yield Static("", id="home-due", markup=False)
        routines = RoutineTable(id="routines", cursor_type="row", zebra_stripes=True)
        routines.add_columns("Routine", "Length", "From")
        for index, choice in enumerate(self.choices):
            routines.add_row(*(Text(cell) for cell in choice.cells()), key=str(index))
        yield routines
        yield Static(
            "No routines found. Write one with:  backtimer new NAME",
            id="home-no-routines",
            markup=False,
        )
        yield Static("Last sessions", id="recent-label", markup=False)
        recent: DataTable[Text] = DataTable(
            id="recent", cursor_type="none", zebra_stripes=True, show_cursor=False
        )
        recent.can_focus = False
        yield recent
        yield Static("No sessions yet.", id="home-no-recent", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
        self.set_class(self.compact, "-compact")
        columns = words.COMPACT_COLUMNS if self.compact else words.SESSION_COLUMNS
        self.query_one("#recent", DataTable).add_columns(*columns)
        self.show_recent()
        self.show_due()
        self.set_class(not self.choices, "-no-routines")
        self.query_one("#routines", DataTable).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 24, "-small")

    def on_screen_resume(self) -> None:
        """Back from the history, where sessions may have been deleted."""
        if self.is_mounted:
            self.show_recent()
            self.show_due()

    def show_due(self) -> None:
        """First thing on the screen: what the scheduled routines ask of today
        ("Morning back routine — due today, 2 of 5 this week"). The status file
        that `backtimer status` reads is written from the same figures."""
        scheduled = [
            (choice.name, status_file.start_command(choice.path.stem), choice.schedule)
            for choice in self.choices
            if choice.valid and choice.schedule is not None
        ]
        now = self.store.now()
        try:
            entries = status_file.planned(self.store, scheduled, now)
        except UserError:
            entries = []
        today = now.astimezone(self.store.tz).date()
        lines = []
        for entry in entries:
            status = entry.today(today)
            if status.state != due.ENDED:
                lines.append(f"{entry.name} — {status.words()}")
        self.query_one("#home-due", Static).update("\n".join(lines))
        self.set_class(not lines, "-no-due")
        # Keep `backtimer status` right, from a first start on (the history itself
        # may not exist yet; the status file is no history, and creates none).
        status_file.write(entries, now, today)

    def show_recent(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.clear()
        sessions = self.store.sessions(limit=RECENT)
        cells_of = words.compact_cells if self.compact else words.session_cells
        tz, now = self.store.tz, self.store.now()
        for session in sessions:
            table.add_row(*(Text(cell) for cell in cells_of(session, tz, now)))
        self.set_class(not sessions, "-no-recent")

    @property
    def current(self) -> RoutineChoice | None:
        table = self.query_one("#routines", DataTable)
        if not self.choices or table.row_count == 0:
            return None
        return self.choices[table.cursor_row]

    @on(DataTable.RowSelected, "#routines")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        choice = self.current
        if choice is None:
            return
        if not choice.valid:
            self.notify(
                f"{choice.problem}\nCheck it with: backtimer validate {choice.path}",
                title=f"{choice.name} cannot be started",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.dismiss(str(choice.path))

    def action_history(self) -> None:
        from backtimer.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.store))

    def action_quit_home(self) -> None:
        self.dismiss(None)
