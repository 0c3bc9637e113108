"""A countdown in solid blocks, several rows tall, for big screens.

Textual's Digits are three rows high whatever the terminal's size; on a large
terminal across the room that is small. These are seven-segment figures built
from full blocks only, so they stay crisp in every font and theme.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget

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


def figure(char: str, rows: int = 7, width: int = 8, stroke: int = 2) -> list[str]:
    """The rows of one character; ':' is a narrow colon, unknown ones are blank."""
    middle = rows // 2
    if char == ":":
        dots = {middle - 1, middle + 1}
        return ["█" * stroke if row in dots else " " * stroke for row in range(rows)]
    lit = SEGMENTS.get(char, "")
    inner = width - 2 * stroke
    lines = []
    for row in range(rows):
        if row in (0, middle, rows - 1):
            segment = "a" if row == 0 else ("g" if row == middle else "d")
            left = {"a": "f", "g": "fe", "d": "e"}[segment]
            right = {"a": "b", "g": "bc", "d": "c"}[segment]
            edge_left = segment in lit or any(s in lit for s in left)
            edge_right = segment in lit or any(s in lit for s in right)
            centre = "█" * inner if segment in lit else " " * inner
        else:
            upper = row < middle
            edge_left = ("f" if upper else "e") in lit
            edge_right = ("b" if upper else "c") in lit
            centre = " " * inner
        lines.append(
            ("█" * stroke if edge_left else " " * stroke)
            + centre
            + ("█" * stroke if edge_right else " " * stroke)
        )
    return lines


def big_text(text: str, rows: int = 7, width: int = 8, gap: int = 2) -> list[str]:
    figures = [figure(char, rows, width) for char in text]
    if not figures:
        return [""] * rows
    return [(" " * gap).join(parts[row] for parts in figures) for row in range(rows)]


class BigNumber(Widget):
    DEFAULT_CSS = """
    BigNumber {
        width: auto;
        height: 7;
    }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            resize = len(text) != len(self._text) or text.count(":") != self._text.count(":")
            self._text = text
            self.refresh(layout=resize)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(big_text(self._text)[0]) if self._text else 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 7

    def render(self) -> str:
        # No-break spaces: ordinary leading spaces would be trimmed as text.
        return "\n".join(big_text(self._text)).replace(" ", "\u00a0")
