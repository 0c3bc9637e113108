"""Writes a running session into the history as its events arrive.

The UI subscribes a `HistoryRecorder` like any other `SessionListener`. Each
finished step is stored at once, so a crash loses at most the step in progress;
a write the disk refuses is told at once and tried again; SIGTERM and SIGHUP (a
closed terminal) close the session as 'stopped' first.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from backtimer.engine.types import Event, EventKind, SessionState, SessionStatus
from backtimer.errors import UserError
from backtimer.history.models import SessionRow
from backtimer.history.store import Store
from backtimer.routine.model import Routine
from backtimer.session import PainMoment


@dataclass(frozen=True)
class _Write:
    """One write of the session, kept until it is on disk."""

    part: Literal["start", "step", "pain", "end"]
    run: Callable[[], None]
    step: int | None = None


class HistoryRecorder:
    """One recorder per session.

    The session row is created when the engine reports SESSION_STARTED (a pain
    score given before that is kept until then), or, with `resume`, the interrupted
    session is taken up again so that both parts stay one session (a `resume` row
    that is 'running' was claimed already: `Store.claim_resume`). Active and paused
    time come from `state_provider` (the engine's state) when given; otherwise the
    steps' active time is summed.

    A failing write never breaks the session. It is told at once through
    `on_notice` (the session screen shows it), kept, and tried again, in order,
    with every later write: a disk that fills and is freed again loses nothing.
    `saved_text()` says for the end screen what is and is not in the history.
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
        on_notice: Callable[[str], None] | None = None,
        planned_steps: int | None = None,
    ) -> None:
        self.store = store
        self.planned_steps = planned_steps
        self.routine_name = routine_name
        self.routine_file = routine_file
        self.routine_hash = routine_hash
        self.state_provider = state_provider
        self.resume = resume
        self.on_notice = on_notice
        self.session_id: str | None = None
        self.status: SessionStatus | None = None  # set once finished
        self._begun = False
        self._pending_pain: dict[PainMoment, int] = {}
        self._base_active = resume.active_seconds if resume else 0.0
        self._base_paused = resume.paused_seconds if resume else 0.0
        self._notices: list[str] = []
        self._queue: list[_Write] = []  # not on disk yet, oldest first
        self._reason: str | None = None  # why the queue waits
        self._saved_steps: set[int] = set()

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

    @property
    def failed(self) -> bool:
        """Something of this session is not on disk (yet)."""
        return bool(self._queue)

    def on_event(self, event: Event) -> None:
        if event.kind is EventKind.SESSION_STARTED:
            self._start()
        elif event.kind is EventKind.STEP_FINISHED and event.result is not None:
            result = event.result
            self._start()
            if not self.finished:
                self._submit(
                    _Write(
                        "step",
                        lambda: self.store.record_step(self._id(), result),
                        result.step_index,
                    )
                )
        elif event.kind is EventKind.SESSION_FINISHED:
            self.finish(SessionStatus.COMPLETED)
        elif event.kind is EventKind.SESSION_STOPPED:
            self.finish(SessionStatus.after_stop(event.stop_reason))

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        if score is None:
            return
        if not self._begun:
            self._pending_pain[moment] = score
            return
        self._submit(_Write("pain", lambda: self.store.set_pain(self._id(), moment, score)))

    def set_note(self, text: str) -> str | None:
        """The person's note on this session (the end screen), stored with it; returns
        what was kept, or None when there is no session to keep it with or the
        write failed (then a notice says why). Tried even after a failed step write:
        the person typed it."""
        session_id = self.session_id
        if session_id is None:
            return None
        try:
            return self.store.set_note(session_id, text)
        except (UserError, sqlite3.Error, OSError) as error:
            self._notices.append(f"Your note was not saved: {error}")
            return None

    def finish(self, status: SessionStatus | str) -> None:
        """Close the session once; later calls (a signal after the end) do nothing."""
        if self.finished or not self._begun:
            return
        final = self.status = SessionStatus(status)
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
        self._submit(
            _Write("end", lambda: self.store.finish_session(self._id(), final, active, paused))
        )

    def retry(self) -> None:
        """Try once more what is not on disk yet (the last chance: at exit)."""
        if self._queue:
            self._flush()

    def take_notices(self) -> list[str]:
        """Each notice once, for the plain terminal after the screen has closed: what
        was told during the session, the store's own (a damaged database met
        mid-session was moved aside; recording went on in a new one), and what is
        still not saved."""
        self._take_store_notices()
        taken, self._notices = self._notices, []
        if self._queue:
            taken.append(self.saved_text())
        return taken

    def saved_text(self) -> str:
        """One line for the end screen: what of this session the history holds."""
        if not self._queue:
            return "Saved in your history."
        reason = (self._reason or "").strip()
        if self._queue[0].part == "start":
            return f"Not saved in your history: {reason}"
        unsaved_steps = sorted({w.step for w in self._queue if w.step is not None})
        unsaved = []
        if unsaved_steps:
            unsaved.append(_exercises(unsaved_steps))
        if any(w.part == "pain" for w in self._queue):
            unsaved.append("the pain score")
        if any(w.part == "end" for w in self._queue):
            unsaved.append("how it ended")
        saved = (
            _exercises(sorted(self._saved_steps - set(unsaved_steps)))
            if self._saved_steps
            else "its start"
        )
        return f"Saved: {saved}. Not saved: {' and '.join(unsaved)}. {reason}".strip()

    # -- writing --------------------------------------------------------------------

    def _id(self) -> str:
        assert self.session_id is not None  # the start is always written first
        return self.session_id

    def _start(self) -> None:
        if not self._begun:
            self._begun = True
            self._submit(_Write("start", self._begin))

    def _begin(self) -> None:
        """Idempotent: tried again after a failure, it never makes a second session."""
        if self.session_id is None:
            if self.resume is not None and self.resume.status is SessionStatus.RUNNING:
                self.session_id = self.resume.id  # claimed already (Store.claim_resume)
            elif self.resume is not None:
                self.session_id = self.store.resume_session(self.resume.id).id
            else:
                self.session_id = self.store.begin_session(
                    self.routine_name,
                    self.routine_file,
                    self.routine_hash,
                    planned_steps=self.planned_steps,
                )
        for moment, score in list(self._pending_pain.items()):
            self.store.set_pain(self.session_id, moment, score)
            del self._pending_pain[moment]

    def _submit(self, write: _Write) -> None:
        self._queue.append(write)
        self._flush()

    def _flush(self) -> None:
        """Write what waits, in order, up to the first failure."""
        was_failing = self._reason is not None
        while self._queue:
            write = self._queue[0]
            try:
                write.run()
            except (UserError, sqlite3.Error, OSError) as error:
                if self._reason is None:
                    self._tell(
                        f"History not saved: {_clause(str(error))}. The session goes on, "
                        "and saving is tried again after each exercise."
                    )
                self._reason = str(error)
                break
            self._queue.pop(0)
            if write.step is not None:
                self._saved_steps.add(write.step)
        else:
            if was_failing:
                self._reason = None
                self._tell("History saved again: nothing of this session is missing now.")
        self._take_store_notices()

    def _take_store_notices(self) -> None:
        for notice in self.store.take_notices():
            self._tell(notice)

    def _tell(self, notice: str) -> None:
        self._notices.append(notice)
        if self.on_notice is not None:
            # The screen may be gone; stderr still says it at exit.
            with contextlib.suppress(Exception):
                self.on_notice(notice)


def _clause(sentence: str) -> str:
    """'The disk … is full.' as a clause: 'the disk … is full'."""
    text = sentence.strip().rstrip(".")
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    return text


def _exercises(indexes: list[int]) -> str:
    """'exercise 3', 'exercises 1–3', 'exercises 1–2, 5'."""
    runs: list[str] = []
    start = prev = indexes[0]
    for index in [*indexes[1:], None]:
        if index is not None and index == prev + 1:
            prev = index
            continue
        runs.append(str(start + 1) if start == prev else f"{start + 1}–{prev + 1}")
        if index is not None:
            start = prev = index
    word = "exercise" if len(indexes) == 1 else "exercises"
    return f"{word} {', '.join(runs)}"


def install_signal_handlers(
    recorder: HistoryRecorder, exit: Callable[[int], None] | None = None
) -> Callable[[], None]:
    """On SIGTERM or SIGHUP, close the session as 'stopped' (a session already
    finished stays as it was), then exit with 128 + the signal number: through
    `exit` on the running event loop when given, else SystemExit (backtimer.signals).

    Call from the main thread. Returns a function that restores the previous handlers.
    """
    from backtimer import signals

    return signals.install(lambda: recorder.finish(SessionStatus.STOPPED), exit)
