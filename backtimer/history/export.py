"""The history as JSON (for scripts and for moving to another machine) and CSV (for
a spreadsheet, or a physio).

The JSON is the exchange format, written by the JSON encoder from the values as
stored, never assembled from strings: whatever text a history holds, the export is
valid JSON. `import_json` reads it back, checks all of it before writing anything
(see `checks`), and skips sessions whose id is already present, so importing the
same file twice changes nothing. The columns and how each is written and checked
are declared once, in `columns`. Process ids and host names stay private to the
machine and are never exported.

An import file is read with limits that hold before any parsing: only a regular
file, at most `MAX_IMPORT_BYTES`, nested at most `MAX_DEPTH` deep, numbers of at
most `MAX_DIGITS` characters. Anything else is refused in one sentence.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from backtimer.engine.types import SessionStatus
from backtimer.errors import UserError
from backtimer.history import columns
from backtimer.history.columns import Column
from backtimer.history.models import format_time
from backtimer.history.store import Store

FORMAT = "backtimer-history"
VERSION = 1
CSV_COLUMNS = columns.CSV_HEADER

MAX_IMPORT_BYTES = 100 * 1024 * 1024  # about 80 years of daily sessions
MAX_DEPTH = 16  # an export nests 6 deep
MAX_DIGITS = 40
MAX_STEPS = 10_000  # in one session


def export_document(store: Store, now: datetime | None = None) -> dict[str, Any]:
    """The whole history as the JSON export's document: sessions oldest first."""
    sessions, steps = store.export_tables()
    session_keys, session_changes = _plan(columns.SESSION, "json")
    step_keys, step_changes = _plan(columns.STEP, "json")
    exported = []
    for values in sessions:
        session = _converted(session_keys, values, session_changes)
        session["steps"] = [
            _converted(step_keys, step, step_changes) for step in steps.get(values[0], ())
        ]
        exported.append(session)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(now or store.now()),
        "sessions": exported,
    }


def export_json(store: Store, now: datetime | None = None, *, ascii_only: bool = False) -> str:
    """One encoder call for the whole document, compact (a 10,000-session history is
    tens of megabytes); `jq .` shows it indented. `ascii_only` writes everything
    beyond ASCII as \\u escapes: the same JSON, for a terminal that is not UTF-8."""
    with _collector_paused():
        return json.dumps(export_document(store, now), ensure_ascii=ascii_only) + "\n"


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A 10,000-session export makes a million objects that form no cycles:
    the collector's passes over them are a fifth of the time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def export_csv(store: Store) -> str:
    """One row per step, repeating its session's columns; a session without steps
    gets one row with empty step columns."""
    with _collector_paused():
        return _csv_text(store)


def _csv_text(store: Store) -> str:
    sessions, steps = store.export_tables()
    _, session_changes = _plan(columns.SESSION, "csv")
    _, step_changes = _plan(columns.STEP, "csv")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    no_steps = [("",) * len(columns.STEP)]
    for values in sessions:
        head = _changed(values, session_changes)
        for step in steps.get(values[0]) or no_steps:
            writer.writerow(head + _changed(step, step_changes))
    return out.getvalue()


Changes = list[tuple[int, str, Callable[[object], object]]]


def _plan(spec: tuple[Column, ...], to: str) -> tuple[tuple[str, ...], Changes]:
    """The keys, and the position, key and conversion of each column not exported
    as stored."""
    changes = []
    for index, column in enumerate(spec):
        convert = column.to_json if to == "json" else column.to_csv
        if convert is not None:
            changes.append((index, column.name, convert))
    return tuple(c.name for c in spec), changes


def _changed(values: tuple[Any, ...], changes: Changes) -> list[Any]:
    row = list(values)
    for index, _, convert in changes:
        row[index] = convert(row[index])
    return row


def _converted(keys: tuple[str, ...], values: tuple[Any, ...], changes: Changes) -> dict[str, Any]:
    row = dict(zip(keys, values, strict=True))
    for _, key, convert in changes:
        row[key] = convert(row[key])
    return row


# -- import --------------------------------------------------------------------------


class Checked:
    """An import file that passed every check: rows as the database stores them."""

    def __init__(
        self, sessions: list[dict[str, Any]], steps: dict[str, list[dict[str, Any]]]
    ) -> None:
        self.sessions = sessions
        self.steps = steps


