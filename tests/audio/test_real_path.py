"""The real sound path: simpleaudio → ALSA → (the ALSA "file" plugin) → a file we read.

Each check runs in a fresh interpreter whose HOME holds its own .asoundrc, because
ALSA reads its configuration once per process. With `truncate false` the plugin
writes every opening of the device to its own file (pcm.raw, pcm.raw.0001, ...),
so each cue can be checked byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import wave
from array import array
from pathlib import Path

import pytest

from backtimer.audio.cues import CUES
from backtimer.resources import sounds_dir

if sys.version_info >= (3, 12):
    pytest.skip(
        "simpleaudio crashes on Python 3.12 and newer, so backtimer does not use it there",
        allow_module_level=True,
    )
pytest.importorskip("simpleaudio", reason="simpleaudio is not installed (no ALSA headers?)")
pytestmark = pytest.mark.audio

PROBE_BYTES = 882  # the device probe: 10 ms of silence


def _file_plugin_home(tmp_path: Path) -> tuple[Path, Path]:
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    out.mkdir()
    (home / ".asoundrc").write_text(
        "pcm.!default {\n"
        "  type file\n"
        '  slave.pcm "null"\n'
        f'  file "{out / "pcm.raw"}"\n'
        '  format "raw"\n'
        "  truncate false\n"
        "}\n"
    )
    return home, out


def _no_device_home(tmp_path: Path) -> Path:
    home = tmp_path / "nodevice"
    home.mkdir()
    if _has_sound_card():  # make sure the default device cannot open anyway
        (home / ".asoundrc").write_text("pcm.!default {\n  type hw\n  card 99\n}\n")
    return home


def _has_sound_card() -> bool:
    try:
        return "no soundcards" not in Path("/proc/asound/cards").read_text()
    except OSError:
        return False


def _run(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,  # fd 2 of the child goes to a pipe we can inspect
        text=True,
        timeout=60,
    )


def _outputs(out: Path) -> list[bytes]:
    files = sorted(out.iterdir(), key=lambda p: (len(p.name), p.name))
    return [p.read_bytes() for p in files]


def _pcm(cue: str) -> bytes:
    with wave.open(str(sounds_dir() / f"{cue}.wav"), "rb") as w:
        return w.readframes(w.getnframes())


def test_every_cue_reaches_the_device_sample_for_sample(tmp_path: Path) -> None:
    home, out = _file_plugin_home(tmp_path)
    done = _run(
        """
        from backtimer.audio.cues import CUES
        from backtimer.audio.player import SimpleaudioPlayer
        from backtimer.audio.wavs import load_sounds
        from backtimer.resources import sounds_dir

        player = SimpleaudioPlayer(load_sounds(sounds_dir(), CUES), volume=100)
        player.probe()
        player.wait()
        for cue in CUES:
            player.play(cue)
            player.wait()
        """,
        home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    written = _outputs(out)
    assert len(written[0]) == PROBE_BYTES
    assert len(written) == 1 + len(CUES)
    for cue, pcm in zip(CUES, written[1:], strict=True):
        assert len(pcm) == len(_pcm(cue)), cue
        assert pcm == _pcm(cue), cue


def test_volume_is_applied_and_cues_may_overlap(tmp_path: Path) -> None:
    home, out = _file_plugin_home(tmp_path)
    done = _run(
        """
        from backtimer.audio.player import SimpleaudioPlayer
        from backtimer.audio.wavs import load_sounds
        from backtimer.resources import sounds_dir

        player = SimpleaudioPlayer(load_sounds(sounds_dir(), ("end", "tick")), volume=50)
        player.play("end")
        player.play("tick")  # while "end" still rings
        player.wait()
        """,
        home,
    )
    assert done.returncode == 0, done.stderr
    end, tick = _outputs(out)
    assert len(end) == len(_pcm("end")) and len(tick) == len(_pcm("tick"))
    original, played = array("h", _pcm("end")), array("h", end)
    if sys.byteorder != "little":
        original.byteswap()
        played.byteswap()
    assert list(played) == [s * 50 // 100 for s in original]


def test_the_session_service_plays_through_the_device(tmp_path: Path) -> None:
    home, out = _file_plugin_home(tmp_path)
    done = _run(
        """
        from backtimer.audio.service import create_sound
        from backtimer.audio.config import SoundConfig
        from backtimer.engine.types import Event, EventKind, Phase, PhaseKind
        from backtimer.routine.model import Routine, Step, StepKind

        routine = Routine(name="R", steps=(Step(name="Plank", kind=StepKind.HOLD, hold=5.0),))
        sound = create_sound(routine, mute=False, config=SoundConfig(volume=100))
        print(type(sound._player).__name__, sound.take_notices())
        hold = Phase(0, PhaseKind.HOLD, 0, 0.0, 5.0, 5.0)
        sound.on_event(Event(EventKind.PHASE_STARTED, 0.0, hold))
        sound.on_event(Event(EventKind.TICK, 2.0, hold, 3))
        sound.on_event(Event(EventKind.PHASE_ENDED, 5.0, hold))
        sound.on_event(Event(EventKind.SESSION_FINISHED, 5.0))
        sound.close()
        sound._player.wait()
        """,
        home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "SimpleaudioPlayer []"
    assert done.stderr == ""
    written = _outputs(out)
    assert [len(w) for w in written] == [
        PROBE_BYTES,
        *(len(_pcm(c)) for c in ("start", "tick", "complete")),
    ]


NO_DEVICE_SESSION = """
    from backtimer.audio.service import create_sound
    from backtimer.engine.types import Event, EventKind, Phase, PhaseKind
    from backtimer.routine.model import Routine, Step, StepKind

    routine = Routine(name="R", steps=(Step(name="Plank", kind=StepKind.HOLD, hold=5.0),))
    sound = create_sound(routine, mute=False, bell=lambda: print("BELL", flush=True))
    print(type(sound._player).__name__, sound.take_notices(), flush=True)
    hold = Phase(0, PhaseKind.HOLD, 0, 0.0, 5.0, 5.0)
    sound.on_event(Event(EventKind.PHASE_STARTED, 0.0, hold))
    sound.close()
    print(sound.take_notices())
