"""The home screen of `backtimer` alone: the routines with their length, the last
sessions, and what enter, h and q do. Snapshots at 100x30 and 60x20.

Update the snapshots with `pytest tests/ui/test_home_screen.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from backtimer import locations
from backtimer.engine.timeline import estimate_seconds
from backtimer.errors import UserError
from backtimer.history.store import Store
from backtimer.resources import bundled_routines_dir
from backtimer.routine.load import load_routine
from backtimer.schedule import Schedule
from backtimer.time_text import estimate_text
from backtimer.ui import history_app
from backtimer.ui.history_app import create_history_app
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.home import HomeScreen, RoutineChoice, routine_choices

from .history_builders import filled_store

SIZES = [(100, 30), (60, 20)]
SIZE_IDS = ["100x30", "60x20"]

BROKEN = "name: Broken\nsteps:\n  - name: Knee to chest\n    hodl: 20s\n"


@pytest.fixture
def store(tmp_path: Path):
    with filled_store(tmp_path) as store:
        yield store


def cells(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def home(app: history_app.HistoryApp) -> HomeScreen:
    assert isinstance(app.screen, HomeScreen), app.screen
    return app.screen


def user_routine(name: str, text: str) -> Path:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_choices_are_the_bundled_routines_with_their_estimates() -> None:
    choices = routine_choices()
    bundled = sorted(bundled_routines_dir().glob("*.yaml"))
    assert {c.path for c in choices} == set(bundled)
    for choice in choices:
        routine = load_routine(choice.path)
        assert choice.valid and choice.source == "bundled"
        assert choice.name == routine.name
        assert choice.seconds == estimate_seconds(routine)


def test_a_broken_routine_is_a_row_not_a_crash() -> None:
    path = user_routine("broken.yaml", BROKEN)
    user_routine("not-yaml.yaml", "{{{{")
    by_path = {c.path: c for c in routine_choices()}
    broken = by_path[path]
    assert not broken.valid and broken.seconds is None
    assert broken.source == "user"
    assert "hodl" in (broken.problem or "")
    assert broken.cells() == ("broken", "invalid", "user")
    assert not by_path[path.with_name("not-yaml.yaml")].valid


async def test_home_lists_the_routines_and_the_last_five_sessions(store: Store) -> None:
    app = create_history_app(store, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = home(app)
        rows = cells(screen.query_one("#routines", DataTable))
        morning = load_routine(bundled_routines_dir() / "morning.yaml")
        expected = estimate_text(estimate_seconds(morning))
        assert ["Morning back routine", expected, "bundled"] in rows
        assert len(rows) == len(routine_choices())
        recent = cells(screen.query_one("#recent", DataTable))
        assert [row[0] for row in recent] == [
            "Wed 08 May 07:30",
            "Tue 07 May 07:30",
            "Mon 06 May 07:30",
            "Sun 05 May 07:30",
            "Sat 04 May 07:30",
        ]


async def test_what_is_due_comes_first_and_keeps_the_status_file(store: Store) -> None:
    """The store's clock says Wednesday 8 May 2024; the sample history has the
    morning routine completed that day and stopped for pain on Monday."""
    from backtimer import status_file

    plan = Path("morning.yaml")
    choices = [
        RoutineChoice(
            "Morning back routine", plan, "bundled", 711.0, schedule=Schedule(per_week=5)
        ),
        RoutineChoice("Core strength", Path("core.yaml"), "bundled", 1539.0, schedule=Schedule()),
        RoutineChoice("Desk break", Path("desk.yaml"), "bundled", 252.0),
    ]
    app = create_history_app(store, mode="home", choices=choices)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        due_line = str(app.screen.query_one("#home-due").render())
        assert due_line.splitlines() == [
            "Morning back routine — done today, 2 of 5 this week",
            "Core strength — due today, 0 of 7 this week, behind",
        ]
        assert not home(app).has_class("-no-due")
    written = {entry.name: entry.command for entry in status_file.read()}
    assert written == {
        "Morning back routine": "backtimer start morning",
        "Core strength": "backtimer start core",
    }


async def test_no_schedule_no_due_line(store: Store) -> None:
    choices = [RoutineChoice("Desk break", Path("desk.yaml"), "bundled", 252.0)]
    app = create_history_app(store, mode="home", choices=choices)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert home(app).has_class("-no-due")
        assert not app.screen.query_one("#home-due").display


async def test_enter_hands_back_the_chosen_routine(store: Store) -> None:
    app = create_history_app(store, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = home(app)
        await pilot.press("down", "enter")
    assert app.return_value == str(screen.choices[1].path)


async def test_an_invalid_routine_cannot_be_started(store: Store) -> None:
    choices = [RoutineChoice("broken", Path("broken.yaml"), "user", None, "broken.yaml:4:5: bad")]
    app = create_history_app(store, mode="home", choices=choices)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # still here
        said = [(n.title, n.message) for n in app._notifications]
        assert said == [
            (
                "broken cannot be started",
                "broken.yaml:4:5: bad\nCheck it with: backtimer validate broken.yaml",
            )
        ]
    assert app.return_value is None


async def test_h_opens_the_history_and_q_comes_back(store: Store) -> None:
    app = create_history_app(store, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = home(app)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d", "y")  # delete today's session
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        recent = cells(screen.query_one("#recent", DataTable))
        assert recent[0][0] == "Tue 07 May 07:30"  # the list followed the delete
        await pilot.press("q")
    assert app.return_value is None


async def test_no_sessions_and_no_routines(tmp_path: Path) -> None:
    with filled_store(tmp_path, sessions=[]) as store:
        app = create_history_app(store, mode="home", choices=[])
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            screen = home(app)
            assert screen.has_class("-no-recent") and screen.has_class("-no-routines")
            assert screen.query_one("#home-no-routines").display
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)


async def test_store_notices_are_shown(store: Store) -> None:
    app = create_history_app(store, mode="home", notices=["The history was moved aside."])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["The history was moved aside."]


def test_run_home_needs_a_terminal() -> None:
    with pytest.raises(UserError, match=r"^backtimer needs a terminal"):
        history_app.run_home()


# -- snapshots --------------------------------------------------------------------

CHOICES = [
    RoutineChoice("Breathing", Path("breathing.yaml"), "bundled", 295.0),
    RoutineChoice("Core strength", Path("core-strength.yaml"), "bundled", 1539.0),
    RoutineChoice("Desk break", Path("desk-break.yaml"), "bundled", 252.0),
    RoutineChoice(
        "Morning back routine",
        Path("morning.yaml"),
        "bundled",
        711.0,
        schedule=Schedule(per_week=5, at=(8, 0)),
    ),
    RoutineChoice("My knee routine", Path("knee.yaml"), "user", 400.0),
    RoutineChoice("broken", Path("broken.yaml"), "user", None, "broken.yaml:4:5: bad"),
]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_home_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    store = filled_store(tmp_path)
    app = create_history_app(store, mode="home", choices=CHOICES)

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await pilot.press("down", "down", "down")

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        store.close()


def test_a_session_started_from_home_returns_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """`backtimer` alone: each session's summary closes back to the home screen,
    until the home screen itself is quit; a routine that cannot start ends it
    with its exit code, its problems left on the terminal."""
    from backtimer.cli import main
    from backtimer.cli import session as cli_session

    morning = str(bundled_routines_dir() / "morning.yaml")
    picks = [morning, morning, None]
    shown: list[str] = []
    ran: list[str] = []

    def run_home() -> str | None:
        shown.append("home")
        return picks.pop(0)

    monkeypatch.setattr(history_app, "run_home", run_home)

    def start_path(path: str, *, from_home: bool = False) -> int:
        ran.append(path)
        assert from_home  # its summary says that closing it goes back to the list
        return 0

    monkeypatch.setattr(cli_session, "start_path", start_path)
    assert main([]) == 0
    assert shown == ["home", "home", "home"]
    assert ran == [morning, morning]

    picks[:] = [morning, morning]
    shown.clear()
    monkeypatch.setattr(cli_session, "start_path", lambda path, **_kw: 1)
    assert main([]) == 1
    assert shown == ["home"]


async def test_the_home_app_keeps_the_theme_too(store: Store) -> None:
    app = create_history_app(store, mode="home", choices=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1 and titles.count("Screenshot") == 1
    assert 'theme = "gruvbox"' in locations.config_path().read_text()
    again = create_history_app(store, mode="home", choices=[])
    assert again.theme == "gruvbox"


async def test_ctrl_c_closes_the_home_screen(store: Store) -> None:
    app = create_history_app(store, mode="home", choices=[])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_value is None
    assert not app.is_running
