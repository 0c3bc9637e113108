"""The bundled sound set: reproducible from its script, well-formed, click-free."""

from __future__ import annotations

import subprocess
import sys
import wave
from array import array
from itertools import pairwise
from pathlib import Path

import pytest

from backtimer.audio.cues import CUES
from backtimer.resources import sounds_dir

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_sounds.py"


def _samples(path: Path) -> tuple[wave._wave_params, array[int]]:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        data = array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        data.byteswap()
    return params, data


def test_the_script_regenerates_byte_identical_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    made = sorted(p.name for p in tmp_path.glob("*.wav"))
    shipped = sorted(p.name for p in sounds_dir().glob("*.wav"))
    assert made == shipped
    for name in made:
        assert (tmp_path / name).read_bytes() == (sounds_dir() / name).read_bytes(), name


def test_there_is_a_sound_for_every_cue() -> None:
    assert sorted(p.stem for p in sounds_dir().glob("*.wav")) == sorted(CUES)


@pytest.mark.parametrize("cue", CUES)
def test_format_length_and_soft_edges(cue: str) -> None:
    params, data = _samples(sounds_dir() / f"{cue}.wav")
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
    seconds = params.nframes / params.framerate
    assert 0.03 < seconds < (0.06 if cue == "metronome" else 1.0)
    # No click: silence at both ends, and no jump in the first and last millisecond.
    assert abs(data[0]) <= 16 and abs(data[-1]) <= 16
    assert max(abs(v) for v in data[:5]) < 1000
    assert max(abs(v) for v in data[-5:]) < 1000
    assert max(abs(v) for v in data) > 5000, "audible"


def _pitch_track(cue: str, parts: int) -> list[float]:
    """Zero crossings per part: a rough pitch contour, enough to tell up from down."""
    _, data = _samples(sounds_dir() / f"{cue}.wav")
    size = len(data) // parts
    track: list[float] = []
    for k in range(parts):
        chunk = data[k * size : (k + 1) * size]
        track.append(sum(1 for a, b in pairwise(chunk) if (a < 0) != (b < 0)))
    return track


def test_start_rises_and_end_falls() -> None:
    start = _pitch_track("start", 2)
    assert start[1] > start[0]
    end = _pitch_track("end", 3)
    assert end[0] > end[2]
    inhale, exhale = _pitch_track("inhale", 4), _pitch_track("exhale", 4)
    assert inhale[1] < inhale[2] and exhale[1] > exhale[2]
