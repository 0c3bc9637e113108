"""The YAML examples of docs/routines.md, read the way the tests check them.

The convention (also stated at the top of docs/routines.md): every ```yaml block is a
complete routine that must be valid. A block fenced as ```yaml title="error" is an
example of a mistake instead; the ```text block right after it holds exactly the
lines `backtimer validate routine.yaml` prints for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "routines.md"
ERROR_FENCE = '```yaml title="error"'
EXAMPLE_FILE = "routine.yaml"

_FENCE = re.compile(r"^```(\S*)(.*)$")


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of the opening fence in the docs
    lang: str
    info: str  # what follows the language on the fence line
    text: str

    @property
    def is_error_example(self) -> bool:
        return self.lang == "yaml" and self.info.strip() == 'title="error"'


@dataclass(frozen=True)
class Example:
    line: int
    yaml: str
    expected: list[str] | None  # the documented error lines; None for a valid example

    @property
    def id(self) -> str:
        return f"docs-line-{self.line}"


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match or not match.group(1):
            index += 1
            continue
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].rstrip() != "```":
            body.append(lines[index])
            index += 1
        found.append(Block(start + 1, match.group(1), match.group(2), "\n".join(body) + "\n"))
        index += 1
    return found


def examples(text: str | None = None) -> list[Example]:
    """Every yaml block, paired with the text block after it when it is an error example."""
    all_blocks = blocks(DOCS.read_text("utf-8") if text is None else text)
    result: list[Example] = []
    for position, block in enumerate(all_blocks):
        if block.lang != "yaml":
            continue
        if not block.is_error_example:
            result.append(Example(block.line, block.text, None))
            continue
        following = all_blocks[position + 1] if position + 1 < len(all_blocks) else None
        if following is None or following.lang != "text":
            raise AssertionError(
                f"docs line {block.line}: an error example needs a ```text block right after it"
            )
        result.append(Example(block.line, block.text, following.text.splitlines()))
    return result


def is_adjacent(text: str, example: Example) -> bool:
    """True when only blank lines separate an error example from its ```text block."""
    lines = text.splitlines()
    index = example.line  # the line after the opening fence (0-based index)
    while lines[index].rstrip() != "```":
        index += 1
    index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index < len(lines) and lines[index].startswith("```text")


def regenerate(text: str, folder: Path) -> str:
    """`text` with the output block of every error example replaced by what the loader
    prints today. For maintainers after a deliberate change of a message; review
    the diff, the tests exist so that a message never changes by accident."""
    from backtimer.routine.load import check_file

    lines = text.splitlines(keepends=True)
    replacements: list[tuple[int, int, list[str]]] = []
    all_blocks = blocks(text)
    for position, block in enumerate(all_blocks):
        if not block.is_error_example:
            continue
        output = all_blocks[position + 1]
        target = folder / EXAMPLE_FILE
        target.write_text(block.text, encoding="utf-8")
        problems = [f"{problem}\n" for problem in check_file(target)]
        body = [line.replace(str(target), EXAMPLE_FILE) for line in problems]
        start = output.line  # index of the first line after the ```text fence
        end = start + len(output.text.splitlines())
        replacements.append((start, end, body))
    for start, end, body in reversed(replacements):
        lines[start:end] = body
    return "".join(lines)


if __name__ == "__main__":  # python -m tests.routines_library.docs_blocks
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        DOCS.write_text(regenerate(DOCS.read_text("utf-8"), Path(scratch)), encoding="utf-8")
    print(f"updated {DOCS}")
