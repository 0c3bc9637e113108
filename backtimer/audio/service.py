"""The session's sound: events in, cues out, never in the caller's way.

`on_event` only puts the event on a queue; one worker thread settles coinciding
cues and talks to the device, so neither a slow device open nor a device that
vanishes mid-session can stall the screen. Any failure switches to the fallback
(the bell, or silence) with one notice.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from backtimer import resources
from backtimer.audio.config import SoundConfig, load_config
from backtimer.audio.cues import CUES, CueArbiter, CuePrefs, arbiter_input
from backtimer.audio.player import (
    CRASHES,
    AudioUnavailable,
    BellPlayer,
    Player,
    SilentPlayer,
    SimpleaudioPlayer,
)
from backtimer.audio.speech import (
    Speech,
    announcement,
    announcements,
    cue_name,
    default_cache_dir,
    find_program,
)
from backtimer.audio.wavs import WavError, load_sounds, read_wav
from backtimer.engine.types import Event
from backtimer.errors import UserError
from backtimer.routine.model import Routine
from backtimer.session import PainMoment

# How long a deferred cue waits for the rest of its instant's events. An "end" is
# nearly always settled at once by what follows it (the next phase, or the finish),
# but other listeners run in between (the history writes a finished step to disk),
# so it may wait longer; beats and rests have nothing to wait for in practice.
WINDOW = 0.03
END_WINDOW = 0.3
SPEECH_MAX_SECONDS = 15.0
# A cue noticed this late (the machine stalled) is dropped rather than played in a
# burst with the ones after it; how the session ended is always told.
STALE_AFTER = 2.0
_ALWAYS = frozenset({"complete", "attention"})


_Item = tuple[float, str | None, str | None]  # (planned time, cue, text to say)
_STOP = object()


class SoundService:
    """A SessionListener and SoundControl.

    With `threaded=False` everything happens inside `on_event` (tests); a cue that
    waits for its instant's other events is then played by the next event or by
    `close()`. `clock` should be the engine's clock (events carry its times).
    """

    def __init__(
        self,
        player: Player,
        *,
        fallback: Player | None = None,
        fallback_name: str = "sound is off",
        prefs: CuePrefs | None = None,
        muted: bool = False,
        notices: Iterable[str] = (),
        routine: Routine | None = None,
        window: float = WINDOW,
        threaded: bool = True,
        clock: Callable[[], float] | None = None,
        opener: Callable[[SoundService], Player] | None = None,
    ) -> None:
        self._player = player
        self._opener = opener  # run first on the worker: opens the device off the UI
        self._fallback = fallback or SilentPlayer()
        self._fallback_name = fallback_name
        self._prefs = prefs or CuePrefs()
        self._muted = muted
        self._routine = routine
        self._window = window
        self._clock = clock  # the engine's clock, for dropping stale cues; None: never
        self._least_late: float | None = None
        self._arbiter = CueArbiter()
        self._notices = list(notices)
        self._lock = threading.Lock()
        self._failed = False
        self._closed = False
        self.speech: Speech | None = None
        self._queue: queue.SimpleQueue[_Item | object] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        if threaded:
            self._worker = threading.Thread(target=self._run, name="sound", daemon=True)
            self._worker.start()
        elif opener is not None:
            self._open()

    # SoundControl

    @property
    def muted(self) -> bool:
        return self._muted

    def toggle_mute(self) -> bool:
        self._muted = not self._muted
        return self._muted

    @property
    def hearing(self) -> str:
        """What a person will actually hear, for the session's header: "muted",
        "sound" (the speakers), "bell only" (the terminal bell: the cues that
        matter, no metronome) or "off" (no device and no bell). While the device
        is still being opened it is "sound": the notice and this status follow
        if it fails."""
        if self._muted:
            return "muted"
        player = self._player
        if self._opener is not None:
            return "sound"
        if isinstance(player, BellPlayer):
            return "bell only"
        if isinstance(player, SilentPlayer):
            return "off"
        return "sound"

    def take_notices(self) -> list[str]:
        """What to tell the user about sound; nothing while muted (a muted session
        does not care that there is no device), and it is said on unmuting."""
        if self._muted:
            return []
        with self._lock:
            notices, self._notices = self._notices, []
        return notices

    def notify(self, notice: str) -> None:
        with self._lock:
            if notice not in self._notices:
                self._notices.append(notice)

    # SessionListener

    def on_event(self, event: Event) -> None:
        if self._closed:
            return
        cue = arbiter_input(event, self._prefs)
        text = None
        if self.speech is not None and self._routine is not None:
            text = announcement(event, self._routine)
        if cue is None and text is None:
            return
        item: _Item = (event.at, cue, text)
        if self._worker is None:
            self._handle(item)
        else:
            self._queue.put(item)

    def on_pain(self, moment: PainMoment, score: int | None) -> None:
        """Check-ins are quiet."""

    # Lifecycle

    def close(self, timeout: float = 2.0) -> None:
        """Play what is still waiting and stop the worker; later events are ignored."""
        if self._closed:
            return
        self._closed = True
        if self._worker is None:
            self._play(self._arbiter.flush())
        else:
            self._queue.put(_STOP)
            self._worker.join(timeout)

    def speech_ready(self, text: str, path: Path) -> None:
        """Called from the speech thread when an announcement has been rendered."""
        add = getattr(self._player, "add", None)  # players that can take new sounds
        if add is None:
            return
        try:
            sound = read_wav(path, max_seconds=SPEECH_MAX_SECONDS)
        except WavError:
            return
        add(cue_name(text), sound)

    # The worker

    def _open(self) -> None:
        opener, self._opener = self._opener, None
        if opener is None:
            return
        try:
            self._player = opener(self)
        except Exception:  # whatever a driver throws: the fallback, said once
            self._player = self._fallback
            self.notify(f"No audio device: {self._fallback_name}.")

    def _run(self) -> None:
        self._open()
        while True:
            try:
                item = self._queue.get(timeout=self._wait_for(self._arbiter.pending))
            except queue.Empty:
                item = None
            try:
                if item is None or item is _STOP:
                    self._play(self._arbiter.flush())
                else:
                    self._handle(item)  # type: ignore[arg-type]
            except Exception:  # sound must never take anything down with it
                self._failed_play("sound")
            if item is _STOP:
                return

    def _wait_for(self, pending: str | None) -> float | None:
        if pending is None:
            return None
        return max(self._window, END_WINDOW) if pending == "end" else self._window

    def _is_stale(self, at: float) -> bool:
        """Later than the most punctual event so far by more than STALE_AFTER.

        Measured against the best lateness seen, not against zero, so that a clock
        that is not quite the engine's (a test's fake one) never silences a session.
        """
        if self._clock is None:
            return False
        late = self._clock() - at
        if self._least_late is None or late < self._least_late:
            self._least_late = late
        return late - self._least_late > STALE_AFTER

    def _handle(self, item: _Item) -> None:
        at, cue, text = item
        stale = self._is_stale(at)
        if cue is not None:
            cues = self._arbiter.offer(at, cue)
            self._play([c for c in cues if not stale or c in _ALWAYS])
        if text is not None and not stale:
            name = cue_name(text)
            has = getattr(self._player, "has", None)
            if has is not None and has(name):
                self._play([name])
            # Not rendered yet: skipped, never played late.

    def _play(self, cues: list[str]) -> None:
        if self._muted:
            return
        for cue in cues:
            try:
                self._player.play(cue)
            except Exception:  # AudioUnavailable, or anything a driver throws
                self._failed_play(cue)

    def _failed_play(self, cue: str) -> None:
        """Switch to the fallback for good, say so once, and play the cue there."""
        self._player = self._fallback
        if not self._failed:
            self._failed = True
            self.notify(f"The audio device stopped working: {self._fallback_name}.")
        with contextlib.suppress(Exception):
            self._player.play(cue)

    def speech_failed(self, text: str, problem: str) -> None:
        """Called from the speech thread when a text could not be rendered."""
        self.notify("Speech could not be made: beeps only.")


def create_sound(
    routine: Routine,
    *,
    mute: bool,
    config: SoundConfig | None = None,
    bell: Callable[[], None] | None = None,
    speech_cache: Path | None = None,
    clock: Callable[[], float] | None = time.monotonic,
    defer: bool = False,
) -> SoundService:
    """Everything a session needs for sound, decided once.

    Reads the config (unless given) and applies the routine's own `sound:`
    settings here, so a broken config is a UserError on the plain terminal. Then
    decodes the sounds and opens the device once (ALSA's complaints kept off the
    terminal), falling back to the bell (`bell` rings it; None writes BEL to the
    terminal) or silence, with exactly one notice. With `defer`, that second part
    runs on the sound thread, after the caller has moved on to draw its first
    frame; events that come before it are queued and played once it is done.
    """
    config = (config or load_config()).for_routine(routine.sound, f"routine {routine.name!r}")
    fallback: Player = BellPlayer(bell) if config.bell else SilentPlayer()
    fallback_name = "using the terminal bell" if config.bell else "sound is off"

    def open_device(service: SoundService) -> Player:
        player = _open_player(config, fallback, fallback_name, service, silence=not defer)
        if config.speech and hasattr(player, "add"):  # the bell cannot speak
            _start_speech(service, routine, speech_cache)
        return player

    service = SoundService(
        SilentPlayer(),
        fallback=fallback,
        fallback_name=fallback_name,
        prefs=config.prefs,
        muted=mute or config.mute,
        routine=routine,
        clock=clock,
        threaded=True,
        opener=open_device if defer else None,
    )
    if not defer:
        service._player = open_device(service)
    return service


def _open_player(
    config: SoundConfig,
    fallback: Player,
    fallback_name: str,
    service: SoundService,
    *,
    silence: bool,
) -> Player:
    """The real player if the device opens, else the fallback and one notice.

    `silence` points fd 2 at /dev/null during the probe: only before a screen is
    drawn. Later, ALSA's silent error handler (installed by the player before
    anything opens) is what keeps the screen clean.
    """
    try:
        sounds = load_sounds(resources.sounds_dir(), CUES, config.files)
    except WavError as error:  # a custom sound that changed since the config was read
        if silence:  # still before the screen: say it as an error
            raise UserError(f"A custom sound in the config cannot be used: {error}.") from error
        service.notify(f"A custom sound cannot be used ({error}): {fallback_name}.")
        return fallback
    try:
        real = SimpleaudioPlayer(sounds, config.volume)
        real.probe(silence_stderr=silence)
    except AudioUnavailable as error:
        if "not installed" in str(error):
            service.notify(f"Sound needs simpleaudio, which is not installed: {fallback_name}.")
        elif str(error) == CRASHES:
            service.notify(f"Sound: {CRASHES}, so it is not used: {fallback_name}.")
        else:
            service.notify(f"No audio device: {fallback_name}.")
        return fallback
    return real


def _start_speech(service: SoundService, routine: Routine, speech_cache: Path | None) -> None:
    program = find_program()
    if program is None:
        service.notify("Speech needs espeak-ng (or espeak): beeps only.")
        return
    speech = Speech(
        program,
        speech_cache or default_cache_dir(),
        service.speech_ready,
        on_failed=service.speech_failed,
    )
    service.speech = speech
    speech.prerender(announcements(routine))
