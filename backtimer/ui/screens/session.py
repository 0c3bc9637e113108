"""The screen a person exercises with: one exercise, one phase, one big number.

It draws what the app hands it (a `SessionState`) and turns keys into calls on
the app; it never computes a deadline. Widgets are touched only when the text
they show changes, so a tick that changes nothing visible costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from backtimer.engine.types import SessionState, Status, Timeline
from backtimer.routine.model import Routine
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

if TYPE_CHECKING:
    from backtimer.ui.app import BacktimerApp

# Three sizes besides the normal one: "snug" drops the tall bands and the air
# (80x24 and 60x20 still show the Digits), "compact" swaps the Digits for plain
# bold text where even those do not fit, and "roomy" spreads out on big screens.
SNUG_WIDTH = 80
SNUG_HEIGHT = 28
COMPACT_WIDTH = 50
COMPACT_HEIGHT = 18
ROOMY_WIDTH = 110
ROOMY_HEIGHT = 40

_TEXT_FIELDS = {
    "routine": "#routine",
    "step": "#step",
    "name": "#name",
    "cue": "#cue",
    "title": "#title",
    "detail": "#detail",
    "reps": "#reps",
    "sets": "#sets",
    "side": "#side",
    "next": "#next",
    "time_left": "#time-left",
    "cadence": "#cadence",
}
_HIDE_WHEN_EMPTY = ("cue", "detail", "reps", "sets", "side", "next", "cadence")


class SessionScreen(Screen[None]):
    BINDINGS = [  # noqa: RUF012 (Textual's own idiom)
        Binding(
            "space", "pause", "Pause", id="pause", tooltip="Pause: the time left is kept exactly"
        ),
        Binding(
            "space",
            "resume",
            "Resume",
            id="resume",
            tooltip="Resume after a short get-ready countdown",
        ),
        Binding("enter", "count_rep", "Rep", id="rep", tooltip="Count one repetition (or go on)"),
        Binding(
            "right,n",
            "skip",
            "Skip",
            key_display="→",
            id="skip",
            tooltip="Skip to the next exercise",
        ),
        Binding(
            "left,b",
            "back",
            "Back",
            key_display="←",
            id="back",
            tooltip="Restart this exercise, or go to the previous one",
        ),
        Binding("m", "mute", "Mute", id="mute", tooltip="Sound on or off"),
        Binding(
            "exclamation_mark",
            "pain_stop",
            "Pain stop",
            key_display="!",
            id="pain-stop",
            tooltip="It hurts: stop now, and remember why",
        ),
        Binding("q", "quit_session", "Quit", id="quit", tooltip="Stop here (asks first)"),
        Binding(
            "question_mark", "help", "Help", key_display="?", id="help", tooltip="All the keys"
        ),
    ]

    def __init__(self, routine: Routine, timeline: Timeline) -> None:
        super().__init__()
        self._routine = routine
        self._levels = breath_levels(timeline)
        self._total = timeline.total
        self._view: SessionView | None = None
        self._state: SessionState | None = None
        self._muted: bool | None = None
        self._ready = False  # composed: before that, states are only remembered
        self.redraws = 0  # how many states changed something visible (tests read it)

    @property
    def backtimer(self) -> BacktimerApp:
        return cast("BacktimerApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="routine", markup=False)
            yield Static("", id="sound", markup=False)
            yield Static("", id="step", markup=False)
        with Vertical(id="body"):
            yield Static("", id="name", markup=False)
            yield Static("", id="cue", markup=False)
            yield Static("", id="title", markup=False)
            yield Countdown(id="countdown")
            yield Static("", id="detail", markup=False)
            yield BreathingBar(id="breath")
            yield BeatDots(id="beat")
            with Horizontal(id="counters"):
                yield Static("", id="reps", markup=False)
                yield Static("", id="sets", markup=False)
                yield Static("", id="side", markup=False)
                yield Static("", id="cadence", markup=False)
            yield Static("", id="next", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(total=1000, show_eta=False, show_percentage=False, id="progress")
            yield Static("", id="time-left", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self._apply_size(self.size.width, self.size.height)
        if self._state is not None:
            self.show_state(self._state)
        muted, self._muted = self._muted, None
        self.show_sound(muted)

    def on_resize(self, event: Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        self.set_class(width < SNUG_WIDTH or height < SNUG_HEIGHT, "-snug")
        self.set_class(width < COMPACT_WIDTH or height < COMPACT_HEIGHT, "-compact")
        if self._ready:
            # On a narrow screen every key must still fit in the footer.
            footer = self.query_one(Footer)
            footer.compact = width < SNUG_WIDTH
            footer.show_command_palette = width >= SNUG_WIDTH
        self.set_class(width >= ROOMY_WIDTH and height >= ROOMY_HEIGHT, "-roomy")

    # -- drawing ----------------------------------------------------------------

    def show_state(self, state: SessionState) -> None:
        """Bring the screen up to date with `state`, touching only what changed."""
        self._state = state
        if not self._ready:
            return
        view = build_view(state, self._routine, self._total)
        old = self._view
        if view != old:
            self._view = view
            self.redraws += 1
            self._apply_view(view, old)
        self._update_breath(state)

    def _apply_view(self, view: SessionView, old: SessionView | None) -> None:
        for field, selector in _TEXT_FIELDS.items():
            text = getattr(view, field)
            if old is not None and getattr(old, field) == text:
                continue
            widget = self.query_one(selector, Static)
            widget.update(text)
            if field in _HIDE_WHEN_EMPTY:
                widget.display = bool(text)
        big = str(view.done_reps) if view.counted else view.countdown
        self.query_one(Countdown).show(big)
        if old is None or old.progress_permille != view.progress_permille:
            self.query_one(ProgressBar).update(progress=view.progress_permille)
        wanted = {c for c in (view.phase_class, view.status_class) if c}
        if view.cadence:
            wanted.add("-cadence")
        current = {c for c in self.classes if c in ALL_PHASE_CLASSES or c == "-cadence"}
        if wanted != current:
            self.remove_class(*(current - wanted))
            self.add_class(*(wanted - current))
        if old is None or old.step != view.step:
            self.query_one(BeatDots).set_beat(0)
            self.refresh_bindings()
        if old is None or (old.status_class, old.counted) != (view.status_class, view.counted):
            self.refresh_bindings()

    def _update_breath(self, state: SessionState) -> None:
        phase = state.phase
        if phase is None or phase.kind not in BREATH_KINDS:
            return
        start, end = self._levels.get(phase.index, (0.0, 0.0))
        span = phase.duration or phase.estimate
        done = min(1.0, max(0.0, state.elapsed_in_phase / span)) if span > 0 else 1.0
        self.query_one(BreathingBar).set_level(start + (end - start) * done)

    def show_beat(self, beat: int) -> None:
        if self._ready:
            self.query_one(BeatDots).set_beat(beat)

    def show_sound(self, muted: bool | None) -> None:
        if muted == self._muted or not self._ready:
            self._muted = muted
            return
        self._muted = muted
        text = "" if muted is None else ("♪ muted" if muted else "♪ on")
        self.query_one("#sound", Static).update(text)

    # -- keys ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self._state
        if state is None:
            return True
        if action == "pause":
            return state.status is Status.RUNNING
        if action == "resume":
            return state.status in (Status.PAUSED, Status.RESUMING)
        if action == "count_rep":
            return state.phase is not None and state.phase.waits
        return True

    def action_pause(self) -> None:
        self.backtimer.toggle_pause()

    def action_resume(self) -> None:
        self.backtimer.toggle_pause()

    def action_count_rep(self) -> None:
        self.backtimer.count_rep()

    def action_skip(self) -> None:
        self.backtimer.skip()

    def action_back(self) -> None:
        self.backtimer.back()

    def action_mute(self) -> None:
        self.backtimer.toggle_mute()

    def action_pain_stop(self) -> None:
        self.backtimer.pain_stop()

    def action_quit_session(self) -> None:
        self.backtimer.ask_quit()

    def action_help(self) -> None:
        self.backtimer.show_help()
