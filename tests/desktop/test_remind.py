"""`backtimer remind`: a notification only when something is due and not done, and
the timer that runs it each day. The notification daemon is python-dbusmock's, on a
private session bus; the program runs as a user would run it, in its own process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backtimer import locations, reminders
from backtimer.history.store import Store
from backtimer.schedule import Schedule
from backtimer.status_file import Planned

from .dbus_helpers import Service

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def run_remind(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backtimer", "remind", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def user_routine(text: str, name: str = "morning.yaml") -> None:
    """A user's routine named like the bundled morning one hides it (as for start)."""
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def plan(schedule: str) -> str:
    return f"name: My plan\nschedule: {schedule}\nsteps:\n  - {{name: Plank, hold: 20s}}\n"


def record_today(name: str = "My plan", status: str = "completed") -> None:
    with Store.open() as store:
        # Five minutes ago, but never before today's local midnight: a test run at
        # 00:03 would otherwise record yesterday.
        midnight = datetime.combine(date.today(), datetime.min.time()).astimezone(UTC)
        started = max(datetime.now(UTC) - timedelta(minutes=5), midnight)
        session = store.begin_session(name, started_at=started)
        store.finish_session(session, status, active_seconds=300)


def notifications_of(service: Service) -> list[str]:
    return [line for line in service.lines() if " Notify " in line]


def test_due_and_not_done_sends_the_notification(notifications: Service) -> None:
    user_routine(plan("daily"))
    done = run_remind()
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == ("My plan — due today, 0 of 7 this week. Start it with: backtimer start morning\n")
        or ", behind." in done.stdout
    )  # behind after Monday, as nothing was done before
    (sent,) = notifications.wait_for(" Notify ")
    assert '"backtimer"' in sent
    assert '"My plan — due today"' in sent
    assert "Start it with: backtimer start morning" in sent


def test_nothing_when_today_is_done(notifications: Service) -> None:
    user_routine(plan("daily"))
    record_today()
    done = run_remind()
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert notifications_of(notifications) == []


def test_a_pain_stop_today_counts_as_done(notifications: Service) -> None:
    user_routine(plan("daily"))
    record_today(status="pain-stop")
    assert run_remind().stdout == ""
    assert notifications_of(notifications) == []


def test_a_quit_session_does_not_count(notifications: Service) -> None:
    user_routine(plan("daily"))
    record_today(status="stopped")
    assert "due today" in run_remind().stdout
    assert notifications.wait_for(" Notify ")


def test_nothing_on_a_day_that_is_not_scheduled(notifications: Service) -> None:
    tomorrow = WEEKDAYS[(date.today().weekday() + 1) % 7]
    user_routine(plan(f"{{days: [{tomorrow}]}}"))
    assert run_remind().stdout == ""
    assert notifications_of(notifications) == []


def test_nothing_after_until(notifications: Service) -> None:
    yesterday = date.today() - timedelta(days=1)
    user_routine(plan(f"{{until: {yesterday.isoformat()}}}"))
    assert run_remind().stdout == ""
    assert notifications_of(notifications) == []


def test_two_a_day_reminds_until_both_are_done(notifications: Service) -> None:
    user_routine(plan("{per_day: 2}"))
    record_today()
    out = run_remind().stdout
    assert "due today, 1 of 2 done today" in out
    assert notifications.wait_for("1 of 2 done today")
    record_today()
    assert run_remind().stdout == ""


