"""The history screen and a session's details, driven as a user would, over a real
database with a frozen clock; plus SVG snapshots at a comfortable and a small size.

Update the snapshots with `pytest tests/ui/test_history_screen.py --snapshot-update`,
then look at them.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from backtimer.errors import UserError
from backtimer.history.models import DayMinutes, PainPoint
from backtimer.history.store import Store
from backtimer.time_text import rounded_minutes_text
from backtimer.ui import history_app
from backtimer.ui.history_app import HistoryApp, create_history_app, open_history
from backtimer.ui.screens.history import PAGE, DeleteSessionScreen, HistoryScreen
from backtimer.ui.screens.session_details import SessionDetailsScreen
from backtimer.ui.widgets import history_text as words
from backtimer.ui.widgets.history_charts import AxisLabels, place_labels
from backtimer.ui.widgets.history_sparkline import ScaledSparkline

from .history_builders import NOW, filled_store, many_sessions, sample_sessions, session

SIZES = [(100, 30), (60, 20)]
SIZE_IDS = ["100x30", "60x20"]


def session_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def history(app: HistoryApp) -> HistoryScreen:
    screen = app.screen
    assert isinstance(screen, HistoryScreen), screen
    return screen


def row_keys(screen: HistoryScreen) -> list[str]:
    table = screen.query_one("#sessions", DataTable)
    return [str(key.value) for key in table.rows]


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


@pytest.fixture
def store(tmp_path: Path):
    with filled_store(tmp_path) as store:
        yield store


# -- the list -------------------------------------------------------------------


async def test_sessions_newest_first_in_local_time(store: Store) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        assert row_keys(screen) == [session_id(n) for n in range(8, 0, -1)]
        table = screen.query_one("#sessions", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first == ["Wed 08 May 07:30", "Morning back routine", "20 min", "completed",
                         "3/5", "3 → 2"]  # fmt: skip
        pain_stop = [str(cell) for cell in table.get_row(session_id(6))]
        assert pain_stop[3:] == ["pain stop", "3/5", "4 → 7"]  # out of the routine


async def test_times_follow_the_store_time_zone(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    with filled_store(tmp_path) as store:
        store.tz = ZoneInfo("America/New_York")  # UTC-4 in May
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            table = history(app).query_one("#sessions", DataTable)
            assert str(table.get_row_at(0)[0]) == "Wed 08 May 03:30"


async def test_totals_and_count(store: Store) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        # This week (from Monday 6 May): the pain stop, the interrupted one, today's.
        assert text_of(screen, "#totals-week") == (
            "This week: 3 sessions, 38 min   ·   Streak: 5 days"
        )
        assert text_of(screen, "#totals-all") == (
            "All time: 8 sessions, 2 h 03 min   ·   1 pain stop"
        )
        assert text_of(screen, "#history-count") == "8 sessions"
        # The bundled morning routine is prescribed five days a week: Monday's pain
        # stop and today's session count, Tuesday's interrupted one does not; last
        # week only Saturday's (Monday 29 April was quit).
        assert text_of(screen, "#totals-plan") == (
            "Plan: Morning back routine 2 of 5 this week, last week 1 of 5 (20 %)"
        )


async def test_a_routine_never_begun_is_not_held_against_anyone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan begins on a routine's first session that counts: a scheduled routine
    never done (say, a bundled one) showed "last week 0 of 7 (0 %)", and pushed the
    routine actually being done off a narrow screen."""
    from backtimer.schedule import Schedule

    scheduled = [
        ("Desk break", "backtimer start desk-break", Schedule()),  # never done here
        ("Morning back routine", "backtimer start morning", Schedule(per_week=5)),
    ]
    monkeypatch.setattr(HistoryScreen, "scheduled", lambda self: scheduled)
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert text_of(history(app), "#totals-plan") == (
            "Plan: Morning back routine 2 of 5 this week, last week 1 of 5 (20 %)"
        )


async def test_no_schedule_no_plan_line(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HistoryScreen, "scheduled", lambda self: [])
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        assert screen.has_class("-no-plan")
        assert not screen.query_one("#totals-plan").display


