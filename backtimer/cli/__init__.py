"""The command line: a thin dispatcher.

Parsing uses only argparse; each command's module is imported when that command
runs, so `validate`, `show`, `list`, `history --json` and `export` never load
Textual (tests/test_import_hygiene.py proves it). `status` runs on every shell
prompt: it is handed its arguments before argparse is imported at all
(backtimer/cli/status.py), so nothing here may be imported at module level that
it does not need.
"""

from __future__ import annotations

import gc
import sys

from backtimer import __version__
from backtimer.cli.output import prepare_streams
from backtimer.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (status's path)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A guided workout timer for back-pain exercise programs.",
        epilog="With no command, opens the home screen to pick a routine.",
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    parser.set_defaults(handler="backtimer.cli.session:home")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("start", help="run a routine in the terminal")
    p.add_argument("routine", metavar="ROUTINE", help="a path, or a routine name (see `list`)")
    p.add_argument("--mute", action="store_true", help="no sound for this session")
    p.add_argument("--no-checkin", action="store_true", help="skip the pain check-ins")
    p.add_argument(
        "--no-inhibit",
        action="store_true",
        help="let the screen blank and lock as usual during the session",
    )
    p.add_argument(
        "--resume-ready",
        type=_seconds,
        default=3.0,
        metavar="SECONDS",
        help='the "get ready" countdown after a pause (default 3, 0 to resume at once)',
    )
    p.add_argument(
        "--mirror",
        metavar="[HOST:]PORT",
        help="also serve this session as a page for a phone or TV browser "
        "(loopback unless a HOST is named: 0.0.0.0:PORT for the local network; port 0 picks one)",
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say why something was not used (such as a cache folder others can write)",
    )
    p.set_defaults(handler="backtimer.cli.session:start")

    p = sub.add_parser("list", help="the routines `start` can find")
    p.set_defaults(handler="backtimer.cli.routines:list_routines")

    p = sub.add_parser("show", help="print a routine's plan")
    p.add_argument("routine", metavar="ROUTINE")
    p.set_defaults(handler="backtimer.cli.routines:show")

    p = sub.add_parser("validate", help="check routine files")
    p.add_argument("files", metavar="FILE", nargs="+")
    p.set_defaults(handler="backtimer.cli.routines:validate")

    p = sub.add_parser("schema", help="print the JSON Schema of routine files")
    p.set_defaults(handler="backtimer.cli.routines:schema")

    p = sub.add_parser("new", help="write a starter routine into your routines folder")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler="backtimer.cli.routines:new")

    p = sub.add_parser("history", help="open the history screen")
    p.add_argument("--json", action="store_true", help="print the history as JSON")
    p.set_defaults(handler="backtimer.cli.history:history")

    p = sub.add_parser("export", help="write every session and its steps")
    p.add_argument("--format", choices=["csv", "json"], required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    p.set_defaults(handler="backtimer.cli.history:export")

    p = sub.add_parser("import", help="merge an exported JSON history into this one")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler="backtimer.cli.history:import_")

    p = sub.add_parser("report", help="write a report for your physiotherapist (HTML or PDF)")
    period = p.add_mutually_exclusive_group()
    period.add_argument(
        "--since", type=_report_since, metavar="DATE", help="from this date (YYYY-MM-DD) to today"
    )
    period.add_argument(
        "--weeks", type=_report_weeks, metavar="N", help="the last N weeks (default 12)"
    )
    p.add_argument("--routine", metavar="NAME", help="only this routine")
    p.add_argument("--anonymous", action="store_true", help="leave out the name from config")
    p.add_argument(
        "--paper", choices=["a4", "letter"], default="a4", help="page size of a PDF (default a4)"
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="FILE.html, or FILE.pdf (Chromium)"
    )
    p.set_defaults(handler="backtimer.cli.report:report")

    p = sub.add_parser(
        "status",
        help="one line for a shell prompt: what is due today",
        description="What the routines with a schedule ask of today, in one line: "
        "due, done, and this week's count. Prints nothing when nothing is scheduled.",
    )
    p.add_argument("--json", action="store_true", help="print it as JSON, for scripts")
    p.add_argument(
        "--format",
        metavar="TEMPLATE",
        help="a line per routine, like '{name}: {words}'; fields: name, command, state, "
        "words, done_today, needed_today, week_done, week_prescribed, percent, behind, at",
    )
    p.set_defaults(handler="backtimer.cli.status:status")

    p = sub.add_parser(
        "remind",
        help="a desktop notification when a scheduled routine is due",
        description="Sends a desktop notification (and prints the same line) for each "
        "routine whose schedule asks for it today and that is not done yet. "
        "--install writes a systemd user timer that runs it every day.",
    )
    p.add_argument("--install", action="store_true", help="remind me every day (systemd timer)")
    p.add_argument("--uninstall", action="store_true", help="remove what --install wrote")
    p.add_argument(
        "--at",
        metavar="HH:MM",
        help="with --install: the first reminder (default: the earliest `at` of the "
        "schedules, else 09:00)",
    )
    p.add_argument(
        "--again",
        metavar="HH:MM",
        help="with --install: a second nudge later in the day if still not done "
        "(default 18:30; 'none' for no second one)",
    )
    p.set_defaults(handler="backtimer.cli.remind:remind")

    return parser


def _report_since(text: str) -> object:
    import argparse  # here too: the parser module may import it only when needed
    from datetime import date  # only for `report`: not worth its import at every start

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-03-01") from None


def _report_weeks(text: str) -> int:
    import argparse  # here too: the parser module may import it only when needed

    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of weeks") from None
    if not 1 <= weeks <= 520:
        raise argparse.ArgumentTypeError("it must be from 1 to 520 weeks")
    return weeks


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError("it must be from 0 to 60 seconds")
    return value


# `start` makes thousands of objects on its way to the first frame (Textual, its
# styles, the screen) that all live to the end: the collector's passes over them
# then are pure cost, a tenth of the start-up. It stays off until the screen is
# up; the app turns it back on once it has frozen them (backtimer.ui.garbage).
COLLECT_LATER = frozenset({"backtimer.cli.session:start"})


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()
    words = sys.argv[1:] if argv is None else list(argv)
    if words[:1] == ["status"]:
        from backtimer.cli.status import fast

        code = fast(words[1:])
        if code is not None:
            return code
    gc.disable()
    try:
        args = _parser().parse_args(argv)
        if args.handler not in COLLECT_LATER:
            gc.enable()
        return _run(args)
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
    import importlib

    module_name, func_name = args.handler.split(":")
    try:
        handler = getattr(importlib.import_module(module_name), func_name)
        return int(handler(args) or 0)
    except UserError as error:
        print(f"backtimer: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
