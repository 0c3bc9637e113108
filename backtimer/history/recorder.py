"""Writes a running session into the history as its events arrive.

The UI subscribes a `HistoryRecorder` like any other `SessionListener`. Each
finished step is stored at once, so a crash loses at most the step in progress;
SIGTERM and SIGHUP (a closed terminal) close the session as 'stopped' first.
"""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Callable
from types import FrameType

from backtimer.engine.types import Event, EventKind, SessionState
from backtimer.errors import UserError
from backtimer.history.models import SessionRow, SessionStatus
from backtimer.history.store import Store
from backtimer.routine.model import Routine
from backtimer.session import PainMoment


class HistoryRecorder:
    """One recorder per session.

    The session row is created when the engine reports SESSION_STARTED (a pain
    score given before that is kept until then), or, with `resume`, the interrupted
    session is taken up again so that both parts stay one session. Active and paused
    time come from `state_provider` (the engine's state) when given; otherwise the
    steps' active time is summed. A failing write never breaks the session: it
    becomes a notice (`take_notices()`) and recording stops.
    """

    def __init__(
        self,
        store: Store,
        routine_name: str,
        routine_file: str = "",
        routine_hash: str = "",
        *,
        state_provider: Callable[[], SessionState | None] | None = None,
        resume: SessionRow | None = None,
        planned_steps: int | None = None,
    ) -> None:
        self.store = store
        self.planned_steps = planned_steps
        self.routine_name = routine_name
        self.routine_file = routine_file
        self.routine_hash = routine_hash
        self.state_provider = state_provider
        self.resume = resume
        self.session_id: str | None = None
        self.status: SessionStatus | None = None  # set once finished
        self.failed = False
        self._pending_pain: dict[PainMoment, int] = {}
        self._base_active = resume.active_seconds if resume else 0.0
        self._base_paused = resume.paused_seconds if resume else 0.0
        self._notices: list[str] = []

    @classmethod
    def for_routine(
        cls,
        store: Store,
        routine: Routine,
        *,
        state_provider: Callable[[], SessionState | None] | None = None,
        resume: SessionRow | None = None,
    ) -> HistoryRecorder:
        return cls(
            store,
            routine.name,
            routine.path or "",
            routine.source_hash or "",
            state_provider=state_provider,
            resume=resume,
            planned_steps=len(routine.steps),
        )

    @property
    def finished(self) -> bool:
        return self.status is not None

    def on_event(self, event: Event) -> None:
        if event.kind is EventKind.SESSION_STARTED:
            self._guard(self._begin)
        elif event.kind is EventKind.STEP_FINISHED and event.result is not None:
            result = event.result
            self._guard(self._begin)
            if self.session_id is not None and not self.finished:
                session_id = self.session_id
                self._guard(lambda: self.store.record_step(session_id, result))
        elif event.kind is EventKind.SESSION_FINISHED:
            self.finish(SessionStatus.COMPLETED)
        elif event.kind is EventKind.SESSION_STOPPED:
            self.finish(SessionStatus.PAIN_STOP if event.value == "pain" else SessionStatus.STOPPED)

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        if score is None:
            return
        if self.session_id is None:
            self._pending_pain[moment] = score
            return
        session_id = self.session_id
        self._guard(lambda: self.store.set_pain(session_id, moment, score))

    def finish(self, status: SessionStatus | str) -> None:
        """Close the session once; later calls (a signal after the end) do nothing."""
        if self.finished or self.session_id is None:
            return
        self.status = SessionStatus(status)
        active: float | None = None
        paused: float | None = None
        if self.state_provider is not None:
            try:
                state = self.state_provider()
            except Exception:  # the engine's state is a nicety here, never a reason to lose data
                state = None
            if state is not None:
                active = self._base_active + state.active_seconds
                paused = self._base_paused + state.paused_seconds
        session_id = self.session_id
        self._guard(
            lambda: self.store.finish_session(session_id, self.status or status, active, paused)
        )

    def take_notices(self) -> list[str]:
        """Each notice once: the recorder's own, and the store's (a damaged database
        met mid-session was moved aside; recording went on in a new one)."""
        taken, self._notices = self._notices, []
        return self.store.take_notices() + taken

    def _begin(self) -> None:
        if self.session_id is not None:
            return
        if self.resume is not None:
            self.session_id = self.store.resume_session(self.resume.id).id
        else:
            self.session_id = self.store.begin_session(
                self.routine_name,
                self.routine_file,
                self.routine_hash,
                planned_steps=self.planned_steps,
            )
        for moment, score in self._pending_pain.items():
            self.store.set_pain(self.session_id, moment, score)
        self._pending_pain.clear()

    def _guard(self, write: Callable[[], None]) -> None:
        if self.failed:
            return
        try:
            write()
        except (UserError, sqlite3.Error, OSError) as error:
            self.failed = True
            self._notices.append(f"History not saved from here on: {error}")


def install_signal_handlers(
    recorder: HistoryRecorder, exit: Callable[[int], None] | None = None
) -> Callable[[], None]:
    """On SIGTERM or SIGHUP, close the session as 'stopped', then exit with 128 +
    the signal number (through `exit`, e.g. the app's own exit, when given).

    Call from the main thread. Returns a function that restores the previous handlers.
    """

    def handle(signum: int, frame: FrameType | None) -> None:
        recorder.finish(SessionStatus.STOPPED)
        if exit is not None:
            exit(128 + signum)
        else:
            raise SystemExit(128 + signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handle)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore
