"""Due today, done, behind, and adherence per week, over a made-up calendar.

December 2026: Monday 7th to Sunday 13th is ISO week 50. Sessions are given as
the aware UTC times the history stores; the local day comes from the zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backtimer import due
from backtimer.due import DONE, DUE, ENDED, FREE, WeekAdherence
from backtimer.schedule import Schedule

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MON = date(2026, 12, 7)


def day(offset: int) -> date:
    """A day of week 50: 0 is Monday the 7th, 6 is Sunday the 13th."""
    return MON + timedelta(days=offset)


def counts(*offsets: int) -> dict[date, int]:
    result: dict[date, int] = {}
    for offset in offsets:
        result[day(offset)] = result.get(day(offset), 0) + 1
    return result


# -- every day -------------------------------------------------------------------------


def test_every_day_is_due_until_done_then_done() -> None:
    daily = Schedule()
    assert due.today(daily, {}, day(2)).state == DUE
    status = due.today(daily, counts(0, 1, 2), day(2))
    assert status.state == DONE
    assert (status.week.done, status.week.prescribed) == (3, 7)
    assert not status.behind


def test_every_day_falls_behind_after_a_missed_day() -> None:
    status = due.today(Schedule(), counts(0, 2), day(2))
    assert status.state == DONE
    # Tuesday missed: by the end of Tuesday two were needed, one was done, and
    # today's session is today's, not Tuesday's.
    assert status.behind
    assert status.words() == "done today, 2 of 7 this week, behind"


def test_two_a_day_needs_both_and_credits_at_most_two() -> None:
    twice = Schedule(per_day=2)
    one = due.today(twice, counts(3), day(3))
    assert (one.state, one.done_today, one.needed_today) == (DUE, 1, 2)
    assert one.words().startswith("due today (1 of 2 done)")
    both = due.today(twice, counts(3, 3), day(3))
    assert both.state == DONE
    three = due.today(twice, counts(3, 3, 3), day(3))
    assert three.week.done == 2  # a third session that day is welcome, not credited
    assert three.week.prescribed == 14


# -- fixed weekdays ----------------------------------------------------------------------


def test_named_weekdays_are_due_only_on_those_days() -> None:
    mwf = Schedule(days=(1, 3, 5))
    assert due.today(mwf, {}, day(0)).state == DUE
    tuesday = due.today(mwf, counts(0), day(1))
    assert (tuesday.state, tuesday.needed_today) == (FREE, 0)
    assert tuesday.words() == "not due today, 1 of 3 this week"
    assert due.today(mwf, counts(0), day(2)).state == DUE
    assert due.today(mwf, counts(0, 2), day(4)).state == DUE


def test_named_weekdays_behind_after_a_missed_monday() -> None:
    mwf = Schedule(days=(1, 3, 5))
    assert not due.today(mwf, {}, day(0)).behind  # Monday itself is not over
    wednesday = due.today(mwf, {}, day(2))
    assert wednesday.behind
    assert wednesday.words() == "due today, 0 of 3 this week, behind"
    caught_up = due.today(mwf, counts(1), day(2))  # done on Tuesday instead
    assert not caught_up.behind


# -- N days a week -------------------------------------------------------------------------


def test_per_week_is_due_every_day_until_the_count_is_reached() -> None:
    five = Schedule(per_week=5)
    status = due.today(five, counts(0, 1), day(2))
    assert status.state == DUE
    assert status.words() == "due today, 2 of 5 this week"
    done = due.today(five, counts(0, 1, 2, 3, 4), day(5))
    assert (done.state, done.week.done) == (FREE, 5)
    today_done = due.today(five, counts(0, 1, 2, 3, 4), day(4))
    assert today_done.state == DONE


def test_per_week_behind_only_when_the_count_cannot_be_reached() -> None:
    three = Schedule(per_week=3)
    assert not due.today(three, {}, day(4)).behind  # Friday, Saturday, Sunday left
    assert due.today(three, {}, day(5)).behind  # only two days left for three
    assert not due.today(three, counts(0), day(5)).behind


# -- the calendar ------------------------------------------------------------------------


def test_the_week_starts_on_monday_and_last_week_does_not_count() -> None:
    five = Schedule(per_week=5)
    last_week = {day(-1): 1, day(-2): 1, day(-3): 1}  # Sunday, Saturday, Friday before
    monday = due.today(five, last_week, day(0))
    assert monday.week.done == 0
    assert monday.week.monday == MON
    assert monday.week.label == "2026-W50"
    sunday = due.today(five, counts(6), day(6))
    assert sunday.week.done == 1 and sunday.week.monday == MON


def test_a_session_after_midnight_counts_for_the_new_day() -> None:
    # 00:20 in Berlin on Tuesday is 23:20 UTC on Monday.
    late = datetime(2026, 12, 7, 23, 20, tzinfo=UTC)
    per_day = due.day_counts([late], BERLIN)
    assert per_day == {day(1): 1}
    assert due.today(Schedule(days=(1,)), per_day, day(0)).state == DUE
    # In New York the same moment is still Monday evening.
    assert due.day_counts([late], NEW_YORK) == {day(0): 1}


def test_a_sunday_night_session_in_another_zone_crosses_the_week_boundary() -> None:
    # 23:30 on Sunday the 13th in New York is 04:30 UTC on Monday the 14th.
    moment = datetime(2026, 12, 14, 4, 30, tzinfo=UTC)
    in_new_york = due.day_counts([moment], NEW_YORK)
    assert due.week(Schedule(per_week=3), in_new_york, MON).done == 1
    in_utc = due.day_counts([moment], UTC)
    assert due.week(Schedule(per_week=3), in_utc, MON).done == 0


@pytest.mark.parametrize(
    ("utc_times", "expected"),
    [
        # Spring forward in Berlin: Sunday 29 March 2026, 02:00 becomes 03:00.
        (
            [datetime(2026, 3, 28, 22, 30, tzinfo=UTC), datetime(2026, 3, 29, 21, 59, tzinfo=UTC)],
            {date(2026, 3, 28): 1, date(2026, 3, 29): 1},  # 23:30 CET, 23:59 CEST
        ),
        # Fall back: Sunday 25 October 2026, 03:00 becomes 02:00; the day has 25 hours.
        (
            [
                datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
                datetime(2026, 10, 25, 22, 59, tzinfo=UTC),
            ],
            {date(2026, 10, 25): 2},  # 00:30 CEST and 23:59 CET, the same long day
        ),
    ],
)
def test_days_follow_the_zone_across_summer_time_changes(
    utc_times: list[datetime], expected: dict[date, int]
) -> None:
    assert due.day_counts(utc_times, BERLIN) == expected


def test_a_week_with_a_summer_time_change_still_has_seven_days() -> None:
    monday = date(2026, 10, 19)  # the week of the October change
    starts = [
        datetime.combine(monday + timedelta(days=i), datetime.min.time(), BERLIN).replace(hour=8)
        for i in range(7)
    ]
    per_day = due.day_counts(starts, BERLIN)
    assert len(per_day) == 7
    assert due.week(Schedule(), per_day, monday) == WeekAdherence(monday, 7, 7)


# -- until -----------------------------------------------------------------------------------


def test_nothing_is_due_after_until() -> None:
    plan = Schedule(until=day(2))
    assert due.today(plan, {}, day(2)).state == DUE  # the last day still counts
    after = due.today(plan, {}, day(3))
    assert (after.state, after.due, after.behind) == (ENDED, False, False)
    assert after.words() == "plan ended"
    assert after.week.prescribed == 3  # Monday to Wednesday


def test_until_shortens_a_per_week_plan_in_its_last_week() -> None:
    plan = Schedule(per_week=5, until=day(1))  # ends on Tuesday
    assert due.week(plan, {}, MON).prescribed == 2


# -- adherence per week (the report's figures) -----------------------------------------------


def test_weekly_adherence_over_a_range() -> None:
    plan = Schedule(days=(1, 3, 5))
    history = {day(-7): 1, day(-5): 1, day(-3): 1, day(0): 1, day(2): 2}
    weeks = due.weekly_adherence(plan, history, day(-7), day(6))
    assert [(w.label, w.done, w.prescribed) for w in weeks] == [
        ("2026-W49", 3, 3),
        ("2026-W50", 2, 3),
    ]
    assert weeks[0].percent == 100.0
    assert weeks[1].percent == pytest.approx(66.67, abs=0.01)


def test_weekly_adherence_counts_only_days_in_the_range() -> None:
    plan = Schedule()
    weeks = due.weekly_adherence(plan, counts(2, 3), day(2), day(3))
    assert weeks == [WeekAdherence(MON, 2, 2)]


def test_a_week_that_prescribes_nothing_has_no_percentage() -> None:
    plan = Schedule(until=day(-10))
    week = due.week(plan, counts(0), MON)
    assert (week.prescribed, week.percent) == (0, None)


# -- the plan's first day ------------------------------------------------------------------


def test_nobody_is_behind_before_they_have_begun() -> None:
    fresh = due.today(Schedule(per_week=5), {}, day(6), started=False)
    assert (fresh.state, fresh.behind) == (DUE, False)
    assert fresh.words() == "due today, 0 of 5 this week"


def test_a_plan_begun_midweek_asks_only_for_the_days_left() -> None:
    five = Schedule(per_week=5)
    begun = due.today(five, counts(3, 4, 5), day(6), first=day(3))  # from Thursday
    assert (begun.week.done, begun.week.prescribed) == (3, 4)
    assert not begun.behind
    daily = due.today(Schedule(), counts(3), day(5), first=day(3))
    assert daily.behind  # Friday missed, and Friday was after the first day
    assert (daily.week.done, daily.week.prescribed) == (1, 4)
    next_week = due.today(five, counts(3, 4, 5), day(7), first=day(3))
    assert next_week.week.prescribed == 5
