"""config.toml checked whole before a session: every mistake in every table said at once.

Each table's owner checks its own keys (backtimer.config_file says who owns
which); this module only asks all the owners a session depends on, so a file
with a typo in `[sound]`, a wrong value in `[history]` and an unknown key in
`[screen]` is fixed in one go rather than in three runs. The owners, asked
again later for their settings, find the file parsed already.
"""

from __future__ import annotations

from pathlib import Path

from backtimer.config_file import raise_problems, read_config


def check_session_config(path: Path | None = None) -> None:
    """Raise a ConfigError with every mistake in the tables a session reads."""
    config = read_config(path)
    if not config.data:
        return
    # The owners only when there is something to check: the screen-saver and
    # resume owners are otherwise imported after the first frame, not before it.
    from backtimer.audio.config import sound_settings
    from backtimer.desktop.awake import screen_settings
    from backtimer.history.resume import resume_settings
    from backtimer.mirror.settings import mirror_settings

    problems = []
    for owner in (sound_settings, screen_settings, resume_settings, mirror_settings):
        problems.extend(owner(config)[1])
    if "keys" in config.data:  # the screens' bindings are imported only for this
        from backtimer.ui.keymap import keymap_settings

        problems.extend(keymap_settings(config)[1])
    if "ui" in config.data:  # the theme's names are Textual's
        from backtimer.ui.preferences import ui_settings

        problems.extend(ui_settings(config)[1])
    raise_problems(problems)
