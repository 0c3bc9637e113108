"""config.toml: read once, checked table by table, and single settings changed in place.

One reader for the whole program (`read_config`). It opens the file without
blocking and refuses anything but a regular file of at most 1 MiB, so a FIFO or
a device named config.toml never hangs a command; it parses the TOML once per
process (a second read of an unchanged file is a `stat`); and it hands each
table to its owner, which checks its own keys (`[sound]`: backtimer.audio.config,
`[screen]`: backtimer.desktop.awake, `[history]`: backtimer.history.resume,
`[mirror]`: backtimer.mirror.settings, `name`: backtimer.cli.report, `[keys]`:
backtimer.ui.keymap, `[ui]`: backtimer.ui.preferences). Owners collect their
mistakes as `Problem`s (the routine loader's type: FILE:LINE:COL and one
sentence), so a command that checks several tables reports every mistake at
once (`ConfigError`), not the first. Tables nobody owns are left alone.

The file is the user's: they write comments and other tables in it. A setting
the program changes (the theme chosen in the command palette) is changed as one
line in place, or added to its table, or added as a table at the end; every
other line stays as it was. The result is checked with the TOML parser before
it is written (privately and atomically, backtimer.private_files), so a file the
edit would break is left untouched.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from backtimer import locations
from backtimer.routine.problems import Problem, ProblemsError

# A session reads the theme before its first frame: the TOML parser is imported
# only when there is a file, the JSON encoder and the private writer only when a
# setting is written.

T = TypeVar("T")

MAX_CONFIG_BYTES = 1024 * 1024
_MAX_TEXT = "1 MiB"  # MAX_CONFIG_BYTES as the docs write it

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


class ConfigEditError(Exception):
    """The setting cannot be written; the message says why, in one sentence."""


class ConfigError(ProblemsError):
    """config.toml cannot be used: every problem found, one per line, top to bottom."""


def raise_problems(problems: Iterable[Problem]) -> None:
    """A ConfigError with all of `problems`, if there are any."""
    problems = list(problems)
    if problems:
        raise ConfigError(problems)


def checked(owner: Callable[[Config], tuple[T, list[Problem]]], path: Path | None = None) -> T:
    """What `owner` makes of its table in the config file (default: the user's),
    its mistakes raised as a ConfigError: how each owner reads its settings."""
    value, problems = owner(read_config(path))
    raise_problems(problems)
    return value


class NotRegular(OSError):
    """A FIFO, a device or a folder where a file was expected: reading it could
    block forever or never end."""


class TooLarge(OSError):
    pass


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened without
    blocking, so a FIFO is refused instead of waiting for a writer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(path)
    return data


@dataclass(frozen=True)
class Config:
    """The parsed config file (empty when there is none), and where each key is."""

    path: Path
    data: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""

    def table(self, name: str, problems: list[Problem], example: str = "") -> dict[str, Any]:
        """`[name]` as a dict: empty when absent; a problem when it is not a table."""
        value = self.data.get(name, {})
        if isinstance(value, dict):
            return value
        problems.append(self.problem(f"[{name}] must be a table{example}.", name))
        return {}

    def unknown_keys(
        self, name: str, table: Mapping[str, Any], known: Iterable[str], problems: list[Problem]
    ) -> None:
        """A problem for each key of `[name]` not in `known`, with a suggestion."""
        known = tuple(known)
        for key in table:
            if key in known:
                continue
            close = did_you_mean(key, known)
            hint = f" (did you mean {close!r}?)" if close else f"; it knows only {', '.join(known)}"
            problems.append(self.problem(f"unknown key {key!r} in [{name}]{hint}.", name, key))

    def problem(self, message: str, table: str | None = None, key: str | None = None) -> Problem:
        """One problem, at the key's line in the file (else its table's header)."""
        line, column = locate(self.text, table, key)
        where = f"{table}.{key}" if table and key else table or key or ""
        return Problem(str(self.path), line, column, where, message)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The key most like a mistyped one (the one "did you mean" of backtimer/suggest.py)."""
    from backtimer.suggest import closest

    return closest(word, choices)


# The last parse of each path, kept with the bytes it was parsed from: reading a
# file of at most 1 MiB costs little, parsing it again for each owner is what is
# saved (and a file rewritten within the clock's resolution is never mistaken).
_CACHE: dict[Path, tuple[bytes, Config]] = {}


