"""The mirror (`--mirror`) beside the same session without it, in one run.

    .venv/bin/python benchmarks/mirror_bench.py [--runs 3] [--startup-runs 15] [--base REV]

Three programs take turns, each on a pty this script owns (benchmarks/_terminal.py),
running the 60-second hold of benchmarks/routines/bench-hold.yaml:

- "plain": `backtimer start` without a mirror;
- "mirror, no viewer": with `--mirror 127.0.0.1:0`, nobody watching;
- "mirror, 2 viewers": the same with two pages open in Debian's chromium (a
  phone and a TV, benchmarks/_viewers.py, a process of its own).

From each: CPU over 20 s of the hold (the program's own CPU clock), peak memory
(VmHWM), and then twenty presses: space on the terminal, or the page's
Pause/Resume button, each to the first read of the terminal that shows it.
With viewers, each page's countdown change is set against the terminal's change
of the same second (both against CLOCK_MONOTONIC). Then start-up (spawn to first
frame) of `backtimer start` without a mirror, here and at `--base REV` (default:
the commit before the mirror came), taking turns: nothing of the mirror may slow a session that does
not ask for it. Prints a Markdown section; it reports and never fails.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _terminal import Control, Recording, run, shows_countdown
from session_bench import (
    HOLD_NAME,
    HOLD_ROUTINE,
    FirstFrame,
    Trace,
    _env,
    _first,
    _num,
    boundaries,
    cpu_percent,
    percentile,
    startup_cpu_ms,
    startup_ms,
)

ROOT = Path(__file__).resolve().parent.parent
VIEWERS = Path(__file__).resolve().parent / "_viewers.py"
URL = re.compile(rb"http://127\.0\.0\.1:\d+/[A-Z2-7]{24}/")
CPU_START, CPU_WINDOW = 8.0, 20.0  # seconds into the hold, and how long
PRESSES = 20


@dataclass
class Viewers:
    """The browser process: started once the address is on screen."""

    process: subprocess.Popen[str]
    out: Path
    ready: bool = False
    clicks: int = 0


class Hold:
    """Viewers in, CPU over a window of the hold, then presses, then stop."""

    def __init__(self, mirror: bool, viewers: int, out: Path) -> None:
        self.mirror = mirror
        self.url: str | None = None  # the page's address, once on screen
        self.viewers = viewers
        self.out = out
        self.browser: Viewers | None = None
        self.plan: list[tuple[float, str]] = []
        self.rng = random.Random(11)
        self.viewers_late = False

    def __call__(self, now: float, trace: Trace, control: Control) -> float:
        if self.mirror and self.url is None:
            found = URL.search(b"".join(data for _, data in control._recording.chunks))
            if found is None:
                return now + 0.05
            self.url = found.group().decode()
            if not self.viewers:
                control.write(b"\r")  # nobody will connect: close the address box
        if self.viewers and self.browser is None and self.url is not None:
            process = subprocess.Popen(
                [sys.executable, str(VIEWERS), self.url, str(self.viewers), str(self.out)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            self.browser = Viewers(process, self.out)
        if not self.plan:
            start = _first(trace, "phase_started", "hold")
            if start is None:
                return now + 0.05
            t = _num(start["at"]) + CPU_START
            self.plan = [(t, "cpu"), (t + CPU_WINDOW, "cpu")]
            t += CPU_WINDOW + 1.0
            for n in range(PRESSES):
                self.plan.append((t, "press"))
                t += 0.5 + self.rng.uniform(0.0, 0.5) if n % 2 == 0 else 0.7
            self.plan.append((t + 0.5, "stop"))
        while self.plan and now >= self.plan[0][0]:
            _, what = self.plan.pop(0)
            if what == "cpu":
                if self.browser is not None and not self._ready():
                    self.viewers_late = True
                control.sample_cpu()
            elif what == "press":
                if self.browser is not None:
                    self._send("click")
                else:
                    control.press_space()
            else:
                control.stop()
                return now
        return self.plan[0][0] if self.plan else now + 0.05

    def _ready(self) -> bool:
        browser = self.browser
        if browser is not None and not browser.ready:
            import select

            readable, _, _ = select.select([browser.process.stdout], [], [], 0)
            if readable and browser.process.stdout is not None:
                browser.ready = browser.process.stdout.readline().strip() == "ready"
        return browser is not None and browser.ready

    def _send(self, line: str) -> None:
        browser = self.browser
        if browser is not None and browser.process.stdin is not None:
            browser.process.stdin.write(line + "\n")
            browser.process.stdin.flush()

    def finish(self) -> list[dict[str, list]] | None:
        """End the browser process and read what the pages logged."""
        browser = self.browser
        if browser is None:
            return None
        try:
            self._send("quit")
            browser.process.wait(timeout=30)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            browser.process.kill()
            browser.process.wait()
            return None
        try:
            return json.loads(browser.out.read_text())
        except (OSError, ValueError):
            return None


# --- Reading a run ------------------------------------------------------------------


def paused_flips(recording: Recording) -> list[tuple[float, bool]]:
    """(read time, paused) at each read where "PAUSED" came on or went off screen."""
    flips: list[tuple[float, bool]] = []
    paused = False
    for when, lines in recording.replay():
        now = any("PAUSED" in line for line in lines)
        if now != paused:
            flips.append((when, now))
            paused = now
    return flips


def press_to_screen_ms(presses: list[float], flips: list[tuple[float, bool]]) -> list[float]:
    """Each press (a key, a button) to the next flip of the screen after it."""
    found: list[float] = []
    j = 0
    for press in presses:
        while j < len(flips) and flips[j][0] < press:
            j += 1
        if j < len(flips):
            found.append((flips[j][0] - press) * 1000)
            j += 1
    return found


def terminal_changes(recording: Recording, planned: list[tuple[float, int]]) -> dict[float, float]:
    """When each planned second first showed on the terminal: the first read from
    0.3 s before its boundary to 1 s after it that shows the value. (A second
    hidden under the address box is simply not found.)"""
    frames = list(recording.replay())
    found: dict[float, float] = {}
    start = 0
    for at, value in planned:
        while start < len(frames) and frames[start][0] < at - 0.3:
            start += 1
        for when, lines in frames[start:]:
            if when > at + 1.0:
                break
            if shows_countdown(lines, value):
                found[at] = when
                break
    return found


def press_to_engine_ms(
    presses: list[float], flips: list[tuple[float, bool]], trace: Trace
) -> list[float]:
    """Each press to the engine's pause or resume that its screen flip showed
    (the first one heard between the press and that flip): the part of the way
    before Textual draws."""
    heard = sorted(_num(r["seen"]) for r in trace if r["kind"] in ("paused", "resumed"))
    found: list[float] = []
    j = 0
    for press in presses:
        while j < len(flips) and flips[j][0] < press:
            j += 1
        if j == len(flips):
            break
        shown = flips[j][0]
        j += 1
        inside = [t for t in heard if press <= t <= shown]
        if inside:
            found.append((inside[0] - press) * 1000)
    return found


def page_vs_terminal_ms(
    recording: Recording, pages: list[dict[str, list]], before: float
) -> list[float]:
    """For each second boundary before `before` (the first press), when each page
    showed the new second minus when the terminal did."""
    planned = [(at, value) for at, value in boundaries(recording.trace) if at < before]
    terminal = terminal_changes(recording, planned)
    gaps: list[float] = []
    for page in pages:
        changes = page["changes"]
        if not changes:
            continue
        opened = changes[0][0] + 0.5  # its first number is the page being drawn
        for at, value in planned:
            if at < opened:
                continue
            shown_terminal = terminal.get(at)
            shown_page = next(
                (t for t, text in changes if text == str(value) and t > at - 0.5), None
            )
            if shown_terminal is not None and shown_page is not None:
                gaps.append((shown_page - shown_terminal) * 1000)
    return gaps


# --- The programs -------------------------------------------------------------------


@dataclass
class Figures:
    values: dict[str, dict[str, float | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def put(self, program: str, name: str, value: float | None) -> None:
        self.values.setdefault(program, {})[name] = value


def _argv(mirror: bool) -> list[str]:
    command = [sys.executable, "-m", "backtimer", "start", str(HOLD_ROUTINE), "--no-checkin"]
    command += ["--mute", "--resume-ready", "0"]
    return command + (["--mirror", "127.0.0.1:0"] if mirror else [])


PROGRAMS: list[tuple[str, bool, int]] = [
    ("plain", False, 0),
    ("mirror, no viewer", True, 0),
    ("mirror, 2 viewers", True, 2),
]


def measure_one(fig: Figures, label: str, mirror: bool, viewers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as name:
        tmp = Path(name)
        trace = tmp / "trace.jsonl"
        scenario = Hold(mirror, viewers, tmp / "viewers.json")
        recording = run(_argv(mirror), _env(tmp, trace), trace, scenario, timeout=150)
        pages = scenario.finish()
    if recording.note:
        fig.notes.append(f"{label}: {recording.note}")
    if scenario.viewers_late:
        fig.notes.append(f"{label}: the viewers were not live when the CPU window began")
    fig.put(label, "cpu", cpu_percent(recording))
    fig.put(label, "memory", recording.vm_hwm_kb / 1024 if recording.vm_hwm_kb else None)
    flips = paused_flips(recording)
    if viewers:
        if pages is None:
            fig.notes.append(f"{label}: the browser process left no log")
            return
        presses = pages[0]["presses"]
        gaps = page_vs_terminal_ms(recording, pages, min(presses, default=float("inf")))
        fig.put(label, "page_vs_terminal_p50", statistics.median(gaps) if gaps else None)
        fig.put(label, "page_vs_terminal_p95", percentile([abs(g) for g in gaps], 95))
        fig.put(label, "page_vs_terminal_n", float(len(gaps)))
    else:
        presses = recording.keys
    late = press_to_screen_ms(presses, flips)
    engine = press_to_engine_ms(presses, flips, recording.trace)
    fig.put(label, "engine_p50", statistics.median(engine) if engine else None)
    fig.put(label, "engine_p95", percentile(engine, 95))
    fig.put(label, "press_p50", statistics.median(late) if late else None)
    fig.put(label, "press_p95", percentile(late, 95))
    fig.put(label, "press_n", float(len(late)))


def measure(runs: int) -> list[Figures]:
    results = []
    for n in range(runs):
        fig = Figures()
        order = PROGRAMS[n % 3 :] + PROGRAMS[: n % 3]  # nobody always goes first
        for label, mirror, viewers in order:
            print(f"run {n + 1}/{runs}: {label}", file=sys.stderr)
            measure_one(fig, label, mirror, viewers)
        results.append(fig)
    return results


Starts = dict[str, list[float]]


def measure_startup(runs: int, base: str) -> Starts:
    """Spawn to first frame without a mirror, and the CPU used by then: this
    checkout, and `base` (its package taken from git into a temporary folder),
    taking turns. CPU time is the steadier of the two on a shared machine."""
    found: Starts = {"ours": [], "theirs": [], "ours_cpu": [], "theirs_cpu": []}
    with tempfile.TemporaryDirectory(prefix="bench-base-") as name:
        folder = Path(name)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", base, "backtimer"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        for n in range(runs):
            print(f"start-up {n + 1}/{runs}", file=sys.stderr)
            for into, path in (("ours", None), ("theirs", folder)):
                with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp_name:
                    tmp = Path(tmp_name)
                    trace = tmp / "trace.jsonl"
                    env = _env(tmp, trace)
                    if path is not None:
                        env["PYTHONPATH"] = str(path)
                    rec = run(_argv(False), env, trace, FirstFrame(), 20)
                    value = startup_ms(rec, HOLD_NAME)
                    cpu = startup_cpu_ms(rec, HOLD_NAME)
                    if value is not None and cpu is not None:
                        found[into].append(value)
                        found[into + "_cpu"].append(cpu)
    return found


# --- The report -------------------------------------------------------------------


def _median(runs: list[Figures], program: str, name: str) -> float | None:
    values = [v for f in runs if (v := f.values.get(program, {}).get(name)) is not None]
    return statistics.median(values) if values else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def report(runs: list[Figures], starts: Starts | None, base: str) -> str:
    def m(program: str, name: str) -> float | None:
        return _median(runs, program, name)

    plain, idle, watched = (label for label, _, _ in PROGRAMS)
    lines = [
        f"Medians over {len(runs)} run(s); each run has the three programs in turn.",
        "",
        "| | plain | mirror, no viewer | mirror, 2 viewers |",
        "|---|---:|---:|---:|",
    ]

    def row(title: str, name: str, digits: int = 2) -> None:
        cells = [_fmt(m(p, name), digits) for p in (plain, idle, watched)]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")

    row("CPU during 20 s of the hold (% of a core)", "cpu")
    row("peak memory, VmHWM (MB)", "memory", 1)
    row("press → terminal shows it, p50 (ms): space, or the page's button", "press_p50", 1)
    row("press → terminal shows it, p95 (ms)", "press_p95", 1)
    row("of which press → the engine has it, p50 (ms)", "engine_p50", 1)
    row("of which press → the engine has it, p95 (ms)", "engine_p95", 1)
    cpu_up = _diff(m(watched, "cpu"), m(idle, "cpu"))
    memory_up = _diff(m(watched, "memory"), m(plain, "memory"))
    lines += [
        "",
        f"- The page's second against the terminal's (page − terminal): median "
        f"{_fmt(m(watched, 'page_vs_terminal_p50'))} ms, p95 of the gap "
        f"{_fmt(m(watched, 'page_vs_terminal_p95'))} ms over "
        f"{_fmt(m(watched, 'page_vs_terminal_n'), 0)} seconds × pages per run "
        f"(limit 50 ms).",
        f"- Button → terminal, p95: {_fmt(m(watched, 'press_p95'))} ms (limit 50 ms).",
        f"- CPU with two viewers above none: {_fmt(cpu_up, 2)} % of a core (limit 0.5).",
        f"- Memory with two viewers above no mirror: {_fmt(memory_up)} MB (limit 15).",
    ]
    if starts is not None:
        med = {k: statistics.median(v) if v else None for k, v in starts.items()}
        lines.append(
            f"- Start-up without --mirror, median of {len(starts['ours'])} starts each, "
            f"taking turns: spawn to first frame {_fmt(med['ours'], 0)} ms here, "
            f"{_fmt(med['theirs'], 0)} ms at {base} ({_fmt(_diff(med['ours'], med['theirs']), 0)}"
            f" ms); CPU by then {_fmt(med['ours_cpu'], 0)} ms here, "
            f"{_fmt(med['theirs_cpu'], 0)} ms at {base} "
            f"({_fmt(_diff(med['ours_cpu'], med['theirs_cpu']), 0)} ms)."
        )
    for fig in runs:
        for note in fig.notes:
            lines.append(f"- Note: {note}")
    return "\n".join(lines)


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=15)
    parser.add_argument(
        "--base",
        help="the git revision to compare start-up against "
        "(default: the one before the mirror was added)",
    )
    args = parser.parse_args(argv)
    base = args.base or _before_mirror()
    runs = measure(args.runs) if args.runs else []
    starts = measure_startup(args.startup_runs, base) if base and args.startup_runs else None
    print(report(runs, starts, base or ""))
    return 0


def _before_mirror() -> str | None:
    """The parent of the commit that added backtimer/mirror/, if git knows it."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "log", "--format=%h", "--diff-filter=A", "--",
         "backtimer/mirror/__init__.py"],
        capture_output=True, text=True,
    )  # fmt: skip
    commits = found.stdout.split()
    return f"{commits[-1]}^" if found.returncode == 0 and commits else None


if __name__ == "__main__":
    sys.exit(main())
