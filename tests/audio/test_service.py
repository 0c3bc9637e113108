"""The sound service with fake players: what it plays, when it falls back, and that it
never makes its caller wait."""

from __future__ import annotations

import sys
import threading
import types
import wave
from pathlib import Path

import pytest

from backtimer.audio import player as player_module
from backtimer.audio import service as service_module
from backtimer.audio.config import SoundConfig
from backtimer.audio.service import SoundService, create_sound
from backtimer.audio.speech import Speech, announcements, cue_name
from backtimer.engine.types import EventKind, PhaseKind, StopReason
from backtimer.routine.model import Routine, Step, StepKind
from backtimer.session import SessionListener, SoundControl
from tests.engine.fakes import FakeClock

from .events import ended, event, started
from .fakes import RecordingPlayer

ROUTINE = Routine(
    name="Test",
    steps=(
        Step(name="Side plank", kind=StepKind.HOLD, hold=15.0, sides=("left", "right")),
        Step(name="Cat-cow", kind=StepKind.REPS, reps=5, tempo=4.0),
    ),
)

SESSION = [
    started(PhaseKind.READY, 0.0),
    event(EventKind.TICK, 2.0, 3),
    ended(PhaseKind.READY, 5.0),
    started(PhaseKind.HOLD, 5.0),
    ended(PhaseKind.HOLD, 20.0),
    started(PhaseKind.SWITCH, 20.0),
    event(EventKind.SIDE_SWITCH, 20.0),
    ended(PhaseKind.SWITCH, 25.0),
    started(PhaseKind.HOLD, 25.0),
    ended(PhaseKind.HOLD, 40.0),
    event(EventKind.SESSION_FINISHED, 40.0),
]
EXPECTED = ["tick", "start", "switch", "start", "complete"]


@pytest.mark.parametrize("threaded", [False, True])
def test_plays_one_cue_per_instant(threaded: bool) -> None:
    player = RecordingPlayer()
    sound = SoundService(player, threaded=threaded)
    for ev in SESSION:
        sound.on_event(ev)
    sound.close()
    assert player.played == EXPECTED


def test_a_waiting_end_is_played_when_the_instant_is_over() -> None:
    player = RecordingPlayer()
    sound = SoundService(player, threaded=False)
    sound.on_event(ended(PhaseKind.HOLD, 9.0))
    assert player.played == []  # a "switch" or "complete" could still come for 9.0
    sound.on_event(event(EventKind.TICK, 12.0, 3))
    assert player.played == ["end", "tick"]


def test_it_is_a_session_listener_and_a_sound_control() -> None:
    sound: SessionListener = SoundService(RecordingPlayer(), threaded=False)
    control: SoundControl = SoundService(RecordingPlayer(), threaded=False)
    sound.on_pain("before", 3)  # quiet, but accepted
    assert control.muted is False


def test_mute_silences_and_toggles_back() -> None:
    player = RecordingPlayer()
    sound = SoundService(player, muted=True, threaded=False)
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    assert player.played == []
    assert sound.toggle_mute() is False
    sound.on_event(started(PhaseKind.REST, 2.0))
    sound.on_event(started(PhaseKind.HOLD, 3.0))
    assert player.played == ["rest", "start"]
    assert sound.toggle_mute() is True and sound.muted


def test_a_device_lost_mid_session_falls_back_with_one_notice() -> None:
    device, bell = RecordingPlayer(), RecordingPlayer()
    sound = SoundService(
        device, fallback=bell, fallback_name="using the terminal bell", threaded=False
    )
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    device.fail = True
    sound.on_event(started(PhaseKind.HOLD, 2.0))
    sound.on_event(started(PhaseKind.HOLD, 3.0))
    assert device.played == ["start"]
    assert bell.played == ["start", "start"]
    assert sound.take_notices() == ["The audio device stopped working: using the terminal bell."]
    assert sound.take_notices() == []


