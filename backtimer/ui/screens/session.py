"""The screen a person exercises with: one exercise, one phase, one big number.

It draws what the app hands it (a `SessionState`) and turns keys into calls on
its host (`SessionHost`, backtimer/ui/host.py); it never computes a deadline.
Widgets are touched only when the text they show changes, so a tick that changes
nothing visible costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from backtimer.engine.types import SessionState, Status, Timeline
from backtimer.routine.model import Routine, Step, StepKind
from backtimer.ui.layout import CUT_KEY, Layout, LayoutInput, plan
from backtimer.ui.view import (
    ALL_PHASE_CLASSES,
    BREATH_KINDS,
    SessionView,
    breath_levels,
    build_view,
)
from backtimer.ui.widgets.beat import BeatDots
from backtimer.ui.widgets.breathing import BreathingBar
from backtimer.ui.widgets.countdown import Countdown
from backtimer.ui.widgets.phase import PhaseBand

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widgets import Footer, ProgressBar

    from backtimer.ui.host import SessionHost

# Below this width the footer is compact and drops the palette's key.
NARROW_FOOTER = 80
NOTICE_SECONDS = 6.0  # how long a notice stays unless it is told otherwise
LONG_NOTICE_SECONDS = 20.0  # show_notice(): long enough to be read between two exercises
# The sound status's help text (its tooltip; docs/session.md says the same).
SOUND_HELP = {
    "sound": "Sound: every cue through the speakers (m mutes).",
    "bell only": (
        "Bell only: no audio device, so the terminal bell rings when a hold, a rep,"
        " a rest, a breath in or out, a work round or a side starts, for the last"
        " 3-2-1 and at the end. The metronome's beats stay silent."
    ),
    "muted": "Muted: nothing plays (m turns sound back on).",
    "off": "Off: no audio device and no bell (the sound config's bell = false).",
}

_TEXT_FIELDS = {
    "routine": "#routine",
    "step": "#step",
    "name": "#name",
    "detail": "#detail",
    "reps": "#reps",
    "sets": "#sets",
    "next": "#next",
    "time_left": "#time-left",
    "cadence": "#cadence",
}
_HIDE_WHEN_EMPTY = ("detail", "reps", "sets", "next", "cadence")
_MAY_WRAP = frozenset({"next"})  # several lines on a narrow screen
_FIXED_BOX = frozenset({"name", "detail"})  # heights set in the stylesheet

MOUNT_THE_REST_AFTER = 0.05  # seconds after the first frame is asked for
VIEW_CLASSES = ALL_PHASE_CLASSES | {"-cadence"}
# Which of the view's classes each widget carries. They live on these few widgets,
# not on the screen: a class change restyles the node and all it contains, and
# restyling the whole screen (footer included) on every pause took tens of ms.
_PHASE_AND_STATUS = ALL_PHASE_CLASSES
_CLASSED: dict[str, frozenset[str]] = {
    "title": _PHASE_AND_STATUS,
    "countdown": _PHASE_AND_STATUS,
    "detail": frozenset({"-paused"}),
    "breath": frozenset({"-breathe"}),
    "beat": frozenset({"-cadence"}),
}


def _view_classes(view: SessionView) -> list[str]:
    wanted = [c for c in (view.phase_class, view.status_class) if c]
    if view.cadence:
        wanted.append("-cadence")
    return wanted


def _classes_for(name: str, view: SessionView | None) -> str:
    if view is None:
        return ""
    return " ".join(c for c in _view_classes(view) if c in _CLASSED[name])


_BEFORE_START = frozenset({"pain_stop", "help"})  # the sound has not joined yet either


def _big_text(view: SessionView) -> str:
    return str(view.done_reps) if view.counted else view.countdown


def _layout_input(
    view: SessionView | None, step: Step | None, size: Size, notice: str
) -> LayoutInput:
    """Per step, not per phase: the countdown keeps its size through a step's
    phases (the breathing bar's row is kept during its get-ready too)."""
    return LayoutInput(
        width=size.width,
        height=size.height,
        cue=view.cue if view is not None else "",
        next=view.next if view is not None else "",
        notice=notice,
        breathing=step is not None and step.kind is StepKind.BREATHE,
        cadence=step is not None and bool(step.cadence),
    )


class SessionScreen(Screen[None]):
    BINDINGS = [  # noqa: RUF012 (Textual's own idiom)
        Binding(
            "space",
            "pause",
            "Pause",
            id="session.pause",
            tooltip="Pause: the time left is kept exactly",
        ),
        Binding(
            "space",
            "resume",
            "Resume",
            id="session.pause",
            tooltip="Resume after a short get-ready countdown",
        ),
        Binding(
            "enter", "count_rep", "Rep", id="session.rep", tooltip="Count one repetition (or go on)"
        ),
        Binding(
            "right,n",
            "skip",
            "Skip",
            key_display="→",
            id="session.skip",
            tooltip="Skip to the next exercise",
        ),
        Binding(
            "left,b",
            "back",
            "Back",
            key_display="←",
            id="session.back",
            tooltip="Restart this exercise, or go to the previous one",
        ),
        Binding("m", "mute", "Mute", id="session.mute", tooltip="Sound on or off"),
        Binding(
            CUT_KEY,
            "read_cue",
            "Whole cue",
            id="session.read-cue",
            tooltip="The cue is cut on this screen: read all of it",
        ),
        Binding(
            "exclamation_mark",
            "pain_stop",
            "Pain stop",
            key_display="!",
            id="session.pain-stop",
            tooltip="It hurts: stop now, and remember why",
        ),
        Binding("q", "quit_session", "Quit", id="session.quit", tooltip="Stop here (asks first)"),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="session.help",
            tooltip="All the keys",
        ),
    ]

    def __init__(
        self,
        routine: Routine,
        timeline: Timeline,
        state: SessionState | None = None,
        size: Size | None = None,
        *,
        host: SessionHost,
    ) -> None:
        self._host = host  # what the keys call (the session's app)
        self._routine = routine
        self._levels = breath_levels(timeline)
        self._total = timeline.total
        self._state = state
        # The first frame is composed with its texts and classes already in place:
        # changing a screen's classes after mounting restyles every widget on it,
        # which would slow the start by a visible fraction of a second.
        self._view = build_view(state, routine, self._total) if state is not None else None
        super().__init__()
        self._sound: str | None = None
        self._ready = False  # mounted: before that, states are only remembered
        self._texts: dict[str, Static] = {}
        view = self._view
        self._countdown = Countdown(
            _big_text(view) if view is not None else "",
            view.caption if view is not None else "",
            id="countdown",
            classes=_classes_for("countdown", view),
        )
        self._band = PhaseBand(
            view.title if view is not None else "",
            view.side if view is not None else "",
            id="title",
            classes=_classes_for("title", view),
        )
        self._cue = Static("", id="cue", markup=False)
        self._notice = Static("", id="notice", markup=False)
        self._notices: list[tuple[str, Timer | None]] = []
        self._early_notices: list[tuple[str, float | None]] = []
        self._breath = BreathingBar(id="breath", classes=_classes_for("breath", view))
        self._beat = BeatDots(id="beat", classes=_classes_for("beat", view))
        self._classed: dict[str, Widget] = {"countdown": self._countdown, "title": self._band}
        self._classed["breath"] = self._breath
        self._classed["beat"] = self._beat
        self._layout_for: LayoutInput | None = None
        self.layout_plan: Layout | None = None  # the plan in use (tests read it)
        if size is not None:
            self._relayout(size)  # the first frame composed at its size
        self._bar: ProgressBar | None = None  # mounted a frame after the rest
        self._bar_shown = -1  # which of the bar's half cells the bar was last given
        self._bar_cells: Widget | None = None
        self.redraws = 0  # how many states changed something visible (tests read it)
        from backtimer.ui.title import TerminalTitle

        self._title = TerminalTitle(
            self._write_to_terminal, later=lambda delay, call: self.set_timer(delay, call)
        )

    def _text(self, field: str) -> Static:
        view = self._view
        text = getattr(view, field) if view is not None else ""
        classes = _classes_for(field, view) if field in _CLASSED else None
        layout = self.layout_plan
        if field == "name" and layout is not None and layout.name_tall:
            classes = "-tall"
        widget = Static(text, id=_TEXT_FIELDS[field].lstrip("#"), markup=False, classes=classes)
        if field in _HIDE_WHEN_EMPTY:
            widget.display = bool(text)
        if field == "next" and layout is not None:
            widget.display = bool(text) and layout.show_next
        self._texts[field] = widget
        if field in _CLASSED:
            self._classed[field] = widget
        return widget

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield self._text("routine")
            yield Static("", id="sound", markup=False)
            yield self._text("step")
        yield self._notice
        # Grouped so that few widgets share a container with the countdown: each
        # second Textual repaints every child of every container the changed area
        # touches, and each of those costs tens of microseconds even unchanged.
        with Vertical(id="body"):
            with Vertical(id="heading"):
                yield self._text("name")
                yield self._cue
                yield self._band
            yield self._countdown
            with Vertical(id="below"):
                yield self._text("detail")
                yield self._breath
                yield self._beat
                airy = self.layout_plan is not None and self.layout_plan.airy
                with Horizontal(id="counters", classes="-airy" if airy else ""):
                    yield self._text("reps")
                    yield self._text("sets")
                    yield self._text("cadence")
                yield self._text("next")

    def on_mount(self) -> None:
        self._ready = True
        self._apply_size(self.size.width, self.size.height)
        if self._state is not None:
            self.show_state(self._state)
        if self._view is not None:
            self._title.show(self._view.window_title)
        sound, self._sound = self._sound, None
        self.show_sound(sound)
        early, self._early_notices = self._early_notices, []
        for text, timeout in early:
            self.post_notice(text, timeout)
        # The exercise and its countdown come first; the progress row and the
        # footer follow once that frame is out: mounting the footer costs more than
        # drawing the exercise, and would keep the terminal writer from the first
        # frame. Headless (tests) there is no writer to wait for.
        if self.app.is_headless:
            self.call_after_refresh(self._mount_the_rest)
        else:
            self.set_timer(MOUNT_THE_REST_AFTER, self._mount_the_rest)

    def on_unmount(self) -> None:
        self._title.restore()

    async def _mount_the_rest(self) -> None:
        if not self.is_attached:  # the app ended within its first frame
            return
        from backtimer.ui.widgets.footer import SessionFooter
        from backtimer.ui.widgets.progress import SessionProgress

        bar = SessionProgress(total=1000, show_eta=False, show_percentage=False, id="progress")
        row = Horizontal(bar, self._text("time_left"), id="progress-row")
        # One container for both bottom rows: the footer then stays out of the
        # countdown's repaint, as the grouping in compose() keeps the body's rows.
        await self.mount(Vertical(row, SessionFooter(), id="bottom"))
        self._bar = bar
        self._bar_cells = bar.query_one("#bar")  # the Bar inside: its width in cells
        self._apply_size(self.size.width, self.size.height)
        self.call_after_refresh(self._refresh_progress)
        self.refresh_bindings()

    def on_resize(self, event: Resize) -> None:
        self._apply_size(event.size.width, event.size.height)
        # The bar's half cells are another size now: once laid out, show it afresh.
        self.call_after_refresh(self._refresh_progress)

    def _refresh_progress(self) -> None:
        if self._view is not None:
            self._show_progress(self._view.progress_permille, force=True)

    def _apply_size(self, width: int, height: int) -> None:
        self._relayout(Size(width, height))
        for widget in self.query("Footer"):
            # On a narrow screen every key must still fit in the footer.
            footer = cast("Footer", widget)
            narrow = width < NARROW_FOOTER
            if footer.compact != narrow:
                footer.compact = narrow
            if footer.show_command_palette == narrow:
                footer.show_command_palette = not narrow

    # -- layout -------------------------------------------------------------------

    def _step(self) -> Step | None:
        state = self._state
        if state is None or not 0 <= state.step_index < len(self._routine.steps):
            return None
        return self._routine.steps[state.step_index]

    def _relayout(self, size: Size | None = None) -> None:
        """Plan the rows again if what they depend on changed (a resize, another
        step's cue, a notice), and give each widget its share: every word of the
        cue first, then the countdown (backtimer/ui/layout.py)."""
        if size is None:
            if self._layout_for is None:
                return
            size = Size(self._layout_for.width, self._layout_for.height)
        notice = "  ·  ".join(text for text, _ in self._notices)
        given = _layout_input(self._view, self._step(), size, notice)
        if given == self._layout_for:
            return
        self._layout_for = given
        layout = plan(given)
        old, self.layout_plan = self.layout_plan, layout
        if old is not None and old == layout:
            return
        self._band.set_class(layout.band_big, "-big")
        self._band.set_class(layout.band_huge, "-huge")
        for widget in (self._cue, self._band):
            widget.set_class(layout.airy, "-airy")
        self._breath.set_class(layout.breath_tall, "-tall")
        if "name" in self._texts:
            self._texts["name"].set_class(layout.name_tall, "-tall")
        if old is None or old.cue_text != layout.cue_text:
            self._cue.update(layout.cue_text)
            self._cue.display = bool(layout.cue_text)
        self._countdown.set_rows(layout.figure_rows)
        self._show_next()
        if self._ready:
            for counters in self.query("#counters"):
                counters.set_class(layout.airy, "-airy")
        if self._ready and (old is None or old.cue_cut != layout.cue_cut):
            self.refresh_bindings()

    def _show_next(self) -> None:
        widget = self._texts.get("next")
        layout = self.layout_plan
        if widget is not None and layout is not None:
            text = self._view.next if self._view is not None else ""
            widget.display = bool(text) and layout.show_next

    # -- notices ----------------------------------------------------------------

    def post_notice(self, text: str, timeout: float | None = NOTICE_SECONDS) -> None:
        """Show `text` on the notice line under the top bar (a sound fallback, a
        history that cannot be written) for `timeout` seconds, or until
        `clear_notice(text)` when None. The layout makes room for it: a notice
        never covers the countdown, the cue or the progress row."""
        if not self._ready:  # shown from on_mount
            self._early_notices.append((text, timeout))
            return
        self.clear_notice(text)
        timer = None
        if timeout is not None:
            timer = self.set_timer(timeout, lambda: self.clear_notice(text))
        self._notices.append((text, timer))
        self._show_notices()

    def clear_notice(self, text: str) -> None:
        kept = []
        for shown, timer in self._notices:
            if shown == text:
                if timer is not None:
                    timer.stop()
            else:
                kept.append((shown, timer))
        if len(kept) != len(self._notices):
            self._notices = kept
            self._show_notices()

    @property
    def notices(self) -> list[str]:
        return [text for text, _ in self._notices]

    def _show_notices(self) -> None:
        text = "  ·  ".join(self.notices)
        self._notice.update(text)
        self._notice.display = bool(text)
        self._relayout()

    # -- drawing ----------------------------------------------------------------

    def use_timeline(self, timeline: Timeline) -> None:
        """The plan changed before the session started (today's reps, from history)."""
        self._levels = breath_levels(timeline)
        self._total = timeline.total

    def show_state(self, state: SessionState) -> None:
        """Bring the screen up to date with `state`, touching only what changed."""
        self._state = state
        if not self._ready or not self.is_attached:
            return
        view = build_view(state, self._routine, self._total)
        old = self._view
        if view != old:
            self._view = view
            self.redraws += 1
            self._apply_view(view, old)
        self._update_breath(state)

    def _apply_view(self, view: SessionView, old: SessionView | None) -> None:
        for field, widget in self._texts.items():
            if not widget.is_attached:
                continue
            text = getattr(view, field)
            if old is not None and getattr(old, field) == text:
                continue
            # A relayout only when the size may change: the bands have a fixed
            # box, and same-length text in a one-line field keeps its own.
            old_text = getattr(old, field) if old is not None else ""
            resize = field in _MAY_WRAP or len(text) != len(old_text)
            widget.update(text, layout=resize and field not in _FIXED_BOX)
            if field in _HIDE_WHEN_EMPTY:
                widget.display = bool(text)
        self._countdown.show(_big_text(view), view.caption)
        self._band.show(view.title, view.side)
        self._title.show(view.window_title)
        self._show_progress(view.progress_permille)
        if old is None or (old.cue, old.next, old.step) != (view.cue, view.next, view.step):
            self._relayout()
            self._show_next()
        wanted = set(_view_classes(view))
        for name, classed in self._classed.items():
            mine = wanted & _CLASSED[name]
            current = classed.classes & _CLASSED[name]
            if mine != current:
                # One restyle per widget, not one per added or removed class.
                classed.set_classes((classed.classes - _CLASSED[name]) | mine)
        if old is None or old.step != view.step:
            self._beat.set_beat(0)
        if old is None or (old.status_class, old.counted) != (view.status_class, view.counted):
            self.refresh_bindings()

    def _show_progress(self, permille: int, force: bool = False) -> None:
        """Move the bar only when it would look different: it draws half cells,
        so a ten-minute routine moves it every few seconds, not every second
        (the progress bar's update and its row's repaint are most of a quiet
        second's drawing)."""
        bar, cells = self._bar, self._bar_cells
        if bar is None or cells is None:
            return
        steps = 2 * cells.size.width
        shown = permille * steps // 1000 if steps else permille
        if force or shown != self._bar_shown:
            self._bar_shown = shown
            bar.update(progress=permille)

    def show_breath(self, state: SessionState) -> None:
        """Only the breathing bar, for the frames between two visible changes."""
        self._state = state
        if self._ready and self.is_attached:
            self._update_breath(state)

    def _update_breath(self, state: SessionState) -> None:
        phase = state.phase
        if phase is None or phase.kind not in BREATH_KINDS:
            return
        start, end = self._levels.get(phase.index, (0.0, 0.0))
        span = phase.duration or phase.estimate
        done = min(1.0, max(0.0, state.elapsed_in_phase / span)) if span > 0 else 1.0
        self._breath.set_level(start + (end - start) * done)

    def breath_wake(self, state: SessionState, now: float) -> float | None:
        """When the breathing bar next shows a different eighth of a cell, if it
        moves at all: no need to wake for frames that would draw the same bar."""
        phase = state.phase
        if phase is None or phase.kind not in BREATH_KINDS or not self._ready:
            return None
        start, end = self._levels.get(phase.index, (0.0, 0.0))
        span = phase.duration or phase.estimate
        eighths = self._breath.content_size.width * 8
        if span <= 0 or eighths <= 0 or start == end:
            return None
        rate = (end - start) / span * eighths  # eighths per second, signed
        done = min(1.0, max(0.0, state.elapsed_in_phase / span))
        position = (start + (end - start) * done) * eighths
        edge = round(position) + (0.5 if rate > 0 else -0.5)
        return now + max(0.0, (edge - position) / rate)

    def show_notice(self, text: str) -> None:
        """A sentence the person must see now, while the session goes on (history
        could not be saved): on the notice line, long enough to be read between
        two exercises; it never covers the countdown or the progress row."""
        self.post_notice(text, timeout=LONG_NOTICE_SECONDS)

    def show_beat(self, beat: int) -> None:
        self._beat.set_beat(beat)

    def show_sound(self, status: str | None) -> None:
        """The header says what a person will hear: "sound", "bell only",
        "muted" or "off" (None: no sound at all, or not decided yet)."""
        if status == self._sound or not self._ready:
            self._sound = status
            return
        self._sound = status
        widget = self.query_one("#sound", Static)
        widget.update(f"♪ {status}" if status else "")
        widget.tooltip = SOUND_HELP.get(status or "")

    def _write_to_terminal(self, data: str) -> None:
        driver = self.app._driver
        if driver is not None and not self.app.is_headless:
            driver.write(data)

    # -- keys ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that do something now are live, and the footer shows
        only those: before the session has started (history and sound joining,
        the resume offer) that is `!` and `?`; space says what it will do (during the
        get-ready after a pause it pauses again)."""
        state = self._state
        if state is None:
            return True
        if self._host.engine is None and action not in _BEFORE_START:
            return False
        if action == "pause":
            return state.status in (Status.RUNNING, Status.RESUMING)
        if action == "resume":
            return state.status is Status.PAUSED
        if action == "count_rep":
            return state.status is Status.RUNNING and state.phase is not None and state.phase.waits
        if action == "read_cue":
            return self.layout_plan is not None and self.layout_plan.cue_cut
        return True

    def action_pause(self) -> None:
        self._host.toggle_pause()

    def action_resume(self) -> None:
        self._host.toggle_pause()

    def action_count_rep(self) -> None:
        self._host.count_rep()

    def action_skip(self) -> None:
        self._host.skip()

    def action_back(self) -> None:
        self._host.back()

    def action_mute(self) -> None:
        self._host.toggle_mute()

    def action_pain_stop(self) -> None:
        self._host.pain_stop()

    def action_quit_session(self) -> None:
        self._host.ask_quit()

    def action_read_cue(self) -> None:
        from backtimer.ui.screens.cue import CueScreen

        view = self._view
        if view is not None and view.cue:
            self.app.push_screen(CueScreen(view.name, view.cue))

    def action_help(self) -> None:
        self._host.show_help()
