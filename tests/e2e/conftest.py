from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .tmux import TmuxSession, have_tmux, private_env


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., TmuxSession]]:
    if not have_tmux():
        pytest.skip("tmux is not installed (scripts/setup.sh --test installs it)")
    started: list[TmuxSession] = []
    # A short TMPDIR: Chromium (the report's PDF) makes its sockets there, and a socket
    # path may be 108 bytes at most; under pytest-xdist, tmp_path is longer than that
    # leaves room for, and Chromium failed with "zygote ... write: Broken pipe".
    short = Path(tempfile.mkdtemp(prefix="bt-"))

    def start(args: list[str], **extra_env: str) -> TmuxSession:
        env = private_env(tmp_path, **{"TMPDIR": str(short), **extra_env})
        session = TmuxSession(args, env=env)
        started.append(session)
        return session

    try:
        yield start
    finally:
        for session in started:
            session.kill()
        shutil.rmtree(short, ignore_errors=True)
