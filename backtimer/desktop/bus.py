"""One way to reach the user's session bus, or to learn quickly that there is none."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

TIMEOUT = 2.0  # seconds for any one call: a hung desktop must never hang backtimer


class NoBus(Exception):
    """No session bus here (a console, ssh, a container), or it did not answer."""


def session_bus() -> DBusConnection:
    """A blocking connection to the session bus; NoBus when there is none."""
    try:
        from jeepney.io.blocking import open_dbus_connection

        return open_dbus_connection(bus="SESSION", auth_timeout=TIMEOUT)
    except Exception as error:  # no address, refused, no such socket, bad auth
        raise NoBus(str(error) or type(error).__name__) from error


def call(
    connection: DBusConnection,
    name: str,
    path: str,
    interface: str,
    method: str,
    signature: str | None = None,
    body: tuple[Any, ...] = (),
) -> tuple[Any, ...]:
    """Call a method and return its reply's body; NoBus for an error reply or no
    answer within TIMEOUT (the service is absent, or stuck)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.wrappers import unwrap_msg

    address = DBusAddress(path, bus_name=name, interface=interface)
    message = new_method_call(address, method, signature, body)
    try:
        reply = connection.send_and_get_reply(message, timeout=TIMEOUT)
        return tuple(unwrap_msg(reply))
    except Exception as error:  # DBusErrorResponse, TimeoutError, a closed socket
        raise NoBus(str(error) or type(error).__name__) from error
