"""DataTables whose enter key shows in the footer.

A DataTable keeps enter for itself and hides it, which hides the screen's own
enter binding too; these say what enter does here.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class SessionTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Details", tooltip="This session, step by step"),
    ]


class RoutineTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Start", tooltip="Start this routine"),
    ]
