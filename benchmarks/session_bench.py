"""How `backtimer start` keeps time on a real terminal, beside a bare Textual floor.

    .venv/bin/python benchmarks/session_bench.py [--runs 3] [--long] [--floor-variants]
    .venv/bin/python benchmarks/session_bench.py --only long --runs 1   # drift alone
    .venv/bin/python benchmarks/session_bench.py --only startup --startup-runs 15

Each program runs under a pseudo-terminal this script owns (100x30,
TERM=xterm-256color). Every read from it is stamped with time.monotonic(), the
clock both programs plan with, and their JSON-line traces (BACKTIMER_TRACE) say
when each phase was planned to start. From these come: when the countdown on
screen changed versus its planned whole-second boundary, how late the engine
noticed its events, CPU during a hold and during breathing, start-up to the first
frame, peak memory, and key (space) to "PAUSED" on screen.

The floor (benchmarks/floor_app.py) is a bare Textual app with one `Digits`
countdown and one `set_timer` per second boundary: what any Textual timer costs
at minimum. Figures are medians over the runs; the programs run one after the
other, interleaved, in the same invocation. Prints a Markdown section; it
reports and never fails.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _terminal import Control, Recording, program_env, run, shows_countdown

ROOT = Path(__file__).resolve().parent.parent
ROUTINES = Path(__file__).resolve().parent / "routines"
HOLD_ROUTINE = ROUTINES / "bench-hold.yaml"  # 5 s ready + 60 s hold
HOLD_NAME = "Long hold"
BREATHE_ROUTINE = ROUTINES / "bench-breathe.yaml"
BREATHE_NAME = "Bench breathing"
LONG_ROUTINE = ROUTINES / "bench-ten-minutes.yaml"
LONG_NAME = "Ten-minute holds"
FLOOR_SECONDS = 60
FLOOR_NAME = "Floor countdown"
CPU_WINDOW = 20.0  # seconds of a hold (or of breathing) over which CPU is measured
# Start-up varies by tens of ms from one spawn to the next on a shared machine: it is
# measured apart, over many short starts, floor and backtimer taking turns.
STARTUP_RUNS = 15
STARTUP_WATCH = 1.5  # seconds after the spawn: the first frame (≈ 0.2 s) is out by then
KEY_PRESSES = 20
# Kinds that come from a key, not from the plan: their `at` is when the key came.
KEYED = {"paused", "resumed", "rep_counted", "session_stopped", "step_skipped"}

Trace = list[dict[str, object]]


# --- Driving a run ----------------------------------------------------------------------


def _first(trace: Trace, kind: str, phase: str | None = None) -> dict[str, object] | None:
    for record in trace:
        if record["kind"] == kind and (phase is None or record["phase"] == phase):
            return record
    return None


def _num(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


class Watch:
    """Samples CPU over a window of the `cpu_phase`, then stops after the session ends."""

    def __init__(
        self,
        cpu_phase: str,
        end_kinds: Sequence[str] = ("session_finished",),
        stop_after_window: bool = False,
    ) -> None:
        self.cpu_phase = cpu_phase
        self.end_kinds = end_kinds
        self.stop_after_window = stop_after_window
        self.window: tuple[float, float] | None = None
        self.sampled = 0

    def __call__(self, now: float, trace: Trace, control: Control) -> float:
        if self.window is None:
            start = _first(trace, "phase_started", self.cpu_phase)
            if start is not None:
                begin = _num(start["at"]) + 2.0
                self.window = (begin, begin + CPU_WINDOW)
        if self.window is not None and self.sampled < 2 and now >= self.window[self.sampled]:
            control.sample_cpu()
            self.sampled += 1
            if self.sampled == 2 and self.stop_after_window:
                control.stop()
                return now
        ended = next((r for r in trace if r["kind"] in self.end_kinds), None)
        if ended is not None and self.sampled != 1 and now >= _num(ended["seen"]) + 1.0:
            control.stop()  # a second after the end: the last frame is surely out
            return now
        if self.window is not None and self.sampled < 2:
            return min(self.window[self.sampled], now + 0.25)
        return now + 0.25


class FirstFrame:
    """Watches a start for STARTUP_WATCH seconds, then stops: enough for its first frame."""

    def __init__(self) -> None:
        self.started: float | None = None

    def __call__(self, now: float, trace: Trace, control: Control) -> float:
        if self.started is None:
            self.started = now
        if now - self.started >= STARTUP_WATCH:
            control.stop()
            return now
        return now + 0.1


class Keys:
    """Space to pause, space to resume, at uneven moments against the second boundaries."""

    def __init__(self, phase: str, presses: int = KEY_PRESSES) -> None:
        self.phase = phase
        self.presses = presses
        self.plan: list[float] = []
        self.rng = random.Random(7)

    def __call__(self, now: float, trace: Trace, control: Control) -> float:
        if not self.plan:
            start = _first(trace, "phase_started", self.phase)
            if start is None:
                return now + 0.1
            t = _num(start["at"]) + 1.0
            for _ in range(self.presses):
                self.plan += [t, t + 0.4]  # pause, then resume
                t += 0.4 + 0.6 + self.rng.uniform(0.0, 0.5)
            self.plan.append(t)  # the moment to stop
        while len(self.plan) > 1 and now >= self.plan[0]:
            control.press_space()
            self.plan.pop(0)
        if len(self.plan) == 1 and now >= self.plan[0]:
            control.stop()
        return self.plan[0]


# --- Reading a run ----------------------------------------------------------------------


def boundaries(trace: Trace) -> list[tuple[float, int]]:
    """(planned time, value shown from then on) of each countdown change.

    The display shows ceil(remaining), so a timed phase starting at `at` with
    duration d changes to k at at + d - k. The session's first frame is start-up,
    not a boundary; a change to the value already shown cannot be seen.
    """
    planned: list[tuple[float, int]] = []
    for record in trace:
        if record["kind"] != "phase_started" or not record.get("duration"):
            continue
        at, duration = _num(record["at"]), _num(record["duration"])
        planned += [(at + duration - k, k) for k in range(math.ceil(duration), 0, -1)]
    planned.sort()
    seen: list[tuple[float, int]] = []
    for when, value in planned[1:]:
        if not seen or seen[-1][1] != value:
            seen.append((when, value))
    return seen


@dataclass
class Countdown:
    late_ms: list[float] = field(default_factory=list)  # per detected boundary, in order
    planned: list[float] = field(default_factory=list)  # their planned times
    missed: int = 0


def countdown_lateness(recording: Recording) -> Countdown:
    """When each new countdown value first appeared on screen, versus its plan."""
    planned = boundaries(recording.trace)
    result = Countdown()
    i = 0
    for when, lines in recording.replay():
        while i < len(planned):
            at, value = planned[i]
            if shows_countdown(lines, value):
                result.late_ms.append((when - at) * 1000)
                result.planned.append(at)
                i += 1
            elif (
                i + 1 < len(planned)
                and when >= planned[i + 1][0] - 0.3
                and shows_countdown(lines, planned[i + 1][1])
            ):
                result.missed += 1  # skipped over: never drawn before the next one
                i += 1
            else:
                break
    result.missed += len(planned) - i
    return result


def drift_ms(late_ms: Sequence[float], planned: Sequence[float]) -> tuple[float, float] | None:
    """(median of the last 30 − median of the first 30, least-squares slope per 10 min).

    One boundary against one other mostly measures noise; these two say whether
    lateness grows over the session.
    """
    if len(late_ms) < 10:
        return None
    n = min(30, len(late_ms) // 3)
    ends = statistics.median(late_ms[-n:]) - statistics.median(late_ms[:n])
    mean_t, mean_l = statistics.fmean(planned), statistics.fmean(late_ms)
    var = sum((t - mean_t) ** 2 for t in planned)
    cov = sum((t - mean_t) * (v - mean_l) for t, v in zip(planned, late_ms, strict=True))
    return ends, (cov / var * 600 if var else 0.0)


def engine_lateness_ms(trace: Trace) -> list[float]:
    return [(_num(r["seen"]) - _num(r["at"])) * 1000 for r in trace if r["kind"] not in KEYED]


def startup_ms(recording: Recording, name: str) -> float | None:
    """Spawn to the first frame that shows the exercise's name and its countdown."""
    found = _first_frame(recording, name)
    return None if found is None else (recording.chunks[found][0] - recording.spawned) * 1000


