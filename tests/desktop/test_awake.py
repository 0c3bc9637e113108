"""The screen stays awake while a session runs, against a real (private) session bus
with a screensaver service that behaves like GNOME's and KDE's."""

from __future__ import annotations

import time

import pytest

from backtimer.desktop.awake import ScreenAwake, keep_awake_setting
from backtimer.engine.types import Event, EventKind, StopReason
from backtimer.errors import UserError

from .dbus_helpers import Service


def event(kind: EventKind) -> Event:
    return Event(kind, 0.0)


def wait_until(check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def test_held_from_the_start_and_released_at_the_end(screensaver: Service) -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    held = screensaver.wait_for("Inhibit")
    assert held and '"backtimer" "An exercise session is running"' in held[0]
    awake.on_event(event(EventKind.SESSION_FINISHED))
    assert screensaver.wait_for("UnInhibit cookie=1 held=0")
    awake.close()
    assert log == ["inhibit 1", "uninhibit 1 (ended)"]


@pytest.mark.parametrize("why", list(StopReason))
def test_released_when_the_session_is_stopped(screensaver: Service, why: StopReason) -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    screensaver.wait_for("Inhibit")
    awake.on_event(Event(EventKind.SESSION_STOPPED, 0.0, value=why))
    assert screensaver.wait_for("UnInhibit cookie=1 held=0")
    awake.close()


def test_closing_the_app_releases_what_is_held(screensaver: Service) -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    screensaver.wait_for("Inhibit")
    awake.close()  # waits for the release to go out
    assert [line for line in screensaver.lines() if "UnInhibit" in line]
    assert log == ["inhibit 1", "uninhibit 1 (closed)"]


def test_a_long_pause_lets_the_screen_lock_and_resuming_holds_it_again(
    screensaver: Service,
) -> None:
    log: list[str] = []
    awake = ScreenAwake(pause_grace=0.3, log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    awake.on_event(event(EventKind.PAUSED))
    assert screensaver.wait_for("UnInhibit cookie=1")
    awake.on_event(event(EventKind.RESUMED))
    assert screensaver.wait_for('Inhibit "backtimer"', count=2)
    awake.close()
    assert log == ["inhibit 1", "uninhibit 1 (paused)", "inhibit 2", "uninhibit 2 (closed)"]


def test_a_short_pause_keeps_holding(screensaver: Service) -> None:
    log: list[str] = []
    awake = ScreenAwake(pause_grace=30, log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    awake.on_event(event(EventKind.PAUSED))
    awake.on_event(event(EventKind.RESUMED))
    wait_until(lambda: log == ["inhibit 1"])
    time.sleep(0.2)
    assert not screensaver.wait_for("UnInhibit", timeout=0.1)
    awake.close()


def test_nothing_after_the_end(screensaver: Service) -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    awake.on_event(event(EventKind.SESSION_FINISHED))
    awake.close()
    awake.on_event(event(EventKind.RESUMED))  # late events change nothing
    time.sleep(0.2)
    assert len(screensaver.wait_for('Inhibit "backtimer"', timeout=0.1)) == 1


def test_without_a_session_bus_it_does_nothing_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    awake.on_event(event(EventKind.PAUSED))
    awake.on_event(event(EventKind.RESUMED))
    awake.close()
    assert log == ["unavailable"]
    assert capsys.readouterr() == ("", "")


def test_a_bus_without_a_screensaver_is_the_same(bus: str) -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.SESSION_STARTED))
    awake.close()
    assert log == ["unavailable"]


def test_nothing_is_started_before_the_session_is() -> None:
    log: list[str] = []
    awake = ScreenAwake(log=log.append)
    awake.on_event(event(EventKind.PAUSED))
    awake.on_event(event(EventKind.SESSION_STOPPED))
    awake.close()
    assert awake._thread is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        ("[sound]\nmute = true\n", True),
        ("[screen]\nkeep_awake = false\n", False),
        ("[screen]\nkeep_awake = true\n", True),
    ],
)
def test_the_config_key(tmp_path, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text)
    assert keep_awake_setting(path) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[screen]\nkeep_awake = 'no'\n", "[screen] keep_awake must be true or false, not 'no'."),
        ("[screen]\nkeepawake = false\n", "unknown key 'keepawake' in [screen]"),
        ("screen = 1\n", "[screen] must be a table."),
    ],
)
def test_a_wrong_config_key_is_one_sentence(tmp_path, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(UserError, match=message.replace("[", r"\[").replace("]", r"\]")):
        keep_awake_setting(path)
