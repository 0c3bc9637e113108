"""Everything a session says, delivered to every listener, each shielded from the others.

The engine hands each listener a batch of events whole before the next listener
hears it (backtimer/engine/engine.py), so history's durable write at a step's end
never delays the sound of the phase that starts with it. What this adds:

- one failing listener (a sound device gone, a full disk) must not end a workout:
  its failure is kept, the first one is reported once, and the others still hear;
- a pain answer given before history has joined (the first check-in is on screen
  while history opens) waits, and is told once history has joined.

No Textual here: the app gives `report`, which shows the first failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from backtimer.engine.engine import Engine
from backtimer.engine.types import Event
from backtimer.session import PainMoment, SessionListener


class Delivery:
    """The listeners of one session: sound, history, the trace, the desktop."""

    def __init__(
        self,
        listeners: Sequence[SessionListener] = (),
        *,
        joined: bool,
        report: Callable[[BaseException], None],
    ) -> None:
        self.listeners = tuple(listeners)
        # False until what joins after the first frame (history, sound) has joined.
        self.joined = joined
        self.errors: list[BaseException] = []  # every failure of a listener, in order
        self._report = report
        self._pains_waiting: list[tuple[PainMoment, int | None]] = []

    def join(self, listeners: Sequence[SessionListener]) -> None:
        """History and sound have joined: they hear from now on, and every
        listener hears the pain answers given meanwhile, in the order given."""
        self.joined = True
        self.listeners = (*self.listeners, *listeners)
        waiting, self._pains_waiting = self._pains_waiting, []
        for moment, score in waiting:
            self.tell_pain(moment, score)

    def subscribe(self, engine: Engine, *, leave_out: object = None) -> None:
        """Have `engine` tell every listener (except `leave_out`) its events."""
        for listener in self.listeners:
            if listener is not leave_out:
                engine.subscribe(self.guarded(listener))

    def guarded(self, listener: SessionListener) -> Callable[[Event], None]:
        """`listener.on_event`, with its failures kept instead of raised."""

        def deliver(event: Event) -> None:
            try:
                listener.on_event(event)
            except Exception as error:
                self.failed(error)

        return deliver

    def tell_pain(self, moment: PainMoment, score: int | None) -> None:
        """A pain answer (None: skipped) to every listener, or kept until they
        have joined."""
        if not self.joined:  # history hears it once it has joined
            self._pains_waiting.append((moment, score))
            return
        for listener in self.listeners:
            try:
                listener.on_pain(moment, score)
            except Exception as error:
                self.failed(error)

    def failed(self, error: BaseException) -> None:
        """Keep a failure of something in the background; report only the first."""
        self.errors.append(error)
        if len(self.errors) == 1:
            self._report(error)
