"""One past session: every recorded step, planned against done, for the user or
their physiotherapist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from backtimer.history.models import LevelChange, SessionRow
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_table import STYLES

COMPACT_BELOW = 80  # columns


class SessionDetailsScreen(Screen[None]):
    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", "Back", id="details.close", tooltip="Back to the list"),
    ]

    def __init__(
        self, session: SessionRow, tz: tzinfo | None, levels: Sequence[LevelChange] = ()
    ) -> None:
        """`levels`: the progressions' levels decided after this session."""
        super().__init__(classes=f"-{session.status.value}")
        self.session = session
        self.tz = tz
        self.levels = tuple(levels)

    def compose(self) -> ComposeResult:
        session = self.session
        with Horizontal(id="details-head"):
            yield Static(session.routine_name, id="details-title", markup=False)
            yield Static(words.status_text(session.status.value), id="details-status", markup=False)
        with Vertical(id="details-facts"):
            facts = words.session_facts(session, self.tz)
            facts += [("Level", f"{c.step_name} {c.explanation}") for c in self.levels]
            for label, value in facts:
                with Horizontal(classes="details-fact"):
                    yield Static(label, classes="details-label", markup=False)
                    yield Static(value, classes="details-value", markup=False)
        yield DataTable[Text](id="details-steps", cursor_type="row", zebra_stripes=True)
        yield Static("No step of this session was recorded.", id="details-no-steps", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        compact = self.app.size.width < COMPACT_BELOW
        self.set_class(compact, "-compact")
        self.set_class(not self.session.steps, "-no-steps")
        table = self.query_one("#details-steps", DataTable)
        table.add_columns(*(words.COMPACT_STEP_COLUMNS if compact else words.STEP_COLUMNS))
        for step in self.session.steps:
            table.add_row(*(Text(cell) for cell in words.step_cells(step, compact=compact)))
        table.focus()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 24, "-small")

    def action_close(self) -> None:
        self.dismiss(None)
