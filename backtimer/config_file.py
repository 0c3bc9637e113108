"""Reading and changing single settings in the user's config.toml, by hand.

The file is the user's: they write comments and other tables in it. A setting
the program changes (the theme chosen in the command palette) is changed as one
line in place, or added to its table, or added as a table at the end; every
other line stays as it was. The result is checked with the TOML parser before
it is written (privately and atomically, backtimer.private_files), so a file the
edit would break is left untouched.
"""

from __future__ import annotations

import re
from pathlib import Path

from backtimer import locations

# A session reads the theme before its first frame: the JSON encoder and the
# private writer are imported only when a setting is written.

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")


class ConfigEditError(Exception):
    """The setting cannot be written; the message says why, in one sentence."""


def read_setting(table: str, key: str, path: Path | None = None) -> object | None:
    """`[table] key` from the config file, or None when the file, the table or
    the key is absent, or the file cannot be read or parsed (the sound settings
    report such a file before a session; a missing theme is no reason to)."""
    path = path or locations.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    import tomllib  # only when there is a file

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    section = data.get(table)
    return section.get(key) if isinstance(section, dict) else None


def set_setting(table: str, key: str, value: str, path: Path | None = None) -> Path:
    """Write `[table] key = "value"` into the config file (made if absent);
    returns the file's path. Raises ConfigEditError."""
    path = path or locations.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
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