async def test_chart_data(store: Store) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        minutes = screen.query_one("#minutes-spark", ScaledSparkline)
        assert len(minutes.values) == 30
        # Oldest day first; today is the last bar.
        assert minutes.values[-5:] == [20.0, 26.0, 6.0, 12.0, 20.0]
        assert minutes.values[:16] == [0.0] * 16
        axis = str(screen.query_one("#minutes-axis", AxisLabels).render())
        assert axis.startswith("09 Apr") and axis.rstrip().endswith("today")
        # Sessions with both scores, oldest first: before on top, after below.
        before = screen.query_one("#pain-before", ScaledSparkline)
        after = screen.query_one("#pain-after", ScaledSparkline)
        assert before.values == [6.0, 5.0, 5.0, 4.0, 4.0, 3.0]
        assert after.values == [5.0, 5.0, 3.0, 4.0, 7.0, 2.0]
        pain_axis = str(screen.query_one("#pain-axis", AxisLabels).render())
        assert pain_axis.startswith("25 Apr") and pain_axis.rstrip().endswith("08 May")
        assert "before the session" in text_of(screen, "#pain-key")
        caption = text_of(screen, "#pain-caption")
        assert caption == "latest session: 3 → 2 · average of 6: 4.5 → 4.3"
        assert text_of(screen, "#minutes-caption") == (
            "today 20 min · most in a day 26 min · exercise on 8 of 30 days"
        )


def test_axis_labels_sit_under_their_bars_and_never_touch() -> None:
    labels = [f"{n:02d} May" for n in range(1, 9)]
    line = place_labels(labels, 40)  # 5 columns a bar: every other label fits
    assert len(line) == 40
    assert line.startswith("01 May")
    assert line.index("03 May") == 10  # bar 2 starts at column 2 * 40 // 8
    assert line.endswith("08 May") and "07 May" not in line
    assert place_labels(["today"], 12) == "today       "
    assert place_labels([], 10) == ""
    assert place_labels(["01 May", "02 May"], 4) == "02 M"  # the latest wins


def test_captions_say_what_they_mean() -> None:
    points = [PainPoint("a", NOW, 3, 1)]
    assert words.pain_caption(points) == "latest session: 3 → 1"
    points.append(PainPoint("b", NOW, 5, None))  # no after: not compared
    assert words.pain_caption(points) == "latest session: 3 → 1"
    assert words.pain_caption([]) == "no pain scores before and after yet"


async def test_narrow_terminal_gets_compact_columns(store: Store) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = history(app)
        table = screen.query_one("#sessions", DataTable)
        assert [str(c.label) for c in table.columns.values()] == list(words.COMPACT_COLUMNS)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "08 May 07:30",
            "Morning back…",
            "20 min",
            "completed",
            "3 → 2",
        ]
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling


async def test_empty_history(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=[]) as store:
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = history(app)
            assert screen.has_class("-empty")
            assert screen.query_one("#history-empty").display
            assert not screen.query_one("#sessions").display
            await pilot.press("d", "enter")
            assert app.screen is screen  # nothing to delete or open
            assert text_of(screen, "#totals-week").startswith("This week: 0 sessions, 0 min")


# -- paging -----------------------------------------------------------------------


async def test_first_page_then_more_near_the_end(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=many_sessions(250)) as store:
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = history(app)
            assert screen.loaded == PAGE
            assert text_of(screen, "#history-count") == "100 of 250 sessions loaded"
            table = screen.query_one("#sessions", DataTable)
            table.move_cursor(row=PAGE - 5)
            await pilot.pause()
            assert screen.loaded == 2 * PAGE
            await pilot.press("ctrl+end")  # to the last loaded row: the rest comes
            await pilot.pause()
            assert screen.loaded == 250
            assert text_of(screen, "#history-count") == "250 sessions"
            keys = row_keys(screen)
            assert keys == [session_id(n) for n in range(249, -1, -1)]


async def test_scrolling_loads_more(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=many_sessions(150)) as store:
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = history(app)
            table = screen.query_one("#sessions", DataTable)
            assert screen.loaded == PAGE
            table.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert screen.loaded == 150


async def test_delete_keeps_paging_right(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=many_sessions(150)) as store:
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = history(app)
            await pilot.press("d", "y")
            await pilot.pause()
            assert screen.loaded == PAGE - 1
            screen.load_more()
            keys = row_keys(screen)
            assert len(keys) == len(set(keys)) == 149
            assert session_id(149) not in keys


# -- details ----------------------------------------------------------------------


