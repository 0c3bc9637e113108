"""The small file that lets `backtimer status` answer in a few milliseconds.

`backtimer status` runs on every shell prompt, so it may not open SQLite, import
PyYAML or Textual, or even platformdirs. The app keeps this file current instead:
after each session, when the home screen opens and whenever `backtimer remind`
runs, `refresh()` writes, for every routine with a `schedule:`, its name, how to
start it, the schedule and the sessions per local day since the Monday of last
week. `status` reads it and asks backtimer/due.py about today, so a file written
yesterday still says the right thing today (no session since means none was done).

Reading needs only os, json, datetime and the two small modules below; writing
imports the loader and the history when it runs.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta

from backtimer import due
from backtimer.schedule import Schedule

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    from backtimer.history.store import Store

STATUS_NAME = "status.json"
VERSION = 1
APP_NAME = "backtimer"


class Planned:
    """One scheduled routine as the status file keeps it."""

    __slots__ = ("command", "counts", "name", "schedule")

    def __init__(self, name: str, command: str, schedule: Schedule, counts: dict[date, int]):
        self.name = name
        self.command = command
        self.schedule = schedule
        self.counts = counts

    def today(self, day: date) -> due.Today:
        return due.today(self.schedule, self.counts, day)


# -- reading (the fast path) -------------------------------------------------------------


def status_path() -> str:
    """Where the status file is: the history's folder (backtimer.locations.data_dir),
    found without importing platformdirs on Linux; tests check that both agree."""
    override = os.environ.get("BACKTIMER_DATA_DIR")
    if override:
        return os.path.join(override, STATUS_NAME)
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip()
        if not base:
            base = os.path.expanduser("~/.local/share")
        return os.path.join(base, APP_NAME, STATUS_NAME)
    from backtimer import locations

    return str(locations.data_dir() / STATUS_NAME)


def read(path: str | None = None) -> list[Planned]:
    """The scheduled routines in the status file; empty when there is none yet or
    it cannot be read (status must never fail a shell prompt)."""
    try:
        with open(path or status_path(), "rb") as handle:
            data = json.loads(handle.read())
        if data.get("version") != VERSION:
            return []
        return [_planned(item) for item in data["routines"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


def _planned(item: dict[str, object]) -> Planned:
    counts = item["counts"]
    schedule = item["schedule"]
    if not isinstance(counts, dict) or not isinstance(schedule, dict):
        raise TypeError("a routine of the status file")
    return Planned(
        str(item["name"]),
        str(item["command"]),
        Schedule.from_dict(schedule),
        {date.fromisoformat(day): int(count) for day, count in counts.items()},
    )


# -- writing (after a session, on the home screen, by remind) ---------------------------


def scheduled_routines() -> list[tuple[str, str, Schedule]]:
    """Every routine `start` can find that has a schedule: its name, the command
    that starts it, its schedule. Files with problems are left out (`list` and
    `validate` say why)."""
    from backtimer.errors import UserError
    from backtimer.routine.cache import load_routine_cached
    from backtimer.routine.find import available_routines

    found = []
    for entry in available_routines():
        try:
            routine = load_routine_cached(entry.path)
        except (UserError, OSError, ValueError):
            continue
        if routine.schedule is not None:
            found.append((routine.name, start_command(entry.name), routine.schedule))
    return found


def start_command(name: str) -> str:
    """How to start a routine found by `name` (its file's stem)."""
    return f"backtimer start {name}"


def planned(
    store: Store,
    routines: list[tuple[str, str, Schedule]] | None = None,
    now: datetime | None = None,
) -> list[Planned]:
    """The scheduled routines (name, command, schedule; all found when None) with
    their sessions per local day since the Monday of last week, from the history."""
    if routines is None:
        routines = scheduled_routines()
    moment = now or store.now()
    tz = store.tz
    today = moment.astimezone(tz).date()
    first = due.monday_of(today) - timedelta(days=7)
    since = datetime.combine(first, datetime.min.time())
    since = since.replace(tzinfo=tz) if tz is not None else since.astimezone()
    starts = store.plan_starts([name for name, _, _ in routines], since)
    return [
        Planned(name, command, schedule, due.day_counts(starts.get(name, []), tz))
        for name, command, schedule in routines
    ]


def render(entries: list[Planned], now: datetime) -> str:
    routines = [
        {
            "name": entry.name,
            "command": entry.command,
            "schedule": entry.schedule.to_dict(),
            "counts": {day.isoformat(): count for day, count in sorted(entry.counts.items())},
        }
        for entry in entries
    ]
    written = now.isoformat(timespec="seconds")
    data = {"version": VERSION, "written_at": written, "routines": routines}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def refresh(
    store: Store,
    routines: list[tuple[str, str, Schedule]] | None = None,
    now: datetime | None = None,
) -> list[Planned]:
    """Write the status file from the routines and the history; what it wrote."""
    entries = planned(store, routines, now)
    write(entries, now or store.now())
    return entries


def write(entries: list[Planned], now: datetime) -> None:
    """Failing to write (a read-only folder) is never the user's problem here: the
    history itself says so when it cannot be kept."""
    import contextlib
    from pathlib import Path

    from backtimer.private_files import write_private

    target = Path(status_path())
    with contextlib.suppress(OSError):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(target, render(entries, now))


def written_today() -> bool:
    """Whether the status file was written on this local day."""
    try:
        written = os.stat(status_path()).st_mtime
    except OSError:
        return False
    return date.fromtimestamp(written) == date.today()


def refresh_from(store: Store) -> None:
    """`refresh` for the app: nothing that goes wrong here reaches the user (the
    next refresh tries again)."""
    import contextlib
    import sqlite3

    from backtimer.errors import UserError

    with contextlib.suppress(UserError, OSError, ValueError, sqlite3.Error):
        refresh(store)
