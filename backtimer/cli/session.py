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
from backtimer.terminal import prepare_screen, require_terminal

if TYPE_CHECKING:
    from backtimer.mirror.address import MirrorPlan
    from backtimer.routine.model import Routine
    from backtimer.session import SessionListener


def start(args: argparse.Namespace) -> int:
    from backtimer.routine.find import find_routine

    path = find_routine(args.routine)
    return start_path(
        str(path),
        mute=bool(args.mute),
        checkin=not args.no_checkin,
        resume_ready=float(args.resume_ready),
        keep_awake=not args.no_inhibit,
        verbose=bool(getattr(args, "verbose", False)),
        mirror=getattr(args, "mirror", None),
    )


def start_path(
    path: str,
    *,
    mute: bool = False,
    checkin: bool = True,
    resume_ready: float = 3.0,
    keep_awake: bool = True,
    verbose: bool = False,
    mirror: str | None = None,
    from_home: bool = False,
) -> int:
    """Load the routine at `path` (its problems printed as `validate` prints them,
    exit 1, before any screen opens), then run it."""
    from backtimer.routine.cache import load_routine_cached
    from backtimer.routine.problems import RoutineError

    try:
        routine = load_routine_cached(path, report=_say if verbose else None)
    except RoutineError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    require_terminal("start")
    from backtimer.cli.config_check import check_session_config

    check_session_config()  # every mistake in config.toml at once, before any screen
    plan = mirror_plan(mirror)
    try:
        return run_session(
            routine,
            mute=mute,
            checkin=checkin,
            resume_ready=resume_ready,
            keep_awake=keep_awake,
            mirror=plan,
            from_home=from_home,
        )
    finally:
        if plan is not None:
            plan.sock.close()


MIRROR_MODULES = ("aiohttp", "aiohttp_sse", "segno")


def mirror_plan(asked: str | None) -> MirrorPlan | None:
    """The mirror's socket and token when `--mirror` (or the config's [mirror]
    address) asks for one; its mistakes are said here, before any screen."""
    if asked is None:
        from backtimer.mirror.settings import configured_address

        asked = configured_address()
        if asked is None:
            return None
    import importlib.util

    missing = [name for name in MIRROR_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(
            "--mirror needs the optional web parts, which are not installed: "
            "pip install 'backtimer[mirror]' (scripts/setup.sh installs them)"
        )
    from backtimer.mirror.address import prepare

    return prepare(asked)


def _say(sentence: str) -> None:
    print(f"backtimer: {sentence}", file=sys.stderr)


def home(args: argparse.Namespace) -> int:
    """`backtimer` alone: the home screen picks a routine, it runs, and when its
    summary closes the home screen is back (with that session among the last
    ones), until the home screen is quit. A routine that cannot start ends the
    loop, so its problems stay on the terminal."""
    try:
        history_app = importlib.import_module("backtimer.ui.history_app")
    except ImportError:
        print("Start a routine with: backtimer start ROUTINE   (see: backtimer list)")
        return 0
    while True:
        chosen = history_app.run_home()
        if not chosen:
            return 0
        code = start_path(str(chosen), from_home=True)
        if code:
            return code


def run_session(
    routine: Routine,
    *,
    resume_ready: float = 3.0,
    mute: bool = False,
    checkin: bool = True,
    start_at_step: int = 0,
    keep_awake: bool = True,
    mirror: MirrorPlan | None = None,
    from_home: bool = False,
) -> int:
    """Run one session of `routine` in the terminal; the exit code says how it ended
    (0: stopping early, even for pain, is not an error; 128 + N: signal N ended it)."""
    from backtimer.cli.session_setup import SessionSetup

    # History and sound join once the first frame is out; the sound config is read
    # now, so that a broken one is reported here like every mistake before a screen.
    setup = SessionSetup(routine, mute=mute, start_at_step=start_at_step, keep_awake=keep_awake)
    listeners: list[SessionListener] = []

    from backtimer import signals, trace  # trace: BACKTIMER_TRACE, the benchmark's timings

    tracer = trace.from_env()
    if tracer is not None:
        # First: it stamps when the engine handed an event out, before any other
        # listener (history's durable write) has taken its time.
        listeners.append(tracer)

    from backtimer.ui.app import create_app

    app = create_app(
        routine,
        listeners=listeners,
        setup=setup,
        checkin=checkin,
        resume_ready=resume_ready,
        start_at_step=start_at_step,
        open_history=_history_opener(),
        mirror=mirror,
        from_home=from_home,
    )
    try:
        # SIGTERM and SIGHUP end it from every screen, questions and summary included,
        # with the session closed in the history first (backtimer/signals.py).
        with signals.ending(app, setup.stop) as signalled:
            prepare_screen()
            app.run()
    finally:
        setup.close(app.exit_status)
    if app.refused is not None:
        raise app.refused
    return signalled[0] if signalled else 0


def _history_opener() -> Callable[[Any], None]:
    """The end screen's 'h': the history screen over the summary."""

    def open_history(app: Any) -> None:
        from backtimer.ui.history_app import open_history as open_screen

        open_screen(app)

    return open_history
