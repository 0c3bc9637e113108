"""Past sessions, newest first, with the week's totals and two small charts.

A history of years must open at once, so only the first page of sessions is read
when the screen opens; the next page is read when the cursor or the scroll bar
comes near the end of what is loaded (a page is a few milliseconds of SQLite).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static

from backtimer.engine.types import SessionStatus
from backtimer.errors import UserError
from backtimer.history.models import SessionRow
from backtimer.history.store import Store
from backtimer.schedule import Schedule
from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_charts import MinutesChart, PainChart
from backtimer.ui.widgets.history_table import STYLES, SessionTable

PAGE = 100  # sessions read at a time
NEAR_END = 20  # read the next page when the cursor is this close to the last row
CHART_DAYS = 30
PAIN_SESSIONS = 30
COMPACT_BELOW = 80  # columns: a narrower terminal gets the compact list


class DeleteSessionScreen(ModalScreen[bool]):
    """Asks before a session is deleted. Only `y` deletes: q and escape, the keys
    that leave everywhere else, answer no here."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete", id="delete.yes", tooltip="Delete the session"),
        Binding("n,escape,q", "answer(False)", "Keep", id="delete.no", tooltip="Keep it"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-dialog"):
            yield Static(self._question, id="delete-question", markup=False)
            yield Static("This cannot be undone.", id="delete-detail", markup=False)
            keymap = keymap_of(self.app)
            yes = key_label(self.BINDINGS, "delete.yes", keymap)
            no = key_label(self.BINDINGS, "delete.no", keymap)
            yield Static(f"{yes}  delete      {no}  keep", id="delete-keys", markup=False)
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


TALL = 40  # rows from which the charts' bars are drawn twice as tall


class HistoryScreen(Screen[None]):
    """Dismissed by q or escape; whoever pushed it decides what comes next (the
    history app quits, the home and end screens come back)."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "delete_session", "Delete", id="history.delete", tooltip="Delete"),
        Binding("e", "export", "Export", id="history.export", tooltip="Save the history as JSON"),
        Binding("q,escape", "close", "Close", id="history.close", tooltip="Leave the history"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.loaded = 0  # sessions read so far (rows in the table)
        self.total = 0  # sessions in the store when last counted
        self.exported_to: Path | None = None
        self.compact = False  # chosen when the screen opens, from the terminal's width

    # -- building -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-head"):
            yield Static("History", id="history-title", markup=False)
            yield Static("", id="history-count", markup=False)
        with Vertical(id="history-totals"):
            yield Static("Counting…", id="totals-week", markup=False)
            yield Static("", id="totals-all", markup=False)
            yield Static("", id="totals-plan", markup=False)
        with Horizontal(id="history-charts"):
            yield MinutesChart(id="minutes-chart", classes="history-chart")
            yield PainChart(id="pain-chart", classes="history-chart")
        yield SessionTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No sessions yet. Start one with:  backtimer start morning",
            id="history-empty",
            markup=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        """The first frame needs the count, the charts and one page of rows (a few
        milliseconds); the totals read every session (tens of milliseconds at ten
        thousand), so they come just after it."""
        self.compact = self.app.size.width < COMPACT_BELOW
        self.set_class(self.compact, "-compact")
        table = self.query_one("#sessions", DataTable)
        table.add_columns(*(words.COMPACT_COLUMNS if self.compact else words.SESSION_COLUMNS))
        self.total = self.store.count()
        self.show_charts()
        self.load_more()
        table.focus()
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self.show_totals)

    def on_resize(self) -> None:
        self.set_class(self.size.height < 24, "-small")
        # Tall terminals: taller bars, so the charts use the room (see history.tcss).
        self.set_class(self.size.height >= TALL, "-tall")

    def refresh_summary(self) -> None:
        """Count, totals and charts again: after a delete."""
        self.total = self.store.count()
        self.show_charts()
        self.show_totals()
        self._show_count()

    def show_totals(self) -> None:
        week, every = words.totals_lines(self.store.totals())
        self.query_one("#totals-week", Static).update(week)
        self.query_one("#totals-all", Static).update(every)
        self.show_plan()

    def show_plan(self) -> None:
        """Adherence per week (done / prescribed) of the routines with a schedule
        whose plan has begun (a first session that counts): as in the report, a
        routine never done is not held against anyone (the home screen says it is
        due)."""
        from datetime import timedelta

        from backtimer import due, status_file

        now = self.store.now()
        monday = due.monday_of(now.astimezone(self.store.tz).date())
        weeks = [
            (
                entry.name,
                due.week(entry.schedule, entry.counts, monday, first=entry.first),
                due.week(
                    entry.schedule, entry.counts, monday - timedelta(days=7), first=entry.first
                ),
            )
            for entry in status_file.planned(self.store, self.scheduled(), now)
            if entry.first is not None
        ]
        line = words.plan_line([week for week in weeks if week[1].prescribed or week[2].prescribed])
        self.query_one("#totals-plan", Static).update(line)
        self.set_class(not line, "-no-plan")

    def scheduled(self) -> list[tuple[str, str, Schedule]]:
        """The routines with a schedule (a test gives its own)."""
        from backtimer import status_file

        return status_file.scheduled_routines()

    def show_charts(self) -> None:
        store = self.store
        self.query_one(MinutesChart).show(store.minutes_per_day(CHART_DAYS))
        self.query_one(PainChart).show(store.pain_series(PAIN_SESSIONS), store.tz)

    def _show_count(self) -> None:
        text = words.count_text(self.total, "session")
        if 0 < self.loaded < self.total:
            text = f"{self.loaded:,} of {text} loaded"
        self.query_one("#history-count", Static).update(text)
        self.set_class(self.total == 0, "-empty")

    # -- paging ---------------------------------------------------------------

    @property
    def more(self) -> bool:
        return self.loaded < self.total

    def load_more(self) -> int:
        """Read the next page into the table; returns how many rows came."""
        rows = self.store.sessions(limit=PAGE, offset=self.loaded)
        table = self.query_one("#sessions", DataTable)
        tz, now = self.store.tz, self.store.now()
        cells_of = words.compact_cells if self.compact else words.session_cells
        for session in rows:
            cells = cells_of(session, tz, now)
            table.add_row(*(Text(cell) for cell in cells), key=session.id)
        self.loaded += len(rows)
        if len(rows) < PAGE:
            self.total = self.loaded  # all read: the count is exact again
        self._show_count()
        return len(rows)

    @on(DataTable.RowHighlighted, "#sessions")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if self.more and event.cursor_row >= self.loaded - NEAR_END:
            self.load_more()

    def _scrolled(self, _old: float, _new: float) -> None:
        """The scroll bar or the mouse wheel came near the end of what is loaded.
        (Before the first layout the table has no height: nothing is near then.)"""
        table = self.query_one("#sessions", DataTable)
        if self.more and 0 < table.max_scroll_y <= table.scroll_y + NEAR_END:
            self.load_more()

    # -- actions --------------------------------------------------------------

    def _current_id(self) -> str | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return key.value

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_session()

    def action_open_session(self) -> None:
        from backtimer.ui.screens.session_details import SessionDetailsScreen

        session_id = self._current_id()
        if session_id is None:
            return
        session = self.store.session(session_id)
        if session is None:
            self.notify("That session is no longer in the history.", severity="warning")
            return
        levels = self.store.level_changes(session_id=session.id)
        self.app.push_screen(SessionDetailsScreen(session, self.store.tz, levels))

    def action_delete_session(self) -> None:
        session_id = self._current_id()
        session = self.store.session(session_id) if session_id else None
        if session is None:
            return
        if session.status is SessionStatus.RUNNING:
            self.notify("That session is still running; it cannot be deleted.", timeout=4)
            return
        when = words.when_text(session.started_at, self.store.tz, self.store.now())
        question = f"Delete the session of {when}, {session.routine_name}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(session)

        self.app.push_screen(DeleteSessionScreen(question), answered)

    def delete(self, session: SessionRow) -> None:
        table = self.query_one("#sessions", DataTable)
        try:
            deleted = self.store.delete_session(session.id)
        except UserError as error:  # resumed in another terminal since the question
            self.notify(str(error), severity="warning", timeout=6)
            return
        if deleted:
            table.remove_row(session.id)
            self.loaded -= 1  # keeps the next page's offset right
            self.notify("Session deleted.", timeout=3)
        self.refresh_summary()

    def action_export(self) -> None:
        """Ask where to save (the current folder is offered), then say where."""
        from backtimer.ui.screens.export_dialog import ExportScreen

        def done(path: Path | None) -> None:
            if path is not None:
                self.exported_to = path

        self.app.push_screen(ExportScreen(self.store), done)

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_session" and self.store.read_only:
            return False  # opened read-only: nothing can be deleted
        if action in ("open_session", "delete_session"):
            return self.total > 0
        return True


__all__ = ["DeleteSessionScreen", "HistoryScreen"]
