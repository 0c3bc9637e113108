"""What the report reads from the store: sessions of a range with their steps,
the notes of a range, the routines' names; and the note column's migration."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from report_helpers import session, write

from backtimer.history import schema
from backtimer.history.store import NOTE_LENGTH, Store

DAY = date(2024, 5, 6)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def test_sessions_between_reads_the_range_oldest_first_with_steps():
    with Store.memory() as store:
        rows = [session(DAY + timedelta(days=n)) for n in range(5)]
        rows.append(session(DAY + timedelta(days=2), routine="Evening", hour=19))
        write(store, rows)
        found = store.sessions_between(at(DAY + timedelta(days=1)), at(DAY + timedelta(days=3)))
        assert [(s.started_at.day, s.routine_name) for s in found] == [
            (7, "Morning back routine"),
            (8, "Morning back routine"),
            (8, "Evening"),
        ]
        assert all(len(s.steps) == 7 for s in found)
        assert found[0].steps == rows[1].steps
        one = store.sessions_between(at(DAY), at(DAY + timedelta(days=9)), "Evening")
        assert [s.routine_name for s in one] == ["Evening"]
        assert store.sessions_between(at(DAY), at(DAY)) == []


def test_a_note_is_one_line_kept_short_and_can_be_cleared():
    with Store.memory() as store:
        row = session(DAY)
        write(store, [row])
        assert store.set_note(row.id, "  stiff\nin the   morning ") == "stiff in the morning"
        assert store.notes_between(at(DAY), at(DAY + timedelta(days=1))) == [
            (row.started_at, "Morning back routine", "stiff in the morning")
        ]
        assert len(store.set_note(row.id, "x" * 500) or "") == NOTE_LENGTH
        assert store.set_note(row.id, "   ") is None
        assert store.notes_between(at(DAY), at(DAY + timedelta(days=1))) == []


def test_notes_are_read_only_from_the_range_and_routine():
    with Store.memory() as store:
        rows = [session(DAY), session(DAY + timedelta(days=1)), session(DAY, routine="B", hour=9)]
        write(store, rows)
        for row in rows:
            store.set_note(row.id, row.id)
        day_one = store.notes_between(at(DAY), at(DAY + timedelta(days=1)))
        assert [n[2] for n in day_one] == [rows[0].id, rows[2].id]
        assert [n[2] for n in store.notes_between(at(DAY), at(DAY + timedelta(days=9)), "B")] == [
            rows[2].id
        ]


def test_routine_names_with_their_newest_file():
    with Store.memory() as store:
        assert store.routine_names() == {}
        a = store.begin_session("Morning", "/old/morning.yaml", started_at=at(DAY))
        b = store.begin_session("Morning", "/new/morning.yaml", started_at=at(DAY) + timedelta(1))
        assert a != b
        assert store.routine_names() == {"Morning": "/new/morning.yaml"}


def test_an_older_database_gains_the_note_column_and_keeps_its_sessions(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=3)
    conn.execute(
        "INSERT INTO sessions (id, routine_name, started_at, status)"
        " VALUES ('s1', 'Morning', '2024-05-06T08:00:00.000Z', 'completed')"
    )
    conn.close()
    with Store.open(path) as store:
        assert store.version == schema.latest_version()
        assert store.set_note("s1", "fine") == "fine"
        assert store.notes_between(at(DAY), at(DAY + timedelta(days=1)))[0][2] == "fine"


def test_a_note_is_kept_printable():
    with Store.memory() as store:
        row = session(DAY)
        write(store, [row])
        assert store.set_note(row.id, "sore\x07 left\u202e side\tafter") == "sore left side after"


def test_notes_travel_in_the_exports_and_come_back_with_an_import():
    import csv
    import io
    import json

    from backtimer.history.export import export_csv, export_json, import_json

    with Store.memory() as store:
        rows = [session(DAY), session(DAY + timedelta(days=1))]
        write(store, rows)
        store.set_note(rows[0].id, "=stiff, then fine")
        text = export_json(store)
        sessions = json.loads(text)["sessions"]
        assert [s["note"] for s in sessions] == ["=stiff, then fine", None]
        table = list(csv.DictReader(io.StringIO(export_csv(store))))
        assert table[0]["note"] == "'=stiff, then fine"  # never a spreadsheet formula
        assert table[-1]["note"] == ""
    with Store.memory() as other:
        assert import_json(other, text) == (2, 0)
        notes = other.notes_between(at(DAY), at(DAY + timedelta(days=5)))
        assert [n[2] for n in notes] == ["=stiff, then fine"]


def test_an_export_without_notes_imports_and_a_bad_note_is_refused():
    import json

    import pytest

    from backtimer.errors import UserError
    from backtimer.history.export import export_json, import_json

    with Store.memory() as store:
        write(store, [session(DAY)])
        document = json.loads(export_json(store))
    del document["sessions"][0]["note"]  # from a backtimer before notes
    with Store.memory() as other:
        assert import_json(other, json.dumps(document)) == (1, 0)
    document["sessions"][0]["note"] = "two\nlines"
    with Store.memory() as other, pytest.raises(UserError, match="note"):
        import_json(other, json.dumps(document))
