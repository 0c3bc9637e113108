"""`e` in the history: where to save the export, asked, and the whole path said.

The file goes where a person will find it: the folder the program was started
from (or, when that cannot be written, the XDG documents folder), under a name
with the date, never over an existing file unless the person names it. The path
is shown whole, on its own lines, broken only after a '/' so that no name is cut.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backtimer.errors import UserError
from backtimer.history.store import Store
from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_table import STYLES


def default_folder() -> Path:
    """The current folder when it can be written; else the XDG documents folder
    (platformdirs: $XDG_DOCUMENTS_DIR or ~/Documents) when it exists; else home."""
    here = Path.cwd()
    if os.access(here, os.W_OK | os.X_OK):
        return here
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    if documents.is_dir() and os.access(documents, os.W_OK | os.X_OK):
        return documents
    return Path.home()


def suggested_path(store: Store, folder: Path | None = None) -> Path:
    """`backtimer-history-YYYY-MM-DD.json` in `folder`, with -2, -3… when taken."""
    folder = default_folder() if folder is None else folder
    stem = "backtimer-history-" + words.local(store.now(), store.tz).strftime("%Y-%m-%d")
    for n in range(1, 1000):
        path = folder / (f"{stem}.json" if n == 1 else f"{stem}-{n}.json")
        if not path.exists():
            return path
    return folder / f"{stem}.json"


def chosen_path(text: str, store: Store) -> Path:
    """What the person typed, as a path: `~` expanded, relative to the current
    folder, and a folder given alone gets the suggested file name."""
    raw = text.strip()
    if not raw:
        raise UserError("Type where to save the export.")
    path = Path(os.path.expanduser(raw))
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_dir():
        return suggested_path(store, path)
    return path


def write_export(store: Store, path: Path) -> int:
    """Write the whole history as JSON to `path` (a new private file, written
    whole or not at all); returns the number of sessions. One sentence on failure."""
    from backtimer.history.export import export_json
    from backtimer.private_files import write_private

    if path.exists():
        raise UserError(f"There is already a file named {path.name} there; choose another name.")
    if not path.parent.is_dir():
        raise UserError(f"There is no folder {path.parent}; choose one that exists.")
    text = export_json(store)
    try:
        write_private(path, text)
    except OSError as error:
        raise UserError(f"Cannot write {path.name} there ({error.strerror or error}).") from None
    return store.count()


def path_lines(path: Path | str, width: int) -> str:
    """The path on as many lines as `width` needs, broken only after a '/'; a
    single name longer than the width keeps its own line, whole."""
    text = str(path)
    if width <= 0 or len(text) <= width:
        return text
    pieces = text.split("/")
    parts = [piece + "/" for piece in pieces[:-1]] + [pieces[-1]]
    lines: list[str] = []
    line = ""
    for part in parts:
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    return "\n".join(lines)


class PathText(Static):
    """A path shown whole, fitted to the widget's width at each resize."""

    def __init__(self, path: Path | str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.path = str(path)

    def set_path(self, path: Path | str) -> None:
        self.path = str(path)
        self.refresh(layout=True)

    def render(self) -> Text:
        return Text(path_lines(self.path, self.content_size.width or 10_000), no_wrap=True)


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to save; enter saves, escape leaves. Once saved it shows where,
    and dismisses with the path on the next enter or escape."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Cancel", id="export.cancel", tooltip="Save nothing"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.saved: Path | None = None

    def compose(self) -> ComposeResult:
        count = words.count_text(self.store.count(), "session")
        with Vertical(id="export-dialog"):
            yield Static(f"Export the history ({count}) as JSON", id="export-title")
            # Enter is the field's own (Input.Submitted), not a binding: it stays.
            cancel = key_label(self.BINDINGS, "export.cancel", keymap_of(self.app))
            yield Static(f"Save it as (enter to save, {cancel} to cancel):", id="export-ask")
            yield Input(str(suggested_path(self.store)), id="export-path")
            yield PathText(id="export-preview")
            yield Static("", id="export-problem", markup=False)
            yield Static("", id="export-done", markup=False)
            yield PathText(id="export-where")
            yield Static(f"enter or {cancel} to close", id="export-close", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        """The whole path as it will be written, under the field that scrolls."""
        raw = event.value.strip()
        shown = Path(os.path.expanduser(raw)) if raw else Path()
        if raw and not shown.is_absolute():
            shown = Path.cwd() / shown
        self.query_one("#export-preview", PathText).set_path(shown if raw else "")

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.saved is None:
            self.save(event.value)

    @work(thread=True, exclusive=True, group="export")
    def save(self, text: str) -> None:
        """On a thread: a big history takes a moment to encode and write."""
        try:
            path = chosen_path(text, self.store)
            count = write_export(self.store, path)
        except UserError as error:
            self.app.call_from_thread(self._problem, str(error))
            return
        self.app.call_from_thread(self._saved, path, count)

    def _problem(self, message: str) -> None:
        self.query_one("#export-problem", Static).update(message)
        self.add_class("-problem")

    def _saved(self, path: Path, count: int) -> None:
        self.saved = path
        self.remove_class("-problem")
        self.add_class("-saved")
        self.query_one("#export-done", Static).update(
            f"Saved {words.count_text(count, 'session')} to:"
        )
        self.query_one("#export-where", PathText).set_path(path)
        self.query_one(Input).disabled = True
        self.focus()

    def on_key(self, event: events.Key) -> None:
        if self.saved is not None and event.key == "enter":
            event.stop()
            event.prevent_default()
            self.dismiss(self.saved)

    def action_leave(self) -> None:
        self.dismiss(self.saved)
