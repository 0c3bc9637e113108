"""Listener delivery with plain pytest: a real engine on a fake clock, no app."""

from __future__ import annotations

from dataclasses import dataclass, field

from backtimer.delivery import Delivery
from backtimer.engine.types import Event, EventKind
from backtimer.session import PainMoment
from tests.engine.builders import hold_step, routine
from tests.engine.fakes import FakeClock
from tests.engine.helpers import make

Log = list[tuple[str, object]]


@dataclass
class Listener:
    """Writes what it hears into a log shared with the other listeners."""

    name: str
    log: Log
    events: list[Event] = field(default_factory=list)
    pains: list[tuple[PainMoment, int | None]] = field(default_factory=list)

    def on_event(self, event: Event) -> None:
        self.events.append(event)
        self.log.append((self.name, event.kind))

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        self.pains.append((moment, score))
        self.log.append((self.name, moment))


class Broken:
    def on_event(self, event: Event) -> None:
        raise OSError("No space left on device")

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        raise OSError("No space left on device")


def delivery(*listeners: object, joined: bool = True) -> tuple[Delivery, list[BaseException]]:
    reported: list[BaseException] = []
    return Delivery(listeners, joined=joined, report=reported.append), reported  # type: ignore[arg-type]


def test_each_listener_hears_a_batch_whole_and_in_order_before_the_next() -> None:
    log: Log = []
    sound, history = Listener("sound", log), Listener("history", log)
    deliver, _ = delivery(sound, history)
    clock = FakeClock()
    engine = make(routine(hold_step(hold=2.0, ready=0.0), hold_step(hold=2.0)), clock)
    deliver.subscribe(engine)
    batch = engine.start()
    clock.advance(2.0)  # the first hold ends and the next step's ready starts: one batch
    batch = engine.update()
    assert len(batch) >= 2
    kinds = [event.kind for event in batch]
    started = [(name, kind) for name, kind in log if kind is EventKind.SESSION_STARTED]
    assert started == [("sound", EventKind.SESSION_STARTED), ("history", EventKind.SESSION_STARTED)]
    last = log[-2 * len(batch) :]
    assert last == [("sound", kind) for kind in kinds] + [("history", kind) for kind in kinds]
    assert sound.events == history.events
    assert [e.at for e in sound.events] == sorted(e.at for e in sound.events)


def test_a_failing_listener_does_not_stop_the_others_and_is_reported_once() -> None:
    log: Log = []
    first, second = Listener("first", log), Listener("second", log)
    deliver, reported = delivery(first, Broken(), second)
    clock = FakeClock()
    engine = make(routine(hold_step(hold=2.0, ready=0.0)), clock)
    deliver.subscribe(engine)
    engine.start()
    clock.advance(3.0)
    engine.update()
    deliver.tell_pain("after", 2)
    assert first.events == second.events
    assert second.events[-1].kind is EventKind.SESSION_FINISHED
    assert second.pains == [("after", 2)]
    # Every failure is kept; only the first is said (one sentence, not one per event).
    assert len(deliver.errors) == len(second.events) + 1
    assert [str(error) for error in reported] == ["No space left on device"]


def test_pain_answers_given_before_history_joins_wait_for_it() -> None:
    log: Log = []
    trace = Listener("trace", log)  # there from the start
    history = Listener("history", log)  # joins after the first frame
    deliver, _ = delivery(trace, joined=False)
    deliver.tell_pain("before", 3)
    deliver.tell_pain("before", 4)
    assert log == []  # nobody hears an answer before the history can keep it
    deliver.join([history])
    assert deliver.joined
    assert history.pains == trace.pains == [("before", 3), ("before", 4)]
    deliver.tell_pain("after", 1)  # joined: heard at once
    assert history.pains[-1] == ("after", 1)
    deliver.join([])
    assert history.pains == [("before", 3), ("before", 4), ("after", 1)]  # told once


def test_a_listener_can_be_left_out_of_the_events() -> None:
    log: Log = []
    sound, history = Listener("sound", log), Listener("history", log)
    deliver, _ = delivery(sound, history)
    engine = make(routine(hold_step(hold=2.0, ready=0.0)), FakeClock())
    deliver.subscribe(engine, leave_out=sound)  # a session stopping as it starts: no cue
    engine.start()
    assert sound.events == []
    assert history.events[0].kind is EventKind.SESSION_STARTED
