"""Routine files to Routine objects, or to every problem in them at once.

The format is the project's public interface (see docs/routines.md): forgiving in
notation (durations, sides), strict in meaning (one kind per step, every key known,
every number in range). Every problem carries the line and column of the key or
value at fault, so `backtimer validate` reads like a compiler.
"""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backtimer.routine.build import (
    MAX_BREATH_PHASES,
    MAX_STEPS,
    NAME_LIMIT,
    STEP_KEYS,
    TEXT_LIMIT,
    Builder,
)
from backtimer.routine.compose import ComposeFailure, compose
from backtimer.routine.model import Routine
from backtimer.routine.problems import Problem, RoutineError, sort_problems
from backtimer.routine.values import Reader, key_path

__all__ = [
    "MAX_BREATH_PHASES",
    "MAX_BYTES",
    "MAX_STEPS",
    "NAME_LIMIT",
    "STEP_KEYS",
    "TEXT_LIMIT",
    "Problem",
    "RoutineError",
    "check_file",
    "check_text",
    "load_bytes",
    "load_routine",
    "load_text",
]

MAX_BYTES = 1024 * 1024


def load_routine(path: str | Path) -> Routine:
    """The routine in the file at `path`; RoutineError (a UserError) lists every problem,
    including a missing or unreadable file."""
    data, problem = _read(path)
    if problem is not None:
        raise RoutineError([problem])
    return _load_bytes(data, str(path), str(Path(path).resolve()))


def load_text(text: str, filename: str = "<text>") -> Routine:
    """The routine written in `text`; `filename` is only used in problem messages.
    The Routine's path is None: it did not come from a file."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    routine, problems = _build_text(text, data, filename, None)
    if routine is None:
        raise RoutineError(problems)
    return routine


def check_file(path: str | Path) -> list[Problem]:
    """Every problem in the file at `path`, top to bottom; empty when it is valid.
    Never raises for bad content, a missing file or a folder."""
    data, problem = _read(path)
    if problem is not None:
        return [problem]
    try:
        load_bytes(data, str(path))
    except RoutineError as error:
        return error.problems
    return []


def check_text(text: str, filename: str = "<text>") -> list[Problem]:
    """Every problem in `text`, for editors and tests; empty when it is a valid routine."""
    try:
        load_text(text, filename)
    except RoutineError as error:
        return error.problems
    return []


def load_bytes(data: bytes, filename: str, path: str | None = None) -> Routine:
    """Like load_text for raw file content (size bound and UTF-8 checked first)."""
    return _load_bytes(data, filename, path)


def _load_bytes(data: bytes, filename: str, path: str | None) -> Routine:
    if len(data) > MAX_BYTES:
        raise RoutineError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    "",
                    f"the file is {len(data):,} bytes; a routine file may be at most 1 MiB",
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = "the file is not UTF-8 text (save it as UTF-8)"
        raise RoutineError([Problem(filename, line, column, "", message)]) from None
    routine, problems = _build_text(text, data, filename, path)
    if routine is None:
        raise RoutineError(problems)
    return routine


def _read(path: str | Path) -> tuple[bytes, Problem | None]:
    name = str(path)
    target = Path(path)

    def fail(message: str) -> tuple[bytes, Problem]:
        return b"", Problem(name, 1, 1, "", message)

    try:
        if target.is_dir():
            return fail(f"{name} is a folder, not a routine file")
        size = target.stat().st_size
        if size > MAX_BYTES:
            return fail(f"the file is {size:,} bytes; a routine file may be at most 1 MiB")
        with target.open("rb") as handle:
            return handle.read(MAX_BYTES + 1), None
    except FileNotFoundError:
        return fail(f"there is no file {name}")
    except PermissionError:
        return fail(f"{name} cannot be read (permission denied)")
    except OSError as error:
        return fail(f"{name} cannot be read ({error.strerror or error})")


def _build_text(
    text: str, data: bytes, filename: str, path: str | None
) -> tuple[Routine | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        limit = f"the text is {len(data):,} bytes; a routine file may be at most 1 MiB"
        return None, [Problem(filename, 1, 1, "", limit)]
    try:
        composed = compose(text)
    except ComposeFailure as failure:
        problem = Problem(filename, failure.line, failure.column, failure.path, failure.message)
        return None, [problem]
    reader = Reader(filename, composed.refused_ids)
    paths = _key_paths(composed.root, composed.refused_ids)
    for node, message in composed.refused:
        reader.report(node, paths.get(id(node), ""), message)
    routine = Builder(reader).routine(composed.root)
    problems = sort_problems(_once(reader.problems))
    if problems or routine is None:
        return None, problems
    source_hash = hashlib.sha256(data).hexdigest()
    return _with_origin(routine, path, source_hash), []


def _once(problems: list[Problem]) -> list[Problem]:
    """One line per place and message: a step reused through an alias is one mistake."""
    unique: dict[tuple[int, int, str], Problem] = {}
    for problem in problems:
        unique.setdefault((problem.line, problem.column, problem.message), problem)
    return list(unique.values())


def _key_paths(root: Node | None, wanted: set[int]) -> dict[int, str]:
    """The first key path (`steps[2].cue`) that reaches each wanted node.

    Breadth first over the node graph, each node once: shared (aliased) and even
    self-containing nodes cost nothing extra.
    """
    found: dict[int, str] = {}
    if root is None or not wanted:
        return found
    seen: set[int] = set()
    queue: deque[tuple[Node, str]] = deque([(root, "")])
    while queue and len(found) < len(wanted):
        node, path = queue.popleft()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if id(node) in wanted:
            found[id(node)] = path
        if isinstance(node, SequenceNode):
            queue.extend((item, f"{path}[{index}]") for index, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, ScalarNode) else "?"
                queue.append((key, path))
                queue.append((value, key_path(path, name)))
    return found


def _with_origin(routine: Routine, path: str | None, source_hash: str) -> Routine:
    return replace(routine, path=path, source_hash=source_hash)
