"""`backtimer start ROUTINE` and `backtimer` alone: the commands that draw.

Everything that can go wrong before the screen opens (no such routine, a broken
file, no terminal) is reported here, on the plain terminal, so a user never has
to read an error off a full-screen UI. Textual is imported only after that.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from backtimer.errors import UserError

if TYPE_CHECKING:
    from backtimer.routine.model import Routine
    from backtimer.session import SessionListener, SoundControl


def start(args: argparse.Namespace) -> int:
    from backtimer.routine.find import find_routine

    path = find_routine(args.routine)
    return start_path(
        str(path),
        mute=bool(args.mute),
        checkin=not args.no_checkin,
        resume_ready=float(args.resume_ready),
    )


def start_path(
    path: str, *, mute: bool = False, checkin: bool = True, resume_ready: float = 3.0
) -> int:
    """Load the routine at `path` (its problems printed as `validate` prints them,
    exit 1, before any screen opens), then run it."""
    from backtimer.routine.load import load_routine
    from backtimer.routine.problems import RoutineError

    try:
        routine = load_routine(path)
    except RoutineError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    require_terminal("start")
    return run_session(routine, mute=mute, checkin=checkin, resume_ready=resume_ready)


def home(args: argparse.Namespace) -> int:
    """`backtimer` alone: the home screen picks a routine, then it runs."""
    try:
        history_app = importlib.import_module("backtimer.ui.history_app")
    except ImportError:
        print("Start a routine with: backtimer start ROUTINE   (see: backtimer list)")
        return 0
    chosen = history_app.run_home()
    if not chosen:
        return 0
    return start_path(str(chosen))


def require_terminal(command: str) -> None:
    """A full-screen UI on a pipe would hang or spray escape codes: refuse early."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        name = f"backtimer {command}".strip()
        raise UserError(
            f"{name} needs a terminal: run it in an interactive terminal, not through "
            "a pipe or a redirect (`backtimer show ROUTINE` prints the plan as text)"
        )


def run_session(
    routine: Routine,
    *,
    resume_ready: float = 3.0,
    mute: bool = False,
    checkin: bool = True,
    start_at_step: int = 0,
) -> int:
    """Run one session of `routine` in the terminal; the exit code says how it ended
    (always 0: stopping early, even for pain, is not an error)."""
    listeners: list[SessionListener] = []
    notices: list[str] = []

    # The sound is made once the first frame is out (the screen does not need it
    # to draw), from a config read now: a broken config file is reported here,
    # on the plain terminal, like every other mistake before the screen opens.
    make_sound = _sound_maker(routine, mute)

    history = _open_history(routine, start_at_step)
    reps: dict[int, int] | None = None
    if history is not None:
        listeners.append(history.recorder)
        reps = history.reps
        start_at_step = history.start_at_step
        notices.extend(history.notices)

    from backtimer import trace  # BACKTIMER_TRACE: the session benchmark's timing trace

    tracer = trace.from_env()
    if tracer is not None:
        # First: it stamps when the engine handed an event out, before any other
        # listener (history's durable write) has taken its time.
        listeners.insert(0, tracer)

    from backtimer.ui.app import create_app

    app = create_app(
        routine,
        listeners=listeners,
        make_sound=make_sound,
        checkin=checkin,
        resume_ready=resume_ready,
        start_at_step=start_at_step,
        reps=reps,
        notices=notices,
        open_history=_history_opener(),
    )
    restore_signals = None
    if history is not None:
        from backtimer.history.recorder import install_signal_handlers

        recorder = history.recorder
        recorder.state_provider = lambda: app.engine.state  # type: ignore[union-attr]
        restore_signals = install_signal_handlers(recorder, exit=lambda code: app.exit())
    try:
        app.run()
    finally:
        if restore_signals is not None:
            restore_signals()
        if history is not None:
            history.close(app.exit_status)
    return 0


def _sound_maker(routine: Routine, mute: bool) -> Callable[[], SoundControl | None]:
    """Read (and check) the sound config now; build the sound when called."""
    from backtimer.audio.config import load_config

    config = load_config()
    config.for_routine(routine.sound, f"routine {routine.name!r}")  # its UserError, now

    def make_sound() -> SoundControl | None:
        from backtimer.audio.service import create_sound

        # The device is opened on the sound thread while the session gets going.
        sound: SoundControl = create_sound(routine, mute=mute, config=config, defer=True)
        return sound

    return make_sound


def _history_opener() -> Callable[[Any], None]:
    """The end screen's 'h': the history screen over the summary."""

    def open_history(app: Any) -> None:
        from backtimer.ui.history_app import open_history as open_screen

        open_screen(app)

    return open_history


class _History:
    """The history side of one session: its recorder, progression reps, and where
    to start (a resumed session carries on at the step where it stopped)."""

    def __init__(self, store: Any, recorder: Any, reps: dict[int, int], start_at_step: int):
        self.store = store
        self.recorder = recorder
        self.reps = reps
        self.start_at_step = start_at_step
        self.notices: list[str] = list(store.take_notices())

    def close(self, exit_status: str | None) -> None:
        """A session the app left without an ending (a crash inside the UI) is kept
        as stopped rather than left running."""
        if exit_status is None:
            from backtimer.history.models import SessionStatus

            self.recorder.finish(SessionStatus.STOPPED)
        # Said on the plain terminal after the screen closes: a failed save or a
        # damaged database met mid-session must never go unmentioned.
        for notice in self.recorder.take_notices():
            print(f"backtimer: {notice}", file=sys.stderr)
        self.store.close()


def _open_history(routine: Routine, start_at_step: int) -> _History | None:
    """Open the store before the screen does, so that every question (run without
    saving? resume?) is asked on the plain terminal. None: run without history."""
    from backtimer.history.recorder import HistoryRecorder, progression_reps
    from backtimer.history.store import Store

    try:
        store = Store.open()
    except UserError as error:
        print(f"backtimer: {error}", file=sys.stderr)
        if not _ask("Run this session anyway, without saving it? [y/N] ", default=False):
            raise UserError("nothing was started; fix the folder and try again") from None
        return None
    resume = None
    interrupted = store.last_interrupted(routine.name)
    if start_at_step == 0 and interrupted is not None:
        step = interrupted.next_step
        if 0 < step < len(routine.steps):
            name = routine.steps[step].name
            question = (
                f"Your last session of {routine.name} was interrupted before step "
                f"{step + 1} of {len(routine.steps)} ({name}). Resume there? [Y/n] "
            )
            if _ask(question, default=True):
                resume, start_at_step = interrupted, step
    recorder = HistoryRecorder.for_routine(store, routine, resume=resume)
    return _History(store, recorder, progression_reps(store, routine), start_at_step)


def _ask(question: str, *, default: bool) -> bool:
    try:
        answer = input(question).strip().lower()
    except EOFError:
        return default
    if not answer:
        return default
    return answer.startswith("y")
