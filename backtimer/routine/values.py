"""Reading typed values out of positioned YAML nodes, noting every problem on the way.

A helper returns None when the value is unusable and has already said why, so
the model builder can keep going and report everything wrong with a file at once.
Values are read from the node's source text, not from what YAML 1.1 would make of
it: `1:30` is a duration here, never the base-60 integer 90.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backtimer.routine.compose import MERGE_TAG
from backtimer.routine.durations import DurationError, parse_duration
from backtimer.routine.problems import Problem
from backtimer.suggest import closest
from backtimer.time_text import format_duration

_TAG = "tag:yaml.org,2002:"
_WHOLE = re.compile(r"[-+]?\d+(?:\.0*)?")


@dataclass(frozen=True)
class Entry:
    """One `key: value` of a mapping, with the key's name for lookups."""

    key: str
    key_node: Node
    value: Node


@dataclass
class Reader:
    """Collects problems for one file; `skip` are nodes already reported (refused tags)."""

    file: str
    skip: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    _merged: dict[int, list[Entry]] = field(default_factory=dict)
    _guessed: set[tuple[str, str]] = field(default_factory=set)

    def report(self, node: Node, path: str, message: str, suggestion: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, path, message, suggestion)
        )

    def usable(self, node: Node, path: str, key: str) -> bool:
        """False (reported once) for a refused tag or an empty value."""
        if id(node) in self.skip:
            return False
        if _is_null(node):
            self.report(node, path, f"{key} has no value")
            return False
        return True

    # -- mappings --------------------------------------------------------------------

    def entries(self, node: MappingNode, path: str) -> list[Entry]:
        """The mapping's keys in order, merges (`<<: *anchor`) applied, each key once.

        A key given twice is a problem (YAML would silently keep the last). Merged
        mappings are resolved once per node and de-duplicated by key, so merges of
        merges cannot grow a file's size exponentially.
        """
        own: dict[str, Entry] = {}
        merged: dict[str, Entry] = {}
        for key_node, value in node.value:
            if key_node.tag == MERGE_TAG:
                for source in self._merge_sources(value, path):
                    for entry in self._merged_entries(source, path):
                        merged.setdefault(entry.key, entry)
                continue
            key = self._key_name(key_node, path)
            if key is None:
                continue
            if key in own:
                first = own[key].key_node.start_mark.line + 1
                where = key_path(path, key)
                self.report(key_node, where, f"'{key}' is given twice (first on line {first})")
                continue
            own[key] = Entry(key, key_node, value)
        return list({**merged, **own}.values())

    def _merged_entries(self, node: MappingNode, path: str) -> list[Entry]:
        known = self._merged.get(id(node))
        if known is None:
            self._merged[id(node)] = []  # a mapping merging itself adds nothing
            known = self.entries(node, path)
            self._merged[id(node)] = known
        return known

    def _merge_sources(self, value: Node, path: str) -> list[MappingNode]:
        items = value.value if isinstance(value, SequenceNode) else [value]
        sources = [item for item in items if isinstance(item, MappingNode)]
        if len(sources) != len(items):
            self.report(value, path, "'<<' merges a mapping or a list of mappings only")
        return sources

    def _key_name(self, key_node: Node, path: str) -> str | None:
        if id(key_node) in self.skip:  # refused tag, reported: don't call it missing too
            if isinstance(key_node, ScalarNode):
                self._guessed.add((path, str(key_node.value)))
            return None
        if isinstance(key_node, ScalarNode) and key_node.value.strip():
            return str(key_node.value)
        self.report(key_node, path, f"a key must be a plain word, got {describe(key_node)}")
        return None

    def check_keys(
        self, entries: Iterable[Entry], allowed: Iterable[str], path: str, also: Iterable[str] = ()
    ) -> list[Entry]:
        """The entries whose key is allowed; the others are reported with a guess at
        the intended key among `allowed` and `also` (keys valid elsewhere nearby)."""
        allowed = list(allowed)
        candidates = [*allowed, *also]
        kept = []
        for entry in entries:
            if entry.key in allowed:
                kept.append(entry)
                continue
            if entry.key in candidates:
                continue  # known here, but not in this place: the caller explains
            guess = suggest(entry.key, candidates)
            if guess:
                self._guessed.add((path, guess))
            hint = f" (did you mean '{guess}'?)" if guess else ""
            self.report(
                entry.key_node, key_path(path, entry.key), f"unknown key '{entry.key}'{hint}", guess
            )
        return kept

    def guessed(self, path: str, *keys: str) -> bool:
        """Whether a misspelt key in the mapping at `path` was taken for one of `keys`:
        then "missing key" would only repeat what the misspelling already says."""
        return any((path, key) in self._guessed for key in keys)

    def mapping(self, node: Node, path: str, key: str, expected: str) -> MappingNode | None:
        if not self.usable(node, path, key):
            return None
        if isinstance(node, MappingNode):
            return node
        self.report(node, path, f"{key} must be {expected}, got {describe(node)}")
        return None

    # -- scalars ---------------------------------------------------------------------

    def text(self, node: Node, path: str, key: str, limit: int) -> str | None:
        if not self.usable(node, path, key):
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, path, f"{key} must be text, got {describe(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.report(node, path, f"{key} must not be empty")
            return None
        if len(value) > limit:
            self.report(node, path, f"{key} is too long ({len(value)} characters; at most {limit})")
            return None
        return value

    def duration(self, node: Node, path: str, key: str, low: float, high: float) -> float | None:
        if not self.usable(node, path, key):
            return None
        allowed = f"{key} must be a time from {format_duration(low)} to {format_duration(high)}"
        notation = f"{key} must be a time like 20s, 1m30s or 1:30, got {describe(node)}"
        if not isinstance(node, ScalarNode) or node.tag == _TAG + "bool":
            self.report(node, path, notation)
            return None
        try:
            seconds = parse_duration(str(node.value))
        except DurationError as error:
            self.report(node, path, f"{notation} ({error.reason})")
            return None
        if not low <= seconds <= high:
            self.report(node, path, f"{allowed}, got {format_duration(seconds)}")
            return None
        return seconds

    def whole(
        self, node: Node, path: str, key: str, low: int, high: int, alternative: str = ""
    ) -> int | None:
        if not self.usable(node, path, key):
            return None
        allowed = f"{key} must be a whole number from {low} to {high}"
        number = _whole_number(node)
        if number is None:
            self.report(node, path, f"{allowed}{alternative}, got {describe(node)}")
            return None
        if not low <= number <= high:
            self.report(node, path, f"{allowed}, got {number}")
            return None
        return number

    def boolean(self, node: Node, path: str, key: str) -> bool | None:
        if not self.usable(node, path, key):
            return None
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            return str(node.value).lower() in ("true", "yes", "on", "y")
        self.report(node, path, f"{key} must be true or false, got {describe(node)}")
        return None


def _whole_number(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag not in (_TAG + "int", _TAG + "float"):
        return None
    text = str(node.value)
    if not _WHOLE.fullmatch(text):
        return None
    number = float(text)
    return int(number) if math.isfinite(number) else None


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "null"


def describe(node: Node) -> str:
    """How a wrong value is quoted back in a message: short and recognisable."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    text = str(node.value)
    if len(text) > 40:
        text = text[:37] + "..."
    if node.tag in (_TAG + "int", _TAG + "float", _TAG + "bool"):
        return text
    if node.tag == _TAG + "null":
        return "nothing"
    return repr(text)


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The key or word a misspelt one probably meant, in any case."""
    return closest(word, candidates, key=str.lower)


def key_path(path: str, key: str) -> str:
    """The key path of `key` inside the mapping at `path` (`steps[2]` + `hold`:
    `steps[2].hold`), as a Problem names where it is."""
    return f"{path}.{key}" if path else key
