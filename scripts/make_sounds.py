"""Make backtimer's sound set: short, soft-edged WAV cues, one per meaning.

    python scripts/make_sounds.py [FOLDER]      (default: the project's sounds/)

The output is deterministic: running it again gives byte-identical files, so the
WAVs in the repository can always be checked against their recipe. Only the
standard library is used (wave, math, array).

Every cue is 16-bit mono at 44.1 kHz, starts and ends at silence through a
raised-cosine envelope (no clicks), and has its own pitch and shape, so a person
with closed eyes never confuses two of them:

    start      rising two notes, bright            "go"
    end        falling three-bell chord, ringing   "done, let go"
    tick       short high pip                      3, 2, 1 seconds left
    halfway    softer, lower pip                   half of a long hold
    rest       one warm low tone                   rest
    switch     two equal mid bells                 switch sides
    inhale     slow rising glide                   breathe in
    exhale     slow falling glide                  breathe out
    metronome  very short click                    the beat
    complete   rising four-note arpeggio           session complete
    attention  falling minor third, twice          stopped for pain, or an error
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

RATE = 44100
Samples = list[float]


def _envelope(n: int, attack: float, release: float) -> list[float]:
    """Raised-cosine edges: exactly 0 at the first and last sample."""
    a = max(2, round(attack * RATE))
    r = max(2, round(release * RATE))
    env = [1.0] * n
    for i in range(min(a, n)):
        env[i] = 0.5 - 0.5 * math.cos(math.pi * i / a)
    for i in range(min(r, n)):
        k = n - 1 - i
        env[k] = min(env[k], 0.5 - 0.5 * math.cos(math.pi * i / r))
    return env


def _note(
    freq: float,
    seconds: float,
    *,
    partials: Sequence[tuple[float, float]] = ((1.0, 1.0),),
    attack: float = 0.005,
    release: float = 0.03,
    decay: float = 0.0,
) -> Samples:
    """A tone made of (ratio, amplitude) partials, with an optional exponential decay
    (per second) for bell-like shapes."""
    n = round(seconds * RATE)
    env = _envelope(n, attack, release)
    out = [0.0] * n
    for i in range(n):
        t = i / RATE
        v = 0.0
        for ratio, amp in partials:
            v += amp * math.sin(2.0 * math.pi * freq * ratio * t)
        out[i] = v * env[i] * math.exp(-decay * t)
    return out


def _glide(f0: float, f1: float, seconds: float, attack: float, release: float) -> Samples:
    """A smooth pitch sweep (phase accumulated, so no jumps) with a soft octave above."""
    n = round(seconds * RATE)
    env = _envelope(n, attack, release)
    out = [0.0] * n
    phase = 0.0
    for i in range(n):
        x = i / (n - 1)
        f = f0 * (f1 / f0) ** x  # even in pitch, not in hertz
        phase += 2.0 * math.pi * f / RATE
        out[i] = (math.sin(phase) + 0.15 * math.sin(2.0 * phase)) * env[i]
    return out


def _mix(length: float, parts: Sequence[tuple[float, Samples]]) -> Samples:
    """Lay parts at their start times (seconds) into `length` seconds of silence."""
    out = [0.0] * round(length * RATE)
    for start, part in parts:
        o = round(start * RATE)
        for i, v in enumerate(part):
            if o + i < len(out):
                out[o + i] += v
    return out


def _bell(freq: float, seconds: float, decay: float) -> Samples:
    """Inharmonic partials of a small bell: unmistakably different from a plain beep."""
    partials = ((1.0, 1.0), (2.0, 0.35), (2.76, 0.2), (5.4, 0.06))
    return _note(freq, seconds, partials=partials, attack=0.003, release=0.08, decay=decay)


def _normalised(samples: Samples, peak: float) -> Samples:
    top = max(abs(v) for v in samples) or 1.0
    return [v * peak / top for v in samples]


BRIGHT = ((1.0, 1.0), (2.0, 0.3), (3.0, 0.1))
WARM = ((1.0, 1.0), (2.0, 0.2))


def start() -> Samples:
    return _mix(
        0.42,
        [
            (0.0, _note(784.0, 0.14, partials=BRIGHT, release=0.03)),  # G5
            (0.16, _note(1046.5, 0.26, partials=BRIGHT, release=0.1)),  # C6
        ],
    )


def end() -> Samples:
    return _mix(
        0.95,
        [
            (0.0, _bell(1046.5, 0.95, 4.0)),  # C6
            (0.13, _bell(784.0, 0.82, 4.0)),  # G5
            (0.26, _bell(523.25, 0.69, 3.5)),  # C5
        ],
    )


def tick() -> Samples:
    return _note(1318.5, 0.07, partials=WARM, attack=0.003, release=0.04, decay=20.0)


def halfway() -> Samples:
    return _note(659.25, 0.08, attack=0.005, release=0.05, decay=15.0)


def rest() -> Samples:
    return _note(329.6, 0.6, partials=WARM, attack=0.06, release=0.3)


def switch() -> Samples:
    return _mix(
        0.5,
        [
            (0.0, _bell(698.5, 0.2, 8.0)),  # F5
            (0.24, _bell(698.5, 0.26, 8.0)),
        ],
    )


def inhale() -> Samples:
    return _glide(261.6, 392.0, 0.7, attack=0.15, release=0.15)


def exhale() -> Samples:
    return _glide(392.0, 261.6, 0.7, attack=0.15, release=0.15)


def metronome() -> Samples:
    return _note(1760.0, 0.045, attack=0.001, release=0.02, decay=60.0)


def complete() -> Samples:
    notes = (523.25, 659.25, 784.0, 1046.5)  # C5 E5 G5 C6
    parts = [
        (0.15 * k, _note(f, 0.98 - 0.15 * k, partials=WARM, decay=3.0)) for k, f in enumerate(notes)
    ]
    return _mix(0.98, parts)


def attention() -> Samples:
    rich = ((1.0, 1.0), (3.0, 0.2), (5.0, 0.05))
    hi, lo = 587.3, 493.9  # D5, B4
    return _mix(
        0.7,
        [
            (0.0, _note(hi, 0.15, partials=rich, release=0.03)),
            (0.16, _note(lo, 0.15, partials=rich, release=0.03)),
            (0.36, _note(hi, 0.15, partials=rich, release=0.03)),
            (0.52, _note(lo, 0.18, partials=rich, release=0.06)),
        ],
    )


# name -> (recipe, peak level). Ticks and clicks are quieter than the big moments.
RECIPES: dict[str, tuple[Callable[[], Samples], float]] = {
    "start": (start, 0.7),
    "end": (end, 0.7),
    "tick": (tick, 0.45),
    "halfway": (halfway, 0.3),
    "rest": (rest, 0.55),
    "switch": (switch, 0.65),
    "inhale": (inhale, 0.5),
    "exhale": (exhale, 0.5),
    "metronome": (metronome, 0.45),
    "complete": (complete, 0.7),
    "attention": (attention, 0.6),
}


def write_wav(path: Path, samples: Samples) -> None:
    pcm = array("h", (round(v * 32767) for v in samples))
    if sys.byteorder != "little":
        pcm.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def make_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (recipe, peak) in RECIPES.items():
        path = folder / f"{name}.wav"
        write_wav(path, _normalised(recipe(), peak))
        written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "sounds"
    for path in make_all(folder):
        with wave.open(str(path), "rb") as w:
            ms = 1000 * w.getnframes() / w.getframerate()
        print(f"{path.name:14} {ms:5.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
