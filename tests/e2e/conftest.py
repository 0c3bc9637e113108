from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .tmux import TmuxSession, have_tmux, private_env


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., TmuxSession]]:
    if not have_tmux():
        pytest.skip("tmux is not installed (scripts/setup.sh --test installs it)")
    started: list[TmuxSession] = []

    def start(args: list[str], **extra_env: str) -> TmuxSession:
        session = TmuxSession(args, env=private_env(tmp_path, **extra_env))
        started.append(session)
        return session

    yield start
    for session in started:
        session.kill()
