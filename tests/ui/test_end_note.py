"""The end screen's note for the physiotherapist: `n` opens one line, enter keeps
it with the session, escape drops it; typed letters never work as keys meanwhile."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from backtimer.ui.screens.end import NOTE_EDITING, NOTE_HINT, EndScreen, NoteInput, Summary

SUMMARY = Summary(
    routine="Morning back routine",
    status="completed",
    step_names=("Cat-cow",),
    results=(),
    active_seconds=300.0,
    pain_before=3,
    pain_after=2,
)


class EndApp(App[None]):
    CSS_PATH = "../../backtimer/ui/backtimer.tcss"

    def __init__(self, keep_note=None) -> None:
        super().__init__()
        self.keep_note = keep_note
        self.kept: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(EndScreen(SUMMARY, keep_note=self.keep_note))


def hint(app: App[None]) -> str:
    return str(app.screen.query_one("#end-note-hint", Static).content)


async def test_enter_keeps_the_note_and_letters_are_typed_not_keys() -> None:
    kept: list[str] = []

    def keep(text: str) -> str:
        kept.append(text)
        return " ".join(text.split())

    app = EndApp(keep)
    async with app.run_test(size=(100, 30)) as pilot:
        assert hint(app) == NOTE_HINT
        await pilot.press("n")
        field = app.screen.query_one(NoteInput)
        assert app.focused is field
        await pilot.press(*"quiet [b]back", "h", "n")
        assert field.value == "quiet [b]backhn"
        await pilot.press("enter")
        await pilot.pause()
        assert kept == ["quiet [b]backhn"]
        assert isinstance(app.screen, EndScreen)  # neither q nor enter closed it
        assert not app.screen.query(Input)
        assert hint(app) == "Note kept: quiet [b]backhn  (n to change it)"
        await pilot.press("n")  # again: the kept note, to change
        field = app.screen.query_one(NoteInput)
        assert field.value == "quiet [b]backhn"
        assert hint(app) == NOTE_EDITING
        await pilot.press(*"!!", "enter")
        await pilot.pause()
        assert kept[-1] == "quiet [b]backhn!!"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_escape_drops_the_note_and_stays_on_the_summary() -> None:
    kept: list[str] = []
    app = EndApp(lambda text: kept.append(text) or text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "s", "o", "r", "e", "escape")
        await pilot.pause()
        assert kept == []
        assert isinstance(app.screen, EndScreen)
        assert not app.screen.query(NoteInput)
        assert hint(app) == NOTE_HINT
        await pilot.press("n")  # and it can be opened again
        assert app.screen.query(NoteInput)


async def test_an_empty_note_keeps_nothing() -> None:
    kept: list[str] = []
    app = EndApp(lambda text: kept.append(text) or text)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "space", "enter")
        await pilot.pause()
        assert kept == [] and hint(app) == NOTE_HINT


async def test_without_a_history_there_is_no_note() -> None:
    app = EndApp(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert not app.screen.query(NoteInput)
        assert not app.screen.query("#end-note-hint")
        assert app.screen.check_action("note", ()) is False
