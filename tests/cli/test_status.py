"""`backtimer status` and the status file the app keeps for it."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backtimer import locations, status_file
from backtimer.cli import main
from backtimer.cli.status import run
from backtimer.history.store import Store
from backtimer.routine.load import load_text
from backtimer.schedule import Schedule

WEDNESDAY = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # week 50: Monday the 7th
PLAN = """name: Core three times a week
schedule: {per_week: 3, at: "18:00"}
steps:
  - {name: Plank, hold: 20s}
"""
ENDED = """name: Old plan
schedule: {days: [mon], until: 2026-11-30}
steps:
  - {name: Plank, hold: 20s}
"""


def routines() -> list[tuple[str, str, Schedule]]:
    found = []
    for text, command in ((PLAN, "backtimer start core"), (ENDED, "backtimer start old")):
        routine = load_text(text)
        assert routine.schedule is not None
        found.append((routine.name, command, routine.schedule))
    return found


def store_with(*sessions: tuple[str, datetime, str]) -> Store:
    store = Store.memory(now=lambda: WEDNESDAY, tz=UTC)
    for name, started, status in sessions:
        session = store.begin_session(name, started_at=started)
        store.finish_session(session, status, active_seconds=300)
    return store


def write(*sessions: tuple[str, datetime, str]) -> None:
    with store_with(*sessions) as store:
        status_file.refresh(store, routines(), WEDNESDAY)


def line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["status", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "env",
    [
        {"BACKTIMER_DATA_DIR": "/tmp/somewhere"},
        {"XDG_DATA_HOME": "/tmp/xdg-data"},
        {"XDG_DATA_HOME": "", "HOME": "/tmp/a-home"},
        {"XDG_DATA_HOME": "  ", "HOME": "/tmp/a-home"},
    ],
)
def test_the_fast_status_path_is_where_the_history_lives(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Path(status_file.status_path()) == locations.data_dir() / "status.json"


def test_nothing_scheduled_or_no_file_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert line(capsys) == ""
    assert json.loads(line(capsys, "--json"))["routines"] == []


def test_a_damaged_status_file_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(status_file.status_path())
    path.parent.mkdir(parents=True)
    for text in ("{not json", '{"version": 1, "routines": [{"name": 1}]}', "[]", '{"version": 9}'):
        path.write_text(text)
        assert line(capsys) == ""


def test_a_status_file_that_is_a_fifo_prints_nothing_at_once(tmp_path: Path) -> None:
    """Status runs on every prompt: a FIFO in the status file's place hung the shell."""
    import os
    import subprocess
    import sys

    os.mkfifo(tmp_path / "status.json")
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "status"],
        env=os.environ | {"BACKTIMER_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_status_says_what_is_due_and_counts_the_week(capsys: pytest.CaptureFixture[str]) -> None:
    monday = WEDNESDAY - timedelta(days=2)
    write(
        ("Core three times a week", monday, "completed"),
        ("Core three times a week", monday - timedelta(days=3), "completed"),  # last week
        ("Core three times a week", monday + timedelta(days=1), "stopped"),  # quit: no
    )
    assert run(as_json=False, template=None, today=WEDNESDAY.date()) == 0
    assert capsys.readouterr().out == "Core three times a week: due today, 1 of 3 this week\n"


def test_a_pain_stop_counts_and_today_is_done(capsys: pytest.CaptureFixture[str]) -> None:
    write(("Core three times a week", WEDNESDAY - timedelta(hours=1), "pain-stop"))
    run(as_json=False, template=None, today=WEDNESDAY.date())
    assert capsys.readouterr().out == "Core three times a week: done today, 1 of 3 this week\n"


def test_a_file_written_days_ago_still_answers_for_today(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        *[("Core three times a week", WEDNESDAY - timedelta(days=d), "completed") for d in (0, 1)]
    )
    run(as_json=False, template=None, today=date(2026, 12, 11))  # Friday, nothing since
    assert capsys.readouterr().out == "Core three times a week: due today, 2 of 3 this week\n"
    run(as_json=False, template=None, today=date(2026, 12, 14))  # the next Monday
    assert capsys.readouterr().out == "Core three times a week: due today, 0 of 3 this week\n"


def test_json_and_format(capsys: pytest.CaptureFixture[str]) -> None:
    write()
    run(as_json=True, template=None, today=WEDNESDAY.date())
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2026-12-09"
    assert data["due"] == ["Core three times a week"]
    core, old = data["routines"]
    assert core == {
        "name": "Core three times a week",
        "command": "backtimer start core",
        "state": "due",
        "words": "due today, 0 of 3 this week",
        "done_today": 0,
        "needed_today": 1,
        "week_done": 0,
        "week_prescribed": 3,
        "percent": 0,
        "behind": False,
        "at": "18:00",
    }
    assert old["state"] == "ended"
    template = "{name} [{state}] {week_done}/{week_prescribed} at {at}: {command}"
    run(as_json=False, template=template, today=WEDNESDAY.date())
    assert capsys.readouterr().out == (
        "Core three times a week [due] 0/3 at 18:00: backtimer start core\n"
    )


def test_a_format_with_an_unknown_field_is_one_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write()
    assert main(["status", "--format", "{nmae}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backtimer: --format has no field 'nmae'; use {name}, ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{name.__class__}", "--format has no field 'name.__class__'; use {name}, "),
        ("{name[0]}", "--format has no field 'name[0]'; use {name}, "),
        ("{name:>500000000}", "--format cannot be used (a width of at most 999)"),
    ],
)
def test_a_format_reaches_only_the_fields_by_name(
    capsys: pytest.CaptureFixture[str], template: str, said: str
) -> None:
    """No attribute or index lookups behind a field (`{name.__class__}` printed
    "<class 'str'>"), and no width that makes a prompt write a gigabyte."""
    write()
    assert main(["status", "--format", template]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"backtimer: {said}")
    assert captured.err.count("\n") == 1


