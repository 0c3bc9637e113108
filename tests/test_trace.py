"""The trace is the benchmark's only window into a running session."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from backtimer import trace
from backtimer.engine.types import Event, EventKind, Phase, PhaseKind, StopReason


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _hold(at: float) -> Phase:
    return Phase(
        index=2, kind=PhaseKind.HOLD, step_index=0, offset=at, duration=20.0, estimate=20.0
    )


def test_each_event_is_one_json_line_with_planned_and_seen_times() -> None:
    out = io.StringIO()
    clock = _Clock(1005.25)
    listener = trace.TraceListener(out, clock=clock)
    listener.on_event(Event(EventKind.PHASE_STARTED, at=1005.0, phase=_hold(5.0)))
    clock.now = 1006.5
    listener.on_event(Event(EventKind.SESSION_STOPPED, at=1006.4, value=StopReason.PAIN))
    listener.on_pain("after", 3)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {
        "kind": "phase_started",
        "at": 1005.0,
        "seen": 1005.25,
        "phase": "hold",
        "duration": 20.0,
        "index": 2,
        "value": None,
    }
    assert lines[1]["kind"] == "session_stopped"
    assert lines[1]["seen"] == 1006.5
    assert lines[1]["phase"] is None
    assert lines[1]["value"] == "pain"
    assert len(lines) == 2


def test_from_env_is_off_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(trace.ENV_VAR, raising=False)
    assert trace.from_env() is None


def test_from_env_appends_line_by_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "trace.jsonl"
    monkeypatch.setenv(trace.ENV_VAR, str(path))
    listener = trace.from_env()
    assert listener is not None
    listener.on_event(Event(EventKind.SESSION_STARTED, at=1.0))
    # Line-buffered: readable before close, as a killed session would leave it.
    assert json.loads(path.read_text())["kind"] == "session_started"
    listener.close()
