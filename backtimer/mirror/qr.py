"""The page's address as a QR code in terminal text, made by segno.

Two rows of modules share one line of text (half blocks), drawn dark on light
whatever the terminal's theme, with the quiet zone scanners need around it.
"""

from __future__ import annotations

import segno

# A light pair is a no-break space: text widgets trim ordinary leading spaces, and
# the quiet zone around the code is what lets a camera find it.
HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): "\u00a0"}


def qr_lines(text: str, border: int = 2) -> list[str]:
    """Lines of half blocks: a full block is two dark modules."""
    code = segno.make(text, error="l", micro=False)
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]
