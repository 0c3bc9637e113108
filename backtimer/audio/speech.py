"""Spoken announcements ("Next: side plank, left side", "Switch sides").

espeak-ng (or espeak) renders each text to a WAV once, in a background thread,
into a cache folder; the session plays the file through the same player as the
beeps. Every text a routine can need is known before it starts, so all are
rendered up front: an announcement is never late, and one that is not ready in
time is skipped rather than played late.

A cached WAV is played only where nobody else can have written it: the speech
folder passes the routine cache's own check (`private_files.private_folder`) and
the file is a regular file of this user's that only they can write. A file that
is not is made again; a folder that is not is left alone, and the texts are
rendered for this session into a private temporary folder instead, removed once
they are loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from backtimer.engine.types import Event, EventKind, PhaseKind
from backtimer.private_files import make_private_folder, only_mine, private_folder
from backtimer.routine.model import Routine

PROGRAMS = ("espeak-ng", "espeak")
SWITCH_TEXT = "Switch sides"


def find_program() -> str | None:
    import shutil

    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def default_cache_dir() -> Path:
    from backtimer import locations

    return locations.cache_dir() / "speech"


def _next_text(name: str, side: str | None) -> str:
    return f"Next: {name}, {side} side" if side else f"Next: {name}"


def announcement(event: Event, routine: Routine) -> str | None:
    """What to say for an event, if anything."""
    phase = event.phase
    if event.kind is EventKind.SIDE_SWITCH:
        return SWITCH_TEXT
    if (
        event.kind is EventKind.PHASE_STARTED
        and phase is not None
        and phase.kind is PhaseKind.READY
        and 0 <= phase.step_index < len(routine.steps)
    ):
        step = routine.steps[phase.step_index]
        side = phase.side or (step.sides[0] if step.sides else None)
        return _next_text(step.name, side)
    return None


def announcements(routine: Routine) -> list[str]:
    """Every text `announcement` can produce for this routine, in session order."""
    texts: list[str] = []
    for step in routine.steps:
        texts.append(_next_text(step.name, step.sides[0] if step.sides else None))
        if len(step.sides) > 1 and SWITCH_TEXT not in texts:
            texts.append(SWITCH_TEXT)
    return list(dict.fromkeys(texts))


def cue_name(text: str) -> str:
    """The player's name for a rendered text."""
    return "say:" + hashlib.sha1(text.encode()).hexdigest()[:16]


class Speech:
    """Renders texts in one background thread; `on_ready(text, path)` or
    `on_failed(text, problem)` is called (from that thread) for each text."""

    def __init__(
        self,
        program: str,
        cache_dir: Path,
        on_ready: Callable[[str, Path], None],
        *,
        on_failed: Callable[[str, str], None] | None = None,
        timeout: float = 20.0,
    ) -> None:
        self._program = program
        self._cache = cache_dir
        self._on_ready = on_ready
        self._on_failed = on_failed
        self._timeout = timeout
        self._lock = threading.Lock()
        self._queue: list[str] = []
        self._thread: threading.Thread | None = None

    def path_for(self, text: str) -> Path:
        key = hashlib.sha1(f"{Path(self._program).name}\0{text}".encode()).hexdigest()
        return self._cache / f"{key[:24]}.wav"

    def prerender(self, texts: Iterable[str]) -> None:
        with self._lock:
            self._queue.extend(t for t in texts if t not in self._queue)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until everything asked for is rendered (tests, and a clean exit)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        import shutil
        import tempfile

        scratch: Path | None = None
        if not self._cache_is_private():
            try:
                scratch = Path(tempfile.mkdtemp(prefix="backtimer-speech-"))
            except OSError as error:  # nowhere to render: each text fails (one notice)
                self._fail_all(str(error))
                return
        try:
            while True:
                with self._lock:
                    if not self._queue:
                        self._thread = None
                        return
                    text = self._queue.pop(0)
                path = self.path_for(text)
                if scratch is not None:
                    path = scratch / path.name
                elif _only_mine(path):
                    self._on_ready(text, path)
                    continue
                if self._render(text, path):
                    self._on_ready(text, path)
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def _fail_all(self, problem: str) -> None:
        with self._lock:
            texts, self._queue = self._queue, []
            self._thread = None
        for text in texts:
            if self._on_failed is not None:
                self._on_failed(text, problem)

    def _cache_is_private(self) -> bool:
        """Whether the cache folder can be used (it is made 0700 if missing)."""
        try:
            return private_folder(self._cache) and make_private_folder(self._cache)
        except OSError:
            return False

    def _render(self, text: str, path: Path) -> bool:
        # Imported here, on the speech thread, not at start-up.
        import subprocess
        import tempfile

        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(suffix=".wav", dir=path.parent)
            os.close(fd)
            subprocess.run(
                [self._program, "-w", tmp, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=self._timeout,
                check=True,
            )
            os.replace(tmp, path)  # whole files only, even if two sessions render at once
            return True
        except (OSError, subprocess.SubprocessError) as error:
            if self._on_failed is not None:
                self._on_failed(text, str(error))
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            return False


def _only_mine(path: Path) -> bool:
    """A regular file (not a link) of this user's that nobody else can write."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        return stat.S_ISREG(info.st_mode) and only_mine(info)
    finally:
        os.close(fd)
