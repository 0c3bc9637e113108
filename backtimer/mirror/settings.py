"""The `[mirror]` table of the user's config.toml: serve every session, or not.

    [mirror]
    address = "8765"            # or "0.0.0.0:8765" to allow the local network

Absent (the default), no session is mirrored unless `--mirror` asks. Read
through backtimer.config_file, with the standard library only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.config_file import Config, checked

if TYPE_CHECKING:
    from backtimer.routine.problems import Problem


def configured_address(path: Path | None = None) -> str | None:
    """The `[mirror] address` of the config file, or None (off). Its mistakes are a
    ConfigError naming the file and line."""
    return checked(mirror_settings, path)


def mirror_settings(config: Config) -> tuple[str | None, list[Problem]]:
    """`[mirror] address` of the config file (None: off), and every mistake in `[mirror]`."""
    problems: list[Problem] = []
    if "mirror" not in config.data:
        return None, problems
    table = config.table("mirror", problems, ', such as: address = "8765"')
    config.unknown_keys("mirror", table, ("address",), problems)
    address = table.get("address")
    if address is None or address is False:
        return None, problems
    if isinstance(address, int) and not isinstance(address, bool):
        address = str(address)
    if not isinstance(address, str) or not _well_formed(address):
        # Said here, at its line and with the file's other mistakes, rather than
        # later as if it had been typed after --mirror.
        shown = f", not {address!r}" if isinstance(address, str) and address.strip() else ""
        message = (
            '[mirror] address must be "[HOST:]PORT" with a port from 0 to 65535, such as '
            f'"8765" (or "0.0.0.0:8765" for the local network){shown}.'
        )
        problems.append(config.problem(message, "mirror", "address"))
        return None, problems
    return address, problems


def _well_formed(address: str) -> bool:
    from backtimer.errors import UserError
    from backtimer.mirror.address import parse_address

    try:
        parse_address(address)
    except UserError:
        return False
    return True
