"""Changing one setting in the user's config.toml keeps everything else."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from backtimer.config_file import ConfigEditError, read_setting, set_setting, with_setting


def test_a_missing_file_gets_the_table() -> None:
    assert with_setting("", "ui", "theme", "nord") == '[ui]\ntheme = "nord"\n'


def test_the_line_is_changed_in_place_and_comments_stay() -> None:
    text = (
        "# my settings\n"
        "[sound]\n"
        "volume = 40   # quiet mornings\n"
        "\n"
        "[ui]\n"
        'theme = "gruvbox"  # was dracula\n'
        "\n"
        "# the end\n"
    )
    new = with_setting(text, "ui", "theme", "nord")
    assert new == text.replace('theme = "gruvbox"  # was dracula', 'theme = "nord"')


def test_a_key_of_the_same_name_in_another_table_is_left_alone() -> None:
    text = '[sound]\ntheme = "x"\n'
    new = with_setting(text, "ui", "theme", "nord")
    assert tomllib.loads(new) == {"sound": {"theme": "x"}, "ui": {"theme": "nord"}}
    assert new.startswith(text)


def test_the_key_is_added_at_the_end_of_its_table() -> None:
    text = "[ui]\nother = 1\n\n[sound]\nvolume = 50\n"
    new = with_setting(text, "ui", "theme", "nord")
    assert new == '[ui]\nother = 1\ntheme = "nord"\n\n[sound]\nvolume = 50\n'


def test_set_setting_writes_privately_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "config.toml"
    set_setting("ui", "theme", "nord", path)
    assert read_setting("ui", "theme", path) == "nord"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    set_setting("ui", "theme", "dracula", path)
    assert path.read_text() == '[ui]\ntheme = "dracula"\n'


def test_a_file_the_edit_cannot_handle_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('ui = { theme = "nord" }\n')  # an inline table
    with pytest.raises(ConfigEditError):
        set_setting("ui", "theme", "dracula", path)
    assert path.read_text() == 'ui = { theme = "nord" }\n'
    path.write_text("[ui\n")  # broken
    with pytest.raises(ConfigEditError, match="not valid TOML"):
        set_setting("ui", "theme", "dracula", path)
    assert path.read_text() == "[ui\n"
    assert read_setting("ui", "theme", path) is None
