"""`backtimer report`: the page for the physiotherapist, as HTML or PDF.

Written only to the file named with -o, private (0600) and whole or not at all.
The charting library and the page are imported here, when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer import locations
from backtimer.errors import UserError
from backtimer.history import stats
from backtimer.history.store import Store
from backtimer.private_files import write_private

if TYPE_CHECKING:
    from backtimer.config_file import Config
    from backtimer.routine.problems import Problem

DEFAULT_WEEKS = 12
MAX_WEEKS = 520  # as --weeks allows: ten years


def report(args: argparse.Namespace) -> int:
    from backtimer.report.build import build_report
    from backtimer.report.figures import Period, weeks_ending
    from backtimer.report.plan import from_schedules, schedules_for

    if args.output in ("", "-"):
        raise UserError("The report is written to a file: give its name, like -o report.pdf.")
    output = Path(args.output)
    wants_pdf = output.suffix.lower() == ".pdf"
    if not output.parent.is_dir():
        raise UserError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    name = None if args.anonymous else config_name()

    with _open_for_reading() as store:
        today = stats.local_date(store.now(), store.tz)
        if args.since is not None:
            if args.since > today:
                raise UserError(f"--since {args.since.isoformat()} is in the future.")
            if (today - args.since).days >= MAX_WEEKS * 7:
                raise UserError(
                    f"--since {args.since.isoformat()} is more than {MAX_WEEKS} weeks ago; "
                    f"a report covers at most {MAX_WEEKS} weeks."
                )
            period = Period(args.since, today)
        else:
            period = weeks_ending(today, args.weeks or DEFAULT_WEEKS)
        routine = _routine_name(store, args.routine) if args.routine else None
        files = {n: f for n, f in store.routine_names().items() if routine in (None, n)}
        schedules = schedules_for(files)
        firsts = {
            name: stats.local_date(started, store.tz)
            for name, started in store.plan_firsts(list(schedules)).items()
        }
        built = build_report(
            store,
            period,
            routine=routine,
            name=name,
            today=today,
            prescription=from_schedules(schedules, store.tz, firsts),
            scheduled=list(schedules),
        )
        for notice in store.take_notices():
            print(f"backtimer: {notice}", file=sys.stderr)

    from backtimer.report import page

    if wants_pdf:
        from backtimer.report.pdf import print_pdf

        data: bytes | str = print_pdf(page.render(built, paper=args.paper))
    else:
        data = page.render(built)
    try:
        write_private(output, data)
    except OSError as error:
        raise UserError(f"Cannot write {output} ({error.strerror or error}).") from None
    count = len(built.sessions)
    sessions = f"{count} session{'s' if count != 1 else ''}"
    span = page.period_text(period.first, period.last)
    print(f"Wrote {output}: {sessions}, {span}.", file=sys.stderr)
    return 0


def config_name() -> str | None:
    """The `name` the person set at the top of config.toml, if any: never required."""
    from backtimer.config_file import checked

    return checked(name_setting)


def name_setting(config: Config) -> tuple[str | None, list[Problem]]:
    """`name` at the top of the config file, and its mistake."""
    name = config.data.get("name")
    if name is None:
        return None, []
    if not isinstance(name, str):
        message = 'name must be text in quotes, like name = "Ana Silva".'
        return None, [config.problem(message, None, "name")]
    return " ".join(name.split()) or None, []


def _routine_name(store: Store, wanted: str) -> str:
    """The routine as the history names it: its name, in any case, or its file's name."""
    known = store.routine_names()
    if wanted in known:
        return wanted
    folded = wanted.casefold().removesuffix(".yaml")
    for name, file in known.items():
        if name.casefold() == folded or (file and Path(file).stem.casefold() == folded):
            return name
    listed = ", ".join(sorted(known)) or "none yet"
    raise UserError(f"The history has no routine {wanted!r} (it has: {listed}).")


def _open_for_reading() -> Store:
    """A machine with no history yet gets an empty report and no new files; a
    history that cannot be written (read-only, full disk) is read read-only."""
    if not locations.database_path().exists():
        return Store.memory()
    return Store.open_for_reading()
