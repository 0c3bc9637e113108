"""The command line: a thin dispatcher.

Parsing uses only argparse; each command's module is imported when that command
runs, so `validate`, `show`, `list`, `history --json` and `export` never load
Textual (tests/test_import_hygiene.py proves it).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from backtimer import __version__
from backtimer.cli.output import prepare_streams
from backtimer.errors import UserError


def _parser() -> argparse.ArgumentParser:
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

    return parser


def _seconds(text: str) -> float:
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
# up; the app turns it back on once it has frozen them (backtimer.ui.app).
COLLECT_LATER = frozenset({"backtimer.cli.session:start"})


def main(argv: Sequence[str] | None = None) -> int:
    gc.disable()
    prepare_streams()
    try:
        args = _parser().parse_args(argv)
        if args.handler not in COLLECT_LATER:
            gc.enable()
        return _run(args)
    finally:
        gc.enable()


def _run(args: argparse.Namespace) -> int:
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