def test_a_format_is_checked_when_nothing_is_scheduled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A typo in a prompt's template is told at once, not on the first scheduled day."""
    assert main(["status", "--format", "{nmae}"]) == 2
    assert capsys.readouterr().err.startswith("backtimer: --format has no field 'nmae'")
    assert main(["status", "--format", "{name} {week_done}/{week_prescribed}"]) == 0


def test_the_status_file_is_private_and_whole() -> None:
    write()
    path = Path(status_file.status_path())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["version"] == 1
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_session_of_a_scheduled_routine_refreshes_the_status_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What SessionSetup.close does after every session: the bundled morning
    routine is scheduled five days a week."""
    from backtimer.cli.session_setup import SessionSetup
    from backtimer.resources import bundled_routines_dir
    from backtimer.routine.load import load_routine

    morning = load_routine(bundled_routines_dir() / "morning.yaml")
    setup = SessionSetup(morning, mute=True)
    assert setup.question() is None
    store = setup._store
    assert store is not None
    session = store.begin_session(morning.name)
    store.finish_session(session, "completed", active_seconds=700)
    setup.close("completed")
    # The plan began today: this week it asks for as many of five as days are left.
    left = min(5, 7 - date.today().weekday())
    assert line(capsys).startswith(f"Morning back routine: done today, 1 of {left} this week")


def test_the_answers_written_ahead_agree_with_working_them_out() -> None:
    monday = WEDNESDAY - timedelta(days=2)
    write(
        ("Core three times a week", monday, "completed"),
        ("Core three times a week", monday + timedelta(days=1), "pain-stop"),
    )
    data = status_file.load()
    assert data is not None
    entries = status_file.read(data)
    for offset in range(12):  # Wednesday the 9th to Sunday the 20th: written ahead
        day = WEDNESDAY.date() + timedelta(days=offset)
        ahead = status_file.rows(data, day.isoformat())
        assert ahead == [status_file.fields(entry, day) for entry in entries], day
    assert status_file.rows(data, "2026-12-21") is None  # beyond: worked out instead


def test_a_file_older_than_its_answers_is_worked_out(capsys: pytest.CaptureFixture[str]) -> None:
    write(("Core three times a week", WEDNESDAY, "completed"))
    run(as_json=False, template=None, today=date(2027, 1, 6))  # weeks later, nothing since
    assert capsys.readouterr().out == "Core three times a week: due today, 0 of 3 this week\n"


def test_nobody_is_behind_before_their_first_session(capsys: pytest.CaptureFixture[str]) -> None:
    write()  # a plan, and no session of it yet
    run(as_json=False, template=None, today=date(2026, 12, 12))  # Saturday
    assert capsys.readouterr().out == "Core three times a week: due today, 0 of 3 this week\n"


def test_a_plan_begun_on_friday_asks_for_what_the_week_has_left(
    capsys: pytest.CaptureFixture[str],
) -> None:
    friday = WEDNESDAY + timedelta(days=2)
    with store_with(("Core three times a week", friday, "completed")) as store:
        status_file.refresh(store, routines(), friday)
    run(as_json=False, template=None, today=friday.date() + timedelta(days=1))
    assert capsys.readouterr().out == "Core three times a week: due today, 1 of 3 this week\n"
    run(as_json=False, template=None, today=friday.date() + timedelta(days=2))  # Sunday
    assert (
        capsys.readouterr().out == "Core three times a week: due today, 1 of 3 this week, behind\n"
    )