class _StuckPlayer(RecordingPlayer):
    """A device open that hangs until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def play(self, cue: str) -> None:
        self.entered.set()
        self.release.wait(10)
        super().play(cue)


def test_a_hanging_device_never_blocks_the_caller() -> None:
    player = _StuckPlayer()
    sound = SoundService(player)
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    assert player.entered.wait(5)  # the worker is stuck inside play() ...
    for k in range(100):  # ... and events still go in at once
        sound.on_event(event(EventKind.TICK, 2.0 + k, 3))
    assert player.played == []
    player.release.set()
    sound.close()
    assert player.played[0] == "start" and len(player.played) == 101


def test_create_sound_without_simpleaudio_uses_the_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # import fails
    rings: list[int] = []
    sound = create_sound(ROUTINE, mute=False, bell=lambda: rings.append(1))
    assert sound.take_notices() == [
        "Sound needs simpleaudio, which is not installed: using the terminal bell."
    ]
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    sound.on_event(event(EventKind.BEAT, 1.5, 2))  # no bell for beats
    sound.close()
    assert rings == [1]


def test_create_sound_where_simpleaudio_crashes_uses_the_bell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(player_module, "SIMPLEAUDIO_WORKS", False)  # as on Python 3.12+
    monkeypatch.setitem(sys.modules, "simpleaudio", types.ModuleType("simpleaudio"))
    rings: list[int] = []
    sound = create_sound(ROUTINE, mute=False, bell=lambda: rings.append(1))
    assert sound.take_notices() == [
        "Sound: simpleaudio crashes on Python 3.12 and newer, so it is not used:"
        " using the terminal bell."
    ]
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    sound.close()
    assert rings == [1]


def test_create_sound_without_bell_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    sound = create_sound(ROUTINE, mute=True, config=SoundConfig(bell=False))
    assert sound.muted
    assert sound.take_notices() == []  # muted from the start: nothing to say
    sound.toggle_mute()
    assert sound.take_notices() == [
        "Sound needs simpleaudio, which is not installed: sound is off."
    ]
    assert sound.take_notices() == []  # said once


def _fake_espeak(folder: Path) -> Path:
    """Stands in for espeak-ng: `PROGRAM -w FILE TEXT` writes a short WAV."""
    program = folder / "espeak-ng"
    program.write_text(
        f"#!{sys.executable}\n"
        "import sys, wave\n"
        "w = wave.open(sys.argv[2], 'wb')\n"
        "w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)\n"
        "w.writeframes(bytes(len(sys.argv[3]) * 20))\n"
        "w.close()\n"
    )
    program.chmod(0o755)
    return program


def test_announcements_are_rendered_up_front_and_played_when_due(tmp_path: Path) -> None:
    player = RecordingPlayer()
    sound = SoundService(player, routine=ROUTINE, threaded=False)
    speech = Speech(str(_fake_espeak(tmp_path)), tmp_path / "cache", sound.speech_ready)
    sound.speech = speech
    assert announcements(ROUTINE) == [
        "Next: Side plank, left side",
        "Switch sides",
        "Next: Cat-cow",
    ]
    speech.prerender(announcements(ROUTINE))
    speech.wait(10)
    assert sorted(player.added) == sorted(cue_name(t) for t in announcements(ROUTINE))
    for ev in SESSION:
        sound.on_event(ev)
    sound.close()
    next_up, switch = cue_name("Next: Side plank, left side"), cue_name("Switch sides")
    assert player.played == [next_up, "tick", "start", "switch", switch, "start", "complete"]
    # Rendered once: a second session finds them in the cache.
    assert len(list((tmp_path / "cache").glob("*.wav"))) == 3


def test_an_announcement_not_ready_in_time_is_skipped_not_late() -> None:
    player = RecordingPlayer()
    sound = SoundService(player, routine=ROUTINE, threaded=False)
    sound.speech = Speech("/nonexistent/espeak-ng", Path("/nonexistent"), sound.speech_ready)
    sound.on_event(started(PhaseKind.READY, 0.0))
    sound.on_event(started(PhaseKind.HOLD, 5.0))
    assert player.played == ["start"]


class _FakeDevice(RecordingPlayer):
    def __init__(self, sounds: object, volume: int) -> None:
        super().__init__()
        self.volume = volume

    def probe(self, *, silence_stderr: bool = True) -> None:
        self.silenced = silence_stderr


def test_a_deferred_device_opens_on_the_sound_thread_and_plays_what_waited(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service_module, "SimpleaudioPlayer", _FakeDevice)
    sound = create_sound(ROUTINE, mute=False, defer=True, clock=None)
    sound.on_event(started(PhaseKind.HOLD, 1.0))  # may come before the device is open
    sound.close()
    player = sound._player
    assert isinstance(player, _FakeDevice)
    assert player.silenced is False  # a screen may be up: fd 2 is left alone
    assert player.played == ["start"]


def test_a_deferred_missing_device_is_one_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    sound = create_sound(ROUTINE, mute=False, defer=True, bell=lambda: None)
    sound.close()
    assert sound.take_notices() == [
        "Sound needs simpleaudio, which is not installed: using the terminal bell."
    ]


def test_speech_without_a_speech_program_says_so_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(service_module, "SimpleaudioPlayer", _FakeDevice)
    monkeypatch.setenv("PATH", str(tmp_path))
    sound = create_sound(ROUTINE, mute=False, config=SoundConfig(speech=True))
    assert sound.take_notices() == ["Speech needs espeak-ng (or espeak): beeps only."]
    assert sound.speech is None


def test_the_routine_volume_and_speech_win_over_the_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(service_module, "SimpleaudioPlayer", _FakeDevice)
    monkeypatch.setenv("PATH", str(tmp_path))
    _fake_espeak(tmp_path)
    routine = Routine(name="R", steps=ROUTINE.steps, sound={"volume": 30, "speech": True})
    sound = create_sound(routine, mute=False, config=SoundConfig(volume=90), speech_cache=tmp_path)
    assert sound.take_notices() == []
    assert sound.speech is not None
    sound.speech.wait(10)
    player = sound._player
    assert isinstance(player, _FakeDevice) and player.volume == 30
    assert len(player.added) == 3


def test_speech_through_real_espeak(tmp_path: Path) -> None:
    from backtimer.audio.speech import find_program

    program = find_program()
    if program is None:
        pytest.skip("no espeak-ng here")
    player = RecordingPlayer()
    speech = Speech(program, tmp_path, lambda text, path: player.played.append(str(path)))
    speech.prerender(["Switch sides"])
    speech.wait(30)
    [path] = player.played
    with wave.open(path, "rb") as w:
        assert w.getnframes() / w.getframerate() > 0.3


def test_cues_noticed_very_late_are_dropped_not_bunched() -> None:
    clock = FakeClock(1.0)
    player = RecordingPlayer()
    sound = SoundService(player, threaded=False, clock=clock)
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    clock.set(12.0)  # the machine stalled for ten seconds
    sound.on_event(event(EventKind.TICK, 3.0, 3))
    sound.on_event(event(EventKind.TICK, 4.0, 2))
    sound.on_event(started(PhaseKind.REST, 11.5))
    sound.on_event(event(EventKind.TICK, 11.8, 1))
    clock.set(30.0)
    sound.on_event(event(EventKind.SESSION_STOPPED, 20.0, StopReason.PAIN))  # how it ended is told
    sound.close()
    assert player.played == ["start", "rest", "tick", "attention"]


def test_a_clock_unlike_the_engines_never_silences_a_session() -> None:
    clock = FakeClock(1_000_000.0)
    player = RecordingPlayer()
    sound = SoundService(player, threaded=False, clock=clock)
    for k in range(5):
        sound.on_event(started(PhaseKind.HOLD, float(k)))
        clock.advance(1.0)
    assert player.played == ["start"] * 5


def test_the_worker_survives_a_failing_fallback() -> None:
    device, fallback = RecordingPlayer(fail=True), RecordingPlayer(fail=True)
    sound = SoundService(device, fallback=fallback)
    sound.on_event(started(PhaseKind.HOLD, 1.0))
    fallback.fail = False  # set before close: the worker is still alive and listening
    sound.on_event(started(PhaseKind.HOLD, 2.0))
    sound.close()
    assert fallback.played[-1] == "start"
    assert len(sound.take_notices()) == 1


def test_a_speech_program_that_fails_gives_one_notice(tmp_path: Path) -> None:
    program = tmp_path / "espeak-ng"
    program.write_text("#!/bin/sh\nexit 1\n")
    program.chmod(0o755)
    sound = SoundService(RecordingPlayer(), routine=ROUTINE, threaded=False)
    speech = Speech(
        str(program), tmp_path / "cache", sound.speech_ready, on_failed=sound.speech_failed
    )
    speech.prerender(announcements(ROUTINE))
    speech.wait(10)
    assert sound.take_notices() == ["Speech could not be made: beeps only."]
    assert list((tmp_path / "cache").iterdir()) == []  # no half-written files left


class _Heard:
    """What `on_ready` was given: each text's frames, read at once (a WAV rendered
    outside the cache is gone afterwards)."""

    def __init__(self) -> None:
        self.frames: dict[str, int] = {}

    def __call__(self, text: str, path: Path) -> None:
        with wave.open(str(path), "rb") as w:
            self.frames[text] = w.getnframes()


def _heard(program: Path, folder: Path, texts: list[str]) -> dict[str, int]:
    """One session's rendering: the frames each text's ready WAV held."""
    heard = _Heard()
    speech = Speech(str(program), folder, heard)
    speech.prerender(texts)
    speech.wait(10)
    return heard.frames


def _plant_wav(path: Path) -> None:
    """Seven frames of silence, which no text of the fake speech program makes."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(2 * 7))


