"""Ways to make a cue audible: simpleaudio, the terminal bell, or nothing.

A player's `play` returns at once. The real one raises `AudioUnavailable` when the
device cannot be opened, so the caller can fall back; the others never fail.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from backtimer.audio.wavs import Sound, with_volume


class AudioUnavailable(Exception):
    """No sound can be played here (no simpleaudio, no device, or it failed)."""


class Player(Protocol):
    def play(self, cue: str) -> None:
        """Start the cue and return without waiting for it; unknown cues are ignored."""


# simpleaudio 1.0.4 (the last release; the project is archived) kills the process with
# a segmentation fault when a buffer finishes playing on Python 3.12 and newer
# (hamiltron/py-simple-audio#72; seen here on 3.12.1 and 3.13.0): there it is never
# used, and the bell stands in, with a notice that says why.
SIMPLEAUDIO_WORKS = sys.version_info < (3, 12)
CRASHES = "simpleaudio crashes on Python 3.12 and newer"


class SimpleaudioPlayer:
    """Plays decoded buffers through simpleaudio; overlapping cues are allowed.

    simpleaudio is imported here, not at module import, so that commands which
    never play a sound never load it.
    """

    def __init__(self, sounds: Mapping[str, Sound], volume: int = 100) -> None:
        try:
            import simpleaudio
        except ImportError as error:
            raise AudioUnavailable("simpleaudio is not installed") from error
        if not SIMPLEAUDIO_WORKS:
            raise AudioUnavailable(CRASHES)
        quiet_alsa()
        self._sa: Any = simpleaudio
        self._volume = volume
        self._sounds = {name: with_volume(sound, volume) for name, sound in sounds.items()}
        self._playing: list[Any] = []

    def add(self, name: str, sound: Sound) -> None:
        """Another playable sound (a rendered announcement), at the same volume."""
        self._sounds[name] = with_volume(sound, self._volume)

    def has(self, name: str) -> bool:
        return name in self._sounds

    def probe(self, *, silence_stderr: bool = True) -> None:
        """Open the device once with a few milliseconds of silence.

        Before any screen is drawn, ALSA's own complaints also go to /dev/null;
        with a screen up (`silence_stderr=False`) fd 2 is the screen and must stay
        put: the silent handler `quiet_alsa` installed in __init__ suffices.
        """
        with stderr_silenced() if silence_stderr else contextlib.nullcontext():
            self._start(Sound(bytes(2 * 441), 1, 44100))

    def play(self, cue: str) -> None:
        sound = self._sounds.get(cue)
        if sound is not None:
            self._start(sound)

    def _start(self, sound: Sound) -> None:
        try:
            handle = self._sa.play_buffer(sound.data, sound.channels, 2, sound.rate)
        except Exception as error:  # SimpleaudioError, or a bad buffer
            raise AudioUnavailable(str(error).split(" -- ")[0]) from error
        self._playing = [p for p in self._playing if p.is_playing()]
        self._playing.append(handle)

    def wait(self) -> None:
        """Block until everything started has finished (tests and benchmarks only)."""
        for handle in self._playing:
            handle.wait_done()
        self._playing.clear()


def _default_ring() -> None:
    stream = sys.__stderr__
    if stream is not None and stream.isatty():
        os.write(stream.fileno(), b"\a")


class BellPlayer:
    """The terminal bell for the cues that matter: a hold, a rep or a work round
    starting or ending, a rest, a side switch, each breath in and out, the
    3-2-1, the end. The metronome's beats and the halfway pip would be noise.

    `ring` is called from the sound thread. A Textual app passes a callable that
    hands over to its own thread (e.g. `lambda: app.call_from_thread(app.bell)`).
    """

    CUES = frozenset(
        {"start", "end", "tick", "rest", "switch", "inhale", "exhale", "complete", "attention"}
    )

    def __init__(self, ring: Callable[[], None] | None = None) -> None:
        self._ring = ring or _default_ring

    def play(self, cue: str) -> None:
        if cue in self.CUES:
            with contextlib.suppress(Exception):  # a closing app must not break a session
                self._ring()


class SilentPlayer:
    def play(self, cue: str) -> None:
        pass


@contextlib.contextmanager
def stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for a moment.

    Only for use before a full-screen UI starts: Textual draws on fd 2, so doing
    this during a session would swallow frames. During a session, `quiet_alsa`
    keeps ALSA quiet instead.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            sys.stderr.flush()
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


_alsa_handler: object = None


def quiet_alsa() -> bool:
    """Give ALSA an error handler that prints nothing (Linux only; idempotent).

    ALSA reports problems by writing "ALSA lib ..." lines straight to fd 2, from
    any thread, whenever a device is opened or recovers; on a full-screen UI they
    land on top of the picture. Returns whether the handler is in place.
    """
    global _alsa_handler
    if _alsa_handler is not None:
        return True
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    # void handler(const char *file, int line, const char *function, int err,
    #              const char *fmt, ...): the variadic tail is never read.
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(lambda *_: None)
    if asound.snd_lib_error_set_handler(handler) != 0:
        return False
    _alsa_handler = handler  # ctypes callbacks must outlive their use
    # Back to ALSA's own handler before Python shuts down: a C thread must never
    # call into a finished interpreter.
    atexit.register(asound.snd_lib_error_set_handler, None)
    return True
