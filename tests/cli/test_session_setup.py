"""What `start` joins after its first frame: history and sound, and their questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.cli.session_setup import SessionSetup
from backtimer.errors import UserError
from backtimer.history.recorder import HistoryRecorder
from backtimer.routine.load import load_text

ROUTINE = load_text(
    "name: Setup\nsteps:\n  - {name: Plank, hold: 20s}\n  - {name: Bridge, hold: 20s}\n"
)


def _join(setup: SessionSetup):
    return setup.join(exit=lambda: None, state=lambda: None)


def test_a_writable_history_asks_nothing_and_joins_a_recorder_and_the_sound() -> None:
    setup = SessionSetup(ROUTINE, mute=True)
    try:
        assert setup.question() is None
        joined = _join(setup)
        assert any(isinstance(listener, HistoryRecorder) for listener in joined.listeners)
        assert joined.sound is not None and joined.sound in joined.listeners
        assert joined.start_at_step is None
    finally:
        setup.close("completed")


@pytest.mark.parametrize("run_unsaved", [False, True])
def test_an_unwritable_history_asks_whether_to_run_without_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_unsaved: bool
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    setup = SessionSetup(ROUTINE, mute=True)
    question = setup.question()
    assert question is not None
    assert question.text.startswith("Cannot write the history in")
    assert question.default is False
    setup.answer(run_unsaved)
    assert setup.question() is None
    if not run_unsaved:
        with pytest.raises(UserError, match="nothing was started"):
            _join(setup)
        return
    joined = _join(setup)
    assert not any(isinstance(listener, HistoryRecorder) for listener in joined.listeners)
    assert joined.sound is not None
    setup.close("completed")


def test_an_unreadable_sound_config_is_refused_when_the_setup_is_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text("[sound]\nvolume = 'loud'\n")
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(tmp_path))
    with pytest.raises(UserError, match="volume"):
        SessionSetup(ROUTINE, mute=True)


def test_a_history_that_opens_but_cannot_be_read_asks_the_same_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backtimer.history.store import Store

    def unreadable(self: Store, routine_name: str) -> None:
        raise UserError("The history database is busy.")

    monkeypatch.setattr(Store, "last_interrupted", unreadable)
    setup = SessionSetup(ROUTINE, mute=True)
    question = setup.question()
    assert question is not None
    assert question.text == "The history database is busy."
    assert question.detail == "Run this session anyway, without saving it?"
    setup.answer(False)
    with pytest.raises(UserError, match="nothing was started"):
        _join(setup)
    setup.close(None)


# -- resuming -----------------------------------------------------------------------


def _leave_interrupted(routine_hash: str | None = None, *, days_ago: int = 0) -> str:
    from datetime import UTC, datetime, timedelta

    from backtimer.engine.types import StepResult
    from backtimer.history.store import Store

    with Store.open() as store:
        started = datetime.now(UTC) - timedelta(days=days_ago, minutes=5)
        sid = store.begin_session(
            ROUTINE.name, "", routine_hash or ROUTINE.source_hash or "", started
        )
        store.record_step(
            sid, StepResult(0, "Plank", "hold", None, 0, 1, 1, (), (), 20.0, 20.0, False)
        )
        store._db.conn.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (sid,))
        store.mark_interrupted()
    return sid


def _recorder(joined) -> HistoryRecorder:  # type: ignore[no-untyped-def]
    (recorder,) = [x for x in joined.listeners if isinstance(x, HistoryRecorder)]
    return recorder


def test_resume_yes_claims_the_session_before_it_starts() -> None:
    sid = _leave_interrupted()
    setup = SessionSetup(ROUTINE, mute=True)
    try:
        question = setup.question()
        assert question is not None and question.detail == "Resume there?"
        setup.answer(True)
        assert setup.question() is None
        joined = _join(setup)
        assert joined.start_at_step == 1
        recorder = _recorder(joined)
        assert recorder.resume is not None and recorder.resume.id == sid
        assert recorder.resume.status.value == "running"  # claimed by this terminal
    finally:
        setup.close("completed")


@pytest.mark.parametrize("fresh", [False, True])
def test_a_second_terminal_is_told_before_it_starts(fresh: bool) -> None:
    from backtimer.cli.session_setup import NothingStarted

    _leave_interrupted()
    first = SessionSetup(ROUTINE, mute=True)
    second = SessionSetup(ROUTINE, mute=True)
    try:
        assert first.question() is not None and second.question() is not None  # both asked
        first.answer(True)
        second.answer(True)
        told = second.question()
        assert told is not None
        assert "has just been resumed in another terminal" in told.text
        assert told.detail == "Start a fresh session here?" and told.default is False
        second.answer(fresh)
        assert second.question() is None
        if not fresh:
            with pytest.raises(NothingStarted, match="Nothing was started") as refused:
                _join(second)
            assert refused.value.exit_code == 0
            return
        joined = _join(second)
        assert joined.start_at_step is None and _recorder(joined).resume is None
    finally:
        first.close(None)
        second.close(None)


@pytest.mark.parametrize("fresh", [False, True])
def test_a_changed_routine_offers_a_fresh_start(fresh: bool) -> None:
    from backtimer.cli.session_setup import NothingStarted

    _leave_interrupted(routine_hash="0" * 64)
    setup = SessionSetup(ROUTINE, mute=True)
    try:
        question = setup.question()
        assert question is not None
        assert "the routine has changed since, so it cannot be resumed" in question.text
        assert question.detail == "Start a fresh session?" and question.default is True
        setup.answer(fresh)
        assert setup.question() is None
        if not fresh:
            with pytest.raises(NothingStarted):
                _join(setup)
            return
        joined = _join(setup)
        assert joined.start_at_step is None and _recorder(joined).resume is None
    finally:
        setup.close(None)


def test_a_session_from_another_day_is_not_offered() -> None:
    _leave_interrupted(days_ago=2)
    setup = SessionSetup(ROUTINE, mute=True)
    try:
        assert setup.question() is None
        assert _join(setup).start_at_step is None
    finally:
        setup.close(None)


def test_the_joined_history_keeps_the_end_screens_note_with_the_session() -> None:
    from datetime import UTC, datetime, timedelta

    from backtimer.engine.types import Event, EventKind
    from backtimer.history.store import Store

    setup = SessionSetup(ROUTINE, mute=True)
    try:
        joined = _join(setup)
        assert joined.keep_note is not None
        assert joined.keep_note("before any session") is None  # nothing to keep it with
        recorder = next(x for x in joined.listeners if isinstance(x, HistoryRecorder))
        recorder.on_event(Event(EventKind.SESSION_STARTED, 0.0))
        assert joined.keep_note("  stiff\nafter the drive ") == "stiff after the drive"
    finally:
        setup.close("completed")
    now = datetime.now(UTC)
    with Store.open() as store:
        notes = store.notes_between(now - timedelta(hours=1), now + timedelta(hours=1))
    assert [n[1:] for n in notes] == [("Setup", "stiff after the drive")]


def test_a_progression_joins_with_its_level_and_why_and_is_settled_at_the_end() -> None:
    from backtimer.engine.types import Event, EventKind, StepResult

    routine = load_text(
        "name: Grow\nsteps:\n  - {name: Bridge, reps: {start: 5, goal: 9}, tempo: 2s}\n"
    )
    setup = SessionSetup(routine, mute=True)
    try:
        joined = _join(setup)
        assert joined.reps == {0: 5} and joined.notices == []
        recorder = next(x for x in joined.listeners if isinstance(x, HistoryRecorder))
        recorder.on_event(Event(EventKind.SESSION_STARTED, 0.0))
        done = StepResult(0, "Bridge", "reps", 5, 5, 1, 1, (), (), 10.0, 10.0, False)
        recorder.on_event(Event(EventKind.STEP_FINISHED, 1.0, result=done))
        recorder.on_event(Event(EventKind.SESSION_FINISHED, 2.0))
        assert joined.settle is not None
        assert joined.settle() == ["Bridge — up from 5 to 6: done in full"]
    finally:
        setup.close("completed")
    again = SessionSetup(routine, mute=True)
    try:
        joined = _join(again)
        assert joined.reps == {0: 6}
        assert joined.notices == ["Bridge up from 5 to 6: done in full"]
    finally:
        again.close(None)


def test_a_resumed_session_brings_what_it_did_before_to_the_end_screen() -> None:
    _leave_interrupted()
    setup = SessionSetup(ROUTINE, mute=True)
    try:
        assert setup.question() is not None
        setup.answer(True)
        joined = _join(setup)
        assert joined.start_at_step == 1
        (plank,) = joined.earlier
        assert (plank.step_index, plank.name, plank.done_sets, plank.skipped) == (
            0, "Plank", 1, False,
        )  # fmt: skip
    finally:
        setup.close("completed")
