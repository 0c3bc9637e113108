"""`[keys]` in config.toml: keys moved through Textual's keymap, shown as they are in
the footer and the help, and every mistake said with the file's other mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Static

from backtimer import locations
from backtimer.config_file import ConfigError, read_config
from backtimer.engine.types import EventKind, Status
from backtimer.ui.app import create_app
from backtimer.ui.keymap import FIXED_IDS, binding_ids, check_keys, keymap_settings
from backtimer.ui.screens.checkin import CheckinScreen
from backtimer.ui.screens.end import EndScreen
from backtimer.ui.screens.help import HelpScreen, help_rows
from backtimer.ui.screens.session import SessionScreen
from tests.engine.fakes import FakeClock

from .helpers import Recorder, advance, hold, routine, state
from .test_keys import footer, settle

SIZE = (100, 30)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "keys.md"


def keys(text: str) -> Path:
    path = locations.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_moved_pause_key_pauses_and_shows_in_the_footer_and_the_help() -> None:
    keys('[keys]\n"session.pause" = "p"\n')
    clock = FakeClock()
    app = create_app(routine(hold(hold=20.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 2.0)
        assert footer(app)[0] == "p Pause"  # where space was: a moved key keeps its place
        assert not any(key.startswith("space") for key in footer(app))
        await pilot.press("space")  # Textual's keymap replaces the key: space is free now
        await settle(pilot)
        assert state(app).status is Status.RUNNING
        await pilot.press("p")
        await settle(pilot)
        assert state(app).status is Status.PAUSED
        assert "p Resume" in footer(app)
        await pilot.press("p")  # resume moves with pause: one id for both
        await settle(pilot)
        assert state(app).status is Status.RESUMING
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = [str(row.render()) for row in app.screen.query(".help-row").results(Static)]
        assert "      p   pause / resume (a short get-ready first)" in rows
        assert not any(row.lstrip().startswith("space") for row in rows)


async def test_the_pain_stop_works_whatever_the_keymap() -> None:
    """`!` cannot be moved, nor given to anything else: a file that tries is refused
    before any screen, and an app that is handed such a file anyway keeps `!`."""
    keys('[keys]\n"session.pain-stop" = "s"\n"session.mute" = "!"\n"session.quit" = "x"\n')
    with pytest.raises(ConfigError) as caught:
        check_keys()
    assert len(caught.value.problems) == 2
    clock = FakeClock()
    recorder = Recorder()
    app = create_app(routine(hold(), hold("Two")), clock=clock, listeners=[recorder], checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 4.0)
        await pilot.press("question_mark")
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        stops = [e.value for e in recorder.events if e.kind is EventKind.SESSION_STOPPED]
        assert stops == ["pain"]


async def test_without_a_keys_table_the_help_is_what_it_always_was() -> None:
    assert help_rows({}) == [
        ("space", "pause / resume (a short get-ready first)"),
        ("→  n", "skip to the next exercise"),
        ("←  b", "restart this exercise; twice: the one before"),
        ("enter", "count a rep when you count them, or go on"),
        ("m", "sound on / off"),
        ("!", "it hurts: stop now (works everywhere)"),
        ("q", "quit, asks first (ctrl+q and ctrl+c too)"),
        ("ctrl+p", "commands, themes"),
        ("?", "this help"),
    ]


def test_every_key_the_session_footer_shows_is_in_the_help() -> None:
    from backtimer.ui.screens.help import WORDS

    listed = {binding_id for binding_id, _ in WORDS}
    shown = {b.id for b in SessionScreen.BINDINGS if isinstance(b, Binding) and b.show and b.id}
    assert shown - listed == {"session.read-cue"}  # said on the screen when a cue is cut


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '"sesion.pause" = "p"',
            "[keys] has no binding 'sesion.pause' (did you mean 'session.pause'?).",
        ),
        ('"session.skip" = "florp"', "which is not a key name"),
        ('"session.skip" = 3', 'must be a key in quotes, such as "p"'),
        (
            '"session.skip" = "m"',
            "[keys] gives m to 'session.skip', but 'session.mute' uses it too.",
        ),
        ('"box.quit" = "ctrl+x"', "cannot change 'box.quit'"),
        ('"history.export" = "ctrl+c"', "cannot take ctrl+c"),
        ('"session.pause" = "ctrl+p"', "cannot take ctrl+p: it opens the command palette"),
        ('"session.skip" = "right,ctrl+q"', "cannot take ctrl+q: it quits (asks first)"),
    ],
)
def test_each_mistake_is_one_sentence_at_its_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"# mine\n[keys]\n{text}\n")
    _, problems = keymap_settings(read_config(path))
    assert [str(p) for p in problems] == [f"{path}:3:1: {problems[0].message}"]
    assert says in problems[0].message


def test_good_entries_become_textuals_keymap(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[keys]\n"session.skip" = "right, s"\n"history.export" = "ctrl+e"\n"session.help" = "?"\n'
    )
    keymap, problems = keymap_settings(read_config(path))
    assert problems == []
    assert keymap == {
        "session.skip": "right,s",
        "history.export": "ctrl+e",
        "session.help": "question_mark",
    }


def test_ids_are_unique_prefixed_and_the_fixed_ones_exist() -> None:
    ids = binding_ids()
    assert len(ids) == len(set(ids))
    assert all("." in i and i.split(".")[0] for i in ids)
    assert set(ids) >= FIXED_IDS


def test_the_docs_list_every_binding_as_the_code_has_it() -> None:
    """docs/keys.md's table is made from the bindings (scripts/keys_doc.py); this
    fails when one changed without the other."""
    import importlib.util

    script = DOCS.parents[1] / "scripts" / "keys_doc.py"
    spec = importlib.util.spec_from_file_location("keys_doc", script)
    assert spec is not None and spec.loader is not None
    keys_doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(keys_doc)
    BEGIN, END, with_table = keys_doc.BEGIN, keys_doc.END, keys_doc.with_table
    text = DOCS.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert with_table(text) == text, "run: .venv/bin/python scripts/keys_doc.py"


async def test_the_lines_that_name_keys_name_the_moved_ones() -> None:
    """The quit question and the summary say which key does what: the moved key."""
    keys('[keys]\n"confirm.yes" = "j"\n"end.quit" = "x"\n"end.history" = "ctrl+h"\n')
    clock = FakeClock()
    app = create_app(routine(hold(hold=5.0, ready=0.0)), clock=clock, checkin=False)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, clock, pilot, 1.0)
        await pilot.press("q")
        await settle(pilot)
        said = str(app.screen.query_one("#confirm-keys", Static).render())
        assert said == "j or q  yes      n or space  no (go on)"
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        assert str(app.screen.query_one("#end-keys", Static).render()) == "x to close"


async def test_the_check_in_names_its_moved_keys() -> None:
    """The check-in's keys line names the skip and ten as [keys] moved them, and the
    moved skip is the key that skips (enter does not any more)."""
    keys('[keys]\n"checkin.skip" = "s"\n"checkin.ten" = "x"\n')
    clock = FakeClock()
    app = create_app(routine(hold(hold=5.0, ready=0.0)), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        said = str(app.screen.query_one("#checkin-help", Static).render())
        assert said == "Press 0–9 · for 10 press 1 then 0, or x · s skips"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    assert app.pain_before is None


async def test_without_a_keys_table_the_hints_say_what_they_always_said() -> None:
    clock = FakeClock()
    app = create_app(routine(hold(hold=5.0, ready=0.0)), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = str(app.screen.query_one("#checkin-help", Static).render())
        assert said == "Press 0–9 · for 10 press 1 then 0, or t · enter skips"


@pytest.mark.parametrize(
    ("table", "cue_hint", "delete_keys"),
    [
        ("", "escape closes this · the session goes on", "y  delete      n  keep"),
        (
            '[keys]\n"cue.close" = "x"\n"delete.yes" = "D"\n"delete.no" = "k,n"\n',
            "x closes this · the session goes on",
            "D  delete      k  keep",
        ),
    ],
)
async def test_the_boxes_name_their_keys_as_moved(
    table: str, cue_hint: str, delete_keys: str
) -> None:
    """The whole cue's box and the delete question: escape in words, as it always was,
    and a moved key as [keys] has it."""
    from textual.app import App

    from backtimer.ui.keymap import apply_user_keymap
    from backtimer.ui.screens.cue import CueScreen
    from backtimer.ui.screens.history import DeleteSessionScreen

    keys(table)
    app: App[None] = App()
    apply_user_keymap(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(CueScreen("Bridge", "Lift the hips."))
        await pilot.pause()
        assert str(app.screen.query_one("#cue-hint", Static).render()) == cue_hint
        app.pop_screen()
        await app.push_screen(DeleteSessionScreen("Delete this session?"))
        await pilot.pause()
        assert str(app.screen.query_one("#delete-keys", Static).render()) == delete_keys
