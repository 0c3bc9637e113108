"""What `backtimer remind` says, and the systemd user timer that runs it each day.

Pure text: the CLI (backtimer/cli/remind.py) decides when to send it and where to
write the units. The timer's calendar is checked by `systemd-analyze calendar` and
the units by `systemd-analyze verify` in the tests.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from backtimer import due
from backtimer.status_file import Planned

SERVICE = "backtimer-remind.service"
TIMER = "backtimer-remind.timer"
UNITS = (SERVICE, TIMER)
# The first line of every file `remind --install` writes: `--uninstall` removes a
# file only when it starts with it, so nothing the user wrote is ever deleted.
MARKER = "# Written by `backtimer remind --install`; `backtimer remind --uninstall` removes it."
DEFAULT_AT = (9, 0)
DEFAULT_AGAIN = (18, 30)
# Where the history and config are, when the user moved them: the timer's run must
# read the same ones.
PASSED_ON = (
    "BACKTIMER_DATA_DIR",
    "BACKTIMER_CONFIG_DIR",
    "BACKTIMER_CACHE_DIR",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
)


class Reminder:
    """One due routine: `summary` and `body` for the notification, `line` for a
    terminal or a log (the same words)."""

    __slots__ = ("body", "command", "line", "name", "summary")

    def __init__(self, name: str, status: due.Today, command: str) -> None:
        self.name = name
        self.command = command
        self.summary = f"{name} — due today"
        week = f"{status.week.done} of {status.week.prescribed} this week"
        if status.needed_today > 1:
            week = f"{status.done_today} of {status.needed_today} done today, " + week
        self.body = f"{week[0].upper()}{week[1:]}. Start it with: {command}"
        self.line = f"{self.summary}, {week}. Start it with: {command}"


def reminders(
    entries: list[Planned], today: date, now: tuple[int, int] | None = None
) -> list[Reminder]:
    """The routines due today and not yet done; none on a day that is done or not
    scheduled, or after a schedule's `until`. With `now` (hour, minute), none before
    its schedule's `at` either: a routine meant for the evening is not nagged about
    by the morning's reminder."""
    found = []
    for entry in entries:
        status = entry.today(today)
        at = entry.schedule.at
        if status.due and (now is None or at is None or now >= at):
            found.append(Reminder(entry.name, status, entry.command))
    return found


# -- the timer ----------------------------------------------------------------------------


def parse_time(text: str) -> tuple[int, int] | None:
    """'08:00' or '8:00' → (8, 0); None when it is not a 24-hour time of day."""
    hour, colon, minute = text.strip().partition(":")
    if not colon or not hour.isdigit() or not minute.isdigit() or len(minute) != 2:
        return None
    if int(hour) > 23 or int(minute) > 59:
        return None
    return int(hour), int(minute)


def on_calendar(at: tuple[int, int]) -> str:
    """systemd's calendar expression for every day at `at`, local time."""
    return f"*-*-* {at[0]:02d}:{at[1]:02d}:00"


def remind_command() -> list[str]:
    """This very backtimer, as the timer should run it (the interpreter it runs on,
    so a virtual environment needs no activation)."""
    return [sys.executable, "-m", "backtimer", "remind"]


def _systemd_quote(word: str) -> str:
    escaped = word.replace("%", "%%")
    if any(c in escaped for c in " \t\"'\\;$"):
        escaped = '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def service_text(command: list[str], environment: dict[str, str]) -> str:
    lines = [
        MARKER,
        "[Unit]",
        "Description=backtimer: remind me of a scheduled routine that is due and not done",
        "",
        "[Service]",
        "Type=oneshot",
        *(
            f"Environment={_systemd_quote(f'{key}={value}')}"
            for key, value in sorted(environment.items())
        ),
        "ExecStart=" + " ".join(_systemd_quote(word) for word in command),
    ]
    return "\n".join(lines) + "\n"


def timer_text(times: list[tuple[int, int]]) -> str:
    lines = [
        MARKER,
        "[Unit]",
        "Description=backtimer: the daily reminder of scheduled routines",
        "",
        "[Timer]",
        *(f"OnCalendar={on_calendar(at)}" for at in times),
        "# A reminder missed while the computer slept or was off comes when it is back.",
        "Persistent=true",
        "AccuracySec=1min",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ]
    return "\n".join(lines) + "\n"


def units(
    times: list[tuple[int, int]],
    command: list[str] | None = None,
    environment: dict[str, str] | None = None,
) -> dict[str, str]:
    """The two unit files by name."""
    if environment is None:
        environment = {key: os.environ[key] for key in PASSED_ON if os.environ.get(key)}
    return {
        SERVICE: service_text(command or remind_command(), environment),
        TIMER: timer_text(times),
    }


def crontab_lines(times: list[tuple[int, int]], command: list[str] | None = None) -> list[str]:
    """The same schedule for cron, where systemd's user manager is not running. cron
    knows nothing of the desktop session: the bus address is given, as it usually is."""
    import shlex

    words = " ".join(shlex.quote(word) for word in command or remind_command())
    environment = " ".join(
        f"{key}={shlex.quote(os.environ[key])}" for key in PASSED_ON if os.environ.get(key)
    )
    bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus"
    prefix = f"{bus} {environment} " if environment else f"{bus} "
    return [f"{minute} {hour} * * * {prefix}{words}" for hour, minute in times]
