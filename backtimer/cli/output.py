"""Writing to a terminal whose character set cannot hold everything.

Python writes standard output in the locale's encoding and, by default, fails on
the first character it cannot encode (a `✓` under ISO-8859-1), after part of the
output is out. So: text for reading is written with a replacement character where
the locale has none (`prepare_streams`), and data a program will read is written
whole: JSON with \\u escapes (`ascii_only`), which is the same JSON, and anything
else as UTF-8 with a one-line notice (`write_data`).
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


def _encoding(stream: object) -> str:
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _utf(stream: object) -> bool:
    return _encoding(stream).startswith("utf")


def prepare_streams() -> None:
    """Standard output replaces what the locale cannot encode instead of raising."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and not _utf(stream) and stream.errors == "strict":
        stream.reconfigure(errors="replace")


def prepare_screen() -> None:
    """Before a full screen: Textual draws on standard error, whose encoding follows
    the locale, and Python writes what ISO-8859-1 lacks (box lines, block digits,
    the footer's ⏎) as `\\u2588` escapes all over the screen. Terminals that
    declare such a locale nearly all show UTF-8 today, so the screen is drawn in
    UTF-8, and one line (left above the prompt when the screen closes) says so."""
    stream = sys.__stderr__
    if isinstance(stream, io.TextIOWrapper) and not _utf(stream):
        declared = stream.encoding
        stream.reconfigure(encoding="utf-8")
        print(
            f"backtimer: this terminal's locale declares {declared}, which lacks the "
            "screen's characters, so the screen was drawn in UTF-8 "
            "(set LANG=C.UTF-8 if it looked wrong).",
            file=stream,
            flush=True,
        )


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


def ascii_only() -> bool:
    """Whether JSON for standard output should escape everything beyond ASCII."""
    return not _utf(sys.stdout)


def write_data(text: str) -> None:
    """Write `text` to standard output as it is; where the locale cannot encode all
    of it, as UTF-8 instead, and say so on standard error in one line."""
    stream = sys.stdout
    if _utf(stream):
        stream.write(text)
        return
    encoding = _encoding(stream)
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # pragma: no cover - a text-only stream: replace instead
            stream.write(text)
            return
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
        print(
            f"backtimer: the output holds characters that {encoding} cannot write, "
            "so it was written as UTF-8.",
            file=sys.stderr,
        )
        return
    stream.write(text)
