"""`list`, `show`, `validate`, `schema` and `new`: the commands about routine files.

They print plain text for a terminal or a script and never import Textual, so they
start fast and work where there is no screen (a physio checking a file over ssh,
an editor's task runner, CI).
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer import locations, resources
from backtimer.errors import UserError
from backtimer.routine.model import Routine, Step, StepKind
from backtimer.time_text import format_duration

if TYPE_CHECKING:
    from backtimer.history.progression import Standing

HAND_REP_NOTE = "reps counted by hand are estimated at 3s each"


def list_routines(args: argparse.Namespace) -> int:
    from backtimer.engine.timeline import estimate_seconds
    from backtimer.routine.find import available_routines
    from backtimer.routine.load import load_routine
    from backtimer.time_text import estimate_text

    rows: list[tuple[str, str, str, str]] = []
    loaded: list[tuple[Path, str, Routine | None]] = []
    for entry in available_routines():
        path = Path(entry.path)
        try:
            loaded.append((path, entry.source, load_routine(path)))
        except UserError:
            loaded.append((path, entry.source, None))
    levels = _levels([routine for _, _, routine in loaded if routine is not None])
    for path, source, routine in loaded:
        if routine is None:
            rows.append((path.stem, str(path), source, "invalid (see validate)"))
            continue
        length = estimate_text(estimate_seconds(routine, levels.get(routine.name)))
        rows.append((routine.name, str(path), source, length))
    if rows:
        print(_columns([("NAME", "FILE", "SOURCE", "LENGTH"), *rows]))
        print()
    else:
        print("No routines found.")
    print(f"Your routines folder: {locations.user_routines_dir()} (backtimer new NAME)")
    return 0


def _levels(routines: Sequence[Routine]) -> dict[str, dict[int, int]]:
    """Today's reps of each routine with a progression, from the history (read
    once for all), so a length is the one its session will start with."""
    progressing = [r for r in routines if any(step.progression for step in r.steps)]
    if not progressing:
        return {}
    from backtimer.history import progression

    store = progression.recorded_store()
    if store is None:
        return {}
    try:
        with store:
            return {r.name: progression.levels(store, r) for r in progressing}
    except UserError:
        return {}


def show(args: argparse.Namespace) -> int:
    from backtimer.routine.find import find_routine
    from backtimer.routine.load import load_routine

    path = find_routine(args.routine)
    routine = load_routine(path)
    print(render_plan(routine, str(path), _standings(routine)))
    return 0


def _standings(routine: Routine) -> dict[int, Standing] | None:
    """Where each progression stands in the history, and why, as the session will
    use it; None (start values) when there is no history yet, so that a reading
    command creates no database, or when it cannot be read."""
    if not any(step.progression for step in routine.steps):
        return None
    from backtimer.history import progression

    store = progression.recorded_store()
    if store is None:
        return None
    try:
        with store:
            return progression.standings(store, routine)
    except UserError:
        return None


def render_plan(
    routine: Routine, file: str, standings: Mapping[int, Standing] | None = None
) -> str:
    """The plan as text; `standings` gives progression steps their current level
    and why it stands there (from the history), otherwise they start at `start`."""
    from backtimer.engine.timeline import estimate_seconds, step_estimate, step_reps
    from backtimer.time_text import estimate_text

    standings = standings or {}
    reps = {index: standing.level for index, standing in standings.items()} or None

    lines = [routine.name, f"File: {file}"]
    if routine.description:
        lines.append("")
        lines.extend(_wrap(routine.description.strip(), 88))
    lines.append("")
    lines.append(
        f"Rest between steps {format_duration(routine.rest)}, get ready "
        f"{format_duration(routine.ready)}, switch sides {format_duration(routine.switch)}."
    )
    if routine.schedule is not None:
        lines.append(f"Schedule: {routine.schedule.describe()}.")
    lines.append("")
    rows: list[tuple[str, ...]] = []
    details: list[list[str]] = []
    for index, step in enumerate(routine.steps):
        seconds = step_estimate(routine, index, reps)
        rows.append((f"{index + 1}.", step.name, step.kind.value, format_duration(seconds)))
        details.append(
            _step_details(step, step_reps(step, index, reps), routine.ready, standings.get(index))
        )
    indent = " " * (len(str(len(routine.steps))) + 3)
    for line, more in zip(_aligned(rows), details, strict=True):
        lines.append(line)
        lines.extend(indent + detail for detail in more)
    total = estimate_seconds(routine, reps)
    hand = any(step.counted_by_hand for step in routine.steps)
    note = f" ({HAND_REP_NOTE})" if hand else ""
    lines.append("")
    lines.append(f"Total: {format_duration(round(total))}, {estimate_text(total)}{note}.")
    lines.append("Each step's time includes the rest and the get-ready countdown before it.")
    return "\n".join(lines)


def _step_details(
    step: Step, current_reps: int, usual_ready: float, standing: Standing | None = None
) -> list[str]:
    details = [_work_text(step, current_reps)]
    shape: list[str] = []
    if step.ready != usual_ready:
        shape.append(f"get ready {format_duration(step.ready)}")
    if step.sets > 1:
        rest = f"rest {format_duration(step.rest)}" if step.rest else "no rest"
        shape.append(f"{step.sets} sets, {rest} between sets")
    if step.sides:
        shape.append("sides: " + ", then ".join(step.sides))
    if shape:
        details.append("; ".join(shape))
    if step.progression is not None:
        p = step.progression
        rule = f"progression: from {p.start} to {p.goal}, +{p.step} after a session"
        rule += " done in full without a pain rise, at most once a day"
        if p.back_off:
            rule += f"; {p.back_off} fewer after a pain stop or rise"
        details.append(rule)
        if standing is not None and standing.last is not None:
            details.append(f"now: {standing.text()}")
        else:
            details.append(f"now: level {current_reps} of {p.goal} (the start)")
    if step.cue:
        details.extend(_wrap(step.cue, 80))
    return details


def _work_text(step: Step, current_reps: int) -> str:
    per_side = " per side" if len(step.sides) > 1 else ""
    count = _reps_text(step, current_reps)
    if step.kind is StepKind.HOLD:
        hold = format_duration(step.hold or 0.0)
        if current_reps == 1 and step.progression is None:
            return f"hold {hold}{per_side}"
        relax = f", relax {format_duration(step.relax)} between" if step.relax else ""
        return f"{count} holds of {hold}{per_side}{relax}"
    if step.kind is StepKind.REPS:
        if step.tempo is None:
            return f"{count} reps{per_side}, counted by hand (enter after each)"
        return f"{count} reps{per_side}, tempo {format_duration(step.tempo)} per rep"
    if step.kind is StepKind.BREATHE:
        pattern = ", ".join(
            f"{phase.kind.value} {format_duration(phase.seconds)}"
            + (f" ({phase.label})" if phase.label else "")
            for phase in step.breath
        )
        cycles = step.cycles or 1
        return f"breathe: {pattern}; {cycles} {_plural(cycles, 'cycle')}"
    rounds = step.rounds or 1
    text = f"{rounds} {_plural(rounds, 'round')} of {format_duration(step.work or 0.0)} work"
    if rounds > 1:
        text += f", rest {format_duration(step.rest)} between rounds"
    if step.cadence:
        text += f", metronome {step.cadence} beats per minute"
    return text


def _reps_text(step: Step, current_reps: int) -> str:
    if step.progression is None:
        return str(current_reps)
    return f"{current_reps} of {step.progression.goal}"


def validate(args: argparse.Namespace) -> int:
    """Files, or the names `list` shows (any case), each checked in turn."""
    from backtimer.routine.find import lookup, shell_word
    from backtimer.routine.load import check_file

    failed = False
    for given in args.files:
        file = given
        suggestion = None
        if not Path(given).exists():
            found, suggestion = lookup(given)
            file = str(found) if found is not None else given
        problems = check_file(file)
        if suggestion and problems:
            where = problems[0]
            problems = [
                replace(where, message=f"{where.message}; did you mean {shell_word(suggestion)}?")
            ]
        if problems:
            failed = True
            for problem in problems:
                print(problem)
        else:
            print(f"{file}: ok")
    return 1 if failed else 0


def schema_text() -> str:
    from importlib import resources as package_files  # only `schema` needs it

    return package_files.files("backtimer.routine").joinpath("schema.json").read_text("utf-8")


def schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0


_SAFE_NAME = re.compile(r"[^\W_][\w .-]{0,99}")


def new(args: argparse.Namespace) -> int:
    stem = args.name[:-5] if args.name.lower().endswith(".yaml") else args.name
    if not _SAFE_NAME.fullmatch(stem) or stem.endswith("."):
        raise UserError(
            f"'{args.name}' cannot be a routine file name; use letters, digits, "
            "spaces, '-', '_' or '.', starting with a letter or digit"
        )
    folder = locations.user_routines_dir()
    target = folder / f"{stem}.yaml"
    other = folder / f"{stem}.yml"
    if other.exists():
        raise UserError(f"{other} already exists; choose another name or edit it")
    from backtimer.private_files import usual_mode, write_private

    text = starter_routine(_title(stem))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Whole or not at all, never over an existing file; a routine is not health
        # data (a physio may share it), so it has the mode the umask gives.
        write_private(target, text, mode=usual_mode(), replace=False)
    except FileExistsError:
        raise UserError(f"{target} already exists; choose another name or edit it") from None
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from None
    program = _program()
    print(f"Wrote {target}")
    print(f"Edit it, then check it:  {program} validate {shlex.quote(str(target))}")
    print(f"and run it:              {program} start {shlex.quote(stem)}")
    if (resources.bundled_routines_dir() / target.name).exists():
        print(f"It is found before the bundled routine of the same name, {target.name}.")
    return 0


def _title(stem: str) -> str:
    words = re.sub(r"[_-]+", " ", stem).strip()
    return words[:1].upper() + words[1:]


def _program() -> str:
    """How to type this program so that the printed commands work as typed:
    `backtimer` when that name runs it, else the path it was started by (a
    checkout's .venv/bin/backtimer before the launcher is on PATH)."""
    import os
    import shutil

    here = sys.argv[0] if sys.argv and Path(sys.argv[0]).name == "backtimer" else None
    if here is None or os.sep not in here:  # not this program, or found on PATH
        return "backtimer"
    on_path = shutil.which("backtimer")
    try:
        if on_path is not None and os.path.samefile(on_path, here):
            return "backtimer"
    except OSError:
        return "backtimer"
    return shlex.quote(str(Path(here).absolute()))


def starter_routine(title: str) -> str:
    """A small routine that runs as it is and shows each kind of step, with comments
    that teach the format; the full reference is docs/routines.md."""
    name = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _STARTER.replace("NAME_HERE", name)


_STARTER = """\
# A backtimer routine. Edit it in any text editor, then check it with
#   backtimer validate THIS_FILE
# The full format, with an example of every kind of step, is docs/routines.md in
# backtimer's source; `backtimer schema` gives editors the same rules.
# Durations: 45, 45s, 1m30s, 2 min or 1:30. A rest may be 0.

name: NAME_HERE
description: >-
  What this routine is for, and how long it takes. About 5 minutes.
  Move slowly and steadily; stop if something hurts.
rest: 15s      # rest between steps (and between sets, unless a step says otherwise)
ready: 5s      # "get ready" countdown before each step
switch: 5s     # pause to change sides
# How often it is prescribed (uncomment): `backtimer status` and the home screen then
# say what is due, and `backtimer remind` can nudge you. Also: daily, {per_day: 2},
# {days: [mon, wed, fri], at: "08:00"}, and until: 2027-03-31 for the last day.
# schedule: {per_week: 3}

steps:
  # Breathing: phases in seconds, for a number of cycles (or `duration: 1m`).
  - name: Belly breathing
    cue: Breathe in through the nose into the belly, out slowly through the mouth.
    breathe: {inhale: 4, exhale: 6}
    cycles: 3

  # A hold: `hold` seconds, `reps` holds per side, `relax` between holds.
  - name: Knee to chest
    cue: On your back. Draw one knee gently to your chest. Breathe.
    sides: both          # left, then right; or left, right, or [right, left]
    hold: 20s
    reps: 2
    relax: 5s

  # Repetitions at a tempo: counted for you, one every `tempo` seconds.
  - name: Pelvic tilts
    cue: On your back, knees bent. Flatten the lower back, then relax. Slow and steady.
    reps: 10
    tempo: 4s

  # Without `tempo`, you press enter after each repetition.
  # `reps: {start: 5, goal: 20, step: 1}` grows by one after a session in which
  # every rep was done without a pain rise, at most once a day.
  - name: Partial crunches
    cue: Lift only the shoulders, breathing out; lower slowly.
    reps: 8
    sets: 2
    rest: 20s

  # Intervals: `work` for `rounds`, with `rest` between, and an optional metronome.
  # - name: March on the spot
  #   work: 30s
  #   rounds: 3
  #   rest: 15s
  #   cadence: 100
"""


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _columns(rows: Sequence[tuple[str, ...]]) -> str:
    return "\n".join(_aligned(rows))


def _aligned(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows as lines with every column starting at the same place."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width) or [""]
