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

from backtimer.engine.types import SessionState, StepResult
from backtimer.errors import UserError
from backtimer.session import Joined, Question

if TYPE_CHECKING:
    from backtimer.desktop.awake import ScreenAwake
    from backtimer.history.models import SessionRow
    from backtimer.history.recorder import HistoryRecorder
    from backtimer.history.store import Store
    from backtimer.routine.model import Routine


class SessionSetup:
    """See the module docstring; the app drives it (backtimer.session.SessionSetup)."""

    def __init__(
        self, routine: Routine, *, mute: bool, start_at_step: int = 0, keep_awake: bool = True
    ) -> None:
        from backtimer.audio.config import load_config
        from backtimer.desktop.awake import keep_awake_setting

        self._routine = routine
        self._mute = mute
        self._start_at_step = start_at_step
        self._sound_config = load_config()
        # The routine's own `sound:` settings: their mistakes, too, before any screen.
        self._sound_config.for_routine(routine.sound, f"routine {routine.name!r}")
        # --no-inhibit, or `[screen] keep_awake = false` (its mistakes before any screen).
        self._keep_awake = keep_awake_setting() and keep_awake
        self._awake: ScreenAwake | None = None
        from backtimer.history.resume import load_rule

        self._resume_rule = load_rule()  # its `[history]` mistakes, too
        self._opened = False
        self._store: Store | None = None
        self._recorder: HistoryRecorder | None = None
        self._problem: str | None = None  # why the history cannot be kept
        self._unsaved: bool | None = None  # the answer to "run without saving?"
        self._interrupted: SessionRow | None = None
        self._resume: bool | None = None  # the answer to "resume there?"
        self._claimed: SessionRow | None = None  # resumed, and taken by this terminal
        self._changed = False  # the routine file is not what that session ran
        self._lost = False  # another terminal resumed it between question and answer
        self._fresh: bool | None = None  # the answer to "start a fresh session?"

    # -- the questions --------------------------------------------------------------

    def question(self) -> Question | None:
        self._open()
        if self._problem is not None and self._unsaved is None:
            return Question(
                self._problem, "Run this session anyway, without saving it?", default=False
            )
        interrupted = self._interrupted
        if interrupted is None or self._fresh is not None:
            return None
        routine = self._routine
        if self._changed:
            return Question(
                f"Your last session of {routine.name} was interrupted, but the routine has "
                "changed since, so it cannot be resumed.",
                "Start a fresh session?",
                default=True,
            )
        if self._lost:
            return Question(
                f"Your last session of {routine.name} has just been resumed in another terminal.",
                "Start a fresh session here?",
                default=False,
            )
        if self._resume is None:
            step = interrupted.next_step
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
        elif self._interrupted is None or self._fresh is not None:
            return
        elif self._changed or self._lost:
            self._fresh = yes
        elif self._resume is None:
            self._resume = yes
            if yes:
                self._claim()

    def _claim(self) -> None:
        """Take the session for this terminal now, before anything starts: of two
        terminals that both answered yes, the second learns it here."""
        store, interrupted = self._store, self._interrupted
        assert store is not None and interrupted is not None
        try:
            claimed = store.claim_resume(interrupted.id)
        except UserError as error:  # cannot write: the same question as at opening
            store.close()
            self._store = None
            self._interrupted = None
            self._problem = str(error)
            return
        if claimed is None:
            self._lost = True
        else:
            self._claimed = claimed

    # -- joining --------------------------------------------------------------------

    def join(
        self,
        exit: Callable[[], None],
        state: Callable[[], SessionState | None],
        notice: Callable[[str], None] | None = None,
    ) -> Joined:
        self._open()
        if self._problem is not None and not self._unsaved:
            # Said again on the plain terminal, where it stays once the screen is gone.
            reason = self._problem.rstrip(".")
            raise UserError(f"{reason}: nothing was started; fix the folder and try again")
        if self._fresh is False:
            raise NothingStarted("Nothing was started.")
        joined = Joined()
        resume = self._claimed
        if resume is not None:
            joined.start_at_step = resume.next_step
            joined.earlier = self._earlier_results(resume.id)
        if self._store is not None:
            from backtimer.history import progression
            from backtimer.history.recorder import HistoryRecorder

            recorder = HistoryRecorder.for_routine(
                self._store, self._routine, resume=resume, state_provider=state
            )
            recorder.on_notice = notice
            self._recorder = recorder
            joined.listeners.append(recorder)
            joined.keep_note = recorder.set_note
            standings = progression.standings(self._store, self._routine)
            joined.reps = {index: s.level for index, s in standings.items()}
            said = [f"{s.step_name} {s.last.explanation}" for s in standings.values() if s.last]
            if said:  # one notice: where each level stands after the last session, and why
                joined.notices.append("\n".join(said))
            joined.settle = self._settle
            joined.notices.extend(self._store.take_notices())

        if self._keep_awake:
            from backtimer.desktop.awake import ScreenAwake

            # Its D-Bus calls run on its own thread, from the session's first event.
            self._awake = ScreenAwake()
            joined.listeners.append(self._awake)

        from backtimer.audio.service import create_sound

        # The device is opened on the sound thread while the session gets going.
        sound = create_sound(self._routine, mute=self._mute, config=self._sound_config, defer=True)
        joined.sound = sound
        joined.listeners.append(sound)
        return joined

    def _earlier_results(self, session_id: str) -> tuple[StepResult, ...]:
        """What the resumed session recorded before it was interrupted."""
        if self._store is None:
            return ()
        try:
            row = self._store.session(session_id)
        except UserError:
            return ()
        if row is None:
            return ()
        return tuple(
            StepResult(
                step_index=s.step_index,
                name=s.name,
                kind=s.kind,
                planned_reps=s.planned_reps,
                done_reps=s.done_reps,
                planned_sets=s.planned_sets,
                done_sets=s.done_sets,
                planned_sides=s.planned_sides,
                done_sides=s.done_sides,
                planned_seconds=s.planned_seconds,
                active_seconds=s.active_seconds,
                skipped=s.skipped,
            )
            for s in row.steps
        )

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

    def stop(self) -> None:
        """A signal ends the program (backtimer.signals): the session, if it has
        begun, is closed in the history at once as 'stopped', before the screen goes."""
        if self._recorder is not None:
            from backtimer.engine.types import SessionStatus

            self._recorder.finish(SessionStatus.STOPPED)

    def saved(self) -> str | None:
        if self._recorder is not None:
            return self._recorder.saved_text()
        if self._unsaved:
            return "Not saved: this session ran without a history."
        return None

    def close(self, exit_status: str | None) -> None:
        """After the screen: a session the app left without an ending (a crash
        inside the UI) is kept as stopped rather than left running, and what went
        wrong with saving is said on the plain terminal."""
        if self._awake is not None:
            self._awake.close()
        recorder = self._recorder
        if recorder is not None:
            if exit_status is None:
                from backtimer.engine.types import SessionStatus

                recorder.finish(SessionStatus.STOPPED)
            recorder.retry()  # the last chance for what a full disk refused
            for notice in recorder.take_notices():
                print(f"backtimer: {notice}", file=sys.stderr)
        if self._store is not None:
            self._refresh_status(self._store)
            self._store.close()

    def _refresh_status(self, store: Store) -> None:
        """Keep `backtimer status` right: after a session of a scheduled routine, and
        on the day's first session of any (a routine file may have changed)."""
        from backtimer import status_file

        if self._routine.schedule is None and status_file.written_today():
            return
        status_file.refresh_from(store)

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
            self._start_at_step != 0
            or interrupted is None
            or not 0 < interrupted.next_step < len(self._routine.steps)
        ):
            return
        from backtimer.history.resume import Verdict

        verdict = self._resume_rule.judge(
            interrupted, self._routine.source_hash or "", store.now(), store.tz
        )
        if verdict in (Verdict.RESUME, Verdict.CHANGED):
            self._interrupted = interrupted
            self._changed = verdict is Verdict.CHANGED


class NothingStarted(UserError):
    """The person chose not to start (a fresh session instead of a lost resume)."""

    exit_code = 0
