"""What was done, shown until a key is pressed: the session never just vanishes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from backtimer.engine.types import SessionStatus, StepResult
from backtimer.history.store import NOTE_LENGTH
from backtimer.time_text import duration_text
from backtimer.ui.keymap import key_label, keymap_of

PAIN_RISE = 2  # points of pain more than before that earn a gentle word

HEADLINES: dict[str, str] = {
    SessionStatus.COMPLETED: "Session complete",
    SessionStatus.STOPPED: "Session stopped",
    SessionStatus.PAIN_STOP: "Stopped because of pain",
}

PAIN_ADVICE = (
    "Your back hurts more than before this session. It may be wise to stop here for "
    "today, and to talk to your physiotherapist or doctor about this session before "
    "the next one."
)
PAIN_STOP_ADVICE = (
    "Your back hurts more than before you started. It may be wise to stop here for "
    "today, and to talk to your physiotherapist or doctor about {exercise}."
)
NOTHING_DONE = (
    "Nothing was done this time, and that is all right: come back when your back is ready."
)
PART_DONE = "Part of it was done, and that counts."

# What a step's count counts, by the step's kind.
UNITS = {
    "reps": ("rep", "reps"),
    "hold": ("hold", "holds"),
    "breathe": ("breath", "breaths"),
    "intervals": ("round", "rounds"),
}


@dataclass(frozen=True)
class Summary:
    routine: str
    status: SessionStatus | str  # completed, stopped or pain-stop
    step_names: tuple[str, ...]
    results: tuple[StepResult, ...]
    active_seconds: float
    paused_seconds: float = 0.0
    pain_before: int | None = None
    pain_after: int | None = None
    levels: tuple[str, ...] = ()  # each progression after this session, and why
    stopped_in: str | None = None  # the exercise a pain stop came in
    saved: str | None = None  # what of it the history holds; None: no history here
    pain_asked: bool = False  # a pain question was shown (and maybe skipped with enter)

    @property
    def done(self) -> int:
        """Exercises done in full."""
        return sum(1 for r in self.results if done_in_full(r))

    @property
    def partly(self) -> int:
        """Exercises begun and not finished (skipped part-way, or stopped in)."""
        return sum(1 for r in self.results if not done_in_full(r) and _some_done(r))

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.skipped and not _some_done(r))

    @property
    def not_reached(self) -> int:
        """Never begun: not reached at all, or stopped during its get ready."""
        begun = sum(1 for r in self.results if r.skipped or _some_done(r))
        return len(self.step_names) - begun

    @property
    def pain_rose(self) -> bool:
        if self.pain_before is None or self.pain_after is None:
            return False
        return self.pain_after - self.pain_before >= PAIN_RISE

    @property
    def mood(self) -> str:
        """The screen's tone: `done` (all of it), `some`, or `nothing` done in full."""
        if self.step_names and self.done == len(self.step_names):
            return "done"
        return "some" if self.done else "nothing"

    def title(self) -> str:
        """'Well done' only when exercises were done; plain words otherwise."""
        if self.status != SessionStatus.COMPLETED:
            return HEADLINES.get(self.status, "Session over")
        total = len(self.step_names)
        if self.mood == "done":
            return "Well done: session complete"
        if self.mood == "some":
            return f"Well done: {self.done} of {total} {_plural(total, 'exercise')} done"
        return f"Session over: 0 of {total} {_plural(total, 'exercise')} done"

    def kind_word(self) -> str:
        """A kind word when no exercise was done in full; empty otherwise."""
        if self.done or self.status == SessionStatus.PAIN_STOP:
            return ""
        return PART_DONE if self.partly else NOTHING_DONE

    def advice(self) -> str:
        """The gentle word after a pain rise: of the exercise a pain stop came in,
        of the session otherwise."""
        if not self.pain_rose:
            return ""
        if self.status == SessionStatus.PAIN_STOP and self.stopped_in:
            return PAIN_STOP_ADVICE.format(exercise=self.stopped_in)
        return PAIN_ADVICE

    def pain_text(self) -> str:
        def show(score: int | None) -> str:
            return "–" if score is None else str(score)

        if self.pain_before is None and self.pain_after is None:
            return "not given" if self.pain_asked else "not asked"
        return f"{show(self.pain_before)} → {show(self.pain_after)}  (0–10)"

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows of the summary box."""
        time = duration_text(self.active_seconds)
        if self.paused_seconds >= 1:
            time += f"  (paused {duration_text(self.paused_seconds)})"
        steps = f"{self.done} of {len(self.step_names)} done"
        if self.partly:
            steps += f", {self.partly} partly"
        if self.skipped:
            steps += f", {self.skipped} skipped"
        if self.not_reached > 0:
            steps += f", {self.not_reached} not reached"
        return [("Active time", time), ("Exercises", steps), ("Pain", self.pain_text())]

    def step_rows(self) -> list[str]:
        """Each exercise with what was done of it: "Breathing: 4 / 6 breaths"."""
        by_index = {r.step_index: r for r in self.results}
        cut: dict[str, str] = {
            SessionStatus.PAIN_STOP: "stopped here for pain",
            SessionStatus.STOPPED: "quit here",
        }
        rows = []
        for index, name in enumerate(self.step_names):
            result = by_index.get(index)
            if result is None:
                rows.append(f"·  {name}: not reached")
            elif done_in_full(result):
                rows.append(f"✓  {name}: {done_text(result)}")
            elif result.skipped and not _some_done(result):
                rows.append(f"–  {name}: skipped")
            elif result.skipped:
                rows.append(f"◐  {name}: {done_text(result)} (skipped the rest)")
            elif not _some_done(result):
                rows.append(f"·  {name}: {cut.get(self.status, 'ended')} before it began")
            else:
                rows.append(f"◐  {name}: {done_text(result)} ({cut.get(self.status, 'cut short')})")
        return rows


def done_in_full(result: StepResult) -> bool:
    """Every rep of every set and side, and not skipped."""
    return not result.skipped and not _partly(result)


def _partly(result: StepResult) -> bool:
    return bool(
        (result.planned_reps and result.done_reps < result.planned_reps)
        or result.done_sets < result.planned_sets
        or not set(result.planned_sides) <= set(result.done_sides)
    )


def _some_done(result: StepResult) -> bool:
    return bool(result.done_reps or result.done_sets or result.done_sides)


def done_text(result: StepResult) -> str:
    """Done out of planned, in the step's own unit: "10 / 20 reps", "4 / 6 breaths",
    with sets and sides when they were not all done."""
    one, many = UNITS.get(str(result.kind), ("time", "times"))
    parts = []
    if result.planned_reps:
        noun = one if result.planned_reps == 1 else many
        parts.append(f"{result.done_reps} / {result.planned_reps} {noun}")
    if result.planned_sets > 1:
        parts.append(f"{result.done_sets} / {result.planned_sets} sets")
    if result.planned_sides and not set(result.planned_sides) <= set(result.done_sides):
        done = ", ".join(result.done_sides)
        parts.append(f"{done} side only" if done else "no side done")
    return ", ".join(parts) or ("done" if done_in_full(result) else "not done")


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


class EndScreen(Screen[None]):
    """The summary. What its keys do outside the screen is handed to it: `leave`
    (enter, q: by default the app exits) and `open_history` (h: none by default,
    and then the key is not shown). They are calls, not a dismissal with a
    result: leaving keeps the summary on screen until the app has gone, and the
    history opens over it and comes back to it."""

    CLOSE_WORDS = "to close"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,enter,escape", "leave", "Quit", id="end.quit", tooltip="Close backtimer"),
        Binding("h", "history", "History", id="end.history", tooltip="Open the history"),
        Binding("n", "note", "Note", id="end.note", tooltip="Add a note for your physiotherapist"),
    ]

    def __init__(
        self,
        summary: Summary,
        *,
        keep_note: Callable[[str], str | None] | None = None,
        leave: Callable[[], None] | None = None,
        open_history: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(classes=f"-{summary.status} -{summary.mood}")
        self.summary = summary
        self._leave = leave
        self._open_history = open_history
        self._keep_note = keep_note
        self._note: str | None = None  # as kept; `n` again edits it
        # Close was asked: the app is going (or going home). A key typed
        # meanwhile must not open the history or the note over a closing app.
        self._leaving = False

    def compose(self) -> ComposeResult:
        summary = self.summary
        with Vertical(id="end"):
            yield Static(summary.title(), id="end-title", markup=False)
            yield Static(summary.routine, id="end-routine", markup=False)
            if summary.kind_word():
                yield Static(summary.kind_word(), id="end-kind-word", markup=False)
            with Vertical(id="end-figures"):
                for label, value in summary.lines():
                    with Horizontal(classes="end-figure"):
                        yield Static(label, classes="end-label", markup=False)
                        yield Static(value, classes="end-value", markup=False)
            if summary.saved is not None:
                yield Static(
                    summary.saved,
                    id="end-saved",
                    classes="-unsaved" if "Not saved" in summary.saved else "",
                    markup=False,
                )
            if summary.advice():
                yield Static(summary.advice(), id="end-advice", markup=False)
            with VerticalScroll(id="end-steps"):
                for row in summary.step_rows():
                    yield Static(row, classes="end-step", markup=False)
            if summary.levels:
                with Vertical(id="end-levels"):
                    yield Static("Progression", classes="end-levels-title", markup=False)
                    for line in summary.levels:
                        yield Static(line, classes="end-level", markup=False)
            close = (self._key("end.quit", 1), self._key("end.quit"))
            keys = f"{' or '.join(dict.fromkeys(close))} {self.CLOSE_WORDS}"
            if self._open_history is not None:
                keys = f"{self._key('end.history')} for the history · " + keys
            yield Static(keys, id="end-keys", markup=False)
            if self._keep_note is not None:
                yield Static(self._note_hint(), id="end-note-hint", markup=False)
        yield Footer()

    def _key(self, binding_id: str, index: int = 0) -> str:
        """A key of the summary, as moved by config.toml's [keys]."""
        bindings = [*self.BINDINGS, *EndScreen.BINDINGS]
        return key_label(bindings, binding_id, keymap_of(self.app), index)

    def _note_hint(self) -> str:
        return f"{self._key('end.note')}  {NOTE_WORDS}"

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < 26, "-small")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._leaving:
            return False
        if action == "history":
            return self._open_history is not None
        if action == "note":
            return self._keep_note is not None and not self.query(NoteInput)
        return True

    def action_note(self) -> None:
        """A one-line input under the summary; enter keeps it, escape drops it."""
        if self._leaving or self._keep_note is None or self.query(NoteInput):
            return
        field = NoteInput(
            value=self._note or "",
            placeholder=NOTE_PLACEHOLDER,
            max_length=NOTE_LENGTH,
            select_on_focus=False,  # n again: go on typing at the end of the kept note
            id="end-note-input",
        )
        self.query_one("#end", Vertical).mount(field, before="#end-note-hint")
        self.query_one("#end-note-hint", Static).update(NOTE_EDITING)
        field.focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keep = self._keep_note
        if keep is not None and (event.value.strip() or self._note):
            self._note = keep(event.value)  # an emptied line clears the note
        self._close_note()

    def on_note_input_dropped(self, message: NoteInput.Dropped) -> None:
        message.stop()
        self._close_note()

    def _close_note(self) -> None:
        for field in self.query(NoteInput):
            field.remove()
        change = f"({self._key('end.note')} to change it)"
        hint = f"Note kept: {self._note}  {change}" if self._note else self._note_hint()
        self.query_one("#end-note-hint", Static).update(hint)
        self.set_focus(None)
        self.refresh_bindings()

    def action_leave(self) -> None:
        if self._leaving:
            return
        self._leaving = True
        self.refresh_bindings()
        if self._leave is not None:
            self._leave()
        else:
            self.app.exit()

    def action_history(self) -> None:
        if self._leaving:
            return
        if self._open_history is not None:
            self._open_history()


class HomeEndScreen(EndScreen):
    """The summary of a session started from the home screen: closing it goes
    back to the list of routines, and its keys say so."""

    CLOSE_WORDS = "to go back to the list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q,enter,escape",
            "leave",
            "Back",
            id="end.quit",
            tooltip="Back to the list of routines",
        ),
    ]


NOTE_WORDS = "add a note for your physiotherapist (kept with this session)"
NOTE_HINT = f"n  {NOTE_WORDS}"  # with the note's key as it is without a [keys] table
NOTE_EDITING = "enter keeps the note · escape drops what you typed"
NOTE_PLACEHOLDER = "A note for your physiotherapist: enter keeps it, escape drops it"


class NoteInput(Input):
    """The note's line: escape drops it here, instead of leaving the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "drop", "Drop the note")]

    class Dropped(Message):
        pass

    def action_drop(self) -> None:
        self.post_message(self.Dropped())