def read_import_file(path: Path) -> str:
    """The text of an import file: a regular file (never a device or a FIFO, which
    could block or never end), read up to the size limit, as UTF-8."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except OSError as error:
        raise UserError(f"Cannot read {path} ({error.strerror or error}).") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UserError(f"Cannot import {path}: it is not a regular file.")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise UserError(f"Cannot read {path} ({error.strerror or error}).") from None
    finally:
        os.close(fd)
    if len(data) > MAX_IMPORT_BYTES:
        raise UserError(f"Cannot import {path}: it is larger than {MAX_IMPORT_BYTES // 2**20} MiB.")
    try:
        return data.decode("utf-8-sig")  # a byte order mark some editors add is dropped
    except UnicodeDecodeError:
        raise UserError(f"Cannot import {path}: it is not UTF-8 text.") from None


def check_import(text: str, source: str = "the file") -> Checked:
    """Parse and check an export without touching any history. Malformed input
    raises UserError naming the first problem."""
    try:
        with _collector_paused():
            return _check(_parse(text))
    except _Bad as bad:
        raise UserError(f"Cannot import {source}: {bad}.") from None


def import_json(store: Store, text: str, source: str = "the file") -> tuple[int, int]:
    """Merge an export into the store; returns (added, skipped). Malformed input
    raises UserError naming the first problem, and nothing is written."""
    checked = check_import(text, source)
    return store.add_imported(checked.sessions, checked.steps)


class _Bad(Exception):
    pass


_STRING = re.compile(r'"[^"]*"')  # once escaped quotes and backslashes are gone
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")


def _depth_ok(text: str) -> None:
    """Bound the nesting before the parser sees it (Python's parser recurses once a
    level): brackets outside strings are paired off, innermost first, one level per
    pass, and more than `MAX_DEPTH` passes means too deep."""
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", unescaped))
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        fewer = _PAIR.sub("", brackets)
        if fewer == brackets:  # what is left does not pair up: not JSON
            if len(brackets) <= MAX_DEPTH:
                return  # shallow enough for the parser to say where
            raise _Bad("it is not JSON (its brackets do not match)")
        brackets = fewer
    if brackets:
        raise _Bad(f"it is nested more than {MAX_DEPTH} levels deep")


def _number(text: str) -> str:
    if len(text) > MAX_DIGITS:
        raise _Bad("it has a number with too many digits")
    return text


def _no_constant(name: str) -> object:
    raise _Bad(f"it is not JSON ({name} is not a number in JSON)")


def _parse(text: str) -> object:
    _depth_ok(text)
    try:
        return json.loads(
            text,
            parse_int=lambda s: int(_number(s)),
            parse_float=lambda s: float(_number(s)),
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as error:
        raise _Bad(f"it is not JSON (line {error.lineno}, column {error.colno})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _Bad(f"it is nested more than {MAX_DEPTH} levels deep") from None


def _check(data: object) -> Checked:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Bad("it is not a backtimer history export")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Bad("its 'version' is missing or not a positive whole number")
    if version > VERSION:
        raise _Bad(f"it was written by a newer backtimer (format version {version})")
    items = data.get("sessions")
    if not isinstance(items, list):
        raise _Bad("'sessions' must be a list")
    sessions = []
    steps: dict[str, list[dict[str, Any]]] = {}
    for number, item in enumerate(items, 1):
        where = f"session {number}"
        session = _fields(item, columns.SESSION, where)
        if session["status"] == SessionStatus.RUNNING.value:
            session["status"] = SessionStatus.INTERRUPTED.value  # its writer is elsewhere
        raw_steps = item.get("steps", [])
        if not isinstance(raw_steps, list):
            raise _Bad(f"{where}: 'steps' must be a list")
        if len(raw_steps) > MAX_STEPS:
            raise _Bad(f"{where}: it has too many steps (more than {MAX_STEPS:,})")
        checked = [
            _fields(step, columns.STEP, f"{where}, step {i}") for i, step in enumerate(raw_steps, 1)
        ]
        indexes = [s["step_index"] for s in checked]
        if len(set(indexes)) != len(indexes):
            raise _Bad(f"{where}: two steps have the same 'step_index'")
        sessions.append(session)
        steps.setdefault(session["id"], checked)
    return Checked(sessions, steps)


def _fields(item: object, spec: tuple[Column, ...], where: str) -> dict[str, Any]:
    """Check and convert each field to what the database stores."""
    if not isinstance(item, dict):
        raise _Bad(f"{where} must be an object")
    row: dict[str, Any] = {}
    for column in spec:
        if column.name not in item:
            if column.default is columns.REQUIRED:
                raise _Bad(f"{where}: '{column.name}' is missing")
            row[column.name] = column.default
            continue
        try:
            row[column.name] = column.check(item[column.name])
        except (TypeError, ValueError) as error:
            raise _Bad(f"{where}: '{column.name}' {error}") from None
    return row


__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "VERSION",
    "Checked",
    "check_import",
    "export_csv",
    "export_document",
    "export_json",
    "import_json",
    "read_import_file",
]
