"""The frame holder between Textual's driver and the terminal (real threads, short waits)."""

from __future__ import annotations

import threading
import time

import pytest

from backtimer.ui.presenter import MAX_HOLD, Presenter


class Sink:
    """Collects what reaches the terminal, stamped with the monotonic clock."""

    def __init__(self) -> None:
        self.written: list[tuple[float, str]] = []
        self.arrived = threading.Event()

    def __call__(self, data: str) -> None:
        self.written.append((time.monotonic(), data))
        self.arrived.set()

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.written]


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
def presenter(sink: Sink):  # type: ignore[no-untyped-def]
    presenter = Presenter(sink)
    yield presenter
    presenter.close()


def test_writes_go_straight_through_when_nothing_is_held(presenter: Presenter, sink: Sink) -> None:
    presenter.write("a")
    presenter.write("b")
    assert sink.texts == ["a", "b"]


def test_a_held_frame_appears_at_its_moment_not_before(presenter: Presenter, sink: Sink) -> None:
    at = time.monotonic() + 0.05
    presenter.hold_until(at)
    presenter.write("frame")
    presenter.write("cursor")
    assert sink.texts == []
    assert sink.arrived.wait(1.0)
    time.sleep(0.01)
    assert sink.texts == ["frame", "cursor"]
    written_at = sink.written[0][0]
    assert at <= written_at < at + 0.02
    # The hold is over: later writes are not delayed.
    presenter.write("next")
    assert sink.texts[-1] == "next"


def test_release_writes_what_is_held_at_once_and_in_order(presenter: Presenter, sink: Sink) -> None:
    presenter.hold_until(time.monotonic() + 10)
    presenter.write("early frame")
    presenter.release()
    presenter.write("key frame")
    assert sink.texts == ["early frame", "key frame"]


def test_a_new_time_replaces_the_old_one(presenter: Presenter, sink: Sink) -> None:
    presenter.hold_until(time.monotonic() + 10)
    presenter.write("frame")
    later = time.monotonic() + 0.03
    presenter.hold_until(later)
    assert sink.arrived.wait(1.0)
    assert sink.written[0][0] >= later


def test_no_hold_lasts_longer_than_the_cap(presenter: Presenter, sink: Sink) -> None:
    start = time.monotonic()
    presenter.hold_until(start + 3600)
    presenter.write("frame")
    assert sink.arrived.wait(MAX_HOLD + 1.0)
    assert sink.written[0][0] - start <= MAX_HOLD + 0.05


def test_close_writes_what_is_held_and_then_passes_writes_through(sink: Sink) -> None:
    presenter = Presenter(sink)
    presenter.hold_until(time.monotonic() + 10)
    presenter.write("last frame")
    presenter.close()
    presenter.write("restore the terminal")
    assert sink.texts == ["last frame", "restore the terminal"]
