"""Totals, streaks and charts in the user's local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from history_helpers import FrozenNow

from backtimer.history.store import Store

TOKYO = timezone(timedelta(hours=9))


def _session(store: Store, at: datetime, minutes: float, status: str = "completed") -> str:
    sid = store.begin_session("Morning", started_at=at)
    store.finish_session(sid, status, minutes * 60, 0.0)
    return sid


def test_totals_count_this_week_from_monday_and_all_time(store: Store, now: FrozenNow) -> None:
    wednesday = now()
    _session(store, wednesday - timedelta(days=2, hours=7), 10)  # Monday 00:30
    _session(store, wednesday - timedelta(days=2, hours=8), 20)  # Sunday 23:30: last week
    _session(store, wednesday - timedelta(hours=1), 15, "pain-stop")
    _session(store, wednesday - timedelta(days=30), 5)
    _session(store, wednesday - timedelta(days=31), 0, "stopped")  # no exercise: not counted
    store.begin_session("Running now")  # in progress: not counted
    totals = store.totals()
    assert (totals.week_sessions, totals.week_minutes) == (2, 25.0)
    assert (totals.total_sessions, totals.total_minutes) == (4, 50.0)
    assert (totals.completed_sessions, totals.pain_stops) == (3, 1)


def test_streak_counts_consecutive_days_until_yesterday_or_today(
    store: Store, now: FrozenNow
) -> None:
    today = now()
    for days_ago in (1, 2, 3, 5):
        _session(store, today - timedelta(days=days_ago), 10)
    assert store.totals().streak_days == 3  # today has none yet: the streak still counts
    _session(store, today - timedelta(minutes=5), 10)
    assert store.totals().streak_days == 4
    assert store.totals(now=today + timedelta(days=2)).streak_days == 0


def test_days_are_local_dates(db_path: Path) -> None:
    # 16:00 UTC is 01:00 the next day in Tokyo: two UTC days, one Tokyo day after another.
    evening = datetime(2024, 5, 1, 16, 0, tzinfo=UTC)
    morning_before = datetime(2024, 5, 1, 1, 0, tzinfo=UTC)  # 10:00 May 1st in Tokyo
    with Store.open(db_path, now=FrozenNow(evening), tz=TOKYO) as store:
        _session(store, morning_before, 10)
        _session(store, evening, 10)
        assert store.totals().streak_days == 2  # May 1st and May 2nd in Tokyo
        per_day = store.minutes_per_day(days=3)
    assert [(d.day, d.minutes) for d in per_day] == [
        (date(2024, 4, 30), 0.0),
        (date(2024, 5, 1), 10.0),
        (date(2024, 5, 2), 10.0),
    ]
    with Store.open(db_path, now=FrozenNow(evening), tz=UTC) as store:
        assert store.totals().streak_days == 1  # the same day in UTC


def test_minutes_per_day_fills_gaps_and_ignores_older_days(store: Store, now: FrozenNow) -> None:
    today = now()
    _session(store, today - timedelta(days=40), 99)
    _session(store, today - timedelta(days=2), 12)
    _session(store, today - timedelta(days=2, minutes=30), 3)
    days = store.minutes_per_day(days=30)
    assert len(days) == 30 and days[-1].day == today.date()
    assert days[0].day == today.date() - timedelta(days=29)
    assert sum(d.minutes for d in days) == 15.0 and days[-3].minutes == 15.0


def test_pain_series_is_the_newest_scores_oldest_first(store: Store, now: FrozenNow) -> None:
    ids = []
    for i in range(5):
        sid = _session(store, now() + timedelta(days=i), 10)
        if i != 2:
            store.set_pain(sid, "before", i)
        ids.append(sid)
    store.set_pain(ids[3], "after", 1)
    series = store.pain_series(limit=3)
    assert [p.session_id for p in series] == [ids[1], ids[3], ids[4]]
    assert [(p.before, p.after) for p in series] == [(1, None), (3, 1), (4, None)]
