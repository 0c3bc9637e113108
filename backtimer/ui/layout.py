"""Where the session screen's rows go: every word first, then the countdown.

The plan is made in Python, not left to CSS, because its order of priorities
is the product: the top bar, a notice, the exercise name, every line of the
cue, the phase, the details, what comes next and the progress row are given
their rows first; the countdown takes all the rest (`height: 1fr`), never
fewer than MIN_FIGURE_ROWS plus its caption. Only when the countdown already
has `wanted_rows(height)` rows do the extras come, one at a time, each only if
the countdown keeps them: the phase in block letters, air between the groups,
a taller name band, a taller breathing bar, letters twice as large. Where even the minimum does not
fit, what comes next is left out first, and then the cue is cut at a whole
line and marked with … and the key that shows it whole; no sentence is ever
hidden silently.

The widths below are the stylesheet's (backtimer.tcss, the session section):
the body's padding and the cue's margins. A test walks every bundled routine
at 60x20 and checks that the cue's last word is on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from textual.content import Content

from backtimer.ui.widgets.bignumber import MIN_ROWS

BODY_PAD = 1  # #body { padding: 0 1 }
CUE_MARGIN = 2  # #cue { margin: 0 2 }
NOTICE_PAD = 1  # #notice { padding: 0 1 }
TOP_ROWS = 1  # the top bar
BOTTOM_ROWS = 2  # the progress row and the footer
CAPTION_ROWS = 1  # the countdown's words under its figures
MIN_FIGURE_ROWS = MIN_ROWS
CUT_KEY = "c"
CUT_MARK = f"… ({CUT_KEY}: all of it)"

# The extras, in the order they are given, and the rows each costs.
BAND_BIG = ("-big", 2)  # the phase band: 3 rows of block letters, not 1 of text
AIRY = ("-airy", 3)  # a blank row above the cue, the band and the counters
NAME_TALL = ("-tall", 2)  # the exercise name's band: 3 rows, not 1
BREATH_TALL = ("-tall", 2)  # the breathing bar: 3 rows, not 1
BAND_HUGE = ("-huge", 3)  # the phase band: letters twice as large, 6 rows


def wanted_rows(height: int) -> int:
    """The countdown's rows (figures and caption) that come before any extra:
    a good third of the screen (8 at 24 rows, 10 at 30, 17 at 50)."""
    return max(MIN_FIGURE_ROWS + CAPTION_ROWS, round(0.35 * height))


@dataclass(frozen=True)
class LayoutInput:
    """What the plan depends on: the screen's size and the texts that wrap."""

    width: int
    height: int
    cue: str
    next: str
    notice: str
    breathing: bool
    cadence: bool


@dataclass(frozen=True)
class Layout:
    band_big: bool
    band_huge: bool
    airy: bool
    name_tall: bool
    breath_tall: bool
    show_next: bool
    cue_text: str  # the cue as shown: whole, or cut and marked
    cue_cut: bool
    countdown_rows: int  # the countdown's region: figures and caption
    figure_rows: int


@lru_cache(maxsize=512)
def wrap(text: str, width: int) -> tuple[str, ...]:
    """`text` as Textual wraps it in a widget `width` cells wide."""
    if not text:
        return ()
    return tuple(line.plain for line in Content(text).wrap(max(1, width)))


def cue_width(width: int) -> int:
    return width - 2 * BODY_PAD - 2 * CUE_MARGIN


def cut(text: str, width: int, lines: int) -> str:
    """The first `lines` lines of `text` at `width`, the last one ending in the
    cut mark (whole words dropped to make room for it)."""
    wrapped = list(wrap(text, width))
    if len(wrapped) <= lines:
        return text
    kept = wrapped[: max(0, lines - 1)]
    last = wrapped[max(0, lines - 1)].split(" ")
    while last and len(" ".join(last)) + 1 + len(CUT_MARK) > width:
        last.pop()
    tail = " ".join(last)
    kept.append(f"{tail} {CUT_MARK}" if tail else CUT_MARK)
    return "\n".join(kept)


def plan(given: LayoutInput) -> Layout:
    width, height = given.width, given.height
    inner = width - 2 * BODY_PAD
    cue_lines = len(wrap(given.cue, cue_width(width)))
    next_lines = len(wrap(given.next, inner))
    notice_lines = len(wrap(given.notice, width - 2 * NOTICE_PAD))
    fixed = (
        TOP_ROWS
        + notice_lines
        + 1  # the name
        + cue_lines
        + 1  # the phase band
        + 1  # the detail ("Relax", "Press space to resume")
        + (1 if given.breathing else 0)
        + (1 if given.cadence else 0)
        + 1  # the counters (reps, sets)
        + next_lines
        + BOTTOM_ROWS
    )
    least = MIN_FIGURE_ROWS + CAPTION_ROWS
    rows = height - fixed
    show_next = True
    cue_text, cue_cut = given.cue, False
    if rows < least and next_lines:
        show_next = False
        rows += next_lines
    if rows < least and cue_lines:
        keep = max(1, cue_lines - (least - rows))
        cue_text = cut(given.cue, cue_width(width), keep)
        cue_cut = keep < cue_lines
        rows += cue_lines - keep
    wanted = wanted_rows(height)
    taken: set[str] = set()
    extras = [("band", BAND_BIG[1]), ("airy", AIRY[1]), ("name", NAME_TALL[1])]
    if given.breathing:
        extras.append(("breath", BREATH_TALL[1]))
    extras.append(("huge", BAND_HUGE[1]))
    for name, cost in extras:
        if name == "huge" and "band" not in taken:
            continue
        # Letters twice as large only where the figures stay much the larger.
        if rows - cost >= (wanted + 6 if name == "huge" else wanted):
            taken.add(name)
            rows -= cost
    # A blank row above the figures once there are seven rows, one more from twelve.
    air = (1 if rows >= 7 else 0) + (1 if rows >= 12 else 0)
    figure_rows = max(MIN_FIGURE_ROWS, rows - CAPTION_ROWS - air)
    return Layout(
        band_big="band" in taken,
        band_huge="huge" in taken,
        airy="airy" in taken,
        name_tall="name" in taken,
        breath_tall="breath" in taken,
        show_next=show_next,
        cue_text=cue_text,
        cue_cut=cue_cut,
        countdown_rows=rows,
        figure_rows=figure_rows,
    )
