"""DataTables whose enter key shows in the footer.

A DataTable keeps enter for itself and hides it, which hides the screen's own
enter binding too; these say what enter does here.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

# The history screens' stylesheet. Absolute: Textual reads a relative CSS_PATH from
# the folder of the class's own module, which breaks for a subclass defined elsewhere.
STYLES = str(Path(__file__).resolve().parent.parent / "history.tcss")


class SessionTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Details",
            id="history.details",
            tooltip="This session, step by step",
        ),
    ]


class RoutineTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Start", id="home.start", tooltip="Start this routine"),
    ]
