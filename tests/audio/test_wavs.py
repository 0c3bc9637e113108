"""Reading WAVs of any common sample width, and baking in the volume."""

from __future__ import annotations

import sys
import wave
from array import array
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtimer.audio.cues import CUES
from backtimer.audio.wavs import Sound, WavError, load_sounds, read_wav, with_volume
from backtimer.resources import sounds_dir


def _write(path: Path, width: int, frames: bytes, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(22050)
        w.writeframes(frames)
    return path


@pytest.mark.parametrize(
    ("width", "frames"),
    [
        (1, bytes([128, 255, 0])),
        (2, b"\x00\x00\xff\x7f\x00\x80"),
        (3, b"\x00\x00\x00\x12\xff\x7f\x00\x00\x80"),
        (4, b"\x00\x00\x00\x00\x34\x12\xff\x7f\x00\x00\x00\x80"),
    ],
)
def test_every_width_becomes_16_bit(tmp_path: Path, width: int, frames: bytes) -> None:
    sound = read_wav(_write(tmp_path / "x.wav", width, frames))
    samples = array("h", sound.data)
    if sys.byteorder != "little":
        samples.byteswap()
    assert samples[0] == 0
    assert samples[1] > 32000 and samples[2] <= -32512
    assert (sound.channels, sound.rate, sound.frames) == (1, 22050, 3)


def test_stereo_is_kept(tmp_path: Path) -> None:
    sound = read_wav(_write(tmp_path / "s.wav", 2, bytes(8), channels=2))
    assert (sound.channels, sound.frames) == (2, 2)


def test_volume_scales_the_samples() -> None:
    loud = Sound(array("h", [0, 10000, -20000]).tobytes(), 1, 44100)
    half = array("h", with_volume(loud, 50).data)
    assert list(half) == [0, 5000, -10000]
    assert list(array("h", with_volume(loud, 0).data)) == [0, 0, 0]
    assert with_volume(loud, 100) is loud


@given(
    samples=st.lists(st.integers(-32768, 32767), max_size=200),
    volume=st.integers(0, 100),
)
def test_volume_matches_the_plain_arithmetic(samples: list[int], volume: int) -> None:
    data = array("h", samples)
    if sys.byteorder != "little":
        data.byteswap()
    scaled = array("h", with_volume(Sound(data.tobytes(), 1, 44100), volume).data)
    if sys.byteorder != "little":
        scaled.byteswap()
    k = round(volume * 256 / 100)
    assert list(scaled) == [s * k // 256 for s in samples]


def test_not_a_wav(tmp_path: Path) -> None:
    (tmp_path / "x.wav").write_text("hello")
    with pytest.raises(WavError, match="not a PCM WAV"):
        read_wav(tmp_path / "x.wav")


def test_the_sound_set_loads_with_overrides(tmp_path: Path) -> None:
    custom = _write(tmp_path / "gong.wav", 2, bytes(200))
    sounds = load_sounds(sounds_dir(), CUES, {"end": custom})
    assert sorted(sounds) == sorted(CUES)
    assert sounds["end"].rate == 22050 and sounds["start"].rate == 44100


def test_a_missing_bundled_sound_is_skipped_not_fatal(tmp_path: Path) -> None:
    assert load_sounds(tmp_path, ("start",)) == {}
