"""Reading WAV files into playable buffers, with the volume baked into the samples.

Everything is turned into 16-bit PCM once, when a session starts, so playing a
cue later costs no decoding and no arithmetic.
"""

from __future__ import annotations

import os
import stat
import sys
import wave
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_SECONDS = 5.0
MIN_RATE = 4_000
MAX_RATE = 192_000


def _open_regular(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WavError("it is not a regular file")
    return os.fdopen(fd, "rb")


class WavError(ValueError):
    """A file that is not a WAV this program can play; the message says why."""


@dataclass(frozen=True)
class Sound:
    data: bytes  # 16-bit little-endian PCM, interleaved
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        return len(self.data) // (2 * self.channels)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def _to_16_bit(raw: bytes, width: int) -> bytes:
    """WAV is little-endian; keep the top 16 bits of wider samples, widen 8-bit ones."""
    if width == 2:
        return raw
    if width == 1:  # unsigned
        samples = array("h", ((b - 128) << 8 for b in raw))
        if sys.byteorder != "little":
            samples.byteswap()
        return samples.tobytes()
    out = bytearray()
    for i in range(0, len(raw), width):
        out += raw[i + width - 2 : i + width]
    return bytes(out)


def read_wav(path: Path, max_seconds: float = MAX_SECONDS) -> Sound:
    """Only a regular file (a FIFO would block the start), at a sample rate a sound
    card plays (the length check alone would let "4 seconds" at 20 MHz through:
    1.8 GB once read and widened)."""
    try:
        with _open_regular(path) as handle, wave.open(handle, "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.getnframes()
            if rate <= 0 or channels not in (1, 2) or width not in (1, 2, 3, 4):
                raise WavError("only mono or stereo PCM WAV files can be played")
            if not MIN_RATE <= rate <= MAX_RATE:
                raise WavError(
                    f"its sample rate ({rate:,} Hz) is outside {MIN_RATE:,} to {MAX_RATE:,} Hz"
                )
            if frames / rate > max_seconds:
                raise WavError(f"it is longer than {max_seconds:g} seconds")
            raw = w.readframes(frames)
    except OSError as error:
        raise WavError(error.strerror or str(error)) from error
    except (wave.Error, EOFError) as error:
        raise WavError(f"it is not a PCM WAV file ({error})") from error
    return Sound(_to_16_bit(raw, width), channels, rate)


_FLIP = bytes(b ^ 0x80 for b in range(256))  # a high byte: signed <-> offset binary


def with_volume(sound: Sound, volume: int) -> Sound:
    """Scale the samples to `volume` percent (0-100), in steps of 1/256."""
    k = round(max(0, min(100, volume)) * 256 / 100)
    if k == 256:
        return sound
    return Sound(_scaled(sound.data, k), sound.channels, sound.rate)


def _scaled(data: bytes, k: int) -> bytes:
    """`s * k // 256` for every 16-bit little-endian sample, 0 <= k <= 256.

    A per-sample Python loop costs ~150 ms for the sound set on a slow machine,
    at every session start. Instead each sample gets a 32-bit lane of one big
    integer, so a single multiplication scales them all: every lane holds
    `s * k + 2**23`, which lies in [0, 2**24) and so never carries into the next
    lane; its bytes 1-2 are then `floor(s * k / 256)` in offset binary.
    """
    n = len(data) // 2
    lanes = bytearray(4 * n)
    lanes[0::4] = data[0::2]
    lanes[1::4] = data[1::2].translate(_FLIP)  # s + 32768, never negative
    bias = (2**23 - 32768 * k).to_bytes(4, "little") * n
    total = int.from_bytes(lanes, "little") * k + int.from_bytes(bias, "little")
    out = total.to_bytes(4 * n, "little")
    scaled = bytearray(2 * n)
    scaled[0::2] = out[1::4]
    scaled[1::2] = out[2::4].translate(_FLIP)
    return bytes(scaled)


def load_sounds(
    folder: Path, names: tuple[str, ...], overrides: Mapping[str, Path] | None = None
) -> dict[str, Sound]:
    """The sound set: the bundled file for each name unless the config replaces it.
    A bundled file that cannot be read is skipped (that cue is then silent)."""
    sounds: dict[str, Sound] = {}
    for name in names:
        path = (overrides or {}).get(name, folder / f"{name}.wav")
        try:
            sounds[name] = read_wav(path)
        except WavError:
            if overrides and name in overrides:
                raise
    return sounds
