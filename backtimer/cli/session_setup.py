"""History and sound for one `backtimer start`, joined after the first frame.

Opening the history (SQLite, its migrations, the crash check) and making the
sound cost more than the rest of the start-up together, and the first frame
needs neither. So the screen comes first, and the app then asks this object,
before the engine starts, for anything to ask the user and for what to start
with. A broken sound config is still found before any screen: it is read when
this object is made.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from backtimer.errors import UserError
from backtimer.session import Joined, Question, SessionState

if TYPE_CHECKING:
    from backtimer.history.models import SessionRow
    from backtimer.history.recorder import HistoryRecorder
    from backtimer.history.store import Store
    from backtimer.routine.model import Routine


class SessionSetup:
    """See the module docstring; the app drives it (backtimer.session.SessionSetup)."""

    def __init__(self, routine: Routine, *, mute: bool, start_at_step: int = 0) -> None:
        from backtimer.audio.config import load_config

        self._routine = routine
        self._mute = mute
        self._start_at_step = start_at_step
        self._sound_config = load_config()
        # The routine's own `sound:` settings: their mistakes, too, before any screen.
        self._sound_config.for_routine(routine.sound, f"routine {routine.name!r}")
        self._opened = False
        self._store: Store | None = None
        self._recorder: HistoryRecorder | None = None
        self._restore_signals: Callable[[], None] | None = None
        self._problem: str | None = None  # why the history cannot be kept
        self._unsaved: bool | None = None  # the answer to "run without saving?"
        self._interrupted: SessionRow | None = None
        self._resume: bool | None = None  # the answer to "resume there?"

    # -- the questions --------------------------------------------------------------

    def question(self) -> Question | None:
        self._open()
        if self._problem is not None and self._unsaved is None:
            return Question(
                self._problem, "Run this session anyway, without saving it?", default=False
            )
        interrupted = self._interrupted
        if interrupted is not None and self._resume is None:
            step = interrupted.next_step
            routine = self._routine
            return Question(
                f"Your last session of {routine.name} was interrupted before step "
                f"{step + 1} of {len(routine.steps)} ({routine.steps[step].name}).",
                "Resume there?",
                default=True,
            )
        return None

    def answer(self, yes: bool) -> None:
        if self._problem is not None and self._unsaved is None:
            self._unsaved = yes
        elif self._interrupted is not None and self._resume is None:
            self._resume = yes

    # -- joining --------------------------------------------------------------------

    def join(self, exit: Callable[[], None], state: Callable[[], SessionState | None]) -> Joined:
        self._open()
        if self._problem is not None and not self._unsaved:
            # Said again on the plain terminal, where it stays once the screen is gone.
            reason = self._problem.rstrip(".")
            raise UserError(f"{reason}: nothing was started; fix the folder and try again")
        joined = Joined()
        resume = self._interrupted if self._resume else None
        if resume is not None:
            joined.start_at_step = resume.next_step
        if self._store is not None:
            from backtimer.history import progression
            from backtimer.history.recorder import HistoryRecorder, install_signal_handlers

            recorder = HistoryRecorder.for_routine(
                self._store, self._routine, resume=resume, state_provider=state
            )
            self._recorder = recorder
            self._restore_signals = install_signal_handlers(recorder, exit=lambda code: exit())
            joined.listeners.append(recorder)
            standings = progression.standings(self._store, self._routine)
            joined.reps = {index: s.level for index, s in standings.items()}
            said = [f"{s.step_name} {s.last.explanation}" for s in standings.values() if s.last]
            if said:  # one notice: where each level stands after the last session, and why
                joined.notices.append("\n".join(said))
            joined.settle = self._settle
            joined.notices.extend(self._store.take_notices())

        from backtimer.audio.service import create_sound

        # The device is opened on the sound thread while the session gets going.
        sound = create_sound(self._routine, mute=self._mute, config=self._sound_config, defer=True)
        joined.sound = sound
        joined.listeners.append(sound)
        return joined

    def _settle(self) -> list[str]:
        """The progressions' levels after this session, decided once it is over
        (see backtimer.history.progression); nothing when it was not recorded."""
        recorder, store = self._recorder, self._store
        if recorder is None or store is None or recorder.session_id is None:
            return []
        if recorder.failed or not recorder.finished:
            return []
        import sqlite3

        from backtimer.history import progression

        try:
            changes = progression.settle(store, self._routine, recorder.session_id)
        except (UserError, sqlite3.Error, OSError) as error:
            return [f"The progression was not updated: {error}"]
        return [f"{c.step_name} — {c.explanation}" for c in changes]

    def close(self, exit_status: str | None) -> None:
        """After the screen: a session the app left without an ending (a crash
        inside the UI) is kept as stopped rather than left running, and what went
        wrong with saving is said on the plain terminal."""
        if self._restore_signals is not None:
            self._restore_signals()
        recorder = self._recorder
        if recorder is not None:
            if exit_status is None:
                from backtimer.history.models import SessionStatus

                recorder.finish(SessionStatus.STOPPED)
            for notice in recorder.take_notices():
                print(f"backtimer: {notice}", file=sys.stderr)
        if self._store is not None:
            self._store.close()

    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        from backtimer.history.store import Store

        try:
            store = Store.open()
        except UserError as error:
            self._problem = str(error)
            return
        try:
            interrupted = store.last_interrupted(self._routine.name)
        except UserError as error:  # opened, but cannot be read: the same question
            store.close()
            self._problem = str(error)
            return
        self._store = store
        if (
            self._start_at_step == 0
            and interrupted is not None
            and 0 < interrupted.next_step < len(self._routine.steps)
        ):
            self._interrupted = interrupted
