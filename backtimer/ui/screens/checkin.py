""" "How is your back right now? 0–10": one key, or enter to skip.

Ten needs two keys on a number row, so '1' waits a moment for a '0' (and 't'
gives ten at once). The wait is a plain UI timer: nothing about the session's
schedule depends on it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Footer, Static

from backtimer.session import PainMoment
from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.keys import SESSION_BOX_KEYS

TEN_WINDOW = 1.0  # seconds to type the '0' of "10" after the '1'

QUESTIONS = {
    "before": "How is your back right now?",
    "after": "How is your back right now?",
    "stop": "Sorry it hurts. How bad is it right now?",
}
INTROS = {
    "before": "Before we start",
    "after": "Well done. One last question",
    "stop": "Stopping the session",
    "quit": "Stopped early; what you did is kept. One last question",
    "nothing": "The session is over. One last question",
}


class CheckinScreen(ModalScreen[int | None]):
    """Answers with the score (0–10), or None when skipped. Before the session
    `!` (an app key) stops it for pain from here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "skip", "Skip", id="checkin.skip", tooltip="Go on without answering"),
        Binding("escape", "skip", "Skip", show=False),
        Binding("t", "choose(10)", "Ten", id="checkin.ten", tooltip="Answer 10"),
        *SESSION_BOX_KEYS,
    ]

    def __init__(
        self, moment: PainMoment | str = "before", *, early: bool = False, done: bool = True
    ) -> None:
        """`early`: the session was quit before its end; `done`: false when no exercise
        was done in full. Either way "Well done" would ring false."""
        super().__init__(classes=f"-{moment}")
        self._moment = moment
        intro = INTROS.get(moment, "")
        if moment == "after":
            intro = INTROS["quit"] if early else intro if done else INTROS["nothing"]
        self._intro = intro
        self._pending: int | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield Static(self._intro, id="checkin-intro", markup=False)
            yield Static(QUESTIONS.get(self._moment, QUESTIONS["after"]), id="checkin-question")
            yield Static("0 = no pain    10 = the worst pain", id="checkin-scale", markup=False)
            with Horizontal(id="checkin-scores"):
                for score in range(11):
                    button = Button(str(score), id=f"score-{score}", compact=True)
                    button.can_focus = False
                    yield button
            yield Static(self._help(), id="checkin-help", markup=False)

    def _help(self) -> str:
        """The keys line, with `t` and enter as config.toml's [keys] moved them (the
        digits are typed, not bindings, and stay)."""
        keymap = keymap_of(self.app)
        ten = key_label(self.BINDINGS, "checkin.ten", keymap)
        skip = key_label(self.BINDINGS, "checkin.skip", keymap)
        return f"Press 0–9 · for 10 press 1 then 0, or {ten} · {skip} skips"

    def on_mount(self) -> None:
        # Its own keys line, over the session's (whose keys do nothing here); a
        # frame later, as on the session screen: the question comes first.
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        if self.is_attached:
            await self.mount(Footer(show_command_palette=False))
            self.refresh_bindings()  # a footer mounted late waits for this

    @property
    def pending(self) -> int | None:
        """A typed '1' that may still become ten."""
        return self._pending

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if len(char) != 1 or not char.isdigit():
            return
        event.stop()
        event.prevent_default()
        digit = int(char)
        if self._pending == 1 and digit == 0:
            self.choose(10)
        elif digit == 1:
            self._hold_one()
        else:
            self.choose(digit)

    def _hold_one(self) -> None:
        self._pending = 1
        self._mark(1)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TEN_WINDOW, self.commit_pending)

    def commit_pending(self) -> None:
        """The '1' was a one after all."""
        if self._pending is not None:
            self.choose(self._pending)

    def _mark(self, score: int) -> None:
        for button in self.query(Button):
            button.set_class(button.id == f"score-{score}", "-chosen")

    def choose(self, score: int) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending = None
        self._mark(score)
        self.dismiss(score)

    def action_choose(self, score: int) -> None:
        self.choose(score)

    def action_skip(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending is not None:
            self.choose(self._pending)
        else:
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("score-"):
            self.choose(int(event.button.id.removeprefix("score-")))
