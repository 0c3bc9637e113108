"""`backtimer report` as a person runs it: where it writes, what it refuses, and the
one sentence it says instead of a traceback."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from report_helpers import improving, session, write

from backtimer import locations
from backtimer.cli import main
from backtimer.history.store import Store


@pytest.fixture
def filled() -> list[str]:
    """Twelve weeks of daily sessions up to today, in the user's history."""
    today = date.today()
    rows = improving(today - timedelta(days=83), 84)
    with Store.open() as store:
        write(store, rows)
        store.set_note(rows[-1].id, "A good week.")
    return [r.id for r in rows]


def config(text: str) -> None:
    locations.config_dir().mkdir(parents=True, exist_ok=True)
    locations.config_path().write_text(text, encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["report", *argv])
    return code, capsys.readouterr().err


def test_writes_a_private_html_file_with_the_name_from_config(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config('name = "Ana  Silva"\n\n[sound]\nmute = true\n')
    target = tmp_path / "report.html"
    old = os.umask(0)
    try:
        code, err = run(capsys, "-o", str(target))
    finally:
        os.umask(old)
    assert code == 0, err
    # The report covers twelve calendar weeks up to today: of the 84 days of
    # sessions, those from this week's Monday eleven weeks back.
    shown = min(84, 11 * 7 + date.today().weekday() + 1)
    assert err.startswith(f"Wrote {target}: {shown} sessions, ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert "Exercise report for Ana Silva" in text and "A good week." in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


def test_anonymous_leaves_out_the_name(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config('name = "Ana Silva"\n')
    code, _ = run(capsys, "--anonymous", "-o", str(tmp_path / "r.html"))
    assert code == 0
    assert "Ana Silva" not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_name_is_never_required(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(capsys, "-o", str(tmp_path / "r.html"))
    assert code == 0
    assert "<h1>Exercise report</h1>" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("name = 42\n", "name must be text in quotes"),
        ("name = \n", "not valid TOML"),
    ],
)
def test_a_bad_name_in_config_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, says: str
) -> None:
    config(text)
    code, err = run(capsys, "-o", str(tmp_path / "r.html"))
    assert code == 2 and says in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert not (tmp_path / "r.html").exists()


def test_weeks_and_since_choose_the_period(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "--weeks", "1", "-o", str(tmp_path / "a.html"))
    assert code == 0
    sessions = date.today().weekday() + 1  # Monday up to today
    assert f": {sessions} session" in err
    since = date.today() - timedelta(days=9)
    code, err = run(capsys, "--since", since.isoformat(), "-o", str(tmp_path / "b.html"))
    assert code == 0 and ": 10 sessions" in err


def test_one_routine_by_its_name_in_any_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = date.today()
    with Store.open() as store:
        write(store, [session(today, routine="Evening stretch"), session(today, hour=6)])
    code, err = run(capsys, "--routine", "evening STRETCH", "-o", str(tmp_path / "e.html"))
    assert code == 0 and ": 1 session," in err
    text = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert "Evening stretch" in text and "Morning back routine" not in text


def test_an_unknown_routine_names_those_there_are(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "--routine", "yoga", "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert err == "backtimer: The history has no routine 'yoga' (it has: Morning back routine).\n"


def test_a_missing_folder_is_one_sentence(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "r.html"
    code, err = run(capsys, "-o", str(target))
    assert code == 2
    assert err == f"backtimer: Cannot write {target}: the folder {target.parent} does not exist.\n"


def test_a_target_the_file_system_refuses_is_one_sentence(
    filled: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    code, err = run(capsys, "-o", str(folder))
    assert code == 2
    assert err == f"backtimer: Cannot write {folder} (Is a directory).\n"
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["a folder"]


def test_since_in_the_future_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tomorrow = date.today() + timedelta(days=1)
    code, err = run(capsys, "--since", tomorrow.isoformat(), "-o", str(tmp_path / "r.html"))
    assert code == 2 and err == f"backtimer: --since {tomorrow.isoformat()} is in the future.\n"


@pytest.mark.parametrize("since", ["0001-01-01", "1900-01-01"])
def test_since_further_back_than_520_weeks_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], since: str
) -> None:
    """As --weeks: 0001-01-01 ended in a traceback (year 0 is out of range), and
    1900-01-01 wrote six thousand weekly rows."""
    code, err = run(capsys, "--since", since, "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert err == (
        f"backtimer: --since {since} is more than 520 weeks ago; "
        "a report covers at most 520 weeks.\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--since", "last week"], "is not a date like 2024-03-01"),
        (["--weeks", "0"], "it must be from 1 to 520 weeks"),
        (["--weeks", "2", "--since", "2024-01-01"], "not allowed with argument"),
        ([], "the following arguments are required: -o/--output"),
    ],
)
def test_bad_options_are_refused_by_the_parser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["report", *argv, *(["-o", str(tmp_path / "r.html")] if argv else [])])
    assert exit.value.code == 2
    assert says in capsys.readouterr().err


