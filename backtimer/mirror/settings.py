"""The `[mirror]` table of the user's config.toml: serve every session, or not.

    [mirror]
    address = "8765"            # or "0.0.0.0:8765" to allow the local network

Absent (the default), no session is mirrored unless `--mirror` asks. Read with
the standard library only, and only when the file exists.
"""

from __future__ import annotations

from pathlib import Path

from backtimer import locations
from backtimer.errors import UserError


def configured_address(path: Path | None = None) -> str | None:
    """The `[mirror] address` of the config file, or None (off)."""
    path = path or locations.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read the config file ({error}).") from error
    if "mirror" not in text:
        return None
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}.") from error
    table = data.get("mirror")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UserError(f'{path}: [mirror] must be a table, such as: address = "8765".')
    unknown = sorted(set(table) - {"address"})
    if unknown:
        raise UserError(f"{path}: unknown key {unknown[0]!r} in [mirror]; it knows only address.")
    address = table.get("address")
    if address is None or address is False:
        return None
    if isinstance(address, int) and not isinstance(address, bool):
        return str(address)
    if not isinstance(address, str) or not address.strip():
        raise UserError(f'{path}: [mirror] address must be "[HOST:]PORT", such as "8765".')
    return address