SAID = "Switch sides"
SPOKEN = {SAID: len(SAID) * 10}  # the fake program's frames for it


def test_a_wav_planted_by_another_user_is_never_played(other_user: str, tmp_path: Path) -> None:
    import os
    import shutil
    import tempfile

    from second_user import run_as

    program = _fake_espeak(tmp_path)
    shared = Path(tempfile.mkdtemp(prefix="shared-cache-"))
    try:
        shared.chmod(0o1777)  # like /tmp: anyone may make a folder in it
        folder = shared / "backtimer" / "speech"
        target = Speech(str(program), folder, _Heard()).path_for(SAID)
        staged = shared / "staged"
        staged.mkdir(mode=0o755)
        _plant_wav(staged / "planted.wav")
        (staged / "planted.wav").chmod(0o644)
        run_as(
            other_user,
            f"mkdir -m 0777 {shared}/backtimer {folder} && "
            f"cp {staged}/planted.wav {target} && chmod 0666 {target}",
        )
        assert _heard(program, folder, [SAID]) == SPOKEN  # never the planted frames
        assert target.stat().st_uid != os.geteuid()  # left as it was
        mine = [p for p in folder.parent.rglob("*") if p.stat().st_uid == os.geteuid()]
        assert mine == []  # nothing of ours written where others can write
    finally:
        shutil.rmtree(shared, ignore_errors=True)


