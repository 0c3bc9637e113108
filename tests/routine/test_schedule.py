"""`schedule:`: every form the format accepts, and every mistake with its place."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from backtimer.routine.load import check_text, load_text
from backtimer.schedule import Schedule

STEPS = "steps:\n  - {name: A, hold: 5s}\n"


def schedule_of(text: str) -> Schedule | None:
    return load_text(f"name: Planned\nschedule: {text}\n{STEPS}").schedule


def problems_of(text: str) -> list[str]:
    routine = f"name: Planned\nschedule: {text}\n{STEPS}"
    return [f"{p.line}:{p.column}: {p.message}" for p in check_text(routine, "r.yaml")]


def test_a_routine_without_a_schedule_has_none() -> None:
    assert load_text(f"name: Free\n{STEPS}").schedule is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", Schedule()),
        ("Every day", Schedule()),
        ("{}", Schedule()),
        ("{per_day: 2}", Schedule(per_day=2)),
        ("{per_week: 3}", Schedule(per_week=3)),
        ("{per_week: 7}", Schedule(per_week=7)),
        ("{days: [mon, wed, fri]}", Schedule(days=(1, 3, 5))),
        ("{days: [Friday, monday, Wed]}", Schedule(days=(1, 3, 5))),
        ("{days: sun}", Schedule(days=(7,))),
        ("{days: [tues, thurs, sat]}", Schedule(days=(2, 4, 6))),
        ('{days: [mon, wed, fri], at: "08:00"}', Schedule(days=(1, 3, 5), at=(8, 0))),
        ("{at: 8:30}", Schedule(at=(8, 30))),
        ("{at: 23:59}", Schedule(at=(23, 59))),
        ("{at: '0:00'}", Schedule(at=(0, 0))),
        ("{per_week: 5, until: 2027-03-31}", Schedule(per_week=5, until=date(2027, 3, 31))),
        ("{until: '2027-03-31'}", Schedule(until=date(2027, 3, 31))),
        (
            "{days: [tue, thu], per_day: 2, at: '07:15', until: 2027-01-10}",
            Schedule(days=(2, 4), per_day=2, at=(7, 15), until=date(2027, 1, 10)),
        ),
    ],
)
def test_every_form_of_schedule(text: str, expected: Schedule) -> None:
    assert schedule_of(text) == expected


def test_a_schedule_in_block_style_reads_the_same() -> None:
    text = (
        "name: Planned\nschedule:\n  days: [mon, thu]\n  at: 18:30\n  until: 2027-06-01\n" + STEPS
    )
    assert load_text(text).schedule == Schedule(days=(1, 4), at=(18, 30), until=date(2027, 6, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "weekly",
            "2:11: schedule must be daily or a mapping like {per_week: 3} or "
            "{days: [mon, wed, fri]}, got 'weekly'",
        ),
        (
            "[mon, wed]",
            "2:11: schedule must be daily or a mapping like {per_week: 3} or "
            "{days: [mon, wed, fri]}, got a list",
        ),
        ("", "2:10: schedule has no value"),
        ("{per_dya: 2}", "2:12: unknown key 'per_dya' (did you mean 'per_day'?)"),
        ("{per_week: 8}", "2:22: per_week must be a whole number from 1 to 7, got 8"),
        ("{per_week: 0}", "2:22: per_week must be a whole number from 1 to 7, got 0"),
        ("{per_week: three}", "2:22: per_week must be a whole number from 1 to 7, got 'three'"),
        ("{per_day: 11}", "2:21: per_day must be a whole number from 1 to 10, got 11"),
        (
            "{days: [mon], per_week: 3}",
            "2:25: give either days or per_week in a schedule, not both",
        ),
        ("{days: []}", "2:18: days must list at least one weekday, like [mon, wed, fri]"),
        (
            "{days: [mon, tuseday]}",
            "2:24: each day is a weekday like mon or monday, got 'tuseday'"
            " (did you mean 'tuesday'?)",
        ),
        ("{days: [1, 3]}", "2:19: each day is a weekday like mon or monday, got 1"),
        ("{days: [mon, Monday]}", "2:24: 'Monday' is listed twice in days"),
        (
            "{days: {mon: 1}}",
            "2:18: days must be a list of weekdays like [mon, wed, fri], got a mapping",
        ),
        (
            "{at: 25:00}",
            "2:16: at must be a time of day like 08:00 or 18:30 (24-hour), got 25:00",
        ),
        (
            "{at: '8:75'}",
            "2:16: at must be a time of day like 08:00 or 18:30 (24-hour), got '8:75'",
        ),
        ("{at: 8}", "2:16: at must be a time of day like 08:00 or 18:30 (24-hour), got 8"),
        ("{until: 2027-02-30}", "2:19: until must be a real date, got '2027-02-30'"),
        (
            "{until: tomorrow}",
            "2:19: until must be a date like 2027-03-31 (year-month-day), got 'tomorrow'",
        ),
    ],
)
def test_every_schedule_mistake_is_reported_where_it_is(text: str, expected: str) -> None:
    assert problems_of(text) == [expected]


def test_several_schedule_mistakes_are_reported_at_once() -> None:
    assert problems_of("{per_week: 9, at: noon, until: soon}") == [
        "2:22: per_week must be a whole number from 1 to 7, got 9",
        "2:29: at must be a time of day like 08:00 or 18:30 (24-hour), got 'noon'",
        "2:42: until must be a date like 2027-03-31 (year-month-day), got 'soon'",
    ]


def test_a_misspelt_schedule_key_is_suggested_at_the_top_level() -> None:
    routine = f"name: Planned\nshedule: daily\n{STEPS}"
    assert [p.message for p in check_text(routine)] == [
        "unknown key 'shedule' (did you mean 'schedule'?)"
    ]


def test_a_schedule_survives_the_routine_cache_and_stays_immutable() -> None:
    import json

    from backtimer.routine import cache

    schedule = Schedule(days=(1, 3), per_day=2, at=(8, 0), until=date(2027, 3, 31))
    plan = "{days: [mon, wed], per_day: 2, at: '08:00', until: 2027-03-31}"
    routine = load_text(f"name: Planned\nschedule: {plan}\n{STEPS}")
    assert routine.schedule == schedule
    assert cache.decode(json.loads(json.dumps(cache.encode(routine)))) == routine
    again = pickle.loads(pickle.dumps(schedule))
    assert again == schedule and hash(again) == hash(schedule)
    with pytest.raises(AttributeError):
        again.per_day = 3  # type: ignore[misc]


def test_a_schedule_round_trips_through_the_status_file_form() -> None:
    schedule = Schedule(per_week=3, per_day=2, at=(18, 30), until=date(2027, 3, 31))
    assert Schedule.from_dict(schedule.to_dict()) == schedule
    assert Schedule.from_dict(Schedule(days=(2, 4)).to_dict()) == Schedule(days=(2, 4))


def test_a_schedule_says_what_it_prescribes() -> None:
    assert Schedule().describe() == "every day"
    assert Schedule(per_week=3, at=(8, 0)).describe() == "3 days a week, at 08:00"
    assert (
        Schedule(days=(1, 3, 5), per_day=2, until=date(2027, 3, 31)).describe()
        == "Mon, Wed, Fri, 2 times a day, until 2027-03-31"
    )