def startup_cpu_ms(recording: Recording, name: str) -> float | None:
    """The CPU time the program had used when that first frame was read."""
    found = _first_frame(recording, name)
    if found is None or found >= len(recording.chunk_cpu):
        return None
    cpu = recording.chunk_cpu[found]
    return None if cpu is None else cpu * 1000


def _first_frame(recording: Recording, name: str) -> int | None:
    first = _first(recording.trace, "phase_started")
    values: list[int] = []
    if first is not None and first.get("duration"):
        top = math.ceil(_num(first["duration"]))
        values = [top, top - 1]
    for index, (_when, lines) in enumerate(recording.replay()):
        if any(name in line for line in lines) and (
            not values or any(shows_countdown(lines, v) for v in values)
        ):
            return index
    return None


def key_to_screen_ms(recording: Recording) -> list[float]:
    """From each pausing space to the first read after which "PAUSED" is on screen."""
    pauses = recording.keys[0::2]
    found: list[float] = []
    paused_now, waiting, j = False, None, 0
    for when, lines in recording.replay():
        while j < len(pauses) and pauses[j] < when:
            if waiting is None and not paused_now:
                waiting = pauses[j]
            j += 1
        paused_now = any("PAUSED" in line for line in lines)
        if waiting is not None and paused_now:
            found.append((when - waiting) * 1000)
            waiting = None
    return found