def test_no_history_yet_gives_an_empty_report_and_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "-o", str(tmp_path / "r.html"))
    assert code == 0 and ": 0 sessions, " in err
    assert not locations.database_path().exists()


def test_a_pdf_without_a_browser_says_how_to_get_one(
    filled: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BACKTIMER_BROWSER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, err = run(capsys, "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert err.startswith("backtimer: No Chromium was found to make a PDF: install one")
    assert "apt-get install chromium" in err and "-o report.html" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "r.pdf").exists()


def test_a_browser_that_fails_leaves_no_file(
    filled: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BACKTIMER_BROWSER", str(broken))
    code, err = run(capsys, "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert err == (
        "backtimer: chromium could not print the report (cannot open display); "
        "write the page with -o report.html and print it from a browser.\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_a_routine_with_a_schedule_is_reported_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    routine = tmp_path / "morning.yaml"
    routine.write_text(
        "name: Morning back routine\nschedule: {per_week: 5}\n"
        "steps:\n  - {name: Cat-cow, reps: 10, tempo: 4s}\n"
    )
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=1)  # last week, whole: three sessions of five
    rows = [
        replace(session(first + timedelta(days=n)), routine_file=str(routine)) for n in (0, 2, 4)
    ]
    with Store.open() as store:
        write(store, rows)
    target = tmp_path / "r.html"
    code, err = run(capsys, "--since", first.isoformat(), "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    prescribed = 5 + min(5, today.weekday() + 1)  # this week: at most one a day so far
    assert f"3 of {prescribed} prescribed (" in text
    assert "No schedule is set" not in text
    assert '<th scope="col" class="n">Prescribed</th>' in text


def test_weeks_before_the_plan_began_prescribe_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on the home screen and in `status`, the plan begins on the routine's first
    session that counts: a period reaching back before it holds none of those days
    against the person (a routine given last week is not 'behind' for the month)."""
    from dataclasses import replace

    routine = tmp_path / "morning.yaml"
    routine.write_text(
        "name: Morning back routine\nschedule: {per_week: 5}\n"
        "steps:\n  - {name: Cat-cow, reps: 10, tempo: 4s}\n"
    )
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=1)  # the plan began last Monday
    rows = [
        replace(session(first + timedelta(days=n)), routine_file=str(routine)) for n in (0, 2, 4)
    ]
    with Store.open() as store:
        write(store, rows)
    target = tmp_path / "r.html"
    since = first - timedelta(weeks=3)
    code, err = run(capsys, "--since", since.isoformat(), "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    prescribed = 5 + min(5, today.weekday() + 1)
    assert f"3 of {prescribed} prescribed (" in text


def test_one_routine_by_its_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    today = date.today()
    evening = replace(session(today, routine="Evening stretch"), routine_file="/r/evening.yaml")
    with Store.open() as store:
        write(store, [evening, session(today, hour=6)])
    code, err = run(capsys, "--routine", "evening.yaml", "-o", str(tmp_path / "e.html"))
    assert code == 0 and ": 1 session," in err
    assert "Routines: Evening stretch" in (tmp_path / "e.html").read_text(encoding="utf-8")


def test_standard_output_is_not_a_place_for_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(capsys, "-o", "-")
    assert code == 2
    assert err == "backtimer: The report is written to a file: give its name, like -o report.pdf.\n"
