"""The wake-up scheduler against a fake event loop and a fake clock: no app, no sleeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from backtimer.engine.clock import monotonic
from backtimer.engine.engine import Engine
from backtimer.engine.types import EventKind, SessionState, Status
from backtimer.wakeups import BREATH_FPS, LEAD, MIN_DELAY, SPIN, WakeScheduler
from tests.engine.builders import breathe_step, hold_step, routine
from tests.engine.fakes import FakeClock
from tests.engine.helpers import make

LOOP_START = 500.0  # the loop's clock is not the engine's: deadlines are offsets


@dataclass
class Call:
    when: float
    callback: Callable[..., object]
    args: tuple[object, ...]
    cancelled: bool = False
    ran: bool = False

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        assert not self.cancelled, "a cancelled wake-up ran"
        self.ran = True
        self.callback(*self.args)


@dataclass
class FakeLoop:
    """An event loop that only records what it is asked to call, and when."""

    now: float = LOOP_START
    calls: list[Call] = field(default_factory=list)

    def time(self) -> float:
        return self.now

    def call_at(self, when: float, callback: Callable[..., object], *args: object) -> Call:
        call = Call(when, callback, args)
        self.calls.append(call)
        return call

    def live(self) -> list[Call]:
        """What is still to run."""
        return [call for call in self.calls if not call.cancelled and not call.ran]


@dataclass
class Host:
    """What the app gives the scheduler, recorded."""

    frames: bool = False  # a real terminal holds frames drawn ahead
    wakes: int = 0
    drawn: list[tuple[float, SessionState, bool]] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    slept: list[float] = field(default_factory=list)
    breath: float | None = None
    fail: bool = False

    def wake(self) -> None:
        self.wakes += 1
        if self.fail:
            raise RuntimeError("a frame went wrong")

    def draw_ahead(self, at: float, state: SessionState, quiet: bool) -> bool:
        self.drawn.append((at, state, quiet))
        return True


def scheduler(engine: Engine, loop: FakeLoop, host: Host, clock: object) -> WakeScheduler:
    return WakeScheduler(
        engine,
        loop,
        clock=clock,  # type: ignore[arg-type]
        wake=host.wake,
        holds_frames=lambda: host.frames,
        draw_ahead=host.draw_ahead,
        breath_step=lambda _state, _now: host.breath,
        failed=host.errors.append,
        sleep=host.slept.append,
    )


def hold_of_twenty(clock: FakeClock) -> Engine:
    engine = make(routine(hold_step(hold=20.0, ready=0.0)), clock)
    engine.start()
    return engine


def test_the_wake_up_is_the_engines_next_change_as_a_deadline_on_the_loop() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host()
    engine = hold_of_twenty(clock)
    clock.advance(0.3)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    boundary = engine.next_wakeup()
    assert boundary == pytest.approx(1001.0)
    assert wakes.next_wake == boundary
    (call,) = loop.calls
    # Woken SPIN early (asyncio rounds up to whole milliseconds), as a deadline.
    assert call.when == pytest.approx(LOOP_START + 0.7 - SPIN)
    assert call.args == (boundary, True)  # precise: the rest is slept
    assert wakes.wake_armed and not wakes.prepare_armed
    call.run()
    assert host.wakes == 1
    assert not wakes.wake_armed
    assert host.slept == []  # a fake clock is never slept on


def test_each_arm_replaces_what_was_armed() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host()
    engine = hold_of_twenty(clock)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    first = loop.calls[0]
    clock.advance(1.0)
    engine.update()
    wakes.arm(engine.state)
    assert first.cancelled
    assert [call.args[0] for call in loop.live()] == [pytest.approx(1002.0)]


def test_a_wake_up_already_due_waits_the_minimum_and_never_spins() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host()
    engine = hold_of_twenty(clock)
    clock.advance(10.5)  # past the halfway cue, and update() not called yet
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    assert wakes.next_wake == pytest.approx(1010.0)
    (call,) = loop.calls
    assert call.when == pytest.approx(LOOP_START + MIN_DELAY)


def test_a_quiet_second_arms_no_wake_up_at_its_boundary_only_its_frame() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host(frames=True)
    engine = hold_of_twenty(clock)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    assert not wakes.wake_armed  # nothing is heard at 1 s
    (prepare,) = loop.calls
    assert prepare.when == pytest.approx(LOOP_START + 1.0 - LEAD)
    assert prepare.args == (pytest.approx(1001.0), True)

    clock.set(1001.0 - LEAD)
    loop.now = LOOP_START + 1.0 - LEAD
    prepare.run()
    ((at, drawn, quiet),) = host.drawn
    assert (at, quiet) == (pytest.approx(1001.0), True)
    assert drawn.remaining == pytest.approx(19.0)  # the state of the boundary, drawn ahead
    assert engine.state.remaining == pytest.approx(19.0 + LEAD)  # the engine did not move
    # Drawing it armed the next second's frame, from the second drawn.
    assert wakes.next_wake == pytest.approx(1002.0)
    assert not wakes.wake_armed
    assert loop.live()[-1].args == (pytest.approx(1002.0), True)
    assert host.wakes == 0


def test_quiet_seconds_up_to_the_next_event_then_a_wake_up_for_it() -> None:
    """The engine is woken only for what it has to say: the halfway cue at 10 s."""
    clock, loop, host = FakeClock(), FakeLoop(), Host(frames=True)
    engine = hold_of_twenty(clock)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    for second in range(1, 10):
        clock.set(1000.0 + second - LEAD)
        loop.now = LOOP_START + second - LEAD
        loop.live()[-1].run()
    assert [round(at) for at, _state, _quiet in host.drawn] == list(range(1001, 1010))
    assert engine.next_event() == pytest.approx(1010.0)
    assert wakes.next_wake == pytest.approx(1010.0)
    assert wakes.wake_armed and wakes.prepare_armed
    wake, prepare = loop.live()
    assert wake.args == (pytest.approx(1010.0), True)
    assert prepare.args == (pytest.approx(1010.0), False)  # drawn ahead, heard at its moment
    clock.set(1010.0)
    assert [e.kind for e in engine.update()] == [EventKind.HALFWAY]


def test_close_to_its_boundary_a_frame_is_not_drawn_ahead() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host(frames=True)
    engine = hold_of_twenty(clock)
    clock.advance(0.999)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    assert wakes.wake_armed and not wakes.prepare_armed


def test_pause_disarms_and_resume_rearms_at_the_get_ready() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host()
    engine = hold_of_twenty(clock)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    before = loop.calls[0]
    clock.advance(0.5)
    engine.pause()
    wakes.arm(engine.state)
    assert before.cancelled
    assert wakes.next_wake is None  # paused: nothing changes until a key
    assert loop.live() == []
    clock.advance(60.0)
    engine.resume()
    assert engine.state.status is Status.RESUMING
    wakes.arm(engine.state)
    assert wakes.next_wake == engine.next_wakeup()
    assert wakes.next_wake is not None and wakes.next_wake <= clock() + 1.0
    (call,) = loop.live()
    assert call.when == pytest.approx(LOOP_START + wakes.next_wake - clock() - SPIN)


def test_disarm_cancels_both_the_wake_up_and_the_frame_ahead() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host(frames=True)
    engine = hold_of_twenty(clock)
    clock.advance(9.5)
    engine.update()
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    assert wakes.prepare_armed
    wakes.disarm()
    assert all(call.cancelled for call in loop.calls)
    assert not wakes.wake_armed and not wakes.prepare_armed
    assert wakes.next_wake is None and wakes.engine_wake is None


def test_breathing_wakes_for_the_bar_but_never_faster_than_its_frame_rate() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host()
    engine = make(routine(breathe_step(ready=0.0)), clock)
    engine.start()
    clock.advance(0.5)
    engine.update()
    wakes = scheduler(engine, loop, host, clock)
    host.breath = clock() + 0.01  # the bar would move sooner than a frame allows
    wakes.arm(engine.state)
    assert wakes.next_wake == pytest.approx(clock() + 1.0 / BREATH_FPS)
    (call,) = loop.calls
    assert call.args == (wakes.next_wake, False)  # a frame, not a boundary: no precise sleep
    assert call.when == pytest.approx(LOOP_START + 1.0 / BREATH_FPS)
    host.breath = clock() + 0.3  # the bar's next visible step is later
    wakes.arm(engine.state)
    assert wakes.next_wake == pytest.approx(clock() + 0.3)


def test_on_the_real_clock_the_rest_is_slept_precisely() -> None:
    loop, host = FakeLoop(), Host()
    engine = make(routine(hold_step(hold=20.0, ready=0.0)), FakeClock())
    wakes = scheduler(engine, loop, host, monotonic)
    deadline = monotonic() + SPIN
    wakes._on_wake(deadline, True)
    assert len(host.slept) == 1 and 0 < host.slept[0] <= SPIN
    wakes._on_wake(monotonic() + 1.0, True)  # far off: no sleep of a second
    wakes._on_wake(monotonic() + SPIN, False)  # a breathing frame: not slept on
    assert len(host.slept) == 1
    assert host.wakes == 3


def test_a_failure_in_a_wake_up_is_reported_not_raised_into_the_loop() -> None:
    clock, loop, host = FakeClock(), FakeLoop(), Host(fail=True)
    engine = hold_of_twenty(clock)
    wakes = scheduler(engine, loop, host, clock)
    wakes.arm(engine.state)
    loop.calls[0].run()
    assert [str(error) for error in host.errors] == ["a frame went wrong"]
