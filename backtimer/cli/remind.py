"""`backtimer remind`: a desktop notification when a scheduled routine is due and not
done; `--install` / `--uninstall` the systemd user timer that runs it every day.

A reminder is only ever sent on a day the schedule asks for the routine and the
history does not have it yet (backtimer/due.py decides, as for `status`). The same
line is printed, so a run without a desktop (ssh, cron, a console) still says it,
and a run with nothing due prints nothing to a log.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from pathlib import Path

from backtimer import reminders
from backtimer.errors import UserError


def remind(args: argparse.Namespace) -> int:
    if args.install and args.uninstall:
        raise UserError("give --install or --uninstall, not both")
    if not args.install and (args.at or args.again):
        raise UserError("--at and --again go with --install (they set when the timer runs)")
    if args.install:
        return install(args.at, args.again)
    if args.uninstall:
        return uninstall()
    return send()


# -- the reminder itself ---------------------------------------------------------------


def send() -> int:
    from backtimer import locations, status_file
    from backtimer.history.store import Store

    # Reading a history that is not there must not create one; one that cannot be
    # written (a read-only mount, a full disk) is read read-only, so the reminder
    # still comes. What opening it had to say (moved aside, read-only) is said here,
    # as the timer's run may be the first to meet it.
    exists = locations.database_path().exists()
    with Store.open_for_reading() if exists else Store.memory() as store:
        entries = status_file.refresh(store) if exists else status_file.planned(store)
        moment = store.now().astimezone(store.tz)
        for notice in store.take_notices():
            print(f"backtimer: {notice}", file=sys.stderr)
    due_now = reminders.reminders(entries, moment.date(), (moment.hour, moment.minute))
    if not due_now:
        if sys.stdout.isatty():
            print("Nothing scheduled is due now.")
        return 0
    from backtimer.desktop.bus import NoBus
    from backtimer.desktop.notify import notify

    for reminder in due_now:
        print(reminder.line, flush=True)
        # Printed above: without a desktop, that line is the reminder.
        with contextlib.suppress(NoBus):
            notify(reminder.summary, reminder.body)
    return 0


# -- the timer -------------------------------------------------------------------------


def units_dir() -> Path:
    """Where systemd looks for a user's own units."""
    import os

    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
    return Path(base) / "systemd" / "user"


def install(at_text: str | None, again_text: str | None) -> int:
    at = _time(at_text, "--at") if at_text else _first_at()
    times = [at]
    if again_text is None:
        if at < reminders.DEFAULT_AGAIN:
            times.append(reminders.DEFAULT_AGAIN)
    elif again_text.strip().lower() not in ("none", "no", "off"):
        again = _time(again_text, "--again")
        if again <= at:
            raise UserError(f"--again ({again_text}) must be later in the day than --at")
        times.append(again)
    # A reminder never comes before a schedule's own `at`, so the timer runs then
    # too: else a routine meant for the evening would never be reminded.
    times = sorted(set(times) | {t for t in _schedule_ats() if t > at})
    folder = units_dir()
    from backtimer.private_files import write_private

    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in reminders.units(times).items():
            target = folder / name
            if target.exists() and not _ours(target):
                raise UserError(
                    f"{target} exists and was not written by backtimer; "
                    "move it away and run --install again"
                )
            write_private(target, text)
            written.append(target)
    except OSError as error:
        raise UserError(
            f"cannot write the timer into {folder} ({error.strerror or error})"
        ) from None
    for path in written:
        print(f"wrote {path}")
    shown = [f"{hour:02d}:{minute:02d}" for hour, minute in times]
    when = " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
    if _systemctl("daemon-reload") and _systemctl("enable", "--now", reminders.TIMER):
        print(f"Reminders are on: every day at {when}, when a scheduled routine is due.")
        print("Turn them off with: backtimer remind --uninstall")
        return 0
    print("systemd's user manager is not running here, so the timer is not enabled.")
    print("Add these lines to your crontab instead (crontab -e):")
    for line in reminders.crontab_lines(times):
        print(f"  {line}")
    return 0


def uninstall() -> int:
    folder = units_dir()
    ours = [folder / name for name in reminders.UNITS if _ours(folder / name)]
    foreign = [
        folder / name
        for name in reminders.UNITS
        if (folder / name).exists() and folder / name not in ours
    ]
    if ours:
        _systemctl("disable", "--now", reminders.TIMER)
    for path in ours:
        try:
            path.unlink()
        except OSError as error:
            raise UserError(f"cannot remove {path} ({error.strerror or error})") from None
        print(f"removed {path}")
    if ours:
        _systemctl("daemon-reload")
    for path in foreign:
        print(f"left {path}: backtimer did not write it")
    if not ours:
        print("No reminder timer of backtimer's was installed.")
    print("If you added backtimer's lines to your crontab, remove them with crontab -e.")
    return 0


def _ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == reminders.MARKER
    except (OSError, UnicodeDecodeError):
        return False


def _systemctl(*words: str) -> bool:
    """Whether `systemctl --user WORDS` worked (False without systemd, or without a
    user manager: a container, a console login without lingering)."""
    try:
        done = subprocess.run(
            ["systemctl", "--user", *words],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _time(text: str, option: str) -> tuple[int, int]:
    parsed = reminders.parse_time(text)
    if parsed is None:
        raise UserError(f"{option} must be a time of day like 08:00 or 18:30, not {text!r}")
    return parsed


def _first_at() -> tuple[int, int]:
    """The earliest `at` among the scheduled routines, or 09:00."""
    times = _schedule_ats()
    return min(times) if times else reminders.DEFAULT_AT


def _schedule_ats() -> list[tuple[int, int]]:
    """The `at` of every scheduled routine that has one."""
    from backtimer import status_file

    return [
        schedule.at
        for _, _, schedule in status_file.scheduled_routines()
        if schedule.at is not None
    ]
