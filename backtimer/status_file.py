"""The small file that lets `backtimer status` answer in a few milliseconds.

`backtimer status` runs on every shell prompt, so it may not open SQLite, import
PyYAML or Textual, or even platformdirs or datetime. The app keeps this file
current instead: after each session, when the home screen opens and whenever
`backtimer remind` runs, `refresh()` writes, for every routine with a `schedule:`,
its name, how to start it, its schedule, the sessions per local day since the
Monday of last week, and the answer for every day from today to the end of next
week (`days`), worked out by backtimer/due.py. `status` looks up today's answer
by the local date; a file older than that (nobody ran backtimer for two weeks)
is worked out again from the schedule and the counts, which stay right: no
session since means none was done.

The fast path needs only os, sys, time and json; everything else here is imported
by the functions that need it.
"""

from __future__ import annotations

import json
import os
import sys

MAX_BYTES = 1 << 20  # a status file of many routines is a few kilobytes
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    from datetime import date, datetime

    from backtimer import due
    from backtimer.history.store import Store
    from backtimer.schedule import Schedule

STATUS_NAME = "status.json"
VERSION = 1
APP_NAME = "backtimer"
AHEAD_WEEKS = 1  # answers are written through the end of next week


class Planned:
    """One scheduled routine as the status file keeps it."""

    __slots__ = ("command", "counts", "first", "name", "schedule")

    def __init__(
        self,
        name: str,
        command: str,
        schedule: Schedule,
        counts: dict[date, int],
        first: date | None = None,
    ) -> None:
        self.name = name
        self.command = command
        self.schedule = schedule
        self.counts = counts
        self.first = first  # the local day of the first session that counted, if any

    def today(self, day: date) -> due.Today:
        from backtimer import due

        started = self.first is not None
        return due.today(self.schedule, self.counts, day, self.first, started)


def fields(entry: Planned, day: date) -> dict[str, object]:
    """What `status` says of a routine on `day`: the fields of its --format and --json."""
    status = entry.today(day)
    percent = status.week.percent
    return {
        "name": entry.name,
        "command": entry.command,
        "state": status.state,
        "words": status.words(),
        "done_today": status.done_today,
        "needed_today": status.needed_today,
        "week_done": status.week.done,
        "week_prescribed": status.week.prescribed,
        "percent": None if percent is None else round(percent),
        "behind": status.behind,
        "at": entry.schedule.at_text,
    }


_CONSTANT = ("name", "command", "at")


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


def load(path: str | None = None) -> dict[str, object] | None:
    """The status file's content; None when there is none yet, or it cannot be read
    or is of another version (status must never fail a shell prompt)."""
    try:
        data = json.loads(_read_regular(path or status_path()))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    if not isinstance(data.get("routines"), list):
        return None
    return data


def _read_regular(path: str) -> bytes:
    """The file's bytes if it is a regular file of a sane size: a FIFO in its place
    must not hang a shell prompt (opened without blocking, then checked)."""
    import stat

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb") as handle:
        facts = os.fstat(descriptor)
        if not stat.S_ISREG(facts.st_mode) or facts.st_size > MAX_BYTES:
            raise ValueError("not a status file")
        return handle.read(MAX_BYTES + 1)


def rows(data: dict[str, object], day: str) -> list[dict[str, object]] | None:
    """Each routine's `fields` on `day` (YYYY-MM-DD) as written ahead; None when the
    file does not reach that day (or is damaged): then `planned` works it out."""
    found = []
    try:
        for item in data["routines"]:  # type: ignore[attr-defined]
            answer = item["days"].get(day)
            if not isinstance(answer, dict):
                return None
            found.append({key: item[key] for key in _CONSTANT} | answer)
    except (KeyError, TypeError, AttributeError):
        return None
    return found


def read(data: dict[str, object] | None = None) -> list[Planned]:
    """The scheduled routines of the status file, to work out any day; empty when
    there is none or it cannot be read."""
    from datetime import date

    from backtimer.schedule import Schedule

    data = load() if data is None else data
    if data is None:
        return []
    try:
        return [
            Planned(
                str(item["name"]),
                str(item["command"]),
                Schedule.from_dict(item["schedule"]),
                {date.fromisoformat(day): int(count) for day, count in item["counts"].items()},
                date.fromisoformat(item["first"]) if item.get("first") else None,
            )
            for item in data["routines"]  # type: ignore[attr-defined]
        ]
    except (KeyError, TypeError, ValueError, AttributeError):
        return []


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
    from datetime import datetime, timedelta

    from backtimer import due

    if routines is None:
        routines = scheduled_routines()
    moment = now or store.now()
    tz = store.tz
    today = moment.astimezone(tz).date()
    first = due.monday_of(today) - timedelta(days=7)
    since = datetime.combine(first, datetime.min.time())
    since = since.replace(tzinfo=tz) if tz is not None else since.astimezone()
    names = [name for name, _, _ in routines]
    starts = store.plan_starts(names, since)
    firsts = store.plan_firsts(names)
    return [
        Planned(
            name,
            command,
            schedule,
            due.day_counts(starts.get(name, []), tz),
            firsts[name].astimezone(tz).date() if name in firsts else None,
        )
        for name, command, schedule in routines
    ]


def render(entries: list[Planned], now: datetime, today: date) -> str:
    """The file's text: per routine, the facts and the answers from `today` to the
    end of next week."""
    from datetime import timedelta

    from backtimer import due

    last = due.monday_of(today) + timedelta(days=7 * (AHEAD_WEEKS + 1) - 1)
    days = [today + timedelta(days=n) for n in range((last - today).days + 1)]
    routines = []
    for entry in entries:
        answers = {}
        for day in days:
            answer = fields(entry, day)
            for key in _CONSTANT:
                del answer[key]
            answers[day.isoformat()] = answer
        routines.append(
            {
                "name": entry.name,
                "command": entry.command,
                "at": entry.schedule.at_text,
                "schedule": entry.schedule.to_dict(),
                "counts": {d.isoformat(): count for d, count in sorted(entry.counts.items())},
                "first": entry.first.isoformat() if entry.first else None,
                "days": answers,
            }
        )
    written = now.isoformat(timespec="seconds")
    data = {"version": VERSION, "written_at": written, "routines": routines}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def refresh(
    store: Store,
    routines: list[tuple[str, str, Schedule]] | None = None,
    now: datetime | None = None,
) -> list[Planned]:
    """Write the status file from the routines and the history; what it wrote."""
    moment = now or store.now()
    entries = planned(store, routines, moment)
    write(entries, moment, moment.astimezone(store.tz).date())
    return entries


def write(entries: list[Planned], now: datetime, today: date) -> None:
    """Failing to write (a read-only folder) is never the user's problem here: the
    history itself says so when it cannot be kept."""
    import contextlib
    from pathlib import Path

    from backtimer.private_files import write_private

    target = Path(status_path())
    with contextlib.suppress(OSError):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(target, render(entries, now, today))


def written_today() -> bool:
    """Whether the status file was written on this local day."""
    from datetime import date

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