def cpu_percent(recording: Recording) -> float | None:
    if len(recording.cpu) < 2:
        return None
    (t0, c0), (t1, c1) = recording.cpu[:2]
    return (c1 - c0) / (t1 - t0) * 100


def output_rate(recording: Recording) -> tuple[float, float] | None:
    """Bytes and reads per second the program wrote during the CPU window."""
    if len(recording.cpu) < 2:
        return None
    t0, t1 = recording.cpu[0][0], recording.cpu[1][0]
    inside = [len(data) for when, data in recording.chunks if t0 <= when < t1]
    return sum(inside) / (t1 - t0), len(inside) / (t1 - t0)


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# --- The programs -----------------------------------------------------------------------


@dataclass
class Program:
    label: str
    argv: Callable[[Path], list[str]]  # routine -> command line


SOUND = {"on": False}  # --sound: play cues through ALSA's file plugin instead of --mute


def _backtimer() -> Program:
    exe = Path(sys.executable).parent / "backtimer"
    mute = [] if SOUND["on"] else ["--mute"]
    return Program(
        "backtimer", lambda routine: [str(exe), "start", str(routine), "--no-checkin", *mute]
    )


def _floor(seconds: int = FLOOR_SECONDS) -> Program:
    script = Path(__file__).resolve().parent / "floor_app.py"
    return Program("floor", lambda _routine: [sys.executable, str(script), str(seconds)])


FLOOR_VARIANTS = [
    ("set_timer (the floor)", {}),
    ("loop.call_at", {"BENCH_FLOOR_CALL_AT": "1"}),
    ("set_timer, switch interval 1 ms", {"BENCH_FLOOR_SWITCH": "0.001"}),
    (
        "loop.call_at, switch interval 1 ms",
        {"BENCH_FLOOR_CALL_AT": "1", "BENCH_FLOOR_SWITCH": "0.001"},
    ),
]


def floor_variants(runs: int, seconds: int = 25) -> str:
    """What would make any Textual countdown punctual: the floor's two knobs."""
    lines = [
        f"### The floor's knobs ({seconds} s countdown, median of {runs} runs)",
        "",
        "| variant | screen p50 (ms) | screen p95 (ms) | screen max (ms) | timer p99 (ms) |",
        "|---|---|---|---|---|",
    ]
    for label, extra in FLOOR_VARIANTS:
        per_run: list[tuple[float | None, ...]] = []
        for _ in range(runs):
            rec = record(
                _floor(seconds), HOLD_ROUTINE, Watch("hold"), seconds + 40, extra_env=extra
            )
            late = countdown_lateness(rec).late_ms
            timer = engine_lateness_ms(rec.trace)
            per_run.append(
                (
                    percentile(late, 50),
                    percentile(late, 95),
                    max(late) if late else None,
                    percentile(timer, 99),
                )
            )
        cells = []
        for column in zip(*per_run, strict=True):
            values = [v for v in column if v is not None]
            cells.append(_fmt(statistics.median(values) if values else None, 2))
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _env(tmp: Path, trace: Path) -> dict[str, str]:
    env = program_env(tmp, trace)
    if SOUND["on"]:
        env["HOME"] = _sound_home(tmp)
    return env


