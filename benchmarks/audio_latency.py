"""How long a cue takes, from an engine event to simpleaudio's play() returning.

    .venv/bin/python benchmarks/audio_latency.py [--events 300] [--gap-ms 20]

Runs the real path (SoundService → SimpleaudioPlayer → simpleaudio → ALSA) with a
temporary HOME whose .asoundrc sends the default device to ALSA's "file" plugin,
so nothing is heard and no sound card is needed. Reports, in milliseconds:

- on_event(): what the caller (the UI thread) pays per event;
- event → play() returned: queue hand-over plus the device open, per cue;
- the same for a cue that waits for the rest of its instant ("end" alone);
- play() alone, called directly (the device open that the worker absorbs);
- create_sound(): load, decode, volume and the device probe, once per session.

Prints a Markdown section; benchmarks report figures, they never fail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _file_plugin_home(folder: Path) -> None:
    out = folder / "out"
    out.mkdir()
    (folder / ".asoundrc").write_text(
        "pcm.!default {\n"
        "  type file\n"
        '  slave.pcm "null"\n'
        f'  file "{out / "pcm.raw"}"\n'
        '  format "raw"\n'
        "}\n"
    )
    os.environ["HOME"] = str(folder)  # before ALSA reads its configuration


def _row(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return f"| {name} | {len(ms)} | {statistics.median(ms):.3f} | {p99:.3f} | {ms[-1]:.3f} |"


class _Timed:
    """Wraps the real player and stamps the moment each play() returns."""

    def __init__(self, player: Any) -> None:
        self.player = player
        self.returned: list[tuple[str, float]] = []

    def play(self, cue: str) -> None:
        self.player.play(cue)
        self.returned.append((cue, time.perf_counter()))

    def add(self, name: str, sound: Any) -> None:
        self.player.add(name, sound)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--gap-ms", type=float, default=20.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        _file_plugin_home(Path(tmp))
        os.environ.setdefault("XDG_CONFIG_HOME", str(Path(tmp) / "config"))
        try:
            import simpleaudio  # noqa: F401
        except ImportError:
            print("## Audio latency\n\nsimpleaudio is not installed: nothing to measure.")
            return 0

        from backtimer.audio.cues import CUES
        from backtimer.audio.service import SoundService, create_sound
        from backtimer.engine.types import Event, EventKind, Phase, PhaseKind
        from backtimer.routine.model import Routine, Step, StepKind

        routine = Routine(name="Bench", steps=(Step(name="Hold", kind=StepKind.HOLD, hold=5.0),))
        setup = []
        for _ in range(5):
            t0 = time.perf_counter()
            service = create_sound(routine, mute=False)
            setup.append((time.perf_counter() - t0) * 1000)
            service.close()
        real = service._player
        if service.take_notices():
            print("## Audio latency\n\nthe ALSA file plugin could not be opened.")
            return 0

        hold = Phase(0, PhaseKind.HOLD, 0, 0.0, 5.0, 5.0)
        gap = args.gap_ms / 1000

        def run(make: Any) -> tuple[list[float], list[float]]:
            timed = _Timed(real)
            sound = SoundService(timed)  # type: ignore[arg-type]
            calls, sent = [], []
            for k in range(args.events):
                event = make(k, hold)
                t0 = time.perf_counter()
                sound.on_event(event)
                t1 = time.perf_counter()
                calls.append((t1 - t0) * 1000)
                sent.append(t0)
                time.sleep(gap)
            sound.close()
            real.wait()
            done = [t for _, t in timed.returned]
            return calls, [(d - s) * 1000 for s, d in zip(sent, done, strict=False)]

        tick_calls, tick_latency = run(lambda k, p: Event(EventKind.TICK, float(k), p, 3))
        end_calls, end_latency = run(lambda k, p: Event(EventKind.PHASE_ENDED, float(k), p))

        direct = []
        for k in range(args.events):
            cue = CUES[k % len(CUES)]
            t0 = time.perf_counter()
            real.play(cue)
            direct.append((time.perf_counter() - t0) * 1000)
            time.sleep(gap)
        real.wait()

    print("## Audio latency (simpleaudio → ALSA file plugin)\n")
    print(f"{args.events} events, one every {args.gap_ms:g} ms. Milliseconds.\n")
    print("| measure | n | median | p99 | max |")
    print("|---|---|---|---|---|")
    print(_row("on_event() return (tick)", tick_calls))
    print(_row("on_event() return (end)", end_calls))
    print(_row("event → play() returned (tick)", tick_latency))
    print(_row("event → play() returned (end, waits for its instant)", end_latency))
    print(_row("play() alone (device open)", direct))
    print(_row("create_sound() (load, decode, probe)", setup))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
