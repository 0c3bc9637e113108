"""A private session bus with a fake desktop on it, for the D-Bus tests.

The bus is a `dbus-daemon --session` of the test's own; the desktop's services are
Debian's python3-dbusmock run by the system Python (the pip package would need
dbus-python compiled), each printing the calls it gets on its stdout, which the
tests read. `scripts/setup.sh --test` installs both (dbus, python3-dbusmock).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
TEMPLATE = Path(__file__).with_name("screensaver_template.py")


def available() -> str | None:
    """Why the D-Bus tests cannot run here, or None when they can."""
    if shutil.which("dbus-daemon") is None:
        return "dbus-daemon is not installed (package dbus)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbusmock"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return "python-dbusmock is not installed for /usr/bin/python3 (python3-dbusmock)"
    return None


@contextmanager
def session_bus(folder: Path) -> Iterator[str]:
    """A fresh session bus; its address while the block runs."""
    reason = available()
    if reason:
        pytest.skip(reason)
    daemon = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--nopidfile",
            "--print-address=1",
            f"--address=unix:dir={folder}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        daemon.kill()
        daemon.wait(5)


class Service:
    """A dbusmock process on the bus; `lines()` is what it printed so far."""

    def __init__(self, args: list[str], address: str, log: Path, name: str) -> None:
        self.log = log
        self.handle = log.open("w")
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "dbusmock", *args],
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            env=env,
        )
        wait_for_name(address, name)

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def wait_for(self, text: str, count: int = 1, timeout: float = 10.0) -> list[str]:
        """The lines containing `text`, once there are `count` of them."""
        end = time.monotonic() + timeout
        while True:
            found = [line for line in self.lines() if text in line]
            if len(found) >= count or time.monotonic() > end:
                return found
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.handle.close()


def wait_for_name(address: str, name: str, timeout: float = 10.0) -> None:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import unwrap_msg

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    end = time.monotonic() + timeout
    old = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            while time.monotonic() < end:
                reply = connection.send_and_get_reply(
                    new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=2
                )
                if unwrap_msg(reply)[0]:
                    return
                time.sleep(0.05)
    finally:
        if old is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = old
    raise AssertionError(f"{name} did not appear on the bus")


def notification_daemon(address: str, log: Path) -> Service:
    return Service(
        ["--template", "notification_daemon"], address, log, "org.freedesktop.Notifications"
    )


def screensaver(address: str, log: Path) -> Service:
    return Service(["--template", str(TEMPLATE)], address, log, "org.freedesktop.ScreenSaver")