def test_without_a_session_bus_it_prints_the_line_and_exits_0(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    user_routine(plan("daily"))
    done = run_remind()
    assert done.returncode == 0
    assert done.stdout.startswith("My plan — due today")
    assert done.stdout.endswith("Start it with: backtimer start morning\n")
    assert done.stderr == ""


def test_a_bus_without_a_notification_daemon_prints_the_line(bus: str) -> None:
    user_routine(plan("daily"))
    done = run_remind()
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("My plan — due today")


def noon_zone() -> str:
    """A POSIX TZ in which it is now about noon, past any morning's `at`."""
    offset = (12 - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 12 else offset
    # POSIX counts west as positive (BTZ-5 is UTC+5), and a zone's name needs three
    # letters at least: a two-letter one is no zone, and the C library falls back to
    # UTC, where before 08:00 nothing is due yet.
    return f"BTZ{-offset:+d}"


def test_the_bundled_morning_routine_is_reminded_on_a_fresh_install(
    notifications: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", noon_zone())  # the morning routine's `at` is 08:00
    done = run_remind()
    assert done.stdout.startswith("Morning back routine — due today, 0 of 5 this week")
    assert notifications.wait_for('"Morning back routine — due today"')
    assert not locations.database_path().exists()  # reading created no history


# -- the words, without a bus ----------------------------------------------------------------


def test_not_before_the_schedules_time() -> None:
    monday = date(2026, 12, 7)
    evening = Planned("Evening", "backtimer start evening", Schedule(at=(18, 0)), {})
    assert reminders.reminders([evening], monday, (8, 0)) == []
    assert [r.name for r in reminders.reminders([evening], monday, (18, 0))] == ["Evening"]
    assert [r.name for r in reminders.reminders([evening], monday, (18, 30))] == ["Evening"]
    assert [r.name for r in reminders.reminders([evening], monday)] == ["Evening"]


def test_reminder_words() -> None:
    monday = date(2026, 12, 7)
    entry = Planned("Core", "backtimer start core", Schedule(per_week=3), {monday: 1})
    (reminder,) = reminders.reminders([entry], monday + timedelta(days=2))
    assert reminder.summary == "Core — due today"
    assert reminder.body == "1 of 3 this week. Start it with: backtimer start core"
    assert reminder.line == (
        "Core — due today, 1 of 3 this week. Start it with: backtimer start core"
    )
    done = Planned("Core", "backtimer start core", Schedule(per_week=1), {monday: 1})
    assert reminders.reminders([done], monday + timedelta(days=2)) == []


# -- the timer ---------------------------------------------------------------------------------


def fake_systemctl(tmp_path: Path, works: bool) -> Path:
    """A `systemctl` first on PATH that logs its arguments and succeeds (or fails,
    as it does where no user manager runs)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    log = tmp_path / "systemctl.log"
    script = folder / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexit {0 if works else 1}\n')
    script.chmod(0o755)
    return log


def test_install_writes_enables_and_uninstall_removes_exactly_that(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_systemctl(tmp_path, works=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    units = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "other.timer").write_text("[Timer]\nOnCalendar=daily\n")
    done = run_remind("--install", "--at", "07:45", "--again", "20:00")
    assert done.returncode == 0, done.stderr
    # and at 08:00, the bundled morning routine's `at` (not reminded before it)
    assert "Reminders are on: every day at 07:45, 08:00 and 20:00" in done.stdout
    timer = (units / reminders.TIMER).read_text()
    assert (
        "OnCalendar=*-*-* 07:45:00\nOnCalendar=*-*-* 08:00:00\nOnCalendar=*-*-* 20:00:00\n" in timer
    )
    assert "Persistent=true" in timer
    service = (units / reminders.SERVICE).read_text()
    assert f"ExecStart={sys.executable} -m backtimer remind" in service
    # private like every file backtimer writes (the user's own systemd reads them)
    assert {(units / name).stat().st_mode & 0o777 for name in reminders.UNITS} == {0o600}
    assert log.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now backtimer-remind.timer",
    ]
    log.unlink()
    done = run_remind("--uninstall")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in units.iterdir()) == ["other.timer"]
    assert log.read_text().splitlines() == [
        "--user disable --now backtimer-remind.timer",
        "--user daemon-reload",
    ]


def test_without_systemd_it_prints_crontab_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_systemctl(tmp_path, works=False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    done = run_remind("--install", "--at", "8:00", "--again", "none")
    assert done.returncode == 0, done.stderr
    assert "Add these lines to your crontab" in done.stdout
    (line,) = [text.strip() for text in done.stdout.splitlines() if text.startswith("  ")]
    assert line.startswith("0 8 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/")
    assert line.endswith(f"{sys.executable} -m backtimer remind")


def test_the_default_time_is_the_earliest_at_of_the_schedules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_systemctl(tmp_path, works=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    done = run_remind("--install")  # the bundled morning routine: at 08:00
    assert "every day at 08:00 and 18:30" in done.stdout, done.stdout


def test_the_timer_also_runs_at_each_later_at_of_the_schedules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reminder never comes before a schedule's `at`: with the timer at 08:00 and
    18:30 only, a routine meant for 20:00 was never reminded at all."""
    log = fake_systemctl(tmp_path, works=True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    user_routine(plan('{at: "20:00"}'), name="evening.yaml")  # beside the morning one, 08:00
    done = run_remind("--install")
    assert done.returncode == 0, done.stderr
    assert "every day at 08:00, 18:30 and 20:00" in done.stdout, done.stdout
    timer = (Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user" / reminders.TIMER).read_text()
    assert "OnCalendar=*-*-* 18:30:00\nOnCalendar=*-*-* 20:00:00\n" in timer
    assert log.exists()
    done = run_remind("--install", "--at", "09:00", "--again", "none")
    assert "every day at 09:00 and 20:00" in done.stdout, done.stdout


def test_uninstall_leaves_a_file_it_did_not_write(tmp_path: Path) -> None:
    units = Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"
    units.mkdir(parents=True)
    (units / reminders.TIMER).write_text("[Timer]\nOnCalendar=daily\n")
    done = run_remind("--uninstall")
    assert done.returncode == 0
    assert "left" in done.stdout and (units / reminders.TIMER).exists()
    refused = run_remind("--install")
    assert refused.returncode == 2
    assert refused.stderr.startswith("backtimer: ")
    assert "was not written by backtimer" in refused.stderr
    assert refused.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--install", "--at", "25:00"], "--at must be a time of day like 08:00 or 18:30"),
        (["--install", "--at", "noon"], "--at must be a time of day"),
        (["--install", "--at", "18:00", "--again", "09:00"], "must be later in the day"),
        (["--at", "08:00"], "--at and --again go with --install"),
        (["--install", "--uninstall"], "give --install or --uninstall, not both"),
    ],
)
def test_mistakes_are_one_sentence(args: list[str], message: str) -> None:
    done = run_remind(*args)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed (systemd)"
)


@needs_analyze
def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    environment = {"BACKTIMER_DATA_DIR": str(tmp_path / "a folder with spaces")}
    for name, text in reminders.units([(8, 0), (18, 30)], environment=environment).items():
        (tmp_path / name).write_text(text)
    checked = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            str(tmp_path / reminders.SERVICE),
            str(tmp_path / reminders.TIMER),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "Failed to" in checked.stderr and "bus" in checked.stderr.lower():
        pytest.skip(f"systemd-analyze verify cannot run here: {checked.stderr.strip()}")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "", checked.stderr


@needs_analyze
@pytest.mark.parametrize("at", [(0, 0), (8, 0), (18, 30), (23, 59)])
def test_the_calendar_expressions_pass_systemd_analyze_calendar(at: tuple[int, int]) -> None:
    expression = reminders.on_calendar(at)
    checked = subprocess.run(
        ["systemd-analyze", "calendar", expression], capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
    assert f"Normalized form: {expression}" in checked.stdout


# -- a history it cannot use as it is ---------------------------------------------------------


def test_a_damaged_history_moved_aside_is_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first program to meet a damaged history moves it aside and says so once;
    when that was the reminder (run by the timer), it said nothing, and every later
    command met a fresh, empty history without a word."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    user_routine(plan("daily"))
    database = locations.database_path()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"not a database at all " * 300)
    done = run_remind()
    assert done.returncode == 0
    assert done.stdout.startswith("My plan — due today")
    assert "The history database was damaged, so it was moved aside to" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_history_on_a_read_only_mount_still_reminds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A history that cannot be written (read-only mount, full disk) is read
    read-only, as for `history --json`: the reminder still comes. It ended in
    "Cannot write the history" and exit 2, so no reminder came at all."""
    from disks import read_only, tmpfs

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    user_routine(plan("daily"))
    with tmpfs(tmp_path / "small", "512k") as mount:
        monkeypatch.setenv("BACKTIMER_DATA_DIR", str(mount / "data"))
        record_today("Another routine")
        read_only(mount)
        done = run_remind()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("My plan — due today")
    assert "so it was opened read-only" in done.stderr
    assert done.stderr.count("\n") == 1