"""


def test_no_device_means_the_bell_one_notice_and_a_clean_screen(tmp_path: Path) -> None:
    home = _no_device_home(tmp_path)
    if not _has_sound_card():
        # Control: here, ALSA itself does write to fd 2 when the device is missing.
        raw = _run(
            "import simpleaudio\n"
            "try:\n    simpleaudio.play_buffer(bytes(882), 1, 2, 44100)\n"
            "except Exception:\n    pass\n",
            home,
        )
        assert "ALSA lib" in raw.stderr
    done = _run(NO_DEVICE_SESSION, home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "BellPlayer ['No audio device: using the terminal bell.']",
        "BELL",
        "[]",
    ]


def test_a_device_opened_after_the_screen_is_up_keeps_the_screen_clean(tmp_path: Path) -> None:
    """The session opens the device on the sound thread, with the screen already on
    fd 2: ALSA's silent handler, not a redirect, keeps its complaints off it."""
    home = _no_device_home(tmp_path)
    code = """
        from backtimer.audio.service import create_sound
        from backtimer.engine.types import Event, EventKind, Phase, PhaseKind
        from backtimer.routine.model import Routine, Step, StepKind

        routine = Routine(name="R", steps=(Step(name="Plank", kind=StepKind.HOLD, hold=5.0),))
        sound = create_sound(routine, mute=False, defer=True, bell=lambda: print("BELL"))
        hold = Phase(0, PhaseKind.HOLD, 0, 0.0, 5.0, 5.0)
        sound.on_event(Event(EventKind.PHASE_STARTED, 0.0, hold))
        sound.close()
        print(type(sound._player).__name__, sound.take_notices())
    """
    done = _run(code, home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "BELL",
        "BellPlayer ['No audio device: using the terminal bell.']",
    ]


def test_a_device_lost_mid_session_falls_back_quietly(tmp_path: Path) -> None:
    home, out = _file_plugin_home(tmp_path)
    done = _run(
        f"""
        import shutil
        from backtimer.audio.service import create_sound
        from backtimer.engine.types import Event, EventKind, Phase, PhaseKind
        from backtimer.routine.model import Routine, Step, StepKind

        routine = Routine(name="R", steps=(Step(name="Plank", kind=StepKind.HOLD, hold=5.0),))
        sound = create_sound(routine, mute=False, bell=lambda: print("BELL", flush=True))
        print(type(sound._player).__name__, sound.take_notices(), flush=True)
        shutil.rmtree({str(out)!r})  # the device's output vanishes: every open now fails
        hold = Phase(0, PhaseKind.HOLD, 0, 0.0, 5.0, 5.0)
        sound.on_event(Event(EventKind.PHASE_STARTED, 0.0, hold))
        sound.on_event(Event(EventKind.PHASE_STARTED, 9.0, hold))
        sound.close()
        print(sound.take_notices())
        """,
        home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # ALSA's own complaints were kept off the terminal
    assert done.stdout.splitlines() == [
        "SimpleaudioPlayer []",
        "BELL",
        "BELL",
        "['The audio device stopped working: using the terminal bell.']",
    ]
