"""Figures and words in blocks, at any size: the countdown read from a mat.

Textual's `Digits` are three rows high whatever the terminal's size; across a
room that is a centimetre. These figures are drawn on a grid of half-cell
pixels (a terminal cell is about twice as tall as it is wide, so the upper and
lower half of a cell are two nearly square pixels) and packed into the block
characters `█ ▀ ▄`: they scale by a single row, stay crisp in every font and
theme, and need no font of the terminal's own.

Pure functions only: the widgets that draw them live in countdown.py and
phase.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style

# Which of the seven segments each figure lights: a top, b upper right,
# c lower right, d bottom, e lower left, f upper left, g middle.
SEGMENTS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abged",
    "3": "abgcd",
    "4": "fgbc",
    "5": "afgcd",
    "6": "afgedc",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
    "-": "g",
    " ": "",
}

MIN_ROWS = 3  # the smallest figures still read as seven segments (six pixels tall)

Pixels = list[list[bool]]


def stroke(rows: int) -> int:
    """A segment's thickness in pixels: about a seventh of the figure's height."""
    return max(1, round(2 * rows / 7))


def figure_width(rows: int) -> int:
    """Columns of one figure `rows` tall: a little over half its height in pixels."""
    return max(3, round(2 * rows * 0.58))


def colon_width(rows: int) -> int:
    return stroke(rows)


def gap(rows: int) -> int:
    """Columns between two figures."""
    return max(1, round(stroke(rows) * 1.5))


def _figure_pixels(char: str, rows: int) -> Pixels:
    height, width, t = 2 * rows, figure_width(rows), stroke(rows)
    grid = [[False] * width for _ in range(height)]

    def fill(top: int, bottom: int, left: int, right: int) -> None:
        for y in range(max(0, top), min(height, bottom)):
            for x in range(max(0, left), min(width, right)):
                grid[y][x] = True

    if char == ":":
        t = colon_width(rows)
        grid = [[False] * t for _ in range(height)]
        for centre in (height // 3, (2 * height) // 3):
            for y in range(centre - t // 2, centre - t // 2 + t):
                grid[max(0, min(height - 1, y))] = [True] * t
        return grid
    lit = SEGMENTS.get(char, "")
    middle = (height - t) // 2  # the g segment's top row
    if "a" in lit:
        fill(0, t, 0, width)
    if "g" in lit:
        fill(middle, middle + t, 0, width)
    if "d" in lit:
        fill(height - t, height, 0, width)
    if "f" in lit:
        fill(0, middle + t, 0, t)
    if "b" in lit:
        fill(0, middle + t, width - t, width)
    if "e" in lit:
        fill(middle, height, 0, t)
    if "c" in lit:
        fill(middle, height, width - t, width)
    return grid


def pack(grid: Pixels) -> list[str]:
    """Two pixel rows to one text row: upper half `▀`, lower `▄`, both `█`."""
    lines = []
    for top in range(0, len(grid), 2):
        upper = grid[top]
        lower = grid[top + 1] if top + 1 < len(grid) else [False] * len(upper)
        lines.append(
            "".join(
                ("█" if a and b else "▀" if a else "▄" if b else " ")
                for a, b in zip(upper, lower, strict=True)
            )
        )
    return lines


def text_width(text: str, rows: int) -> int:
    """Columns `text` takes in figures `rows` tall."""
    if not text:
        return 0
    widths = [colon_width(rows) if c == ":" else figure_width(rows) for c in text]
    return sum(widths) + gap(rows) * (len(widths) - 1)


@lru_cache(maxsize=256)
def big_text(text: str, rows: int) -> tuple[str, ...]:
    """`text` (figures, ':' and '-') as `rows` lines of blocks, all one width."""
    if not text:
        return ("",) * rows
    figures = [pack(_figure_pixels(char, rows)) for char in text]
    space = " " * gap(rows)
    return tuple(space.join(parts[row] for parts in figures) for row in range(rows))


def fit_rows(text: str, most_rows: int, width: int) -> int:
    """The tallest figures, at most `most_rows` and at least MIN_ROWS, whose
    `text` fits in `width` columns (MIN_ROWS when even those do not)."""
    rows = max(MIN_ROWS, most_rows)
    while rows > MIN_ROWS and text_width(text, rows) > width:
        rows -= 1
    return rows


# -- words ---------------------------------------------------------------------------

# A pixel font five pixels tall (three rows with the half blocks), for the phase
# word and the side: capitals only, as the bands show them.
_FONT_ROWS = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##.", "#...", "#.##", "#..#", ".##."),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "!": ("#", "#", "#", ".", "#"),
}
WORD_ROWS = 3


def word_fits(word: str) -> bool:
    return all(char in _FONT_ROWS for char in word)


def word_width(word: str, scale: int = 1) -> int:
    """Columns `word` takes in big letters (its length when the font lacks one)."""
    if not word:
        return 0
    if not word_fits(word):
        return len(word)
    return scale * (sum(len(_FONT_ROWS[char][0]) for char in word) + len(word) - 1)


@lru_cache(maxsize=64)
def big_word(word: str, scale: int = 1) -> tuple[str, ...]:
    """`word` in capitals `WORD_ROWS * scale` rows tall (a pixel between
    letters), or the plain word on the middle row when the font lacks one of
    its characters."""
    if not word_fits(word):
        return ("",) * (WORD_ROWS * scale // 2) + (word,) + ("",) * (WORD_ROWS * scale // 2)
    pixels = [[False] * word_width(word)]  # a blank pixel row above: six in all
    for y in range(5):
        pixels.append([px == "#" for px in ".".join(_FONT_ROWS[c][y] for c in word)])
    scaled = [[px for px in row for _ in range(scale)] for row in pixels for _ in range(scale)]
    return tuple(pack(scaled))


_RUNS = re.compile(r" +|[^ ]+")


def blank_style(style: Style) -> Style:
    """The style of the blank cells around and between blocks: the background
    only, so they are never merged into one segment with the blocks."""
    return Style(bgcolor=style.bgcolor)


def block_segments(line: str, style: Style) -> list[Segment]:
    """A row of blocks as segments that keep their places in any rendering: the
    blank runs apart from the lit ones, in a style of their own. (One segment
    with spaces inside is drawn right by a terminal, but a screenshot's SVG text
    squeezes those spaces.)"""
    blank = blank_style(style)
    return [Segment(run, blank if run[0] == " " else style) for run in _RUNS.findall(line)]
