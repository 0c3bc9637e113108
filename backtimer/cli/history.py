"""`history`, `export` and `import`. Only `history` without --json draws, so only
it imports the UI (lazily, inside the function)."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from backtimer import locations
from backtimer.cli import output
from backtimer.errors import UserError
from backtimer.history.export import check_import, export_csv, export_json, read_import_file
from backtimer.history.store import Store
from backtimer.private_files import write_private


def history(args: argparse.Namespace) -> int:
    if not args.json:
        # Through importlib so this module type-checks on its own; Textual loads only here.
        history_app = importlib.import_module("backtimer.ui.history_app")
        return int(history_app.run_history() or 0)
    with _open_for_reading() as store:
        text = export_json(store, ascii_only=output.ascii_only())
        _print_notices(store)  # after reading: damage met by the read is told too
        output.write_data(text)
    return 0


def export(args: argparse.Namespace) -> int:
    to_stdout = not args.output or args.output == "-"
    with _open_for_reading() as store:
        if args.format == "csv":
            text = export_csv(store)
        else:  # a file is UTF-8; standard output may not be
            text = export_json(store, ascii_only=to_stdout and output.ascii_only())
        count = store.count()
        _print_notices(store)
    if to_stdout:
        output.write_data(text)
        return 0
    _write_private(Path(args.output), text)
    print(f"Exported {_sessions(count)} to {args.output}.", file=sys.stderr)
    return 0


def import_(args: argparse.Namespace) -> int:
    """The file is read and checked before the history is opened: a refused
    import leaves the history byte for byte as it was."""
    path = Path(args.file)
    checked = check_import(read_import_file(path), source=str(path))
    with Store.open() as store:
        added, skipped = store.add_imported(checked.sessions, checked.steps)
        _print_notices(store)
    already = f"; {_sessions(skipped)} already here" if skipped else ""
    print(f"Imported {_sessions(added)}{already}.")
    return 0


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _open_for_reading() -> Store:
    """Reading commands leave no files behind on a machine with no history yet, and
    read a history they cannot write (read-only, full disk) read-only."""
    if not locations.database_path().exists():
        return Store.memory()
    return Store.open_for_reading()


def _print_notices(store: Store) -> None:
    for notice in store.take_notices():
        print(f"backtimer: {notice}", file=sys.stderr)


def _write_private(path: Path, text: str) -> None:
    """An export is health data: written whole or not at all, 0600, replacing (never
    rewriting) an existing file, so its old mode and owner do not carry over and a
    full disk leaves the previous export as it was. A target that exists and is not
    a regular file (/dev/stdout, a FIFO) is written to as it is, never replaced."""
    try:
        if path.exists() and not path.is_file():
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(text)
        else:
            write_private(path, text)
    except OSError as error:
        kept = "; the file already there was left as it was" if path.is_file() else ""
        raise UserError(f"Cannot write {path} ({error.strerror or error}){kept}.") from None
