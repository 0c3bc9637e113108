"""The history as JSON (for scripts and for moving to another machine) and CSV (for
a spreadsheet, or a physio).

The JSON is the exchange format: `import_json` reads it back, checks all of it
before writing anything, and skips sessions whose id is already present, so
importing the same file twice changes nothing. Process ids and host names stay
private to the machine and are never exported.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from backtimer.errors import UserError
from backtimer.history.models import SessionStatus, format_time, parse_time
from backtimer.history.store import SESSION_COLUMNS, STEP_COLUMNS, Store

FORMAT = "backtimer-history"
VERSION = 1


def export_json(store: Store, now: datetime | None = None) -> str:
    """Indented at the top, one session per line below: readable and diffable. The
    session lines come ready-made from SQLite (see Store.export_json_lines)."""
    head = json.dumps(
        {"format": FORMAT, "version": VERSION, "exported_at": format_time(now or store.now())},
        indent=2,
        ensure_ascii=False,
    )[:-2]  # without "\n}"
    sessions = store.export_json_lines()
    if not sessions:
        return head + ',\n  "sessions": []\n}\n'
    lines = ",\n".join("    " + line for line in sessions)
    return head + ',\n  "sessions": [\n' + lines + "\n  ]\n}\n"


CSV_COLUMNS = (
    "session_id",
    "routine_name",
    "routine_file",
    "routine_hash",
    "started_at",
    "ended_at",
    "status",
    "session_active_seconds",
    "session_paused_seconds",
    "pain_before",
    "pain_after",
    "planned_steps",
    "step_index",
    "step_name",
    "kind",
    "planned_reps",
    "done_reps",
    "planned_sets",
    "done_sets",
    "planned_sides",
    "done_sides",
    "planned_seconds",
    "step_active_seconds",
    "skipped",
    "step_finished_at",
)


def export_csv(store: Store) -> str:
    """One row per step, repeating its session's columns; a session without steps
    gets one row with empty step columns. Text that a spreadsheet would run as a
    formula (starting with = + - @) is prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in store.export_rows():
        head = [
            row["id"],
            _cell(row["routine_name"]),
            _cell(row["routine_file"]),
            row["routine_hash"],
            row["started_at"],
            row["ended_at"] or "",
            row["status"],
            _num(row["active_seconds"]),
            _num(row["paused_seconds"]),
            _opt(row["pain_before"]),
            _opt(row["pain_after"]),
            _opt(row["planned_steps"]),
        ]
        if not row["steps"]:
            writer.writerow(head + [""] * (len(CSV_COLUMNS) - len(head)))
        for step in row["steps"]:
            writer.writerow(
                [
                    *head,
                    step["step_index"],
                    _cell(step["name"]),
                    step["kind"],
                    _opt(step["planned_reps"]),
                    step["done_reps"],
                    step["planned_sets"],
                    step["done_sets"],
                    step["planned_sides"],
                    step["done_sides"],
                    _num(step["planned_seconds"]),
                    _num(step["active_seconds"]),
                    "yes" if step["skipped"] else "no",
                    step["finished_at"],
                ]
            )
    return out.getvalue()


