"""How the parts of a running session meet, without knowing each other.

The UI owns the engine and forwards its events to every `SessionListener`
(audio cues, the history recorder). It shows `notice` strings once, and toggles
sound through `SoundControl`. None of these import Textual.
"""

from __future__ import annotations

from typing import Literal, Protocol

from backtimer.engine.types import Event

PainMoment = Literal["before", "after"]


class SessionListener(Protocol):
    def on_event(self, event: Event) -> None:
        """Called for every engine event, in time order, as soon as it is noticed."""

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        """A pain check-in answer (0-10), or None when skipped."""


class SoundControl(Protocol):
    @property
    def muted(self) -> bool: ...

    def toggle_mute(self) -> bool:
        """Flip mute; returns the new value."""
        ...

    def take_notices(self) -> list[str]:
        """One-line notices (e.g. 'No audio device: using the terminal bell.'),
        each returned once, for the screen to show."""
        ...