@pytest.mark.parametrize("mode", [0o777, 0o775])
def test_a_speech_folder_others_can_write_is_not_read(tmp_path: Path, mode: int) -> None:
    program, folder = _fake_espeak(tmp_path), tmp_path / "cache" / "speech"
    assert _heard(program, folder, [SAID]) == SPOKEN
    _plant_wav(Speech(str(program), folder, _Heard()).path_for(SAID))
    folder.chmod(mode)
    assert _heard(program, folder, [SAID]) == SPOKEN


def test_a_speech_file_others_can_write_is_made_again(tmp_path: Path) -> None:
    program, folder = _fake_espeak(tmp_path), tmp_path / "cache" / "speech"
    assert _heard(program, folder, [SAID]) == SPOKEN
    path = Speech(str(program), folder, _Heard()).path_for(SAID)
    _plant_wav(path)
    path.chmod(0o666)
    assert _heard(program, folder, [SAID]) == SPOKEN
    assert path.stat().st_mode & 0o022 == 0  # replaced by a file only we can write


def test_the_speech_cache_is_private_and_kept_between_sessions(tmp_path: Path) -> None:
    program, folder = _fake_espeak(tmp_path), tmp_path / "cache" / "speech"
    assert _heard(program, folder, [SAID]) == SPOKEN
    path = Speech(str(program), folder, _Heard()).path_for(SAID)
    made = path.stat().st_mtime_ns
    assert _heard(program, folder, [SAID]) == SPOKEN
    assert path.stat().st_mtime_ns == made  # read again, not made again
    assert folder.stat().st_mode & 0o777 == 0o700


def test_nowhere_to_render_speech_is_one_notice_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache folder is not private and no temporary folder can be made: the
    speech thread fails each text, and the session hears one notice."""
    import tempfile

    folder = tmp_path / "cache" / "speech"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    sound = SoundService(RecordingPlayer(), routine=ROUTINE, threaded=False)
    speech = Speech(
        str(_fake_espeak(tmp_path)), folder, sound.speech_ready, on_failed=sound.speech_failed
    )
    speech.prerender(announcements(ROUTINE))
    speech.wait(10)
    assert sound.take_notices() == ["Speech could not be made: beeps only."]
    assert list(folder.iterdir()) == []
