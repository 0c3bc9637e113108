"""The command palette: each command once, a theme that is kept, a screenshot
that lands in a folder that exists."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backtimer import locations
from backtimer.ui import preferences
from backtimer.ui.app import create_app
from tests.engine.fakes import FakeClock

from .helpers import FakeSound, hold, routine

SIZE = (100, 30)


async def test_each_command_is_listed_once() -> None:
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False, sound=FakeSound())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        assert titles.count("Screenshot") == 1
        assert len(titles) == len(set(titles))


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start() -> None:
    config = locations.config_path()
    config.parent.mkdir(parents=True)
    config.write_text("# mine\n[sound]\nvolume = 50\n")
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"  # what choosing it in the palette does
        await pilot.pause()
    assert config.read_text() == '# mine\n[sound]\nvolume = 50\n\n[ui]\ntheme = "nord"\n'
    assert stat.S_IMODE(config.stat().st_mode) == 0o600

    again = create_app(routine(hold()), clock=FakeClock(), checkin=False)
    assert again.theme == "nord"
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        nord = again.available_themes["nord"]
        assert again.get_css_variables()["primary"] == nord.primary
        assert again.has_class("-theme-nord")
    assert config.read_text().count("theme") == 1  # starting with it wrote nothing


async def test_an_unknown_saved_theme_is_ignored() -> None:
    config = locations.config_path()
    config.parent.mkdir(parents=True)
    config.write_text('[ui]\ntheme = "no-such-theme"\n')
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme != "no-such-theme"


@pytest.mark.parametrize("has_downloads", [True, False])
async def test_the_screenshot_lands_in_a_folder_that_exists_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_downloads: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    downloads = home / "Downloads"
    if has_downloads:
        downloads.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(downloads))
    app = create_app(routine(hold()), clock=FakeClock(), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        saved = preferences.save_screenshot(app)
        assert saved is not None
        assert saved.parent == (downloads if has_downloads else home)
        assert saved.read_text().startswith("<svg")
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        await pilot.pause()
        # During a session, on the session screen's notice line (never a toast
        # over the countdown).
        messages = [n.message for n in app._notifications]
        messages += getattr(app.screen, "notices", [])
        assert f"Saved to {saved}" in messages


async def test_the_palettes_quit_asks_like_q() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (quit_command,) = [c for c in app.get_system_commands(app.screen) if c.title == "Quit"]
        assert "asks first" in quit_command.help
        await quit_command.callback()
        await pilot.pause()
        from backtimer.ui.screens.confirm import QuitScreen

        assert isinstance(app.screen, QuitScreen)


async def test_ctrl_q_from_the_open_palette_closes_it_and_asks() -> None:
    from textual.command import CommandPalette

    from backtimer.ui.screens.confirm import QuitScreen
    from backtimer.ui.screens.session import SessionScreen

    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=FakeClock(), checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_the_palette_pauses_the_session_like_the_help() -> None:
    """ctrl+p over a running session pauses it exactly; closing the palette
    resumes it through the usual get-ready."""
    from textual.command import CommandPalette

    from backtimer.engine.types import Status

    from .helpers import advance, state

    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 7.25)
        at_open = state(app).remaining
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert state(app).status is Status.PAUSED
        await advance(app, clock, pilot, 30.0)
        assert state(app).remaining == at_open
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert state(app).status is Status.RESUMING
        await advance(app, clock, pilot, 3.0)
        assert state(app).status is Status.RUNNING
        assert state(app).remaining == pytest.approx(at_open, abs=1e-9)


async def test_pause_chosen_in_the_palette_leaves_the_session_paused() -> None:
    from backtimer.engine.types import Status

    from .helpers import advance, state

    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 2.0)
        await pilot.press("ctrl+p", *"Pause or resume")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.pause()
        assert state(app).status is Status.PAUSED
        await advance(app, clock, pilot, 10.0)
        assert state(app).status is Status.PAUSED
