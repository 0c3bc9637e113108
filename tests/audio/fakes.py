"""Fake players for the tests: they stand where a sound device would."""

from __future__ import annotations

from backtimer.audio.player import AudioUnavailable
from backtimer.audio.wavs import Sound


class RecordingPlayer:
    """Remembers every cue; can be told to fail like a lost device."""

    def __init__(self, *, fail: bool = False) -> None:
        self.played: list[str] = []
        self.added: dict[str, Sound] = {}
        self.fail = fail

    def play(self, cue: str) -> None:
        if self.fail:
            raise AudioUnavailable("device lost")
        self.played.append(cue)

    def add(self, name: str, sound: Sound) -> None:
        self.added[name] = sound

    def has(self, name: str) -> bool:
        return name in self.added
