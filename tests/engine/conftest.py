"""Fixtures for the engine tests: a clock that moves only when told to."""

from __future__ import annotations

import pytest

from tests.engine.fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1000.0)
