"""How the parts of a running session meet, without knowing each other.

The UI owns the engine and forwards its events to every `SessionListener`
(audio cues, the history recorder). It shows `notice` strings once, and toggles
sound through `SoundControl`. None of these import Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from backtimer.engine.types import Event, SessionState, StepResult

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


@dataclass(frozen=True)
class Question:
    """A yes/no question asked on the screen before the session starts."""

    text: str
    detail: str = ""
    default: bool = False  # what enter answers


@dataclass
class Joined:
    """What joins a session once its first frame is out."""

    listeners: list[SessionListener] = field(default_factory=list)
    sound: SoundControl | None = None
    reps: dict[int, int] | None = None  # today's reps by step, when progressions apply
    # Once the session is over and its last pain answer given: decide and record
    # each progression's level; returns one line per progressing step for the
    # end screen ("Bridge — up from 6 to 7: done in full").
    settle: Callable[[], list[str]] | None = None
    start_at_step: int | None = None  # None: where the app was asked to start
    # A resumed session's steps recorded before it was interrupted, so the end
    # screen counts the whole session, not only the part after the resume.
    earlier: tuple[StepResult, ...] = ()
    notices: list[str] = field(default_factory=list)
    # Keeps the person's one-line note with the session (the end screen's `n`);
    # returns what was kept, None when nothing could be. None: no history to keep it.
    keep_note: Callable[[str], str | None] | None = None


class SessionSetup(Protocol):
    """History and sound, made after the first frame: the screen does not need
    them to draw, and they cost a tenth of the start-up.

    The app asks each `question()` in turn (a damaged history folder, an
    interrupted session to resume) and hands back the `answer`; then `join`
    gives it what to start with, or raises UserError when the answers say the
    session must not start. `close` runs after the screen has closed."""

    def question(self) -> Question | None: ...

    def answer(self, yes: bool) -> None: ...

    def join(
        self,
        exit: Callable[[], None],
        state: Callable[[], SessionState | None],
        notice: Callable[[str], None] | None = None,
    ) -> Joined:
        """`exit` ends the app; `state` is the engine's state now;
        `notice` shows a sentence on the session screen at once (a write to the
        history that failed, while the session goes on)."""
        ...

    def stop(self) -> None:
        """A signal is ending the program: close what has begun, at once."""
        ...

    def saved(self) -> str | None:
        """One line for the end screen: what of this session the history holds."""
        ...

    def close(self, exit_status: str | None) -> None: ...
