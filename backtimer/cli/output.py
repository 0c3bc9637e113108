"""Writing to a terminal whose character set cannot hold everything.

Python writes standard output in the locale's encoding and, by default, fails on
the first character it cannot encode (a `✓` under ISO-8859-1), after part of the
output is out. So: text for reading is written with a replacement character where
the locale has none (`prepare_streams`), and data a program will read is written
whole: JSON with \\u escapes (`ascii_only`), which is the same JSON, and anything
else as UTF-8 with a one-line notice (`write_data`). The full screens' own
handling of the terminal (refusing a pipe, readying standard error) is in
backtimer/terminal.py, which the UI uses too.
"""

from __future__ import annotations

import io
import sys

from backtimer.terminal import encoding_of, writes_utf


def prepare_streams() -> None:
    """Standard output replaces what the locale cannot encode instead of raising."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper) or writes_utf(stream):
        return
    if stream.errors == "strict":
        stream.reconfigure(errors="replace")


def ascii_only() -> bool:
    """Whether JSON for standard output should escape everything beyond ASCII."""
    return not writes_utf(sys.stdout)


def write_data(text: str) -> None:
    """Write `text` to standard output as it is; where the locale cannot encode all
    of it, as UTF-8 instead, and say so on standard error in one line."""
    stream = sys.stdout
    if writes_utf(stream):
        stream.write(text)
        return
    encoding = encoding_of(stream)
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