def record(
    program: Program,
    routine: Path,
    scenario: Callable[..., float],
    timeout: float,
    cache: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Recording:
    """One run in fresh folders; with `cache`, that cache folder (kept between runs);
    `extra_env` on top (the floor's knobs)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp = Path(name)
        trace = tmp / "trace.jsonl"
        env = _env(tmp, trace)
        if cache is not None:
            env["XDG_CACHE_HOME"] = str(cache)
        env.update(extra_env or {})
        return run(program.argv(routine), env, trace, scenario, timeout)


# --- The figures ------------------------------------------------------------------------


@dataclass
class Figures:
    """One run's figures per program; None where a run could not measure it."""

    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def put(self, program: str, name: str, value: float | None) -> None:
        self.values.setdefault(program, {})[name] = value


def _measure_hold(fig: Figures, program: Program, routine: Path, name: str, timeout: float) -> None:
    rec = record(program, routine, Watch("hold"), timeout)
    if rec.note:
        fig.notes.append(f"{program.label} hold run: {rec.note}")
    c = countdown_lateness(rec)
    fig.put(program.label, "countdown_p50", statistics.median(c.late_ms) if c.late_ms else None)
    fig.put(program.label, "countdown_p95", percentile(c.late_ms, 95))
    fig.put(program.label, "countdown_max", max(c.late_ms) if c.late_ms else None)
    fig.put(program.label, "countdown_missed", float(c.missed))
    fig.put(program.label, "countdown_n", float(len(c.late_ms)))
    fig.put(program.label, "drift", c.late_ms[-1] - c.late_ms[0] if len(c.late_ms) > 1 else None)
    drift = drift_ms(c.late_ms, c.planned)
    fig.put(program.label, "drift_slope", drift[1] if drift else None)
    late = engine_lateness_ms(rec.trace)
    fig.put(program.label, "engine_p50", percentile(late, 50))
    fig.put(program.label, "engine_p99", percentile(late, 99))
    fig.put(program.label, "engine_max", max(late) if late else None)
    fig.put(program.label, "cpu_hold", cpu_percent(rec))
    rate = output_rate(rec)
    fig.put(program.label, "bytes_hold", rate[0] if rate else None)
    fig.put(program.label, "reads_hold", rate[1] if rate else None)
    fig.put(program.label, "memory", rec.vm_hwm_kb / 1024 if rec.vm_hwm_kb else None)


def _measure_morning_hold(fig: Figures, program: Program) -> None:
    """CPU during a hold of a routine as long as a morning's (ten minutes): its
    progress bar steps every few seconds and its time left every minute, where
    on the 65 s routine both move nearly every second."""
    rec = record(program, LONG_ROUTINE, Watch("hold", stop_after_window=True), timeout=60)
    if rec.note:
        fig.notes.append(f"{program.label} ten-minute hold: {rec.note}")
    fig.put(program.label, "cpu_hold_morning", cpu_percent(rec))


def _measure_floor_screen(fig: Figures, program: Program) -> None:
    """The floor's countdown among still widgets laid out as the session screen:
    Textual's own cost of drawing that screen once a second."""
    watch = Watch("hold", stop_after_window=True)
    rec = record(program, HOLD_ROUTINE, watch, 60, extra_env={"BENCH_FLOOR_SCREEN": "1"})
    if rec.note:
        fig.notes.append(f"floor with the session layout: {rec.note}")
    fig.put(program.label, "cpu_hold_screen", cpu_percent(rec))


def _measure_breathe(fig: Figures, program: Program) -> None:
    rec = record(program, BREATHE_ROUTINE, Watch("inhale"), timeout=120)
    if rec.note:
        fig.notes.append(f"{program.label} breathing run: {rec.note}")
    c = countdown_lateness(rec)
    fig.put(program.label, "breathe_p95", percentile(c.late_ms, 95))
    fig.put(program.label, "breathe_max", max(c.late_ms) if c.late_ms else None)
    fig.put(program.label, "breathe_missed", float(c.missed))
    fig.put(program.label, "cpu_breathe", cpu_percent(rec))
    rate = output_rate(rec)
    fig.put(program.label, "bytes_breathe", rate[0] if rate else None)
    fig.put(program.label, "reads_breathe", rate[1] if rate else None)
    late = engine_lateness_ms(rec.trace)
    fig.put(program.label, "breathe_engine_p99", percentile(late, 99))


def _measure_keys(fig: Figures, program: Program, routine: Path) -> None:
    rec = record(program, routine, Keys("hold"), timeout=90)
    if rec.note:
        fig.notes.append(f"{program.label} key run: {rec.note}")
    found = key_to_screen_ms(rec)
    fig.put(program.label, "key_p50", percentile(found, 50))
    fig.put(program.label, "key_p95", percentile(found, 95))
    fig.put(program.label, "key_n", float(len(found)))


def _measure_long(fig: Figures, program: Program) -> None:
    rec = record(program, LONG_ROUTINE, Watch("hold"), timeout=700)
    if rec.note:
        fig.notes.append(f"{program.label} ten-minute run: {rec.note}")
    c = countdown_lateness(rec)
    fig.put(program.label, "long_first", c.late_ms[0] if c.late_ms else None)
    fig.put(program.label, "long_last", c.late_ms[-1] if c.late_ms else None)
    fig.put(program.label, "long_drift", c.late_ms[-1] - c.late_ms[0] if c.late_ms else None)
    fig.put(program.label, "long_p95", percentile(c.late_ms, 95))
    drift = drift_ms(c.late_ms, c.planned)
    fig.put(program.label, "long_ends", drift[0] if drift else None)
    fig.put(program.label, "long_slope", drift[1] if drift else None)
    fig.put(program.label, "long_missed", float(c.missed))


def _guard(fig: Figures, what: str, measure_one: Callable[..., None], *args: object) -> None:
    """A benchmark reports; one failing part must not hide the others."""
    try:
        measure_one(fig, *args)
    except Exception as error:
        fig.notes.append(f"{what}: {type(error).__name__}: {error}")
        traceback.print_exc(file=sys.stderr)


def measure(runs: int, long: bool, only: str | None) -> list[Figures]:
    floor, app = _floor(), _backtimer()
    all_runs: list[Figures] = []
    for n in range(runs):
        print(f"run {n + 1}/{runs}", file=sys.stderr)
        fig = Figures()
        if only in (None, "floor"):
            _guard(fig, "floor hold", _measure_hold, floor, HOLD_ROUTINE, FLOOR_NAME, 120)
            _guard(fig, "floor keys", _measure_keys, floor, HOLD_ROUTINE)
            _guard(fig, "floor with the session layout", _measure_floor_screen, floor)
        if only in (None, "backtimer"):
            _guard(fig, "backtimer hold", _measure_hold, app, HOLD_ROUTINE, HOLD_NAME, 120)
            _guard(fig, "backtimer ten-minute hold", _measure_morning_hold, app)
            _guard(fig, "backtimer breathing", _measure_breathe, app)
            _guard(fig, "backtimer keys", _measure_keys, app, HOLD_ROUTINE)
        if long:
            _guard(fig, "backtimer ten minutes", _measure_long, app)
        all_runs.append(fig)
    return all_runs


def measure_startup(runs: int, only: str | None) -> list[Figures]:
    """Spawn to first frame, `runs` times each, the programs taking turns.

    "startup" is an everyday start: the routine was started before, so its
    checked form is in the cache (one untimed start puts it there), as on a
    user's second morning; "startup_first" is a first start ever, every folder
    empty."""
    programs = []
    if only in (None, "floor"):
        programs.append((_floor(), FLOOR_NAME, "startup"))
    if only in (None, "backtimer"):
        app = _backtimer()
        programs += [(app, HOLD_NAME, "startup"), (app, HOLD_NAME, "startup_first")]
    starts: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as kept:
        cache = Path(kept)
        if only in (None, "backtimer"):
            record(_backtimer(), HOLD_ROUTINE, FirstFrame(), 20, cache)
        for n in range(runs if programs else 0):
            print(f"start-up {n + 1}/{runs}", file=sys.stderr)
            fig = Figures()
            for program, name, figure in programs:
                warm = cache if figure == "startup" else None
                rec = record(program, HOLD_ROUTINE, FirstFrame(), 20, warm)
                fig.put(program.label, figure, startup_ms(rec, name))
                fig.put(program.label, f"{figure}_cpu", startup_cpu_ms(rec, name))
            starts.append(fig)
    return starts


# --- The report -------------------------------------------------------------------------


def _median(runs: list[Figures], program: str, name: str) -> float | None:
    values = [v for f in runs if (v := f.values.get(program, {}).get(name)) is not None]
    return statistics.median(values) if values else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def report(runs: list[Figures], long: bool, starts: Sequence[Figures] = ()) -> str:
    def m(program: str, name: str) -> float | None:
        return _median(list(starts) if name.startswith("startup") else runs, program, name)

    def le(value: float | None, limit: float | None) -> bool | None:
        return None if value is None or limit is None else value <= limit

    f, b = "floor", "backtimer"
    rows: list[tuple[str, str, str, str, str]] = []

    def row(label: str, name: str, target: str, ok: bool | None, digits: int = 1) -> None:
        if m(f, name) is None and m(b, name) is None:
            return  # not measured in this invocation (--only)
        rows.append(
            (label, _fmt(m(f, name), digits), _fmt(m(b, name), digits), target, _verdict(ok))
        )

    row("countdown on screen − planned boundary, p50 (ms)", "countdown_p50", "", None, 2)
    row(
        "countdown on screen − planned boundary, p95 (ms)",
        "countdown_p95",
        "≤ 2",
        le(m(b, "countdown_p95"), 2),
        2,
    )
    row(
        "countdown on screen − planned boundary, max (ms)",
        "countdown_max",
        "≤ 5",
        le(m(b, "countdown_max"), 5),
        2,
    )
    row(
        "boundaries never drawn (count)",
        "countdown_missed",
        "0",
        le(m(b, "countdown_missed"), 0),
        0,
    )
    drift = m(b, "drift")
    row(
        "drift over the hold routine: last − first boundary (ms)",
        "drift",
        "≤ 2",
        None if drift is None else abs(drift) <= 2,
        2,
    )
    row("hold routine: lateness trend, least squares (ms per 10 min)", "drift_slope", "", None, 2)
    row("breathing: countdown p95 (ms)", "breathe_p95", "≤ 2", le(m(b, "breathe_p95"), 2), 2)
    row("breathing: countdown max (ms)", "breathe_max", "≤ 5", le(m(b, "breathe_max"), 5), 2)
    row(
        "breathing: boundaries never drawn", "breathe_missed", "0", le(m(b, "breathe_missed"), 0), 0
    )
    if long:
        long_drift = m(b, "long_drift")
        row("10 min: first boundary late (ms)", "long_first", "", None, 2)
        row("10 min: last boundary late (ms)", "long_last", "", None, 2)
        row(
            "10 min: drift, last − first (ms)",
            "long_drift",
            "≤ 2",
            None if long_drift is None else abs(long_drift) <= 2,
            2,
        )
        row("10 min: median of last 30 − first 30 boundaries (ms)", "long_ends", "", None, 2)
        row("10 min: lateness trend, least squares (ms per 10 min)", "long_slope", "", None, 2)
        row("10 min: countdown p95 (ms)", "long_p95", "≤ 2", le(m(b, "long_p95"), 2), 2)
    row("engine event noticed − planned `at`, p50 (ms)", "engine_p50", "", None, 2)
    row(
        "engine event noticed − planned `at`, p99 (ms)",
        "engine_p99",
        "≤ 2",
        le(m(b, "engine_p99"), 2),
        2,
    )
    row("engine event noticed − planned `at`, max (ms)", "engine_max", "", None, 2)
    row(
        "breathing: engine p99 (ms)",
        "breathe_engine_p99",
        "≤ 2",
        le(m(b, "breathe_engine_p99"), 2),
        2,
    )
    row(
        "CPU during a hold (% of a core)",
        "cpu_hold",
        "≤ floor",
        le(m(b, "cpu_hold"), m(f, "cpu_hold")),
        2,
    )
    if m(b, "cpu_hold_morning") is not None:
        rows.append(
            (
                "CPU during a hold of the ten-minute routine (% of a core)",
                _fmt(m(f, "cpu_hold"), 2),
                _fmt(m(b, "cpu_hold_morning"), 2),
                "≤ floor",
                _verdict(le(m(b, "cpu_hold_morning"), m(f, "cpu_hold"))),
            )
        )
    if m(f, "cpu_hold_screen") is not None:
        rows.append(
            (
                "CPU during a hold: the floor laid out as the session screen, "
                "beside the ten-minute hold (% of a core)",
                _fmt(m(f, "cpu_hold_screen"), 2),
                _fmt(m(b, "cpu_hold_morning"), 2),
                "",
                "",
            )
        )
    row("output during a hold (bytes/s)", "bytes_hold", "", None, 0)
    row("output during a hold (terminal reads/s)", "reads_hold", "", None, 1)
    row("output while breathing (bytes/s)", "bytes_breathe", "", None, 0)
    row("output while breathing (terminal reads/s)", "reads_breathe", "", None, 1)
    row(
        "CPU while breathing animates (% of a core)",
        "cpu_breathe",
        "≤ 3",
        le(m(b, "cpu_breathe"), 3),
        2,
    )
    floor_start = m(f, "startup")
    row(
        f"start-up to first frame (ms, median of {len(starts)} starts)",
        "startup",
        "≤ 1.15 × floor",
        le(m(b, "startup"), None if floor_start is None else floor_start * 1.15),
        0,
    )
    row("start-up, first start ever: nothing cached (ms)", "startup_first", "", None, 0)
    row("start-up: CPU time used by the first frame (ms)", "startup_cpu", "", None, 0)
    floor_mem = m(f, "memory")
    row(
        "peak memory, VmHWM (MB)",
        "memory",
        "≤ floor + 15",
        le(m(b, "memory"), None if floor_mem is None else floor_mem + 15),
        1,
    )
    row("key to screen: space → PAUSED, p50 (ms)", "key_p50", "", None, 1)
    row("key to screen: space → PAUSED, p95 (ms)", "key_p95", "≤ 20", le(m(b, "key_p95"), 20), 1)

    start_b = m(b, "startup")
    ratio = "" if start_b is None or not floor_start else f" (× {start_b / floor_start:.2f})"
    lines = [
        f"### Session: backtimer start beside a bare Textual floor (median of {len(runs)} runs)",
        "",
        "| figure | floor | backtimer | target | |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(r)} |" for r in rows),
        "",
        f"Start-up ratio backtimer/floor{ratio}. Counted per run: "
        f"{_fmt(m(f, 'countdown_n'), 0)} / {_fmt(m(b, 'countdown_n'), 0)} countdown "
        f"boundaries (floor / backtimer, hold routine), {_fmt(m(b, 'key_n'), 0)} key "
        "presses. CPU is the process's CPU-time clock (all threads, in nanoseconds) "
        "over a 20 s window.",
        "",
        "How: each program runs on a pseudo-terminal owned by the benchmark (100x30,",
        "xterm-256color); every read of its output is stamped with the monotonic clock",
        "the programs plan with, and the screen is rebuilt from those reads afterwards.",
        "A countdown change counts when the read that completes the new value arrives",
        "(the floor's `Digits`; backtimer's block figures by the caption written under",
        'them in the same frame, "18 s left"); planned boundaries come from the programs\'',
        "JSON-line traces (BACKTIMER_TRACE): a phase starting at `at` lasting d shows k",
        "from at + d − k.",
        "Routines: benchmarks/routines/ (a 60 s hold, 48 s of breathing, ten minutes).",
    ]
    notes = sorted({note for r in runs for note in r.notes})
    if notes:
        lines += ["", "Notes:", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


def _sound_home(tmp: Path) -> str:
    """A HOME whose ALSA default device writes the PCM to a file: real playback
    through simpleaudio on a machine without a sound card."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    (home / ".asoundrc").write_text(
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{tmp / "out.raw"}"\n  format "raw"\n}}\n'
    )
    return str(home)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long", action="store_true", help="also run the 10-minute routine")
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=STARTUP_RUNS,
        help=f"short starts of each program for the start-up figure (default {STARTUP_RUNS})",
    )
    parser.add_argument(
        "--only",
        choices=["floor", "backtimer", "long", "startup"],
        help="measure one program, only the 10-minute routine (implies --long), "
        "or only the start-up",
    )
    parser.add_argument(
        "--floor-variants", action="store_true", help="also try the floor's scheduling knobs"
    )
    parser.add_argument(
        "--sound",
        action="store_true",
        help="play the cues (through ALSA's file plugin) instead of --mute",
    )
    args = parser.parse_args()
    SOUND["on"] = args.sound
    load_before = _load()
    long = args.long or args.only == "long"
    only = None if args.only == "startup" else args.only
    starts = measure_startup(args.startup_runs, only) if only != "long" else []
    runs = measure(args.runs, long, only) if args.only != "startup" else []
    text = report(runs, long, starts)
    if args.floor_variants:
        text += "\n\n" + floor_variants(args.runs)
    print(text)
    print(f"\nLoad average (1 min) before: {load_before}; after: {_load()}.")


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
