"""Which event makes which sound, and which one wins when several coincide."""

from __future__ import annotations

import pytest

from backtimer.audio.cues import CuePrefs, cue_for, cue_schedule
from backtimer.engine.types import Event, EventKind, PhaseKind, StopReason

from .events import ended, event, phase, started


def resumed(kind: PhaseKind) -> Event:
    return Event(EventKind.RESUMED, 0.0, phase(kind))


@pytest.mark.parametrize(
    ("ev", "cue"),
    [
        (started(PhaseKind.HOLD, 0), "start"),
        (started(PhaseKind.WORK, 0), "start"),
        (started(PhaseKind.REP, 0, duration=4.0), "start"),
        (started(PhaseKind.REP, 0, duration=None), None),  # counted by hand: no beeps
        (started(PhaseKind.READY, 0), None),
        (started(PhaseKind.REST, 0), "rest"),
        (started(PhaseKind.SWITCH, 0), "switch"),
        (started(PhaseKind.INHALE, 0), "inhale"),
        (started(PhaseKind.EXHALE, 0), "exhale"),
        (started(PhaseKind.BREATH_HOLD, 0), None),
        (ended(PhaseKind.HOLD, 0), "end"),
        (ended(PhaseKind.WORK, 0), "end"),
        (ended(PhaseKind.REST, 0), None),
        (ended(PhaseKind.REP, 0, duration=4.0), None),
        (event(EventKind.TICK, 0, 3), "tick"),
        (event(EventKind.BEAT, 0, 1), "metronome"),
        (event(EventKind.HALFWAY, 0), None),  # off unless asked for
        (event(EventKind.SIDE_SWITCH, 0), "switch"),
        (event(EventKind.SESSION_FINISHED, 0), "complete"),
        (event(EventKind.SESSION_STOPPED, 0, StopReason.PAIN), "attention"),
        (event(EventKind.SESSION_STOPPED, 0, StopReason.STOPPED), None),
        (event(EventKind.SESSION_STARTED, 0), None),
        (event(EventKind.PAUSED, 0), None),
        (resumed(PhaseKind.HOLD), "start"),
        (resumed(PhaseKind.EXHALE), "exhale"),
        (resumed(PhaseKind.REST), None),
        (event(EventKind.REP_COUNTED, 0, 3), None),
    ],
)
def test_cue_for(ev, cue) -> None:
    assert cue_for(ev) == cue


def test_prefs_turn_pips_on_and_off() -> None:
    quiet = CuePrefs(ticks=False, halfway=False, metronome=False)
    chatty = CuePrefs(ticks=True, halfway=True, metronome=True)
    for kind, cue in [
        (EventKind.TICK, "tick"),
        (EventKind.HALFWAY, "halfway"),
        (EventKind.BEAT, "metronome"),
    ]:
        assert cue_for(event(kind, 0), quiet) is None
        assert cue_for(event(kind, 0), chatty) == cue


def test_a_hold_with_ticks_then_rest() -> None:
    events = [
        started(PhaseKind.READY, 0.0),
        event(EventKind.TICK, 2.0, 3),
        event(EventKind.TICK, 3.0, 2),
        event(EventKind.TICK, 4.0, 1),
        ended(PhaseKind.READY, 5.0),
        started(PhaseKind.HOLD, 5.0),
        event(EventKind.HALFWAY, 15.0),
        event(EventKind.TICK, 22.0, 3),
        ended(PhaseKind.HOLD, 25.0),
        started(PhaseKind.REST, 25.0),
        ended(PhaseKind.REST, 28.0),
        started(PhaseKind.HOLD, 28.0),
    ]
    assert cue_schedule(events) == [
        (2.0, "tick"),
        (3.0, "tick"),
        (4.0, "tick"),
        (5.0, "start"),
        (22.0, "tick"),
        (25.0, "end"),  # end outranks rest: the end of an effort is what one listens for
        (28.0, "start"),
    ]
    with_halfway = cue_schedule(events, CuePrefs(halfway=True))
    assert (15.0, "halfway") in with_halfway


@pytest.mark.parametrize(
    ("first", "second", "winner"),
    [
        (ended(PhaseKind.HOLD, 9.0), started(PhaseKind.SWITCH, 9.0), "switch"),
        (ended(PhaseKind.HOLD, 9.0), event(EventKind.SIDE_SWITCH, 9.0), "switch"),
        (ended(PhaseKind.HOLD, 9.0), event(EventKind.SESSION_FINISHED, 9.0), "complete"),
        (
            ended(PhaseKind.HOLD, 9.0),
            event(EventKind.SESSION_STOPPED, 9.0, StopReason.PAIN),
            "attention",
        ),
        (ended(PhaseKind.HOLD, 9.0), started(PhaseKind.HOLD, 9.0), "start"),
        (ended(PhaseKind.WORK, 9.0), started(PhaseKind.INHALE, 9.0), "inhale"),
        (ended(PhaseKind.WORK, 9.0), started(PhaseKind.REST, 9.0), "end"),
        (event(EventKind.BEAT, 9.0, 1), started(PhaseKind.WORK, 9.0), "start"),
        (event(EventKind.BEAT, 9.0, 7), event(EventKind.TICK, 9.0, 1), "tick"),
    ],
)
def test_one_sound_per_instant_whatever_the_order(first, second, winner) -> None:
    assert cue_schedule([first, second]) == [(9.0, winner)]
    assert cue_schedule([second, first]) == [(9.0, winner)]


def test_a_stop_or_skip_by_the_user_does_not_ring_the_end_bell() -> None:
    cuts = [
        event(EventKind.SESSION_STOPPED, 7.5, StopReason.STOPPED),
        event(EventKind.STEP_SKIPPED, 7.5),
    ]
    for cut in cuts:
        assert cue_schedule([started(PhaseKind.HOLD, 0.0), ended(PhaseKind.HOLD, 7.5), cut]) == [
            (0.0, "start")
        ]
    # ... but what starts at that moment is still announced.
    skip = [ended(PhaseKind.HOLD, 7.5), event(EventKind.STEP_SKIPPED, 7.5)]
    assert cue_schedule([*skip, started(PhaseKind.HOLD, 7.5, step=1)]) == [(7.5, "start")]


def test_the_same_cue_twice_at_one_instant_plays_once() -> None:
    events = [started(PhaseKind.SWITCH, 3.0), event(EventKind.SIDE_SWITCH, 3.0)]
    assert cue_schedule(events) == [(3.0, "switch")]


def test_the_metronome_keeps_its_beats() -> None:
    beats = [event(EventKind.BEAT, 10.0 + 0.5 * k, k + 1) for k in range(4)]
    events = [started(PhaseKind.WORK, 10.0), *beats, ended(PhaseKind.WORK, 12.0)]
    assert cue_schedule(events) == [
        (10.0, "start"),
        (10.5, "metronome"),
        (11.0, "metronome"),
        (11.5, "metronome"),
        (12.0, "end"),
    ]