async def test_enter_opens_details_and_q_comes_back(store: Store) -> None:
    from backtimer.history.models import LevelChange

    store.record_level(
        LevelChange("Morning back routine", "Bird dog", 3, session_id(4), NOW, NOW.date(),
                    8, 8, "skipped", "stays at 8: skipped")
    )  # fmt: skip
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        await pilot.press("down", "down", "down", "down", "enter")  # the 4 May session
        details = app.screen
        assert isinstance(details, SessionDetailsScreen)
        assert details.session.id == session_id(4)
        assert details.has_class("-completed")
        table = details.query_one("#details-steps", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert len(rows) == 5
        assert rows[1] == ["2", "Knee to chest", "done", "3 / 3", "2 / 2", "left right",
                           "3:56 / 4:00"]  # fmt: skip
        assert rows[3] == ["4", "Bird dog", "skipped", "0 / 8", "0 / 2", "– / left right",
                           "0:00 / 4:00"]  # fmt: skip
        facts = [str(w.render()) for w in details.query(".details-value").results(Static)]
        assert facts[:4] == [
            "Sat 04 May 2024 07:30 – 07:55",
            "20 min  (paused 45 s)",
            "4 of 5 done in full",
            "5 → 3  (before → after, 0–10)",
        ]
        assert "Bird dog stays at 8: skipped" in facts
        await pilot.press("q")
        assert app.screen is screen
        await pilot.press("escape")
    assert app.return_value is None


async def test_details_show_the_note_written_at_the_end(store: Store) -> None:
    """The end screen keeps a note "for your physiotherapist"; the details of that
    session show it (it was seen nowhere in the app after the end screen)."""
    store.set_note(session_id(4), "Left hip sore <b> after the bridge")
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # the 4 May session
        details = app.screen
        assert isinstance(details, SessionDetailsScreen)
        labels = [str(w.render()) for w in details.query(".details-label").results(Static)]
        facts = [str(w.render()) for w in details.query(".details-value").results(Static)]
        assert dict(zip(labels, facts, strict=True))["Note"] == (
            "Left hip sore <b> after the bridge"
        )
        await pilot.press("q", "down", "enter")  # a session without a note has no line
        assert "Note" not in [
            str(w.render()) for w in app.screen.query(".details-label").results(Static)
        ]


async def test_details_of_a_session_without_steps(tmp_path: Path) -> None:
    lone = session(1, NOW.replace(hour=7), status="stopped", minutes=0.2, steps=0)
    with filled_store(tmp_path, sessions=[lone]) as store:
        app = create_history_app(store)
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            details = app.screen
            assert isinstance(details, SessionDetailsScreen)
            assert details.has_class("-no-steps")
            assert details.query_one("#details-no-steps").display


# -- delete -----------------------------------------------------------------------


async def test_delete_asks_first_and_y_deletes(store: Store) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        await pilot.press("down")  # the interrupted session of Tuesday
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, DeleteSessionScreen)
        assert text_of(dialog, "#delete-question") == (
            "Delete the session of Tue 07 May 07:30, Morning back routine?"
        )
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert store.session(session_id(7)) is None
        assert session_id(7) not in row_keys(screen)
        assert store.count() == 7
        assert text_of(screen, "#totals-week").startswith("This week: 2 sessions, 26 min")
        assert text_of(screen, "#history-count") == "7 sessions"


@pytest.mark.parametrize("key", ["n", "escape", "q"])
async def test_delete_can_be_cancelled(store: Store, key: str) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        await pilot.press("delete")
        assert isinstance(app.screen, DeleteSessionScreen)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen
        assert store.count() == 8
        assert len(row_keys(screen)) == 8


async def test_a_running_session_is_not_deleted(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=[]) as store:
        store.begin_session("Morning back routine", started_at=NOW)
        app = create_history_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("d")
            assert isinstance(app.screen, HistoryScreen)
            assert store.count() == 1


async def test_a_session_resumed_while_the_delete_question_is_open_is_kept(
    store: Store,
) -> None:
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        await pilot.press("down", "d")  # the interrupted session of Tuesday
        assert isinstance(app.screen, DeleteSessionScreen)
        assert store.path is not None
        with Store.open(store.path, now=store.now) as other_terminal:
            other_terminal.resume_session(session_id(7))
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert store.count() == 8 and session_id(7) in row_keys(screen)
        said = [n.message for n in app._notifications]
        assert "That session is running in another terminal now; it was not deleted." in said


# -- export -----------------------------------------------------------------------


async def _export(app, pilot, *typed: str):  # type: ignore[no-untyped-def]
    """Press e in the history, optionally retype the path, press enter."""
    from backtimer.ui.screens.export_dialog import ExportScreen

    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportScreen)
    field = dialog.query_one(Input)
    if typed:
        field.value = typed[0]
    offered = field.value
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return dialog, offered


