"""The `[sound]` part of the user's config.toml, and a routine's own sound wishes.

A missing file means the defaults. Everything wrong in it is reported at once
(backtimer.config_file.ConfigError), each mistake at its FILE:LINE:COL: a typo
must not silently turn the sound off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.config_file import (
    Config,
    checked,
    parse_config_text,
    raise_problems,
)
from backtimer.errors import UserError
from backtimer.suggest import closest

if TYPE_CHECKING:
    from backtimer.audio.cues import CuePrefs
    from backtimer.routine.problems import Problem

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
    """Read the config file (default: the user's), or the defaults when it is absent.
    Raises ConfigError with every mistake in `[sound]`."""
    return checked(sound_settings, path)


def parse_config(text: str, path: Path) -> SoundConfig:
    """`[sound]` of `text`, as if it were the config file at `path`."""
    sound, problems = sound_settings(parse_config_text(text, path))
    raise_problems(problems)
    return sound


def sound_settings(config: Config) -> tuple[SoundConfig, list[Problem]]:
    """`[sound]` of the config file, and every mistake in it (the defaults stand
    in for a wrong value)."""
    problems: list[Problem] = []
    sound = config.table("sound", problems)
    config.unknown_keys("sound", sound, _KEYS, problems)
    values: dict[str, object] = {}
    for key, value in sound.items():
        if key in _KEYS and key != "files":
            try:
                values[key] = _checked(key, value, f"[sound] {key}")
            except UserError as error:
                problems.append(config.problem(str(error), "sound", key))
    files = _files(config, sound["files"], problems) if "files" in sound else {}
    return SoundConfig(files=files, **values), problems  # type: ignore[arg-type]


def _files(config: Config, table: object, problems: list[Problem]) -> dict[str, Path]:
    """Custom sounds, checked now so a bad one is reported before a session starts.
    Relative paths are relative to the config file."""
    from backtimer.audio.cues import CUES
    from backtimer.audio.wavs import MAX_SECONDS, WavError, read_wav

    if not isinstance(table, dict):
        message = '[sound.files] must be a table of cue = "file.wav".'
        problems.append(config.problem(message, "sound.files"))
        return {}
    files: dict[str, Path] = {}
    for cue, value in table.items():
        where = f"[sound.files] {cue}"
        if cue not in CUES:
            problems.append(
                config.problem(
                    f"[sound.files] has no cue {cue!r}{_hint(cue, CUES)}; "
                    f"the cues are {', '.join(CUES)}.",
                    "sound.files",
                    cue,
                )
            )
            continue
        if not isinstance(value, str) or not value:
            problems.append(
                config.problem(f"{where} must be the path of a WAV file.", "sound.files", cue)
            )
            continue
        wav = Path(value).expanduser()
        if not wav.is_absolute():
            wav = config.path.parent / wav
        try:
            read_wav(wav, MAX_SECONDS)
        except WavError as error:
            problems.append(
                config.problem(f"{where}: cannot use {wav}: {error}.", "sound.files", cue)
            )
            continue
        files[cue] = wav
    return files
