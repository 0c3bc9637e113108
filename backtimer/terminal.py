"""The terminal a full screen runs in: refused on a pipe, readied for its locale.

`start`, `history` and the home screen draw a full screen: on a pipe it would hang
or spray escape codes, so they refuse it first (`require_terminal`), naming the
command that prints the same as text. Python writes the standard streams in the
locale's encoding: the CLI's output (backtimer/cli/output.py) and the full screens
both need to know whether that is a UTF one, and the screens ready standard error
before Textual draws on it (`prepare_screen`). Both the CLI and the UI use this,
so it sits under both and imports nothing of backtimer but its errors.
"""

from __future__ import annotations

import codecs
import io
import sys

from backtimer.errors import UserError

# What prints as text what each full-screen command shows, for a pipe.
INSTEAD = {
    "start": "`backtimer show ROUTINE` prints the plan as text",
    "history": "`backtimer history --json` prints it for scripts",
    "": "`backtimer list` prints the routines",
}


def encoding_of(stream: object) -> str:
    """The stream's encoding by its codec's name ("utf-8", "iso8859-1")."""
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def writes_utf(stream: object) -> bool:
    """Whether the stream can write every character (a UTF encoding)."""
    return encoding_of(stream).startswith("utf")


def require_terminal(command: str) -> None:
    """A full-screen UI on a pipe would hang or spray escape codes: refuse early,
    naming the command that prints it as text. `command` is "start", "history", or
    "" for `backtimer` alone (the home screen)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        name = f"backtimer {command}".strip()
        instead = INSTEAD.get(command)
        raise UserError(
            f"{name} needs a terminal: run it in an interactive terminal, not through a pipe "
            "or a redirect" + (f" ({instead})." if instead else ".")
        )


def prepare_screen() -> None:
    """Before a full screen: Textual draws on standard error, whose encoding follows
    the locale, and Python writes what ISO-8859-1 lacks (box lines, block digits,
    the footer's ⏎) as `\\u2588` escapes all over the screen. Terminals that
    declare such a locale nearly all show UTF-8 today, so the screen is drawn in
    UTF-8, and one line (left above the prompt when the screen closes) says so."""
    stream = sys.__stderr__
    if isinstance(stream, io.TextIOWrapper) and not writes_utf(stream):
        declared = stream.encoding
        stream.reconfigure(encoding="utf-8")
        print(
            f"backtimer: this terminal's locale declares {declared}, which lacks the "
            "screen's characters, so the screen was drawn in UTF-8 "
            "(set LANG=C.UTF-8 if it looked wrong).",
            file=stream,
            flush=True,
        )