async def test_export_asks_where_offering_the_current_folder_and_shows_the_whole_path(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a folder with a rather long name to make the path wrap" / "exports"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    app = create_history_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = history(app)
        dialog, offered = await _export(app, pilot)
        path = folder / "backtimer-history-2024-05-08.json"
        assert offered == str(path)
        assert dialog.saved == path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert len(json.loads(path.read_text(encoding="utf-8"))["sessions"]) == 8
        shown = str(dialog.query_one("#export-where").render())
        assert shown.replace("\n", "") == str(path)  # whole, and every line ends at a '/'
        assert all(line.endswith("/") for line in shown.splitlines()[:-1])
        assert "Saved 8 sessions to:" in text_of(dialog, "#export-done")
        await pilot.press("enter")
        assert app.screen is screen and screen.exported_to == path
        # A second export the same day is offered a new name, never the same file.
        dialog, offered = await _export(app, pilot)
        assert offered == str(folder / "backtimer-history-2024-05-08-2.json")


def test_export_offers_the_documents_folder_when_here_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backtimer.ui.screens import export_dialog

    here = tmp_path / "read-only"
    here.mkdir()
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    real_access = os.access
    # As if this folder could not be written (root can write anywhere).
    monkeypatch.setattr(
        export_dialog.os,  # type: ignore[attr-defined]
        "access",
        lambda path, mode: Path(path) != here and real_access(path, mode),
    )
    assert export_dialog.default_folder() == documents
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "missing"))
    assert export_dialog.default_folder() == Path.home()


async def test_export_to_a_bad_place_says_so_and_lets_the_path_be_changed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.json").write_text("mine\n")
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog, _ = await _export(app, pilot, str(tmp_path / "nowhere" / "h.json"))
        assert text_of(dialog, "#export-problem") == (
            f"There is no folder {tmp_path / 'nowhere'}; choose one that exists."
        )
        dialog.query_one(Input).value = "taken.json"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "already a file named taken.json" in text_of(dialog, "#export-problem")
        assert (tmp_path / "taken.json").read_text() == "mine\n"  # never overwritten
        dialog.query_one(Input).value = "~/../" + str(tmp_path.relative_to("/")) + "/mine.json"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert dialog.saved is not None and dialog.saved.resolve() == tmp_path / "mine.json"


