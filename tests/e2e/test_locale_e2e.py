"""The full screen under a locale whose character set is not UTF-8.

The screen is drawn with characters ISO-8859-1 does not have (block digits, box
lines, the footer's ⏎). They used to reach the terminal as `\\u2588` escapes all
over the screen; they are drawn in UTF-8, with one line saying so.
"""

from __future__ import annotations

import pytest

from .tmux import BACKTIMER

pytestmark = pytest.mark.e2e


@pytest.fixture
def latin1(latin1_locale: dict[str, str]) -> dict[str, str]:
    return {**latin1_locale, "LC_ALL": "en_US.ISO-8859-1"}


def test_the_home_screen_is_drawn_without_escapes(tmux, latin1: dict[str, str]) -> None:
    home = tmux([BACKTIMER], **latin1)
    home.wait_for("Morning back routine")
    screen = home.wait_for("Start")
    assert "\\u" not in screen, screen
    assert "⏎ Start" in screen
    home.keys("q")
    assert home.exit_code() == 0
    after = home.screen()
    assert "backtimer: this terminal's locale declares iso8859-1" in after.lower(), after
    assert after.count("backtimer: ") == 1


def test_a_session_is_drawn_without_escapes(tmux, latin1: dict[str, str]) -> None:
    session = tmux([BACKTIMER, "start", "breathing", "--no-checkin", "--mute"], **latin1)
    screen = session.wait_for("Pause")
    assert "\\u" not in screen, screen
    session.kill()  # what is drawn is the point here, not how a session ends
