"""What the apps share in their command palette: the theme, kept in config.toml
(`[ui] theme`), and a screenshot saved where a folder exists.

Textual forgets a theme chosen in the palette when the program ends, and its
screenshot goes to ~/Downloads, failing where that folder does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from backtimer.config_file import Config, ConfigEditError, read_setting, set_setting

if TYPE_CHECKING:
    from backtimer.routine.problems import Problem

THEME_TABLE, THEME_KEY = "ui", "theme"


def ui_settings(config: Config) -> tuple[str | None, list[Problem]]:
    """`[ui] theme` (None: Textual's default), and every mistake in `[ui]`: an
    unknown key, or a theme that is not text. A theme name Textual does not have is
    no mistake: it was saved by the palette, perhaps under another Textual, and is
    passed over as before (apply_saved_theme)."""
    problems: list[Problem] = []
    table = config.table(THEME_TABLE, problems, ', such as: theme = "nord"')
    config.unknown_keys(THEME_TABLE, table, (THEME_KEY,), problems)
    theme = table.get(THEME_KEY)
    if theme is None or isinstance(theme, str):
        return theme, problems
    message = f'[ui] theme must be a theme\'s name in quotes, such as "nord", not {theme!r}.'
    problems.append(config.problem(message, THEME_TABLE, THEME_KEY))
    return None, problems


def apply_saved_theme(app: App[Any]) -> str | None:
    """Use the theme saved in the config file, if it names one Textual knows;
    returns it (None when there is none)."""
    name = read_setting(THEME_TABLE, THEME_KEY)
    if isinstance(name, str) and name in app.available_themes:
        app.theme = name  # before the first frame: no restyle after it
        return name
    return None


def save_theme(app: App[Any], saved: str | None) -> str | None:
    """Keep the app's theme in the config file when it differs from `saved`;
    returns what the file now holds. A file that cannot be written is said
    once, and the theme still applies to this run."""
    theme = app.theme
    if theme == saved:
        return saved
    try:
        set_setting(THEME_TABLE, THEME_KEY, theme)
    except ConfigEditError as error:
        app.notify(f"The theme is not kept for next time: {error}.", severity="warning")
        return saved
    return theme


def screenshot_folder() -> Path:
    """The Downloads folder when there is one, else the home folder."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.home()


def save_screenshot(app: App[Any]) -> Path | None:
    """An SVG of the screen, private (it may show health data), and where it went."""
    from textual._files import generate_datetime_filename

    from backtimer.private_files import write_private

    path = screenshot_folder() / generate_datetime_filename(app.title, ".svg")
    try:
        write_private(path, app.export_screenshot())
    except OSError as error:
        app.notify(
            f"Could not save the screenshot in {path.parent}: {error.strerror or error}.",
            title="Screenshot",
            severity="error",
            markup=False,
        )
        return None
    app.notify(f"Saved to {path}", title="Screenshot", markup=False, timeout=8)
    return path


def system_commands(
    app: App[Any], screen: Screen[Any], *, own_keys: bool = False
) -> Iterable[SystemCommand]:
    """Textual's palette commands, with the screenshot saved where a folder
    exists, and without Textual's "Keys" when the app lists its keys itself."""
    for command in App.get_system_commands(app, screen):
        if command.title == "Screenshot" or (own_keys and command.title == "Keys"):
            continue
        yield command
    yield SystemCommand(
        "Screenshot",
        f"Save an SVG picture of this screen in {screenshot_folder()}",
        lambda: app.set_timer(0.1, lambda: save_screenshot(app)),
    )
