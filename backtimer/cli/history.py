"""`history`, `export` and `import`. Only `history` without --json draws, so only
it imports the UI (lazily, inside the function)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from backtimer import locations
from backtimer.errors import UserError
from backtimer.history.export import export_csv, export_json, import_json
from backtimer.history.store import Store


def history(args: argparse.Namespace) -> int:
    if not args.json:
        # Through importlib so this module type-checks on its own; Textual loads only here.
        history_app = importlib.import_module("backtimer.ui.history_app")
        return int(history_app.run_history() or 0)
    with _open_for_reading() as store:
        text = export_json(store)
        _print_notices(store)  # after reading: damage met by the read is told too
        sys.stdout.write(text)
    return 0


def export(args: argparse.Namespace) -> int:
    with _open_for_reading() as store:
        text = export_csv(store) if args.format == "csv" else export_json(store)
        count = store.count()
        _print_notices(store)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    _write_private(Path(args.output), text)
    print(f"Exported {_sessions(count)} to {args.output}.", file=sys.stderr)
    return 0


def import_(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise UserError(f"Cannot import {path}: it is not UTF-8 text.") from None
    except OSError as error:
        raise UserError(f"Cannot read {path} ({error.strerror or error}).") from None
    with Store.open() as store:
        added, skipped = import_json(store, text, source=str(path))
        _print_notices(store)
    already = f"; {_sessions(skipped)} already here" if skipped else ""
    print(f"Imported {_sessions(added)}{already}.")
    return 0


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _open_for_reading() -> Store:
    """Reading commands leave no files behind on a machine with no history yet."""
    if not locations.database_path().exists():
        return Store.memory()
    return Store.open()


def _print_notices(store: Store) -> None:
    for notice in store.take_notices():
        print(f"backtimer: {notice}", file=sys.stderr)


def _write_private(path: Path, text: str) -> None:
    """An export is health data too: a new file is created 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise UserError(f"Cannot write {path} ({error.strerror or error}).") from None
