"""The Textual app of a session: check-in, the session screen, check-in, summary.

The engine owns the schedule; the app only asks it what is due, through
`WakeScheduler` (backtimer/wakeups.py): one wake-up for when something next
changes, an absolute deadline on the event loop, and on a real terminal each
boundary's frame drawn ahead and held until its moment (see presenter.py).
Everything the engine says goes to every listener (sound, history), each shielded
from the others' failures (`Delivery`, backtimer/delivery.py). The session screen
knows the app only as its `SessionHost` (host.py); the garbage collector is frozen
once the session is on screen (garbage.py).

What is left here: joining history and sound after the first frame, the keys'
effects, and when the session is over; the boxes that pause the session while
they are open (the help, the quit question, the command palette, the mirror's
address) are `HeldBoxes` (held.py), and the last check-in and the summary are
`SessionEnd` (ending.py).

Only what the first frame needs is imported at module level: the end, help and
confirm screens load when they are first shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from backtimer.delivery import Delivery
from backtimer.engine.clock import Clock, monotonic
from backtimer.engine.types import (
    Event,
    EventKind,
    SessionState,
    SessionStatus,
    Status,
    StopReason,
)
from backtimer.errors import UserError
from backtimer.routine.model import Routine
from backtimer.session import Joined, SessionListener, SessionSetup, SoundControl
from backtimer.ui import keymap, preferences
from backtimer.ui.ending import SessionEnd
from backtimer.ui.garbage import GarbageFreezer, freeze_garbage_later
from backtimer.ui.held import HeldBoxes
from backtimer.ui.presenter import Presenter, presenting
from backtimer.wakeups import WakeScheduler

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from backtimer.engine.engine import Engine
    from backtimer.mirror.address import MirrorPlan
    from backtimer.ui.mirror_link import MirrorLink
    from backtimer.ui.screens.session import SessionScreen

# What the first frame does not need (history, sound) joins this long after that
# frame was handed to Textual's writer thread, which needs the interpreter for a
# moment to write it, and before the session starts.
JOIN_AFTER = 0.01

NOTICE_SECONDS = 20  # long enough to be read between two exercises

# What a key typed while the app closes must not start (the palette's history,
# a pain stop): the closing app would have nothing to show it on.
CLOSED_ACTIONS = frozenset({"command_palette", "pain_stop", "quit"})


class BacktimerApp(App[str | None]):
    CSS_PATH = "backtimer.tcss"
    TITLE = "backtimer"
    # Keys that work on every screen of a session. ctrl+q and ctrl+c do what q
    # does (Textual's own quit at once, and ctrl+c only told how to quit). The
    # boxes over the session (help, questions, check-ins) are modal, which hides
    # these from them: they bind `!` and ctrl+c themselves (backtimer.ui.keys).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip="Quit this session (asks first; what you did is kept)",
        ),
        Binding("ctrl+c", "quit", "Quit", show=False, system=True),
        Binding("exclamation_mark", "pain_stop", "Pain stop", show=False, id="app.pain-stop"),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        clock: Clock = monotonic,
        listeners: Sequence[SessionListener] = (),
        sound: SoundControl | None = None,
        checkin: bool = True,
        resume_ready: float = 3.0,
        start_at_step: int = 0,
        reps: Mapping[int, int] | None = None,
        notices: Sequence[str] = (),
        open_history: Callable[[App[Any]], None] | None = None,
        setup: SessionSetup | None = None,
        mirror: MirrorPlan | None = None,
        from_home: bool = False,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.clock = clock
        self.sound = sound
        self.checkin = checkin
        self.resume_ready = resume_ready
        self.start_at_step = start_at_step
        self.reps = dict(reps) if reps else None
        self.notices = tuple(notices)
        self.open_history_hook = open_history
        self.from_home = from_home  # closing the summary goes back to the home screen
        self.keep_note: Callable[[str], str | None] | None = None  # set once history joins
        # History and sound, joined once the first frame is out and before the
        # session starts (backtimer.session.SessionSetup).
        self._setup = setup
        # Every listener hears every event; pain answers wait for history to join.
        self.delivery = Delivery(listeners, joined=setup is None, report=self._background_failed)
        # The session screen is up, its engine not started yet: with the reps it
        # was planned with.
        self._pending: tuple[Engine, SessionScreen, dict[int, int] | None] | None = None
        self.refused: UserError | None = None  # the answers said: do not start
        self.engine: Engine | None = None
        self.exit_status: SessionStatus | None = None
        self.pain_before: int | None = None
        self.pain_after: int | None = None
        # Arms the wake-ups of the running session (made when it starts).
        self.wakes: WakeScheduler | None = None
        self._session_screen: SessionScreen | None = None
        self._ending = False
        self._exit_asked = False  # exit was asked: keys typed meanwhile do nothing
        self._garbage = GarbageFreezer()
        # The page for a phone or TV (--mirror): served once the first frame is out.
        self._mirror_plan = mirror
        self.mirror: MirrorLink | None = None
        # The last check-in, the progressions settled and the summary (ending.py).
        self.ending = SessionEnd(self, saved=setup.saved if setup is not None else None)
        # The help, the quit question, the palette or the mirror's address, open
        # over the session screen: the session is paused while it is (held.py).
        self.boxes = HeldBoxes(self, self._handle)
        # `!` before the session started (the first check-in, the resume offer):
        # it starts only to be stopped for pain at once, so that it is recorded.
        self._pain_first = False
        self._first_checkin: Screen[Any] | None = None
        self._asking = False  # a question of the setup is open
        self._saved_theme = preferences.apply_saved_theme(self)
        keymap.apply_user_keymap(self)  # config.toml's [keys]

    # -- start ----------------------------------------------------------------

    def on_mount(self) -> None:
        self.title = self.routine.name
        for notice in self.notices:
            self.notify(notice, timeout=6)
        if self.checkin:
            # The session starts (and its garbage is frozen) only after an answer.
            freeze_garbage_later()
            from backtimer.ui.screens.checkin import CheckinScreen

            self._first_checkin = CheckinScreen("before")
            self.push_screen(self._first_checkin, self._after_first_checkin)
        elif self._joined:  # the session screen is already up (get_default_screen)
            self._begin()
        if self._mirror_plan is not None and self._joined:
            self.call_after_refresh(self._start_mirror)  # else once joined (_take)
        if not self._joined:
            if self.is_headless:
                self.call_after_refresh(self._join)
            else:
                self.call_after_refresh(lambda: self.set_timer(JOIN_AFTER, self._join))

        self.theme_changed_signal.subscribe(self, self._theme_changed)

    async def on_unmount(self) -> None:
        self._disarm()
        if self.mirror is not None:
            await self.mirror.close()

    async def _start_mirror(self) -> None:
        """Serve the page from this loop (backtimer.ui.mirror_link); a failure
        here is said once and the session goes on without it."""
        plan = self._mirror_plan
        if plan is None or self.mirror is not None:
            return
        from backtimer.ui.mirror_link import MirrorLink

        try:
            self.mirror = MirrorLink(self, plan)
            await self.mirror.start()
        except Exception as error:
            self.mirror = None
            self.notify(f"The page for a phone or TV could not start: {error}", severity="error")

    def _theme_changed(self, _theme: object) -> None:
        self._saved_theme = preferences.save_theme(self, self._saved_theme)

    def _after_first_checkin(self, score: int | None) -> None:
        self._first_checkin = None
        self.pain_before = score
        self.delivery.tell_pain("before", score)
        if self._pending is None:
            self.start_session()
        elif self._joined:  # asked after the questions: the session screen is up
            self._begin()

    def get_default_screen(self) -> Screen[Any]:
        # Without a check-in, the session screen is the first screen itself: no
        # empty screen before it, and no push (and restyle of everything) over one.
        if self.checkin:
            return super().get_default_screen()
        return self._new_session_screen()

    def start_session(self) -> None:
        """Show the session screen (after the check-in); the engine starts once
        history and sound have joined (at once when they have)."""
        self.push_screen(self._new_session_screen())
        if self._joined:
            self._begin()

    def _new_session_screen(self) -> SessionScreen:
        """Plan the routine and make its screen, drawn from the state the session
        will start with; the engine waits in `_pending` until `_begin`."""
        from backtimer.engine.engine import Engine
        from backtimer.engine.timeline import plan
        from backtimer.ui.screens.session import SessionScreen

        timeline = plan(self.routine, self.reps)
        engine = Engine(timeline, self.routine, self.clock, resume_ready=self.resume_ready)
        first = engine.preview_start(self.start_at_step)
        screen = SessionScreen(self.routine, timeline, first, self.size, host=self)
        self._session_screen = screen
        self._pending = engine, screen, self.reps
        return screen

    def _join(self) -> None:
        """Ask what the setup needs to know, one question at a time, then take
        what it gives and start the session if its screen is waiting."""
        setup = self._setup
        if setup is None or self._joined or self._ending or self._asking:
            return
        question = setup.question()
        while question is not None and self._pain_first:
            # `!` answered it: no, start nothing old; stop what starts now.
            setup.answer(False)
            question = setup.question()
        if question is not None:
            if self._first_checkin is not None and self.screen is self._first_checkin:
                # Questions come before the pain question: if the answer is that
                # nothing starts, no pain was asked for nothing. The check-in
                # makes way (it comes back after them), and the question is
                # drawn over the session screen, not as a box over its box.
                self.pop_screen()  # no answer: its callback is not called
                if self._pending is None:
                    self.push_screen(self._new_session_screen())
            from backtimer.ui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                self._asking = False
                setup.answer(bool(yes))
                self._join()

            self._asking = True

            self.push_screen(
                ConfirmScreen(question.text, question.detail, default=question.default),
                answered,
            )
            return
        try:
            joined = setup.join(exit=self.exit, state=self._engine_state, notice=self.show_notice)
        except UserError as error:
            self.refused = error
            self.exit()
            return
        self._take(joined)
        checkin = self._first_checkin
        if checkin is not None and not checkin.is_attached and not self._pain_first:
            # It made way for the questions: now it is asked, over the session.
            from backtimer.ui.screens.checkin import CheckinScreen

            self._first_checkin = CheckinScreen("before")
            self.push_screen(self._first_checkin, self._after_first_checkin)
            return
        if self._pending is not None:
            self._begin()

    def _take(self, joined: Joined) -> None:
        if joined.sound is not None:
            self.sound = joined.sound
        if joined.reps:
            self.reps = dict(joined.reps)
        if joined.start_at_step is not None:
            self.start_at_step = joined.start_at_step
        self.ending.settle = joined.settle
        self.ending.earlier = joined.earlier
        self.keep_note = joined.keep_note
        for notice in joined.notices:
            self.notify(notice, timeout=6)
        self.delivery.join(joined.listeners)
        if self._mirror_plan is not None:
            # After history and sound: aiohttp's import (a few tenths of a
            # second) delays neither; its box then holds the session.
            self.call_later(self._start_mirror)

    def _engine_state(self) -> SessionState | None:
        return self.engine.state if self.engine is not None else None

    def _begin(self) -> None:
        if self._pending is None or self._ending:
            return
        engine, screen, planned_with = self._pending
        self._pending = None
        if self.reps != planned_with:
            # History knew today's reps (a progression): plan again with them.
            from backtimer.engine.engine import Engine
            from backtimer.engine.timeline import plan

            timeline = plan(self.routine, self.reps)
            engine = Engine(timeline, self.routine, self.clock, resume_ready=self.resume_ready)
            screen.use_timeline(timeline)
        # No start cue for a session that stops as it starts.
        self.delivery.subscribe(engine, leave_out=self.sound if self._pain_first else None)
        self.engine = engine
        self.wakes = WakeScheduler(
            engine,
            asyncio.get_running_loop(),
            clock=self.clock,
            wake=self.tick,
            holds_frames=lambda: self.presenter is not None,
            draw_ahead=self._draw_ahead,
            breath_step=self._breath_step,
            failed=self._handle_exception,
        )
        self._handle(engine.start(self.start_at_step))
        screen.refresh_bindings()  # its keys are live from now on
        if self._pain_first:
            self.stop(StopReason.PAIN)
        elif self.boxes.open is not None:
            self.boxes.hold()  # the help opened before the start: wait for it

    def show_notice(self, text: str) -> None:
        """A sentence the person must see now (history could not be saved): on the
        session screen while it is up, else as a notification."""
        screen = self._session_screen
        if screen is not None and screen.is_attached and self.screen is screen:
            screen.show_notice(text)
        else:
            self.notify(text, severity="warning", timeout=NOTICE_SECONDS)

    @property
    def _joined(self) -> bool:
        return self.delivery.joined

    @property
    def listener_errors(self) -> list[BaseException]:
        """What went wrong in the background (listeners, sound), in order."""
        return self.delivery.errors

    def _background_failed(self, error: BaseException) -> None:
        """The first failure in the background, said once (Delivery.failed)."""
        self.notify(f"Something went wrong in the background: {error}", severity="error")

    # -- the clock --------------------------------------------------------------

    def tick(self) -> None:
        """Let the engine catch up with the clock, redraw, and sleep until the next
        visible change. Tests call this after advancing a fake clock."""
        if self.engine is None or self._ending:
            return
        self._garbage.soon()
        events = self.engine.update()
        engine_wake = self.wakes.engine_wake if self.wakes is not None else None
        screen = self._session_screen
        if (
            not events
            and screen is not None
            and engine_wake is not None
            and self.clock() < engine_wake
        ):
            # A breathing frame between two visible changes: only the bar moves,
            # so the rest of the screen is not rebuilt, compared, or touched.
            screen.show_breath(self.engine.state)
            self._arm(self.engine.state)
            return
        self._handle(events)

    def _handle(self, events: Iterable[Event]) -> None:
        engine = self.engine
        if engine is None:
            return
        screen = self._session_screen
        for event in events:
            if event.kind is EventKind.BEAT and screen is not None:
                screen.show_beat(event.beat or 0)
            elif event.kind is EventKind.SESSION_FINISHED:
                self.exit_status = SessionStatus.COMPLETED
            elif event.kind is EventKind.SESSION_STOPPED:
                self.exit_status = SessionStatus.after_stop(event.stop_reason)
        self._take_sound_notices()
        state = engine.state
        if screen is not None:
            screen.show_state(state)
            screen.show_sound(self.sound_status())
        if self.mirror is not None:
            self.mirror.show(state)
        if state.status in (Status.FINISHED, Status.STOPPED):
            self._disarm()
            self._finish()
        else:
            self._arm(state)

    def _arm(self, state: SessionState) -> None:
        if self.wakes is not None:
            self.wakes.arm(state)

    def _draw_ahead(self, at: float, state: SessionState, quiet: bool) -> bool:
        """Draw the state of `at` now and hold its frame until `at` comes
        (WakeScheduler.prepare); False when there is nothing to draw it on."""
        screen, presenter = self._session_screen, self.presenter
        if screen is None or presenter is None or self._ending:
            return False
        presenter.hold_until(at)
        screen.show_state(state)
        if quiet:
            self._garbage.soon()
        return True

    def _breath_step(self, state: SessionState, now: float) -> float | None:
        screen = self._session_screen
        return screen.breath_wake(state, now) if screen is not None else None

    @property
    def next_wake(self) -> float | None:
        """Clock time of the armed wake-up, if any."""
        return self.wakes.next_wake if self.wakes is not None else None

    @property
    def presenter(self) -> Presenter | None:
        """The frame holder of a real terminal; None headless (tests), where
        frames are never drawn ahead."""
        return getattr(self._driver, "presenter", None)

    async def on_event(self, event: events.Event) -> None:
        # A key or a click: what it does must not wait behind a frame held for later.
        if isinstance(event, events.Key | events.MouseDown):
            presenter = self.presenter
            if presenter is not None:
                presenter.release()
        await super().on_event(event)

    def _disarm(self) -> None:
        if self.wakes is not None:
            self.wakes.disarm()

    def get_driver_class(self) -> type[Driver]:
        return presenting(super().get_driver_class())

    def _take_sound_notices(self) -> None:
        if self.sound is None:
            return
        try:
            notices = self.sound.take_notices()
        except Exception as error:
            self.delivery.failed(error)
            return
        for notice in notices:
            self.notify(notice, timeout=6)

    # -- what the keys do ---------------------------------------------------------

    def toggle_pause(self) -> None:
        if self.engine is not None and not self._ending:
            self._handle(self.engine.toggle_pause())

    def skip(self) -> None:
        if self.engine is not None and not self._ending:
            self._handle(self.engine.skip())

    def back(self) -> None:
        if self.engine is not None and not self._ending:
            self._handle(self.engine.back())

    def count_rep(self) -> None:
        if self.engine is not None and not self._ending:
            self._handle(self.engine.count_rep())

    def toggle_mute(self) -> None:
        if self.sound is None:
            self.notify("This session has no sound.", timeout=3)
            return
        try:
            muted = self.sound.toggle_mute()
        except Exception as error:
            self.delivery.failed(error)
            return
        self._take_sound_notices()  # unmuted: what was kept quiet (no device) now
        if self._session_screen is not None:
            # The header says it ("♪ muted", "♪ bell only"): no notice on top.
            self._session_screen.show_sound(self.sound_status())
        else:
            self.notify("Sound off" if muted else "Sound on", timeout=2)

    def sound_status(self) -> str | None:
        """What a person will hear: "sound", "bell only", "muted", "off"; None
        before the sound has joined (or in a session without sound)."""
        if self.sound is None:
            return None
        try:
            status = getattr(self.sound, "hearing", None)
            if status is None:
                return "muted" if self.sound.muted else "sound"
            return str(status)
        except Exception:
            return None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """On the session screen a notice goes to its notice line, which the
        layout makes room for; a toast would cover the countdown or the
        progress row. Elsewhere (the summary, the check-ins) a toast as usual."""
        screen = self._session_screen
        if screen is not None and not self._ending:
            screen.post_notice(message, timeout=timeout if timeout is not None else 6.0)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def stop(self, reason: StopReason) -> None:
        """End the session early; what was done is kept (the engine reports it)."""
        if self.engine is not None and not self._ending and not self.engine.finished:
            self._handle(self.engine.stop(reason))

    def pain_stop(self, score: int | None = None, *, asked: bool = False) -> None:
        """`!`, from any screen before the summary. Before the session started
        (the first check-in, the resume offer, history still joining) it starts
        only to stop for pain at once, so the stop is recorded and its pain
        question asked like any other. `asked`: the score was already given (on
        the mirror page), so the terminal does not ask it again."""
        if self._ending:
            return
        if self.engine is not None:
            self.ending.give_pain(score, asked)
            self.stop(StopReason.PAIN)
            return
        self._pain_first = True
        top = self.screen
        if top is self._first_checkin:
            top.dismiss(None)  # -> the session screen, then the stop
        elif self._pending is not None and self._joined:
            self._begin()
        else:
            from backtimer.ui.screens.confirm import ConfirmScreen

            if isinstance(top, ConfirmScreen):  # a question before the start
                top.dismiss(False)  # -> _join answers the rest, then the stop

    def action_pain_stop(self) -> None:
        self.pain_stop()

    @property
    def session_over(self) -> bool:
        """The last check-in or the summary: the session's keys do nothing now."""
        return self._ending

    def exit(self, result: str | None = None, return_code: int = 0, message: Any = None) -> None:
        """Close; a key typed before the app is gone (`h` on the summary right
        after enter) must not open a screen over a closing app."""
        self._exit_asked = True
        super().exit(result, return_code, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._exit_asked and action in CLOSED_ACTIONS:
            return False
        if action == "pain_stop":
            return not self._ending  # the summary and the last check-in: over
        return True

    async def action_quit(self) -> None:
        """ctrl+q, ctrl+c and the palette's Quit: what `q` does where it is
        pressed. During the session: ask, keep the work, offer the check-in;
        on the quit question: yes; on the last check-in: go on without an
        answer; on the summary: close. Before the session started there is
        nothing to keep, and it closes at once."""
        from textual.command import CommandPalette

        from backtimer.ui.screens.checkin import CheckinScreen
        from backtimer.ui.screens.confirm import QuitScreen

        if isinstance(self.screen, CommandPalette):  # ctrl+q from the palette
            self.pop_screen()
        top = self.screen
        if isinstance(top, QuitScreen):
            top.dismiss(True)
        elif self._ending:
            if isinstance(top, CheckinScreen):
                top.action_skip()
            else:
                self.exit(self.exit_status)
        elif self.engine is not None:
            self.ask_quit()
        else:
            self.exit()

    def ask_quit(self) -> None:
        self.boxes.ask_quit()

    def show_help(self) -> None:
        self.boxes.show_help()

    def hold_with(self, screen: Screen[Any]) -> None:
        """Show a box that holds the session while it is open, as the help does
        (the mirror's address box: time to take the phone to the mat)."""
        self.boxes.hold_with(screen)

    def close_held_box(self) -> bool:
        """Close the box over the session (the help, the quit question, the
        palette, the mirror's address) as if answered "go on": the page's Resume
        does this, as its user cannot reach the keyboard. True if one was open."""
        return self.boxes.close()

    # -- the end --------------------------------------------------------------------

    def _finish(self) -> None:
        """The session is over: its keys do nothing from now on, and the end
        (SessionEnd) asks the last question and shows the summary."""
        if self._ending:
            return
        self._ending = True
        self.boxes.forget()
        self.ending.begin(self._session_screen)

    # -- command palette ------------------------------------------------------------
    # What ctrl+p offers during a session, and how it pauses it while it is open.

    def action_command_palette(self) -> None:
        """ctrl+p: the palette is a box over the session like the help, so it
        pauses the session while it is open and resumes it when it closes.
        A command chosen in it runs after it closed (Textual runs the choice
        after the dismissal), so 'Pause or resume' pauses the resumed session."""
        from textual.command import CommandPalette

        open_already = any(isinstance(s, CommandPalette) for s in self.screen_stack)
        if not self.use_command_palette or open_already:
            return
        if self.engine is None or self._ending:
            super().action_command_palette()
            return
        self.boxes.hold_with(CommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in preferences.system_commands(self, screen, own_keys=True):
            if command.title == "Quit":  # Textual's says "as soon as possible"
                command = SystemCommand(
                    "Quit", "Stop here (asks first; what you did is kept)", self.action_quit
                )
            yield command
        if self.engine is not None and not self._ending:
            yield SystemCommand(
                "Pause or resume", "Pause the session, or resume it", self.toggle_pause
            )
            yield SystemCommand("Skip exercise", "Go to the next exercise", self.skip)
            yield SystemCommand("Stop because of pain", "End the session now", self.pain_stop)
        yield SystemCommand("Toggle sound", "Mute or unmute this session", self.toggle_mute)
        yield SystemCommand("Keys", "Show every key of the session screen", self.show_help)
        if self.mirror is not None:
            yield SystemCommand(
                "Show the page's address",
                "The address and QR code of this session's page for a phone or TV",
                self.mirror.show_address,
            )
        if self.open_history_hook is not None:
            hook = self.open_history_hook
            yield SystemCommand("Open history", "Past sessions", lambda: self._open_history(hook))

    def _open_history(self, hook: Callable[[App[Any]], None]) -> None:
        if not self._exit_asked:
            hook(self)


# The one way to build a session app, shared by the CLI and the tests: the class
# itself, so its signature is written once.
create_app = BacktimerApp