def import_json(store: Store, text: str, source: str = "the file") -> tuple[int, int]:
    """Merge an export into the store; returns (added, skipped). Malformed input
    raises UserError naming the first problem, and nothing is written."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"Cannot import {source}: it is not JSON (line {error.lineno}, column {error.colno})."
        ) from error
    try:
        sessions, steps = _check(data)
    except _Bad as bad:
        raise UserError(f"Cannot import {source}: {bad}.") from None
    return store.add_imported(sessions, steps)


# -- export helpers --------------------------------------------------------------


def _num(value: float) -> float:
    return round(value, 3)


def _opt(value: int | None) -> str | int:
    return "" if value is None else value


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- import checks -----------------------------------------------------------------


class _Bad(Exception):
    pass


def _check(data: object) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
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
        session = _fields(item, _SESSION_FIELDS, where)
        if session["status"] == SessionStatus.RUNNING.value:
            session["status"] = SessionStatus.INTERRUPTED.value  # its writer is elsewhere
        raw_steps = item.get("steps", [])
        if not isinstance(raw_steps, list):
            raise _Bad(f"{where}: 'steps' must be a list")
        checked = [
            _fields(step, _STEP_FIELDS, f"{where}, step {i}") for i, step in enumerate(raw_steps, 1)
        ]
        indexes = [s["step_index"] for s in checked]
        if len(set(indexes)) != len(indexes):
            raise _Bad(f"{where}: two steps have the same 'step_index'")
        sessions.append(session)
        steps.setdefault(session["id"], checked)
    return sessions, steps


Checker = Callable[[object], object]


def _fields(item: object, spec: dict[str, tuple[Checker, object]], where: str) -> dict[str, Any]:
    """Check and convert each field to what the database stores; `_MISSING` as the
    default makes a field required."""
    if not isinstance(item, dict):
        raise _Bad(f"{where} must be an object")
    row: dict[str, Any] = {}
    for name, (checker, default) in spec.items():
        if name not in item:
            if default is _MISSING:
                raise _Bad(f"{where}: '{name}' is missing")
            row[name] = default
            continue
        try:
            row[name] = checker(item[name])
        except (TypeError, ValueError) as error:
            raise _Bad(f"{where}: '{name}' {error}") from None
    return row


_MISSING = object()


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > 10_000:
        raise TypeError("must be text")
    return value


def _id(value: object) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 100:
        raise TypeError("must be a non-empty id")
    return value


def _time(value: object) -> str:
    try:
        return format_time(parse_time(_text(value)))
    except (TypeError, ValueError):
        raise ValueError("must be a time with a timezone, like 2024-05-01T07:30:00Z") from None


def _opt_time(value: object) -> str | None:
    return None if value is None else _time(value)


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1_000_000:
        raise TypeError("must be a whole number, 0 or more")
    return value


def _opt_count(value: object) -> int | None:
    return None if value is None else _count(value)


def _seconds(value: object) -> float:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not 0 <= value <= 10_000_000
    ):
        raise TypeError("must be a number of seconds, 0 or more")
    return float(value)


def _pain(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise TypeError("must be a whole number from 0 to 10, or null")
    return value


def _status(value: object) -> str:
    allowed = [s.value for s in SessionStatus]
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}")
    return str(value)


def _sides(value: object) -> str:
    if not isinstance(value, list) or not all(
        isinstance(s, str) and s and not any(c.isspace() for c in s) for s in value
    ):
        raise TypeError("must be a list of side names")
    return " ".join(value)


def _flag(value: object) -> int:
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
    return int(value)


_SESSION_FIELDS: dict[str, tuple[Checker, object]] = {
    "id": (_id, _MISSING),
    "routine_name": (_text, _MISSING),
    "routine_file": (_text, ""),
    "routine_hash": (_text, ""),
    "started_at": (_time, _MISSING),
    "ended_at": (_opt_time, None),
    "status": (_status, _MISSING),
    "active_seconds": (_seconds, 0.0),
    "paused_seconds": (_seconds, 0.0),
    "pain_before": (_pain, None),
    "pain_after": (_pain, None),
    "planned_steps": (_opt_count, None),
}
_STEP_FIELDS: dict[str, tuple[Checker, object]] = {
    "step_index": (_count, _MISSING),
    "name": (_text, _MISSING),
    "kind": (_text, _MISSING),
    "planned_reps": (_opt_count, None),
    "done_reps": (_count, 0),
    "planned_sets": (_count, 1),
    "done_sets": (_count, 0),
    "planned_sides": (_sides, ""),
    "done_sides": (_sides, ""),
    "planned_seconds": (_seconds, 0.0),
    "active_seconds": (_seconds, 0.0),
    "skipped": (_flag, 0),
    "finished_at": (_time, _MISSING),
}
assert set(_SESSION_FIELDS) == set(SESSION_COLUMNS)
assert set(_STEP_FIELDS) == set(STEP_COLUMNS)

__all__ = ["FORMAT", "VERSION", "export_csv", "export_json", "import_json"]
