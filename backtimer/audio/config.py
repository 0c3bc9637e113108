"""The `[sound]` part of the user's config.toml, and a routine's own sound wishes.

A missing file means the defaults. Anything wrong in it is a UserError naming the
file and, where the TOML parser knows it, the line: a typo must not silently turn
the sound off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer import locations
from backtimer.errors import UserError
from backtimer.suggest import closest

if TYPE_CHECKING:
    from backtimer.audio.cues import CuePrefs

# `backtimer start` reads this before its first frame: the cues and the WAV reader
# are imported only when there is a file to check, or sound to play.

_BOOL_KEYS = ("mute", "bell", "speech", "ticks", "halfway", "metronome")
_KEYS = (*_BOOL_KEYS, "volume", "files")
_ROUTINE_KEYS = ("ticks", "volume", "halfway", "speech", "metronome")


@dataclass(frozen=True)
class SoundConfig:
    mute: bool = False
    volume: int = 80  # percent
    bell: bool = True  # without a sound device: the terminal bell (else silence)
    speech: bool = False  # spoken "Next: …" and "Switch sides" (needs espeak-ng)
    ticks: bool = True
    halfway: bool = False
    metronome: bool = True
    files: Mapping[str, Path] = field(default_factory=dict)  # cue -> custom WAV

    @property
    def prefs(self) -> CuePrefs:
        from backtimer.audio.cues import CuePrefs

        return CuePrefs(ticks=self.ticks, halfway=self.halfway, metronome=self.metronome)

    def for_routine(self, sound: Mapping[str, object], where: str = "the routine") -> SoundConfig:
        """This config with a routine's `sound:` settings on top, for one session."""
        changes: dict[str, object] = {}
        for key, value in sound.items():
            if key not in _ROUTINE_KEYS:
                raise UserError(
                    f"{where}: unknown sound setting {key!r}{_hint(key, _ROUTINE_KEYS)}."
                )
            changes[key] = _checked(key, value, f"{where}: sound.{key}")
        return replace(self, **changes)  # type: ignore[arg-type]


def _hint(key: str, choices: tuple[str, ...]) -> str:
    close = closest(key, choices)
    return f" (did you mean {close!r}?)" if close else ""


def _checked(key: str, value: object, where: str) -> bool | int:
    if key == "volume":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise UserError(f"{where} must be a number from 0 to 100, not {value!r}.")
        return round(value)
    if not isinstance(value, bool):
        raise UserError(f"{where} must be true or false, not {value!r}.")
    return value


def load_config(path: Path | None = None) -> SoundConfig:
    """Read the config file (default: the user's), or the defaults when it is absent."""
    path = path or locations.config_path()
    try:
        data = read_regular_file(path, MAX_CONFIG_BYTES)
        text = data.decode("utf-8")
    except FileNotFoundError:
        return SoundConfig()
    except NotRegular:
        raise UserError(f"{path}: the config file is not a regular file.") from None
    except TooLarge:
        raise UserError(
            f"{path}: the config file is larger than {MAX_CONFIG_BYTES // 1024} KiB."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read the config file ({error}).") from error
    return parse_config(text, path)


MAX_CONFIG_BYTES = 1024 * 1024


class NotRegular(OSError):
    """A FIFO, a device or a folder where a file was expected: reading it could
    block forever or never end."""


class TooLarge(OSError):
    pass


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened without
    blocking, so a FIFO is refused instead of waiting for a writer."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(path)
    return data


def parse_config(text: str, path: Path) -> SoundConfig:
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}.") from error
    sound = data.get("sound", {})
    if not isinstance(sound, dict):
        raise UserError(f"{path}: [sound] must be a table.")
    values: dict[str, object] = {}
    for key, value in sound.items():
        if key not in _KEYS:
            raise UserError(f"{path}: unknown key {key!r} in [sound]{_hint(key, _KEYS)}.")
        if key != "files":
            values[key] = _checked(key, value, f"{path}: [sound] {key}")
    files = _files(sound.get("files", {}), path)
    return SoundConfig(files=files, **values)  # type: ignore[arg-type]


def _files(table: object, path: Path) -> dict[str, Path]:
    """Custom sounds, checked now so a bad one is reported before a session starts.
    Relative paths are relative to the config file."""
    from backtimer.audio.cues import CUES
    from backtimer.audio.wavs import MAX_SECONDS, WavError, read_wav

    if not isinstance(table, dict):
        raise UserError(f'{path}: [sound.files] must be a table of cue = "file.wav".')
    files: dict[str, Path] = {}
    for cue, value in table.items():
        where = f"{path}: [sound.files] {cue}"
        if cue not in CUES:
            raise UserError(
                f"{path}: [sound.files] has no cue {cue!r}{_hint(cue, CUES)}; "
                f"the cues are {', '.join(CUES)}."
            )
        if not isinstance(value, str) or not value:
            raise UserError(f"{where} must be the path of a WAV file.")
        wav = Path(value).expanduser()
        if not wav.is_absolute():
            wav = path.parent / wav
        try:
            read_wav(wav, MAX_SECONDS)
        except WavError as error:
            raise UserError(f"{where}: cannot use {wav}: {error}.") from error
        files[cue] = wav
    return files
