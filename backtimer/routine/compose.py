"""YAML text to a tree of positioned nodes, refusing hostile input before it costs anything.

Composing stops at the node graph: nothing is ever constructed, so no tag can build
an object, and an alias is a shared node rather than a copy, so a "billion laughs"
file stays as small as its text. On top of that, alias uses and nesting depth are
counted while composing, and so are the items of each list and mapping; the whole
file is refused as soon as a bound is crossed, before the rest of it costs anything.

libyaml's parser is used for the events when PyYAML has it (a dense 1 MiB file then
composes in well under a second instead of several); the composing itself, with the
bounds, is PyYAML's own Python composer in both cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_ALIASES = 100
MAX_DEPTH = 20
MAX_ITEMS = 500  # in one list or mapping: no valid routine needs more (at most 500 steps)

_STANDARD = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _STANDARD + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "value", "map", "seq", "merge")
)
MERGE_TAG = _STANDARD + "merge"


class ComposeFailure(Exception):
    """The text cannot become a node tree at all; one position, one message (1-based)."""

    def __init__(self, message: str, line: int, column: int, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


@dataclass
class Composed:
    """The root node (None for an empty document) and the nodes with a refused tag,
    reported once here so that the model builder can skip them silently."""

    root: Node | None
    refused: list[tuple[Node, str]] = field(default_factory=list)

    @property
    def refused_ids(self) -> set[int]:
        return {id(node) for node, _ in self.refused}


class _Bounds:
    """Mixed into a loader: counts aliases and depth, and notes refused tags."""

    def _setup_bounds(self) -> None:
        self.alias_uses = 0
        self.depth = 0
        self.refused: list[tuple[Node, str]] = []
        self.steps_key: Node | None = None  # the `steps` key while its list is open

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if _items(parent) >= MAX_ITEMS:
            self._too_many(parent, event)
        if isinstance(event, AliasEvent):
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIASES:
                raise _bound_failure(
                    f"more than {MAX_ALIASES} aliases (*{event.anchor}); "
                    "a routine file never needs that many",
                    event.start_mark,
                )
            alias: Node = super().compose_node(parent, index)  # type: ignore[misc]
            return alias
        nests = isinstance(event, MappingStartEvent | SequenceStartEvent)
        if nests:
            self.depth += 1
            if self.depth == 2:
                is_steps = _is_key(index, "steps") and isinstance(event, SequenceStartEvent)
                self.steps_key = index if is_steps and isinstance(parent, MappingNode) else None
            if self.depth > MAX_DEPTH:
                raise _bound_failure(
                    f"nested more than {MAX_DEPTH} levels deep; a routine needs only a few",
                    event.start_mark,
                )
        try:
            node: Node = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            if nests:
                self.depth -= 1
        if node.tag not in ALLOWED_TAGS:
            self.refused.append((node, _refusal(node.tag)))
        return node

    def _too_many(self, parent: Node | None, event: Any) -> None:
        """Refuse a collection with too many items, without composing the rest of it.

        For the routine's own steps the message counts them all (reading on through
        the parser's events costs little; building nodes is what is slow).
        """
        if self.depth == 2 and self.steps_key is not None and isinstance(parent, SequenceNode):
            count = len(parent.value) + self._count_rest_of_sequence()
            mark = self.steps_key.start_mark
            message = f"too many steps ({count}); at most {MAX_ITEMS}"
            raise ComposeFailure(message, mark.line + 1, mark.column + 1, "steps")
        raise _bound_failure(
            f"more than {MAX_ITEMS} items in one list or mapping; "
            f"a routine has at most {MAX_ITEMS} steps",
            event.start_mark,
        )

    def _count_rest_of_sequence(self) -> int:
        items = level = 0
        while True:
            event = self.get_event()  # type: ignore[attr-defined]
            if level == 0:
                if isinstance(event, SequenceEndEvent):
                    return items
                items += 1
            if isinstance(event, SequenceStartEvent | MappingStartEvent):
                level += 1
            elif isinstance(event, SequenceEndEvent | MappingEndEvent):
                level -= 1


def _is_key(node: Any, name: str) -> bool:
    return isinstance(node, ScalarNode) and node.value == name


def _items(parent: Node | None) -> int:
    """Items of a collection still being composed (keys only count once composed)."""
    return len(parent.value) if isinstance(parent, SequenceNode | MappingNode) else 0


def _refusal(tag: str) -> str:
    shown = "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag
    return f"the tag '{shown}' is not allowed; routine files hold plain text, numbers and lists"


def _bound_failure(message: str, mark: Any) -> ComposeFailure:
    return ComposeFailure(message, mark.line + 1, mark.column + 1)


class _PyLoader(_Bounds, yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._setup_bounds()


_CLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch
    from yaml._yaml import CParser

    class _HybridLoader(_Bounds, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's events, PyYAML's composer (so the bounds above apply)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self._setup_bounds()

    _CLoader = _HybridLoader

use_libyaml = _CLoader is not None  # tests switch this to cover both parsers


def compose(text: str) -> Composed:
    """The node tree of `text`, or ComposeFailure with the first position YAML
    itself cannot get past (syntax, bad character, a bound crossed)."""
    bad = _first_unencodable(text)
    if bad is not None:
        line, column = _position(text, bad)
        raise ComposeFailure("the text contains an invalid character", line, column)
    loader = None
    try:
        loader = _CLoader(text) if use_libyaml else _PyLoader(text)  # may read ahead
        root = loader.get_single_node()
        return Composed(root, list(loader.refused))
    except yaml.MarkedYAMLError as error:
        raise _syntax_failure(text, error) from None
    except yaml.reader.ReaderError as error:
        index = text.find(chr(error.character))
        line, column = _position(text, index if index >= 0 else error.position)
        raise ComposeFailure(
            f"the character {chr(error.character)!r} is not allowed in YAML "
            f"(U+{error.character:04X})",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise ComposeFailure(f"invalid YAML: {error}", 1, 1) from None
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_failure(text: str, error: yaml.MarkedYAMLError) -> ComposeFailure:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "maximum nesting depth" in (error.problem or ""):
        # Newer libyaml stops deep nesting itself, before our own count sees it:
        # say it the way our count does.
        return ComposeFailure(
            f"nested more than {MAX_DEPTH} levels deep; a routine needs only a few", line, column
        )
    message = f"invalid YAML: {error.problem or error.context or 'syntax error'}"
    context_mark = error.context_mark
    if error.context and error.problem and context_mark is not None:
        where = f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        message += f" ({error.context} at {where})"
    if _char_at(text, line, column) == "\t":
        message += "; indent with spaces, not tabs"
    return ComposeFailure(message, line, column)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _first_unencodable(text: str) -> int | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting lines as YAML does."""
    before = text[: max(0, index)]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1
