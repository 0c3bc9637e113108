"""The [sound] config table and a routine's own sound settings."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from backtimer import locations
from backtimer.audio.config import SoundConfig, load_config, parse_config
from backtimer.errors import UserError


def _wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(2 * round(seconds * rate)))
    return path


def test_no_file_means_the_defaults() -> None:
    assert not locations.config_path().exists()
    assert load_config() == SoundConfig()
    assert SoundConfig().volume == 80 and SoundConfig().bell and not SoundConfig().speech


def test_the_user_config_file_is_read(tmp_path: Path) -> None:
    path = locations.config_path()
    path.parent.mkdir(parents=True)
    _wav(path.parent / "gong.wav", 1.0)
    path.write_text(
        '[ui]\ntheme = "dark"\n\n'  # other tables belong to others
        "[sound]\nmute = true\nvolume = 35\nbell = false\nspeech = true\nhalfway = true\n\n"
        '[sound.files]\nend = "gong.wav"\n'
    )
    config = load_config()
    assert (config.mute, config.volume, config.bell, config.speech) == (True, 35, False, True)
    assert config.prefs.halfway and config.prefs.ticks
    assert config.files == {"end": path.parent / "gong.wav"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sound]\nmute = yes\n", "line 2"),
        ("[sound]\nmute = 1\n", "mute must be true or false"),
        ("[sound]\nvolume = 120\n", "volume must be a number from 0 to 100"),
        ("[sound]\nvolume = true\n", "volume must be a number from 0 to 100"),
        ("[sound]\nvolum = 50\n", "did you mean 'volume'?"),
        ("sound = 3\n", "[sound] must be a table"),
        ('[sound.files]\nstrat = "a.wav"\n', "did you mean 'start'?"),
        ("[sound.files]\nstart = 5\n", "must be the path of a WAV file"),
        ('[sound.files]\nstart = "missing.wav"\n', "No such file"),
        ('[sound.files]\nstart = "notes.txt"\n', "not a PCM WAV file"),
        ('[sound.files]\nstart = "long.wav"\n', "longer than 5 seconds"),
    ],
)
def test_problems_are_one_clear_sentence(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("not a sound")
    _wav(tmp_path / "long.wav", 5.5)
    path = tmp_path / "config.toml"
    with pytest.raises(UserError) as caught:
        parse_config(text, path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_an_unreadable_config_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe[sound]")
    with pytest.raises(UserError, match="cannot read"):
        load_config(path)


def test_a_routine_overrides_the_config_for_its_session() -> None:
    config = SoundConfig(volume=80, speech=False)
    merged = config.for_routine({"volume": 50, "ticks": False, "halfway": True, "speech": True})
    assert (merged.volume, merged.speech) == (50, True)
    assert not merged.prefs.ticks and merged.prefs.halfway
    assert config.volume == 80  # the config itself is untouched


@pytest.mark.parametrize(
    ("sound", "message"),
    [({"volume": "loud"}, "volume must be"), ({"tics": True}, "did you mean 'ticks'?")],
)
def test_bad_routine_sound_settings(sound: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message):
        SoundConfig().for_routine(sound, "morning.yaml")


def test_a_config_file_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(UserError) as caught:
        load_config(fifo)  # before: blocked here until someone wrote to the pipe
    assert "not a regular file" in str(caught.value) and "\n" not in str(caught.value)


def test_a_huge_config_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(UserError, match="larger than"):
        load_config(path)


def test_a_custom_sound_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "bell.wav")
    config = tmp_path / "config.toml"
    config.write_text('[sound.files]\nstart = "bell.wav"\n')
    with pytest.raises(UserError) as caught:
        load_config(config)
    assert "not a regular file" in str(caught.value)


def test_a_wav_at_a_20_mhz_sample_rate_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Four seconds at 20 MHz would be 1.8 GB of samples once widened."""
    path = tmp_path / "fast.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(4)
        w.setframerate(20_000_000)
        w.writeframes(b"\0\0\0\0" * 1000)
    with open(path, "r+b") as handle:  # the header claims four seconds: 80M frames
        handle.seek(40)
        handle.write((80_000_000 * 4).to_bytes(4, "little"))
    config = tmp_path / "config.toml"
    config.write_text('[sound.files]\nstart = "fast.wav"\n')
    with pytest.raises(UserError) as caught:
        load_config(config)
    assert "sample rate" in str(caught.value) and "\n" not in str(caught.value)
