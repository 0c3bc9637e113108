"""The end of a session: the last pain question, the progressions settled, the summary.

The app decides that the session is over (its `_finish`, when the engine has
finished or stopped) and hands the rest to its `SessionEnd`: the boxes still open
over the session screen are closed, the last check-in is asked (always after a
pain stop: that number is what the stop is about, unless the page already gave
it), each progression's level is decided from what the history recorded, and the
summary is shown with what was done, a resumed session's first part included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from backtimer.engine.types import SessionStatus, StepResult

if TYPE_CHECKING:
    from textual.screen import Screen

    from backtimer.ui.app import BacktimerApp


class SessionEnd:
    """What the end needs besides the app's own state: how much of the session the
    history saved (`saved`), the progressions to settle and a resumed session's
    earlier results (once history has joined), and a pain score given on the page."""

    def __init__(self, app: BacktimerApp, saved: Callable[[], str | None] | None) -> None:
        self._app = app
        self._saved = saved
        # Decides the progressions' levels once the session is over (from history).
        self.settle: Callable[[], list[str]] | None = None
        self.earlier: tuple[StepResult, ...] = ()  # a resumed session's first part
        self._given_pain: int | None = None
        self._pain_given = False  # a pain stop from the page brought its score

    def give_pain(self, score: int | None, asked: bool) -> None:
        """A pain stop's score; `asked`: it was asked already (on the mirror page),
        so the terminal does not ask it again."""
        self._given_pain, self._pain_given = score, asked

    def begin(self, session_screen: Screen[Any] | None) -> None:
        """Close what is open over `session_screen`, then the last check-in (or
        straight to the summary)."""
        app = self._app
        # A question or help box may still be open over the session screen.
        while len(app.screen_stack) > 1 and app.screen is not session_screen:
            app.pop_screen()
        status = app.exit_status
        # A pain stop always asks how bad it is (enter skips), even without
        # check-ins: that number is what the stop is about.
        if status is SessionStatus.PAIN_STOP and self._pain_given:
            self._after_last_checkin(self._given_pain)
        elif app.checkin or status is SessionStatus.PAIN_STOP:
            from backtimer.ui.screens.checkin import CheckinScreen
            from backtimer.ui.screens.end import done_in_full

            moment = "stop" if status is SessionStatus.PAIN_STOP else "after"
            early = status is SessionStatus.STOPPED
            done = any(done_in_full(result) for result in self.whole_results())
            app.push_screen(CheckinScreen(moment, early=early, done=done), self._after_last_checkin)
        else:
            self._show()

    def _after_last_checkin(self, score: int | None) -> None:
        self._app.pain_after = score
        self._app.delivery.tell_pain("after", score)
        self._show()

    def _show(self) -> None:
        from backtimer.ui.screens.end import EndScreen, HomeEndScreen, Summary

        app = self._app
        engine = app.engine
        state = engine.state if engine is not None else None
        levels: list[str] = []
        if self.settle is not None:
            settle, self.settle = self.settle, None
            try:
                levels = settle()
            except Exception as error:  # a level not written must not hide the summary
                app.delivery.failed(error)
        summary = Summary(
            routine=app.routine.name,
            status=app.exit_status or SessionStatus.STOPPED,
            step_names=tuple(step.name for step in app.routine.steps),
            results=self.whole_results(),
            active_seconds=state.active_seconds if state is not None else 0.0,
            paused_seconds=state.paused_seconds if state is not None else 0.0,
            pain_before=app.pain_before,
            pain_after=app.pain_after,
            levels=tuple(levels),
            stopped_in=self._pain_stop_exercise(),
            saved=self._saved() if self._saved is not None else None,
            pain_asked=app.checkin or app.exit_status is SessionStatus.PAIN_STOP,
        )
        hook = app.open_history_hook
        end = (HomeEndScreen if app.from_home else EndScreen)(
            summary,
            keep_note=app.keep_note,
            leave=lambda: app.exit(app.exit_status),
            open_history=(lambda: hook(app)) if hook is not None else None,
        )
        if len(app.screen_stack) > 1:
            app.switch_screen(end)
        else:  # the session screen is the first screen: it stays, under the summary
            app.push_screen(end)

    def whole_results(self) -> tuple[StepResult, ...]:
        """This run's step results, and, for a resumed session, those recorded
        before the interruption that this run did not do again."""
        engine = self._app.engine
        now = list(engine.results) if engine is not None else []
        redone = {result.step_index for result in now}
        before = [r for r in self.earlier if r.step_index not in redone]
        return tuple(sorted(before + now, key=lambda result: result.step_index))

    def _pain_stop_exercise(self) -> str | None:
        """The exercise a pain stop came in, for the end screen's words."""
        app = self._app
        engine = app.engine
        if engine is None or app.exit_status is not SessionStatus.PAIN_STOP:
            return None
        index = engine.state.step_index
        steps = app.routine.steps
        return steps[index].name if 0 <= index < len(steps) else None
