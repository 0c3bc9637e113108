"""A pseudo-terminal the benchmark owns, and just enough of a screen to read it.

A program runs on the slave side of a pty (100x30, TERM=xterm-256color) as its
own session leader with the pty as its controlling terminal. The benchmark reads
the master side and stamps every read with time.monotonic(), the same
CLOCK_MONOTONIC the programs plan with, so "planned at" and "seen on screen"
are directly comparable. Stamping and storing is all the read loop does; the
screen is rebuilt afterwards by replaying the stored reads, so decoding never
delays a read.
"""

from __future__ import annotations

import codecs
import compileall
import fcntl
import functools
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD

WIDTH, HEIGHT = 100, 30

# One token: an escape sequence (CSI, OSC, DCS/APC/PM/SOS, two-byte ESC x), a control
# character, or a run of printable text.
_ESCAPE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-OQ-WYZ`-~\\]"
)
_COMPLETE_ESCAPE = re.compile(_ESCAPE)
_TOKEN = re.compile(_ESCAPE + r"|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+")


class Screen:
    """The cells a VT100-ish terminal would show; only what Textual emits matters."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        last = text.rfind("\x1b")
        if last >= 0 and not _COMPLETE_ESCAPE.match(text, last):
            self._pending, text = text[last:], text[:last]
        else:
            self._pending = ""
        for match in _TOKEN.finditer(text):
            self._token(match.group())

    def _token(self, token: str) -> None:
        if token[0] == "\x1b":
            if token.startswith("\x1b[") and token[2:3] not in "?>=<":
                self._csi(token[2:-1], token[-1])
            return
        if len(token) == 1 and (token < " " or token == "\x7f"):
            if token == "\r":
                self.x = 0
            elif token == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif token == "\b":
                self.x = max(0, self.x - 1)
            return
        self._print(token)

    def _print(self, text: str) -> None:
        row = self.cells[self.y]
        for char in text:
            wide = unicodedata.east_asian_width(char) in "WF"
            if self.x >= self.width:
                continue  # Textual turns autowrap off (?7l): extra text is clipped
            row[self.x] = char
            self.x += 1
            if wide and self.x < self.width:
                row[self.x] = ""
                self.x += 1

    def _csi(self, params: str, final: str) -> None:
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def arg(i: int, default: int = 1) -> int:
            return numbers[i] if len(numbers) > i and numbers[i] else default

        if final in "Hf":
            self.y = min(arg(0) - 1, self.height - 1)
            self.x = min(arg(1) - 1, self.width - 1)
        elif final == "A":
            self.y = max(0, self.y - arg(0))
        elif final == "B":
            self.y = min(self.height - 1, self.y + arg(0))
        elif final == "C":
            self.x = min(self.width - 1, self.x + arg(0))
        elif final == "D":
            self.x = max(0, self.x - arg(0))
        elif final == "G":
            self.x = min(arg(0) - 1, self.width - 1)
        elif final == "d":
            self.y = min(arg(0) - 1, self.height - 1)
        elif final == "K":
            mode, row = arg(0, 0), self.cells[self.y]
            start, end = {0: (self.x, self.width), 1: (0, self.x + 1)}.get(mode, (0, self.width))
            row[start:end] = [" "] * (end - start)
        elif final == "J":
            mode = arg(0, 0)
            if mode in (2, 3):
                self.cells = [[" "] * self.width for _ in range(self.height)]
            elif mode == 0:
                self.cells[self.y][self.x :] = [" "] * (self.width - self.x)
                for row in self.cells[self.y + 1 :]:
                    row[:] = [" "] * self.width

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.lines())


# --- Reading Textual's 3x3 `Digits` back from the screen ------------------------------


def _glyph_table(rows: list[str]) -> dict[str, tuple[str, str, str]]:
    return {
        char: (
            rows[i * 3].ljust(3),
            rows[i * 3 + 1].ljust(3),
            rows[i * 3 + 2].ljust(3),
        )
        for i, char in enumerate(DIGITS)
        if char != " "
    }


_GLYPHS = [_glyph_table(DIGITS3X3), _glyph_table(DIGITS3X3_BOLD)]
_NUMERAL_BLOCKS = {glyph for table in _GLYPHS for c, glyph in table.items() if c in "0123456789:"}


def _block(lines: list[str], row: int, col: int) -> tuple[str, str, str] | None:
    if col < 0 or col + 3 > len(lines[row]):
        return None
    return (lines[row][col : col + 3], lines[row + 1][col : col + 3], lines[row + 2][col : col + 3])


def countdown_texts(seconds: int) -> list[str]:
    """The ways a countdown of `seconds` may be written: 45, 0:45, 00:45."""
    minutes, rest = divmod(seconds, 60)
    return [str(seconds), f"{minutes}:{rest:02d}", f"{minutes:02d}:{rest:02d}"]


def shows_digits(lines: list[str], text: str) -> bool:
    """Whether `text` is drawn with `Digits` glyphs as a whole number, not part of one."""
    for table in _GLYPHS:
        rows = ["".join(table[c][r] for c in text) for r in range(3)]
        for top in range(len(lines) - 2):
            col = lines[top].find(rows[0])
            while col >= 0:
                if (
                    lines[top + 1][col : col + len(rows[1])] == rows[1]
                    and lines[top + 2][col : col + len(rows[2])] == rows[2]
                    and _block(lines, top, col - 3) not in _NUMERAL_BLOCKS
                    and _block(lines, top, col + len(rows[0])) not in _NUMERAL_BLOCKS
                ):
                    return True
                col = lines[top].find(rows[0], col + 1)
    return False


def shows_caption(lines: list[str], seconds: int) -> bool:
    """backtimer's countdown in words, the last row of its widget: "18 s left",
    "1:05 left". The block figures above it are written first in the same frame,
    so the frame is complete on screen when its caption is."""
    minutes, rest = divmod(seconds, 60)
    wanted = f" {seconds} s left" if seconds < 60 else f" {minutes}:{rest:02d} left"
    return any(line.rstrip().endswith(wanted) or f"{wanted} " in line for line in lines)


def shows_countdown(lines: list[str], seconds: int) -> bool:
    """Textual's `Digits` (the floor), or backtimer's block figures by their caption."""
    if shows_caption(lines, seconds):
        return True
    return any(shows_digits(lines, text) for text in countdown_texts(seconds))


# --- Running a program under the pty --------------------------------------------------


@dataclass
class Recording:
    """Everything one run left behind, stamped with the monotonic clock."""

    spawned: float
    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    trace: list[dict[str, object]] = field(default_factory=list)
    cpu: list[tuple[float, float]] = field(default_factory=list)  # (when, cpu seconds)
    # The program's CPU seconds at each read (one per chunk): what a frame cost it,
    # steadier than the wall clock on a machine shared with others.
    chunk_cpu: list[float | None] = field(default_factory=list)
    keys: list[float] = field(default_factory=list)  # when a space was written
    vm_hwm_kb: int | None = None
    note: str = ""

    def replay(self) -> Iterator[tuple[float, list[str]]]:
        """The screen after each read, in order."""
        screen = Screen()
        for when, data in self.chunks:
            screen.feed(data)
            yield when, screen.lines()


class Control:
    """What a scenario may do to the running program."""

    def __init__(self, fd: int, pid: int, recording: Recording) -> None:
        self._fd, self.pid, self._recording = fd, pid, recording
        self.stopped = False

    def press_space(self) -> None:
        os.write(self._fd, b" ")
        self._recording.keys.append(time.monotonic())

    def sample_cpu(self) -> None:
        self._recording.cpu.append((time.monotonic(), cpu_seconds(self.pid)))

    def stop(self, note: str = "") -> None:
        self._recording.vm_hwm_kb = vm_hwm_kb(self.pid)
        self._recording.note = note
        self.stopped = True


# A scenario looks at the clock and the trace so far, acts, and says when to look again.
Scenario = Callable[[float, list[dict[str, object]], Control], float]


def cpu_seconds(pid: int) -> float:
    """The process's CPU time, all its threads, to the nanosecond where possible.

    Linux gives every process a CPU-time clock, which clock_getcpuclockid(3)
    names ((~pid << 3) | 2); /proc/PID/stat counts only in 10 ms ticks, too
    coarse to tell 0.40 % of a core from 0.45 % over 20 s.
    """
    try:
        return time.clock_gettime(((~pid) << 3) | 2)
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # after the command name: state is field 3, utime 14 and stime 15 (1-based)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_or_none(pid: int) -> float | None:
    try:
        return cpu_seconds(pid)
    except (OSError, IndexError, ValueError):
        return None


def vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _read_trace(path: Path, offset: int, into: list[dict[str, object]]) -> int:
    import json

    try:
        with path.open("rb") as stream:
            stream.seek(offset)
            data = stream.read()
    except FileNotFoundError:
        return offset
    end = data.rfind(b"\n") + 1
    for line in data[:end].splitlines():
        if line.strip():
            into.append(json.loads(line))
    return offset + end


def run(
    argv: list[str], env: dict[str, str], trace_path: Path, scenario: Scenario, timeout: float
) -> Recording:
    """Run `argv` on a fresh pty until the scenario stops it (or `timeout` s pass)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))

    def controlling_tty() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    recording = Recording(spawned=time.monotonic())
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=controlling_tty,
        close_fds=True,
    )
    os.close(slave)
    control = Control(master, process.pid, recording)
    chunks = recording.chunks
    offset, wake = 0, recording.spawned
    deadline = recording.spawned + timeout
    try:
        while not control.stopped:
            now = time.monotonic()
            if now >= deadline:
                control.stop("timed out")
                break
            ready, _, _ = select.select([master], [], [], max(0.0, min(wake, deadline) - now))
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    data = b""
                stamp = time.monotonic()
                if not data:
                    control.stop(f"exited with {process.wait()}")
                    break
                chunks.append((stamp, data))
                recording.chunk_cpu.append(_cpu_or_none(process.pid))
            now = time.monotonic()
            if now >= wake:
                offset = _read_trace(trace_path, offset, recording.trace)
                wake = scenario(now, recording.trace, control)
    finally:
        _end(process, master)
        _read_trace(trace_path, offset, recording.trace)
    return recording


def _end(process: subprocess.Popen[bytes], master: int) -> None:
    """Stop the program we started (its own process group) and close our side."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=3)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    os.close(master)


@functools.cache
def _compile_once() -> None:
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "backtimer"), quiet=1)


def program_env(tmp: Path, trace: Path) -> dict[str, str]:
    """The environment a measured program runs in: its own data folders under `tmp`,
    a plain xterm, its timing trace in `trace`, and bytecode compiled once and kept,
    as an installed wheel has it (PYTHONDONTWRITEBYTECODE would recompile every
    module at every start)."""
    _compile_once()
    drop = {"PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES", "NO_COLOR", "COLORTERM"}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TEXTUAL", "BACKTIMER_")) and k not in drop
    }
    env.update(
        TERM="xterm-256color",
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        BACKTIMER_TRACE=str(trace),
    )
    return env