async def test_escape_saves_nothing(store: Store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    app = create_history_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.exported_to is None
    assert list(tmp_path.glob("*.json")) == []


def test_a_path_breaks_only_after_a_slash() -> None:
    from backtimer.ui.screens.export_dialog import path_lines

    path = "/home/anna/Documents/backtimer-history-2024-05-08.json"
    assert path_lines(path, 80) == path
    assert path_lines(path, 30).splitlines() == [
        "/home/anna/Documents/",
        "backtimer-history-2024-05-08.json",
    ]
    assert path_lines(path, 12).replace("\n", "") == path


# -- entry points -----------------------------------------------------------------


def test_run_history_needs_a_terminal() -> None:
    with pytest.raises(UserError, match="backtimer history needs a terminal"):
        history_app.run_history()


def test_open_store_creates_nothing_where_there_is_no_history(tmp_path: Path) -> None:
    from backtimer import locations

    with history_app.open_store() as store:
        assert store.path is None
        assert store.count() == 0
    assert not locations.database_path().exists()


async def test_open_history_hook_shows_history_over_another_app(tmp_path: Path) -> None:
    db = tmp_path / "data" / "backtimer" / "history.sqlite3"
    db.parent.mkdir(parents=True)
    filled_store(db.parent).close()

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("the end screen")

    import os

    os.environ["BACKTIMER_DATA_DIR"] = str(db.parent)  # undone by the autouse fixture
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        base = host.screen
        open_history(host)
        await pilot.pause()
        assert isinstance(host.screen, HistoryScreen)
        assert len(row_keys(host.screen)) == 8
        await pilot.press("q")
        await pilot.pause()
        assert host.screen is base


# -- words ------------------------------------------------------------------------


def test_words() -> None:
    assert rounded_minutes_text(0) == "0 min"
    assert rounded_minutes_text(44.6) == "45 s"
    assert rounded_minutes_text(119 * 60) == "119 min"
    assert rounded_minutes_text(125 * 60) == "2 h 05 min"
    assert rounded_minutes_text(250_000 * 60) == "4,167 h"
    then = datetime(2023, 12, 31, 23, 30, tzinfo=UTC)
    assert words.when_text(then, UTC, NOW) == "Sun 31 Dec 2023 23:30"
    assert words.when_text(then, UTC, NOW, compact=True) == "31 Dec 2023"
    assert words.shorten("Morning back routine", 8) == "Morning…"
    assert words.sides_text(("left",), ("left", "right"), compact=True) == "L/L R"
    assert words.pain_text(None, None) == "–"
    assert words.pain_caption([PainPoint("a", NOW, 4, None)]) == (
        "no pain scores before and after yet"
    )
    days = [DayMinutes(NOW.date(), 0.0)]
    assert words.minutes_caption(days) == "no exercise in these days"


def test_scaled_sparkline_keeps_its_scale() -> None:
    spark = ScaledSparkline([3, 4], high=10)
    data = list(spark.data or [])
    assert (min(data), max(data)) == (0, 10)  # the scale, not the values
    assert [getattr(bar, "value", None) for bar in data] == [3, 4]
    single = ScaledSparkline([7], high=10)
    assert len(single.data or []) == 2  # one bar alone would be drawn full height
    clamped = ScaledSparkline([-1, 12], high=10)
    assert [getattr(bar, "value", None) for bar in clamped.data or []] == [0, 10]


# -- snapshots --------------------------------------------------------------------


def _snapshot(snap_compare, tmp_path: Path, size: tuple[int, int], *keys: str) -> bool:
    store = filled_store(tmp_path)
    app = create_history_app(store)

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    try:
        return bool(snap_compare(app, terminal_size=size, run_before=run_before))
    finally:
        store.close()


CHART_SIZES = [*SIZES, (80, 24), (160, 50)]


@pytest.mark.parametrize("size", CHART_SIZES, ids=[*SIZE_IDS, "80x24", "160x50"])
def test_history_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert _snapshot(snap_compare, tmp_path, size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_details_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert _snapshot(snap_compare, tmp_path, size, "down", "down", "down", "down", "enter")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_delete_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert _snapshot(snap_compare, tmp_path, size, "down", "down", "d")


def test_sample_is_what_the_tests_say() -> None:
    """The fixtures above rely on these facts about the sample."""
    rows = [row for row, _ in sample_sessions()]
    assert [row["status"] for row in rows].count("pain-stop") == 1
    assert rows[-1]["started_at"] == "2024-05-08T07:30:00.000Z"


async def test_a_read_only_history_is_shown_without_delete(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store.read_only = True  # as Store.open_for_reading leaves it on a read-only disk
    app = create_history_app(store, notices=["The history cannot be written here."])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = history(app)
        assert len(row_keys(screen)) == 8
        await pilot.press("down", "d")
        await pilot.pause()
        assert app.screen is screen  # no question: nothing can be deleted
        assert store.count() == 8
        dialog, _ = await _export(app, pilot)  # exporting still works: it only reads
        assert dialog.saved == tmp_path / "backtimer-history-2024-05-08.json"
        assert dialog.saved.is_file()


def test_a_step_with_nothing_done_is_not_started_not_partly() -> None:
    """A pain stop before the session started records its first step with
    nothing done: that step was not started; 'partly (0 / 6)' said otherwise."""
    from backtimer.history.models import StepRow

    def step(done_reps: int, *, skipped: bool = False) -> StepRow:
        return StepRow(
            step_index=0,
            name="Belly breathing",
            kind="breathe",
            planned_reps=6,
            done_reps=done_reps,
            planned_sets=1,
            done_sets=0,
            planned_sides=(),
            done_sides=(),
            planned_seconds=60.0,
            active_seconds=0.0,
            skipped=skipped,
            finished_at=NOW,
        )

    assert words.step_outcome(step(0)) == "not started"
    assert words.step_outcome(step(2)) == "partly"
    assert words.step_outcome(step(0, skipped=True)) == "skipped"


@pytest.mark.parametrize(("size", "spark"), [((80, 24), 2), ((160, 50), 4)])
async def test_the_charts_grow_with_the_terminal(
    tmp_path: Path, size: tuple[int, int], spark: int
) -> None:
    """At 160x50 the pain rows use the room instead of 2 rows each; 80x24 is kept."""
    store = filled_store(tmp_path)
    app = create_history_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        heights = {w.size.height for w in app.screen.query(".pain-before, .pain-after")}
        assert heights == {spark}
    store.close()
