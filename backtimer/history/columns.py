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

from backtimer.history import checks

REQUIRED = checks.REQUIRED


def _same(value: object) -> object:
    return value


def _rounded(value: object) -> object:
    return round(value, 3) if isinstance(value, float) else value


def _side_list(value: object) -> object:
    return str(value).split()


def _true_false(value: object) -> object:
    return bool(value)


def _yes_no(value: object) -> object:
    return "yes" if value else "no"


@dataclass(frozen=True)
class Column:
    name: str  # in the database and in the JSON export
    check: Callable[[object], object]  # import: a JSON value to what the database stores
    default: object = REQUIRED  # import: the stored value when the key is missing
    csv: str = ""  # the CSV header, when it differs from `name`
    to_json: Callable[[object], object] = _same
    to_csv: Callable[[object], object] = _same

    @property
    def csv_name(self) -> str:
        return self.csv or self.name


def _seconds(name: str, csv: str = "") -> Column:
    return Column(name, checks.seconds, 0.0, csv, _rounded, _rounded)


def _sides(name: str) -> Column:
    return Column(name, checks.sides, "", to_json=_side_list)


SESSION: tuple[Column, ...] = (
    Column("id", checks.ident, csv="session_id"),
    Column("routine_name", checks.name),
    Column("routine_file", checks.path, ""),
    Column("routine_hash", checks.digest, ""),
    Column("started_at", checks.time),
    Column("ended_at", checks.optional_time, None),
    Column("status", checks.status),
    _seconds("active_seconds", "session_active_seconds"),
    _seconds("paused_seconds", "session_paused_seconds"),
    Column("pain_before", checks.pain, None),
    Column("pain_after", checks.pain, None),
)

STEP: tuple[Column, ...] = (
    Column("step_index", checks.count),
    Column("name", checks.name, csv="step_name"),
    Column("kind", checks.kind),
    Column("planned_reps", checks.optional_count, None),
    Column("done_reps", checks.count, 0),
    Column("planned_sets", checks.count, 1),
    Column("done_sets", checks.count, 0),
    _sides("planned_sides"),
    _sides("done_sides"),
    _seconds("planned_seconds"),
    _seconds("active_seconds", "step_active_seconds"),
    Column("skipped", checks.flag, 0, to_json=_true_false, to_csv=_yes_no),
    Column("finished_at", checks.time, csv="step_finished_at"),
)

SESSION_NAMES = tuple(c.name for c in SESSION)
STEP_NAMES = tuple(c.name for c in STEP)
CSV_HEADER = tuple(c.csv_name for c in (*SESSION, *STEP))

__all__ = ["CSV_HEADER", "REQUIRED", "SESSION", "SESSION_NAMES", "STEP", "STEP_NAMES", "Column"]
