"""Versioned schema: ordered SQL scripts shipped inside the package.

`PRAGMA user_version` says how many scripts a database has seen. Each script runs in
its own `BEGIN IMMEDIATE` transaction together with the version bump, so a crash
leaves the database at the previous version, and two processes opening a fresh
database at once do not both run a script (the second re-reads the version once it
holds the write lock).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from backtimer.errors import UserError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """All shipped scripts, numbered 1..N without gaps (checked, so a missing file in a
    broken install is noticed rather than silently skipped)."""
    # Beside this module, in a wheel as in a checkout (importlib.resources would
    # find the same folder, for a few milliseconds more at every start).
    folder = Path(__file__).resolve().parent / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"history migrations are not numbered 1..N: {[m.name for m in found]}")
    return tuple(found)


def latest_version() -> int:
    return len(migrations())


def statements(sql: str) -> list[str]:
    """Split a script into statements, since `executescript` would commit our
    transaction first."""
    done: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            done.append(pending.strip())
            pending = ""
    if not _only_comments(pending):
        raise RuntimeError(f"unterminated SQL statement: {pending.strip()[:60]}")
    return done


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring the database up to `target` (default: the latest); returns the version.

    `conn` must be in autocommit mode (isolation_level=None).
    """
    wanted = latest_version() if target is None else target
    current = user_version(conn)
    refuse_newer(current)
    for migration in migrations():
        if migration.version <= current or migration.version > wanted:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) >= migration.version:
                conn.execute("ROLLBACK")
                continue
            for statement in statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version:d}")
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): a failing
            # ROLLBACK must not hide the error that says what happened.
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    return user_version(conn)


def refuse_newer(version: int) -> None:
    if version > latest_version():
        raise UserError(
            f"The history database is from a newer backtimer (schema {version}); "
            "please update backtimer."
        )
