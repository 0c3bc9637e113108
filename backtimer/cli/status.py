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
import time

from backtimer import status_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from datetime import date

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
    try:
        return run(as_json=as_json, template=template)
    except BrokenPipeError:  # `backtimer status | head -c 5`: what was read is enough
        return 0


def status(args: argparse.Namespace) -> int:
    return run(as_json=bool(args.json), template=args.format)


def today_rows(today: date | None = None) -> tuple[str, list[dict[str, object]]]:
    """Today's local date and each scheduled routine's fields for it: looked up in
    the answers the file holds, or worked out from its facts when it is that old."""
    day = today.isoformat() if today is not None else time.strftime("%Y-%m-%d")
    data = status_file.load()
    if data is None:
        return day, []
    found = status_file.rows(data, day)
    if found is None:
        from datetime import date

        when = date.fromisoformat(day)
        found = [status_file.fields(entry, when) for entry in status_file.read(data)]
    return day, found


def run(*, as_json: bool, template: str | None, today: date | None = None) -> int:
    day, rows = today_rows(today)
    if as_json:
        import json

        from backtimer.cli.output import ascii_only

        due_now = [row["name"] for row in rows if row["state"] == "due"]
        data = {"date": day, "due": due_now, "routines": rows}
        sys.stdout.write(json.dumps(data, ensure_ascii=ascii_only()) + "\n")
        return 0
    shown = [_for_text(row) for row in rows if row["state"] != "ended"]
    try:
        if template is not None:
            _check(template)
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


def _check(template: str) -> None:
    """Before any line is made, and with nothing scheduled too: a field is one of
    FIELDS by its name alone (no `{name.__class__}` or `{name[0]}` lookups behind
    it), and no width beyond 999 (a prompt must not print a gigabyte)."""
    import _string  # str.format's own parser, built in: status stays light

    for _, field, spec, _ in _string.formatter_parser(template):
        if field is None:
            continue
        if field not in FIELDS:
            raise KeyError(field)
        if spec:
            _check(spec)
            digits = "".join(c if c.isdigit() else " " for c in spec).split()
            if any(len(run) > 3 for run in digits):
                raise ValueError("a width of at most 999")


def _for_text(row: dict[str, object]) -> dict[str, object]:
    """--format fields as text: no 'None' or 'True' in a prompt."""
    return row | {
        "percent": "" if row["percent"] is None else row["percent"],
        "behind": "behind" if row["behind"] else "",
        "at": row["at"] or "",
    }
