"""What the locale lets a stream write, and a full screen readied for it.

Python writes the standard streams in the locale's encoding. The CLI's output
(backtimer/cli/output.py) and the full screens (`start`, `history`) both need to
know whether that encoding is a UTF one; the screens also need standard error
readied before Textual draws on it (`prepare_screen`). This is a leaf that
imports nothing of backtimer, so the UI and the CLI both may use it.
"""

from __future__ import annotations

import codecs
import io
import sys


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
