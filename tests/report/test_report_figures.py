"""Every figure of the report, on histories built here: none, no pain answers, one
week, twelve weeks, a year, and the edges of each rule."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone

import pytest
from report_helpers import STEPS, daily, improving, session

from backtimer.engine.types import SessionStatus
from backtimer.report import figures
from backtimer.report.figures import Period, pain_change, weekly, weeks_ending
from backtimer.report.plan import LevelRecord, Prescribed, level_of

MONDAY = date(2024, 3, 4)


def every_week(count: int):
    """A routine prescribed `count` sessions a week; every done session counts."""

    def prescription(routine, sessions, first, last) -> Prescribed | None:
        return Prescribed(prescribed=count, done=sum(1 for s in sessions if figures.is_done(s)))

    return prescription


# -- periods -------------------------------------------------------------------------


def test_weeks_are_monday_to_sunday_cut_to_the_period():
    period = Period(date(2024, 3, 6), date(2024, 3, 19))  # Wednesday to Tuesday
    weeks = period.weeks()
    assert [(w.first, w.last) for w in weeks] == [
        (date(2024, 3, 6), date(2024, 3, 10)),
        (date(2024, 3, 11), date(2024, 3, 17)),
        (date(2024, 3, 18), date(2024, 3, 19)),
    ]


def test_weeks_ending_today_counts_this_week_as_one():
    period = weeks_ending(date(2024, 5, 29), 12)  # a Wednesday
    assert period.last == date(2024, 5, 29)
    assert period.first.weekday() == 0
    assert len(period.weeks()) == 12
    assert len(weeks_ending(date(2024, 5, 29), 1).weeks()) == 1


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2024, 3, 2), date(2024, 3, 1))


# -- adherence and gaps -----------------------------------------------------------


def test_no_sessions_gives_empty_weeks_whose_gap_is_every_day_so_far():
    period = Period(MONDAY, MONDAY + timedelta(days=9))  # Wednesday of week two is today
    rows = weekly([], period, UTC, today=MONDAY + timedelta(days=9))
    assert [r.done for r in rows] == [0, 0]
    assert [r.longest_gap for r in rows] == [7, 3]
    assert all(r.prescribed is None and r.percent is None for r in rows)
    assert all(r.pain_before is None and r.pain_after is None for r in rows)
    head = figures.headline([], rows, period, UTC, today=period.last)
    assert (head.done, head.longest_gap, head.pain_rises, head.pain_stops) == (0, 10, 0, 0)
    assert head.pain_before is None and head.percent is None
    assert figures.exercises([], UTC) == []
    assert figures.pain_events([]) == []


def test_longest_gap_counts_days_without_a_session_and_not_past_today():
    days = [MONDAY, MONDAY + timedelta(days=3)]  # Monday and Thursday
    week = Period(MONDAY, MONDAY + timedelta(days=6))
    assert figures.longest_gap(days, week) == 3  # Friday to Sunday
    assert figures.longest_gap(days, week, today=MONDAY + timedelta(days=4)) == 2  # Tue, Wed
    assert figures.longest_gap([], week) == 7
    assert (
        figures.longest_gap(list(days) + [MONDAY + timedelta(days=n) for n in range(7)], week) == 0
    )


def test_one_week_of_daily_sessions():
    sessions = daily(MONDAY, 7, before=4, after=3)
    period = Period(MONDAY, MONDAY + timedelta(days=6))
    (row,) = weekly(sessions, period, UTC, prescription=every_week(5))
    assert (row.done, row.prescribed, row.longest_gap) == (7, 5, 0)
    assert row.percent == pytest.approx(140.0)
    assert (row.pain_before, row.pain_after) == (4.0, 3.0)
    head = figures.headline(sessions, [row], period, UTC)
    assert head.pain_before is None  # one week cannot be compared with itself
    assert (head.done, head.completed, head.answers) == (7, 7, 7)


def test_sessions_that_were_no_exercise_are_not_counted():
    sessions = [
        session(MONDAY, status=SessionStatus.STOPPED, active=0.0),  # quit at "get ready"
        session(MONDAY + timedelta(days=1), status=SessionStatus.RUNNING),
        session(MONDAY + timedelta(days=2), status=SessionStatus.STOPPED, upto=2),
        session(MONDAY + timedelta(days=3), status=SessionStatus.INTERRUPTED, upto=4),
    ]
    period = Period(MONDAY, MONDAY + timedelta(days=6))
    (row,) = weekly(sessions, period, UTC)
    assert row.done == 2
    assert row.longest_gap == 3  # Friday to Sunday; Monday and Tuesday count as missed too
    head = figures.headline(sessions, [row], period, UTC)
    assert (head.done, head.completed) == (2, 0)


def test_sessions_outside_the_period_are_left_out():
    sessions = daily(MONDAY - timedelta(days=3), 10)
    period = Period(MONDAY, MONDAY + timedelta(days=3))
    (row,) = weekly(sessions, period, UTC)
    assert row.done == 4


def test_local_dates_decide_the_week():
    # 23:30 UTC on Sunday is already Monday at UTC+2.
    late = session(MONDAY - timedelta(days=1), hour=23)
    late = late.__class__(**{**late.__dict__, "started_at": late.started_at.replace(minute=30)})
    period = Period(MONDAY - timedelta(days=7), MONDAY + timedelta(days=6))
    assert [r.done for r in weekly([late], period, UTC)] == [1, 0]
    assert [r.done for r in weekly([late], period, timezone(timedelta(hours=2)))] == [0, 1]


def test_prescribed_figure_only_for_routines_that_have_one():
    sessions = daily(MONDAY, 3, routine="Morning") + daily(MONDAY, 2, routine="Evening", hour=19)

    def only_morning(routine, of_routine, first, last) -> Prescribed | None:
        assert {s.routine_name for s in of_routine} <= {routine}
        return Prescribed(6, len(of_routine)) if routine == "Morning" else None

    period = Period(MONDAY, MONDAY + timedelta(days=6))
    (row,) = weekly(sessions, period, UTC, prescription=only_morning)  # type: ignore[arg-type]
    assert (row.done, row.prescribed, row.done_of_prescribed) == (5, 6, 3)
    assert row.percent == pytest.approx(50.0)


def test_the_prescription_decides_what_counts_against_it():
    # Two sessions a day, but the plan credits one a day: 7 of 7, not 14 of 7.
    sessions = daily(MONDAY, 7) + daily(MONDAY, 7, hour=18)

    def one_a_day(routine, of_routine, first, last) -> Prescribed | None:
        days = {s.started_at.date() for s in of_routine}
        return Prescribed(prescribed=(last - first).days + 1, done=len(days))

    period = Period(MONDAY, MONDAY + timedelta(days=6))
    (row,) = weekly(sessions, period, UTC, prescription=one_a_day)  # type: ignore[arg-type]
    assert (row.done, row.done_of_prescribed, row.prescribed, row.percent) == (14, 7, 7, 100.0)


def test_prescription_is_asked_for_each_week_as_cut():
    asked = []

    def recording(routine, of_routine, first, last) -> Prescribed | None:
        asked.append((routine, len(of_routine), first, last))
        return Prescribed(prescribed=(last - first).days + 1, done=len(of_routine))

    period = Period(MONDAY + timedelta(days=5), MONDAY + timedelta(days=8))
    sessions = [session(MONDAY + timedelta(days=4)), session(MONDAY + timedelta(days=6))]
    rows = weekly(sessions, period, UTC, routines=["Morning back routine"], prescription=recording)  # type: ignore[arg-type]
    assert asked == [
        ("Morning back routine", 1, MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)),
        ("Morning back routine", 0, MONDAY + timedelta(days=7), MONDAY + timedelta(days=8)),
    ]
    assert [r.prescribed for r in rows] == [2, 2]
    assert [r.percent for r in rows] == [50.0, 0.0]


# -- pain ----------------------------------------------------------------------------


def answers(first_scores: list[int | None], last_scores: list[int | None], gap_days: int = 14):
    """Daily answers: the first window's, `gap_days` without, then the last window's."""
    dated = [(MONDAY + timedelta(days=n), s) for n, s in enumerate(first_scores)]
    start = MONDAY + timedelta(days=len(first_scores) + gap_days)
    dated += [(start + timedelta(days=n), s) for n, s in enumerate(last_scores)]
    return dated


def test_pain_change_in_points_and_percent_reaching_the_mic_by_points():
    change = pain_change(answers([6] * 14, [4] * 14))
    assert change is not None
    assert (change.first, change.last, change.points) == (6.0, 4.0, -2.0)
    assert change.percent == pytest.approx(-33.333, abs=0.01)
    assert change.important and change.direction == "better"


def test_thirty_percent_is_important_even_below_two_points():
    change = pain_change(answers([3] * 14, [2] * 14))
    assert change is not None and change.points == -1.0
    assert change.percent == pytest.approx(-33.3, abs=0.1)
    assert change.important


def test_smaller_changes_are_not_important():
    change = pain_change(answers([5] * 14, [4] * 14))
    assert change is not None and not change.important  # 1 point, 20 %
    assert change.percent == pytest.approx(-20.0)
    edge = pain_change(answers([5, 5], [7, 7], gap_days=30))  # exactly 2 points worse: reached
    assert edge is not None and edge.important and edge.direction == "worse"


def test_pain_from_zero_has_no_percent():
    change = pain_change(answers([0] * 3, [1] * 3, gap_days=30))
    assert change is not None and change.percent is None
    assert not change.important
    assert pain_change(answers([0], [0], gap_days=30)).direction == "same"  # type: ignore[union-attr]


def test_windows_are_two_weeks_from_the_first_and_last_answers():
    # Answers spread over 4 weeks: the first window holds days 0-13, the last 14-27.
    dated = [(MONDAY + timedelta(days=n), 8 if n < 14 else 4) for n in range(28)]
    change = pain_change(dated)
    assert change is not None and (change.first, change.last) == (8.0, 4.0)
    assert change.first_window == Period(MONDAY, MONDAY + timedelta(days=13))
    assert pain_change(dated[:27]) is None  # 27 days: the windows would share a day


def test_no_pain_answers_gives_no_change_no_means_no_events():
    sessions = daily(MONDAY, 40)
    assert pain_change(figures.pain_answers(sessions, UTC, "before")) is None
    assert figures.pain_events(sessions) == []
    rows = weekly(sessions, Period(MONDAY, MONDAY + timedelta(days=39)), UTC)
    assert all(r.pain_before is None and r.pain_after is None for r in rows)
    assert figures.mean([None, None]) is None


def test_skipped_answers_are_left_out_of_means():
    sessions = [
        session(MONDAY, before=4, after=None),
        session(MONDAY + timedelta(days=1), before=None, after=2),
        session(MONDAY + timedelta(days=2), before=6, after=5),
    ]
    (row,) = weekly(sessions, Period(MONDAY, MONDAY + timedelta(days=6)), UTC)
    assert (row.pain_before, row.pain_after) == (5.0, 3.5)


def test_pain_rises_of_two_and_pain_stops_with_their_exercise():
    sessions = [
        session(MONDAY, before=3, after=4),  # one point: no
        session(MONDAY + timedelta(days=1), before=3, after=5, skipped=["Jump rope"]),
        session(MONDAY + timedelta(days=2), before=2, status=SessionStatus.PAIN_STOP, upto=3),
        session(MONDAY + timedelta(days=3), before=None, after=9),  # no before: no rise
    ]
    rise, stop = figures.pain_events(sessions)
    assert (rise.rose, rise.stopped, rise.before, rise.after) == (True, False, 3, 5)
    assert "Bird dog" in rise.exercise and "Jump rope" not in rise.exercise
    assert (stop.rose, stop.stopped, stop.exercise) == (False, True, "Bird dog")
    head = figures.headline(sessions, [], Period(MONDAY, MONDAY + timedelta(days=6)), UTC)
    assert (head.pain_rises, head.pain_stops) == (1, 1)


def test_a_pain_stop_before_any_step_names_no_exercise():
    stopped = session(MONDAY, status=SessionStatus.PAIN_STOP, upto=-1, active=5.0)
    (event,) = figures.pain_events([stopped])
    assert event.exercise == ""


# -- exercises and progression ---------------------------------------------------------


def test_prescribed_against_done_per_exercise():
    sessions = [
        session(MONDAY),
        session(MONDAY + timedelta(days=1), skipped=["Cat-cow"]),
        session(MONDAY + timedelta(days=2), status=SessionStatus.STOPPED, upto=1),
    ]
    rows = {r.name: r for r in figures.exercises(sessions, UTC)}
    cat = rows["Cat-cow"]
    assert (cat.sessions, cat.full, cat.skipped) == (3, 1, 1)
    assert (cat.planned_units, cat.done_units, cat.unit) == (30, 15, "reps")
    assert cat.planned_seconds == 180.0 and cat.active_seconds == 90.0
    knee = rows["Knee to chest"]
    assert (knee.sessions, knee.planned_units, knee.done_units, knee.unit) == (2, 12, 12, "holds")
    assert list(rows) == [name for name, *_ in STEPS]


def test_level_is_reps_per_set_and_side():
    (row,) = session(MONDAY).steps[4:5]  # side plank: 1 hold, 3 sets, both sides
    assert (row.planned_reps, level_of(row)) == (6, 1)
    assert level_of(session(MONDAY).steps[0]) is None  # breathing cycles are no level
    assert level_of(session(MONDAY, levels={"Partial crunch": 12}).steps[5]) == 12


def test_progression_changes_are_dated_and_a_hold_of_the_level_is_no_change():
    levels = [8, 8, 9, 9, 9, 10, 8]
    sessions = [
        session(MONDAY + timedelta(days=n), levels={"Bird dog": level})
        for n, level in enumerate(levels)
    ]
    row = next(r for r in figures.exercises(sessions, UTC) if r.name == "Bird dog")
    assert (row.first_level, row.last_level) == (8, 8)
    assert [(c.day.day - MONDAY.day, c.before, c.after) for c in row.changes] == [
        (2, 8, 9),
        (5, 9, 10),
        (6, 10, 8),
    ]
    still = next(r for r in figures.exercises(sessions, UTC) if r.name == "Cat-cow")
    assert still.changes == [] and still.first_level == 10


def test_the_same_step_name_in_two_routines_is_two_exercises():
    sessions = [session(MONDAY, routine="A"), session(MONDAY, routine="B", hour=18)]
    rows = figures.exercises(sessions, UTC)
    assert len(rows) == 14
    assert [r.routine for r in rows[:7]] == ["A"] * 7


# -- twelve weeks and a year --------------------------------------------------------


def test_twelve_weeks_of_improving_daily_sessions():
    period = weeks_ending(MONDAY + timedelta(days=83), 12)
    sessions = improving(period.first, 84)
    rows = weekly(sessions, period, UTC, prescription=every_week(7))
    assert len(rows) == 12 and all(r.done == 7 and r.percent == 100.0 for r in rows)
    assert rows[0].pain_before is not None and rows[-1].pain_before is not None
    assert rows[0].pain_before > rows[-1].pain_before
    head = figures.headline(sessions, rows, period, UTC)
    assert head.pain_before is not None and head.pain_before.important
    assert head.pain_before.direction == "better"
    assert (head.done, head.prescribed, head.longest_gap) == (84, 84, 0)
    bird = next(r for r in figures.exercises(sessions, UTC) if r.name == "Bird dog")
    assert (bird.first_level, bird.last_level, len(bird.changes)) == (8, 19, 11)


def test_a_year_of_daily_sessions():
    first = date(2023, 1, 2)  # a Monday
    period = Period(first, first + timedelta(days=364))
    sessions = improving(first, 365)
    rows = weekly(sessions, period, UTC)
    assert len(rows) == 53 and sum(r.done for r in rows) == 365
    assert all(r.longest_gap == 0 for r in rows)
    head = figures.headline(sessions, rows, period, UTC)
    assert head.pain_before is not None
    assert head.pain_before.first_window.first == first
    assert head.pain_before.last_window.last == period.last
    assert head.pain_before.points < -2
    exercises = figures.exercises(sessions, UTC)
    assert len(exercises) == 7 and all(e.sessions == 365 for e in exercises)
    assert len(next(e for e in exercises if e.name == "Bird dog").changes) == 52


def test_recorded_progression_decisions_take_the_place_of_planned_reps():
    sessions = [session(MONDAY + timedelta(days=n)) for n in range(3)]
    recorded = {
        ("Morning back routine", "Bird dog"): [
            LevelRecord(MONDAY, 8, 9, "up to 9: done in full"),
            LevelRecord(MONDAY + timedelta(days=1), 9, 9, "stays at 9: pain rose from 3 to 6"),
            LevelRecord(MONDAY + timedelta(days=2), 9, 7, "back to 7: stopped for pain"),
        ]
    }
    rows = {r.name: r for r in figures.exercises(sessions, UTC, recorded)}
    bird = rows["Bird dog"]
    assert (bird.first_level, bird.last_level) == (8, 7)
    assert [(c.day, c.before, c.after) for c in bird.changes] == [
        (MONDAY, 8, 9),
        (MONDAY + timedelta(days=2), 9, 7),
    ]
    # Steps the progression does not name have no level, whatever they planned.
    assert rows["Cat-cow"].first_level is None and rows["Cat-cow"].changes == []


def test_a_routine_without_recorded_decisions_keeps_its_planned_levels():
    sessions = [session(MONDAY + timedelta(days=n), levels={"Bird dog": 8 + n}) for n in range(3)]
    recorded = {("Another routine", "Plank"): [LevelRecord(MONDAY, 1, 2)]}
    bird = next(r for r in figures.exercises(sessions, UTC, recorded) if r.name == "Bird dog")
    assert (bird.first_level, bird.last_level, len(bird.changes)) == (8, 10, 2)


@pytest.mark.parametrize(
    ("done", "prescribed", "percent"),
    [(7, 7, 100.0), (7, 5, 140.0), (0, 3, 0.0), (4, 0, None), (4, None, None)],
)
def test_adherence_is_the_share_of_prescribed_sessions_done(
    done: int, prescribed: int | None, percent: float | None
) -> None:
    from backtimer.report.figures import adherence_percent

    assert adherence_percent(done, prescribed) == percent
