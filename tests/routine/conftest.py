from __future__ import annotations

from collections.abc import Iterator

import pytest

from backtimer.routine import compose


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs a test with each YAML parser the loader can use (libyaml when present)."""
    if request.param == "libyaml" and compose._CLoader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(compose, "use_libyaml", request.param == "libyaml")
    yield request.param
