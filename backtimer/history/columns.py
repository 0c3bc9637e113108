"""Every column that leaves or enters the history, declared once.

A column here is a column of the `sessions` or `steps` table and a key of the JSON
export, in this order. Its declaration says how an import checks and converts it
(`check`, and `default` when the key is missing; `REQUIRED` makes it required), its
CSV header, and how an export writes the stored value to JSON and to CSV. The
store's export query, the JSON and CSV writers and the import all read these
tuples, so adding a column to the exports is one line here (and the migration that
adds it to the database).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backtimer.history import checks

REQUIRED = checks.REQUIRED


def _yes_no(value: object) -> object:
    return "yes" if value else "no"


def _no_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


Convert = Callable[[Any], object]


@dataclass(frozen=True)
class Column:
    """`to_json` and `to_csv` turn the stored value into the exported one; None
    (the usual case, and the fast one) exports it as it is, a NULL as JSON null or
    an empty CSV cell."""

    name: str  # in the database and in the JSON export
    check: Convert  # import: a JSON value to what the database stores
    default: object = REQUIRED  # import: the stored value when the key is missing
    csv: str = ""  # the CSV header, when it differs from `name`
    to_json: Convert | None = None
    to_csv: Convert | None = None
    select: str = ""  # the SQL an export reads it with, when not the bare column

    def __post_init__(self) -> None:
        object.__setattr__(self, "csv", self.csv or self.name)
        object.__setattr__(self, "select", self.select or self.name)


def _text(name: str, check: Convert, default: object = REQUIRED, csv: str = "") -> Column:
    return Column(name, check, default, csv, to_csv=_no_formula)


def _seconds(name: str, csv: str = "") -> Column:
    return Column(name, checks.seconds, 0.0, csv, select=f"round({name}, 3)")


def _sides(name: str) -> Column:
    return Column(name, checks.sides, "", to_json=str.split)


SESSION: tuple[Column, ...] = (
    _text("id", checks.ident, csv="session_id"),
    _text("routine_name", checks.name),
    _text("routine_file", checks.path, ""),
    _text("routine_hash", checks.digest, ""),
    Column("started_at", checks.time),
    Column("ended_at", checks.optional_time, None),
    Column("status", checks.status),
    _seconds("active_seconds", "session_active_seconds"),
    _seconds("paused_seconds", "session_paused_seconds"),
    Column("pain_before", checks.pain, None),
    Column("pain_after", checks.pain, None),
    _text("note", checks.note, None),
    # How many steps the routine had (None: recorded before it was kept), so a
    # script counts steps done out of the routine's, as the history screen does.
    Column("planned_steps", checks.optional_count, None),
)

STEP: tuple[Column, ...] = (
    Column("step_index", checks.count),
    _text("name", checks.name, csv="step_name"),
    _text("kind", checks.kind),
    Column("planned_reps", checks.optional_count, None),
    Column("done_reps", checks.count, 0),
    Column("planned_sets", checks.count, 1),
    Column("done_sets", checks.count, 0),
    _sides("planned_sides"),
    _sides("done_sides"),
    _seconds("planned_seconds"),
    _seconds("active_seconds", "step_active_seconds"),
    Column("skipped", checks.flag, 0, to_json=bool, to_csv=_yes_no),
    Column("finished_at", checks.time, csv="step_finished_at"),
)

SESSION_NAMES = tuple(c.name for c in SESSION)
STEP_NAMES = tuple(c.name for c in STEP)
CSV_HEADER = tuple(c.csv for c in (*SESSION, *STEP))

__all__ = ["CSV_HEADER", "REQUIRED", "SESSION", "SESSION_NAMES", "STEP", "STEP_NAMES", "Column"]
