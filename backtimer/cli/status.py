"""`backtimer status`: one line for shell prompts and status bars.

    Morning back routine: due today, 2 of 5 this week

It runs on every prompt, so it takes the shortest way there is: `backtimer.cli`
hands it the arguments before argparse is even imported, and it reads only the
status file (backtimer/status_file.py), never SQLite, PyYAML or Textual
(tests/test_import_hygiene.py checks; docs/benchmarks.md times it). Nothing
scheduled, or no status file yet: it prints nothing and exits 0, so a prompt stays
clean.
"""

from __future__ import annotations

import sys
from datetime import date

from backtimer import due, status_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

DEFAULT_FORMAT = "{name}: {words}"
SEPARATOR = "; "
FIELDS = (
    "name",
    "command",
    "state",
    "words",
    "done_today",
    "needed_today",
    "week_done",
    "week_prescribed",
    "percent",
    "behind",
    "at",
)


def fast(argv: Sequence[str]) -> int | None:
    """Run `status` from raw arguments; None for anything this small parser does not
    know (--help, a mistake), which then goes through argparse like every command."""
    as_json = False
    template: str | None = None
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--json":
            as_json = True
        elif word == "--format" and rest:
            template = rest.pop(0)
        elif word.startswith("--format="):
            template = word.partition("=")[2]
        else:
            return None
    return run(as_json=as_json, template=template)


def status(args: argparse.Namespace) -> int:
    return run(as_json=bool(args.json), template=args.format)


def run(*, as_json: bool, template: str | None, today: date | None = None) -> int:
    day = today or date.today()
    entries = status_file.read()
    rows = [_fields(entry, entry.today(day)) for entry in entries]
    if as_json:
        import json

        for row in rows:
            row["percent"] = row["percent"] if row["percent"] != "" else None
            row["behind"] = bool(row["behind"])
            row["at"] = row["at"] or None
        due_now = [row["name"] for row in rows if row["state"] == due.DUE]
        data = {"date": day.isoformat(), "due": due_now, "routines": rows}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 0
    shown = [row for row in rows if row["state"] != due.ENDED]
    try:
        lines = [(template or DEFAULT_FORMAT).format_map(row) for row in shown]
    except KeyError as error:
        known = ", ".join("{" + name + "}" for name in FIELDS)
        print(f"backtimer: --format has no field {error}; use {known}", file=sys.stderr)
        return 2
    except (ValueError, IndexError) as error:
        print(f"backtimer: --format cannot be used ({error})", file=sys.stderr)
        return 2
    if lines:
        sys.stdout.write(SEPARATOR.join(lines) + "\n")
    return 0


def _fields(entry: status_file.Planned, today: due.Today) -> dict[str, object]:
    percent = today.week.percent
    return {
        "name": entry.name,
        "command": entry.command,
        "state": today.state,
        "words": today.words(),
        "done_today": today.done_today,
        "needed_today": today.needed_today,
        "week_done": today.week.done,
        "week_prescribed": today.week.prescribed,
        "percent": "" if percent is None else round(percent),
        "behind": "behind" if today.behind else "",
        "at": entry.schedule.at_text or "",
    }