def read_config(path: Path | None = None) -> Config:
    """The config file, parsed once per process (again only when it changed); an
    empty Config when there is none. Raises ConfigError when it cannot be read
    (not a regular file, larger than 1 MiB, not UTF-8) or is not valid TOML."""
    path = path or locations.config_path()
    try:
        data = read_regular_file(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(path)
    except NotRegular:
        raise _whole(path, "the config file is not a regular file.") from None
    except TooLarge:
        raise _whole(path, f"the config file is larger than {_MAX_TEXT}.") from None
    except OSError as error:  # the path is said already: the reason alone
        raise _whole(path, f"cannot read the config file ({error.strerror or error}).") from error
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == data:
        return cached[1]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _whole(path, f"cannot read the config file ({error}).") from error
    config = parse_config_text(text, path)
    _CACHE[path] = (data, config)
    return config


def parse_config_text(text: str, path: Path) -> Config:
    """`text` as the config file at `path`. Raises ConfigError for invalid TOML,
    at the line and column the parser names."""
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = _TOML_AT.search(str(error))
        line, column = (int(at.group(1)), int(at.group(2))) if at else (0, 0)
        raise ConfigError(
            [Problem(str(path), line, column, "", f"not valid TOML: {error}.")]
        ) from error
    return Config(path, data, text)


def _whole(path: Path, message: str) -> ConfigError:
    return ConfigError([Problem(str(path), 0, 0, "", message)])


def locate(text: str, table: str | None, key: str | None) -> tuple[int, int]:
    """The 1-based line and column of `key` in `[table]` (a top-level key when
    table is None), else of the table's header; (0, 0) when neither is written
    as a line of its own (an inline or dotted table)."""
    current: str | None = None
    header = (0, 0)
    key_line = (
        re.compile(rf"^(\s*)(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        if key is not None
        else None
    )
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _TABLE.match(raw)
        if match:
            current = match.group(1)
            if current == table:
                header = (number, raw.index("[") + 1)
            continue
        if _ANY_TABLE.match(raw):
            current = "[[array]]"
            continue
        if current == table and key_line is not None:
            found = key_line.match(raw)
            if found:
                return number, len(found.group(1)) + 1
        if table is not None and current is None and key is None:
            found = re.match(rf"^(\s*){re.escape(table)}\s*=", raw)
            if found:  # `sound = 3`: a table written as a value
                return number, len(found.group(1)) + 1
    return header


def read_setting(table: str, key: str, path: Path | None = None) -> object | None:
    """`[table] key` from the config file, or None when the file, the table or
    the key is absent, or the file cannot be read or parsed (the sound settings
    report such a file before a session; a missing theme is no reason to)."""
    try:
        data = read_config(path).data
    except ConfigError:
        return None
    section = data.get(table)
    return section.get(key) if isinstance(section, dict) else None


def set_setting(table: str, key: str, value: str, path: Path | None = None) -> Path:
    """Write `[table] key = "value"` into the config file (made if absent);
    returns the file's path. Raises ConfigEditError."""
    path = path or locations.config_path()
    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        text = ""
    except NotRegular:
        raise ConfigEditError(f"{path} is not a regular file") from None
    except TooLarge:
        raise ConfigEditError(f"{path} is larger than {_MAX_TEXT}") from None
    except OSError as error:
        raise ConfigEditError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigEditError(f"cannot read {path}: {error}") from error
    new = with_setting(text, table, key, value)
    import tomllib

    try:
        data = tomllib.loads(new)
    except tomllib.TOMLDecodeError as error:
        raise ConfigEditError(f"{path} is not valid TOML ({error}); left as it was") from error
    section = data.get(table)
    if not isinstance(section, dict) or section.get(key) != value:
        raise ConfigEditError(f"{path} has [{table}] {key} in a form this cannot change")
    from backtimer.private_files import write_private

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, new)
    except OSError as error:
        raise ConfigEditError(f"cannot write {path}: {error.strerror or error}") from error
    return path


def with_setting(text: str, table: str, key: str, value: str) -> str:
    """`text` with `[table] key = "value"`: the key's line replaced where it is,
    or the key added at the end of its table, or the table added at the end."""
    import json  # a TOML basic string is a JSON string

    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    key_line = re.compile(rf"^\s*{re.escape(key)}\s*=")
    lines = text.splitlines(keepends=True)
    current: str | None = None
    table_end: int | None = None  # index after the table's last non-blank line
    for index, raw in enumerate(lines):
        match = _TABLE.match(raw)
        if match:
            current = match.group(1)
            if current == table:
                table_end = index + 1
            continue
        if _ANY_TABLE.match(raw):  # an array of tables: not ours
            current = None
            continue
        if current == table:
            if key_line.match(raw):
                ending = "\n" if raw.endswith("\n") else ""
                lines[index] = line + ending
                return "".join(lines)
            if raw.strip():
                table_end = index + 1
    if table_end is not None:
        if table_end > 0 and not lines[table_end - 1].endswith("\n"):
            lines[table_end - 1] += "\n"
        lines.insert(table_end, line + "\n")
        return "".join(lines)
    head = "".join(lines)
    if head and not head.endswith("\n"):
        head += "\n"
    if head.strip():
        head += "\n"
    return f"{head}[{table}]\n{line}\n"
