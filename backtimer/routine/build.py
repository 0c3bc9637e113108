"""The routine model built from positioned YAML nodes, rule by rule of the format.

Every rule of docs/routines.md lives here: which keys make which kind of step,
defaults, ranges, notations. Problems are noted, never raised, so a file's
mistakes are all reported at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backtimer.routine.compose import MAX_ITEMS
from backtimer.routine.model import (
    BreathKind,
    BreathPhase,
    Progression,
    Routine,
    Side,
    Step,
    StepKind,
)
from backtimer.routine.problems import Problem
from backtimer.routine.schedule import ScheduleReader
from backtimer.routine.values import Entry, Reader, describe, key_path
from backtimer.time_text import format_duration

MAX_STEPS = MAX_ITEMS  # enforced while composing, before the rest of the file is read
MAX_BREATH_PHASES = 20
TWO_HOURS = 2 * 3600.0
NAME_LIMIT = 200
TEXT_LIMIT = 2000

ROUTINE_KEYS = ("name", "description", "rest", "ready", "switch", "sound", "schedule", "steps")
SOUND_KEYS = ("ticks", "volume", "halfway", "speech")
COMMON_KEYS = ("name", "cue", "sides", "sets", "rest", "ready")
KIND_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.HOLD: ("hold", "reps", "relax"),
    StepKind.REPS: ("reps", "tempo"),
    StepKind.BREATHE: ("breathe", "cycles", "duration"),
    StepKind.INTERVALS: ("work", "rounds", "cadence"),
}
STEP_KEYS = tuple(dict.fromkeys(COMMON_KEYS + sum(KIND_KEYS.values(), ())))
BREATH_KEYS = tuple(kind.value for kind in BreathKind)
PROGRESSION_KEYS = ("start", "goal", "step", "back_off")
# Where a key that is wrong for its step belongs, for the message.
_HOME = {
    "hold": "a hold step",
    "relax": "a hold step (with hold)",
    "tempo": "a reps step (reps without hold)",
    "breathe": "a breathe step",
    "cycles": "a breathe step (with breathe)",
    "duration": "a breathe step (with breathe)",
    "work": "an intervals step",
    "rounds": "an intervals step (with work)",
    "cadence": "an intervals step (with work)",
    "reps": "a hold or reps step",
}
_SIDES: dict[str, tuple[Side, ...]] = {
    "both": ("left", "right"),
    "left": ("left",),
    "right": ("right",),
}


@dataclass
class _Defaults:
    rest: float = 15.0
    ready: float = 5.0


class Builder:
    """Walks the known shape of a routine; never descends into what it does not know,
    so shared (aliased) nodes are visited at most a bounded number of times."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader

    def routine(self, root: Node | None) -> Routine | None:
        r = self.r
        if root is None:
            r.problems.append(
                Problem(r.file, 1, 1, "", "the file is empty; a routine needs a name and steps")
            )
            return None
        top = r.mapping(root, "", "a routine", "a mapping with name: and steps:")
        if top is None:
            return None
        entries = r.check_keys(r.entries(top, ""), ROUTINE_KEYS, "")
        found = {entry.key: entry for entry in entries}
        name = self._required_text(found, top, "", "name", NAME_LIMIT, "a routine needs a name")
        description = self._text(found, "", "description", TEXT_LIMIT)
        defaults = _Defaults()
        rest = self._duration(found, "", "rest", 0.0)
        ready = self._duration(found, "", "ready", 0.0)
        switch = self._duration(found, "", "switch", 0.0)
        defaults.rest = 15.0 if rest is None else rest
        defaults.ready = 5.0 if ready is None else ready
        sound = self._sound(found.get("sound"))
        schedule_ok, schedule = ScheduleReader(r).schedule(found.get("schedule"))
        steps = self._steps(found.get("steps"), top, defaults)
        if name is None or steps is None or not schedule_ok:
            return None
        return Routine(
            name=name,
            steps=steps,
            description=description,
            rest=defaults.rest,
            ready=defaults.ready,
            switch=5.0 if switch is None else switch,
            sound=sound,
            schedule=schedule,
        )

    # -- routine level -----------------------------------------------------------------

    def _sound(self, entry: Entry | None) -> dict[str, object]:
        if entry is None:
            return {}
        r = self.r
        node = r.mapping(entry.value, "sound", "sound", "a mapping like {ticks: true, volume: 80}")
        if node is None:
            return {}
        sound: dict[str, object] = {}
        for item in r.check_keys(r.entries(node, "sound"), SOUND_KEYS, "sound"):
            path = f"sound.{item.key}"
            value: object
            if item.key == "volume":
                value = r.whole(item.value, path, "volume", 0, 100)
            else:
                value = r.boolean(item.value, path, item.key)
            if value is not None:
                sound[item.key] = value
        return sound

    def _steps(
        self, entry: Entry | None, top: MappingNode, defaults: _Defaults
    ) -> tuple[Step, ...] | None:
        r = self.r
        if entry is None:
            if not r.guessed("", "steps"):
                r.report(top, "steps", "a routine needs steps: a list of exercises")
            return None
        if not r.usable(entry.value, "steps", "steps"):
            return None
        node = entry.value
        if not isinstance(node, SequenceNode):
            message = f"steps must be a list (each step starting with '- '), got {describe(node)}"
            r.report(node, "steps", message)
            return None
        if not node.value:
            r.report(node, "steps", "steps must list at least one exercise")
            return None
        steps = [
            self._step(item, f"steps[{index}]", defaults) for index, item in enumerate(node.value)
        ]
        if any(step is None for step in steps):
            return None
        return tuple(step for step in steps if step is not None)

    # -- one step ----------------------------------------------------------------------

    def _step(self, node: Node, path: str, defaults: _Defaults) -> Step | None:
        r = self.r
        mapping = r.mapping(node, path, "a step", "a mapping like {name: Plank, hold: 20s}")
        if mapping is None:
            return None
        entries = r.check_keys(r.entries(mapping, path), STEP_KEYS, path)
        found = {entry.key: entry for entry in entries}
        kind = self._kind(found, mapping, path, entries)
        name = self._required_text(found, mapping, path, "name", NAME_LIMIT, "a step needs a name")
        if kind is None:
            return None
        allowed = COMMON_KEYS + KIND_KEYS[kind]
        for entry in entries:
            if entry.key not in allowed:
                r.report(entry.key_node, f"{path}.{entry.key}", _misplaced(entry.key, kind))
        fields = StepFields(self, found, path)
        cue = self._text(found, path, "cue", TEXT_LIMIT)
        sides = self._sides(found.get("sides"), path)
        sets = fields.whole("sets", 1, 100, default=1)
        rest = fields.duration("rest", 0.0, default=defaults.rest)
        ready = fields.duration("ready", 0.0, default=defaults.ready)
        work = self._work(kind, found, fields, path)
        if None in (name, sides, sets, rest, ready, work) or fields.failed:
            return None
        assert name is not None and sides is not None and work is not None
        return Step(
            name=name,
            kind=kind,
            cue=cue,
            sides=sides,
            sets=int(sets or 1),
            rest=float(rest or 0.0),
            ready=float(ready or 0.0),
            line=mapping.start_mark.line + 1,
            **work,
        )

    def _kind(
        self, found: dict[str, Entry], mapping: MappingNode, path: str, entries: list[Entry]
    ) -> StepKind | None:
        r = self.r
        markers = [entry for entry in entries if entry.key in ("hold", "breathe", "work")]
        if len(markers) > 1:
            first, second = markers[0], markers[1]
            message = f"a step has one kind, but this one has both '{first.key}' and '{second.key}'"
            r.report(second.key_node, f"{path}.{second.key}", message)
            return None
        if markers:
            return {
                "hold": StepKind.HOLD,
                "breathe": StepKind.BREATHE,
                "work": StepKind.INTERVALS,
            }[markers[0].key]
        if "reps" in found:
            return StepKind.REPS
        if not r.guessed(path, "hold", "reps", "breathe", "work"):
            message = "a step needs one of hold, reps, breathe or work to say what to do"
            r.report(mapping, path, message)
        return None

    def _work(
        self, kind: StepKind, found: dict[str, Entry], fields: StepFields, path: str
    ) -> dict[str, Any] | None:
        if kind is StepKind.HOLD:
            hold = fields.duration("hold", 1.0)
            reps, progression = self._reps(found.get("reps"), path, default=1)
            relax = fields.duration("relax", 0.0, default=3.0)
            if hold is None or reps is None or relax is None:
                return None
            return {"hold": hold, "reps": reps, "progression": progression, "relax": relax}
        if kind is StepKind.REPS:
            reps, progression = self._reps(found.get("reps"), path, default=None)
            tempo = fields.duration("tempo", 1.0, default=None)
            if reps is None or fields.failed:
                return None
            return {"reps": reps, "progression": progression, "tempo": tempo}
        if kind is StepKind.BREATHE:
            return self._breathe(found, fields, path)
        work = fields.duration("work", 1.0)
        rounds = fields.whole("rounds", 1, 1000, default=1)
        cadence = fields.whole("cadence", 20, 300, default=None)
        if work is None or rounds is None or fields.failed:
            return None
        return {"work": work, "rounds": rounds, "cadence": cadence}

    def _reps(
        self, entry: Entry | None, path: str, default: int | None
    ) -> tuple[int | None, Progression | None]:
        if entry is None:
            return default, None
        r = self.r
        where = f"{path}.reps"
        if isinstance(entry.value, MappingNode) and id(entry.value) not in r.skip:
            progression = self._progression(entry.value, where)
            return (progression.start if progression else None), progression
        alternative = " or a progression like {start: 5, goal: 30, step: 1}"
        return r.whole(entry.value, where, "reps", 1, 1000, alternative), None

    def _progression(self, node: MappingNode, path: str) -> Progression | None:
        r = self.r
        found = {e.key: e for e in r.check_keys(r.entries(node, path), PROGRESSION_KEYS, path)}
        values: dict[str, int | None] = {}
        for key, high in (("start", 1000), ("goal", 1000), ("step", 100)):
            entry = found.get(key)
            if entry is None:
                values[key] = 1 if key == "step" else None
                if key != "step" and not r.guessed(path, key):
                    r.report(node, f"{path}.{key}", f"a progression needs {key}: (1 to 1000)")
                continue
            values[key] = r.whole(entry.value, f"{path}.{key}", key, 1, high)
        back_off: int | None = 0
        if "back_off" in found:
            back_off = r.whole(found["back_off"].value, f"{path}.back_off", "back_off", 0, 1000)
        start, goal, step = values["start"], values["goal"], values["step"]
        if start is None or goal is None or step is None or back_off is None:
            return None
        if goal < start:
            message = f"goal must be at least start ({start}), got {goal}"
            r.report(found["goal"].value, f"{path}.goal", message)
            return None
        return Progression(start=start, goal=goal, step=step, back_off=back_off)

    def _breathe(
        self, found: dict[str, Entry], fields: StepFields, path: str
    ) -> dict[str, Any] | None:
        r = self.r
        entry = found["breathe"]
        phases = self._breath_phases(entry.value, f"{path}.breathe")
        cycles_entry, duration_entry = found.get("cycles"), found.get("duration")
        if cycles_entry and duration_entry:
            later = max(cycles_entry, duration_entry, key=lambda e: _position(e.key_node))
            message = "give either cycles or duration for a breathe step, not both"
            r.report(later.key_node, f"{path}.{later.key}", message)
            return None
        if not cycles_entry and not duration_entry:
            message = "a breathe step needs cycles: (how many breaths) or duration: (how long)"
            r.report(entry.key_node, f"{path}.breathe", message)
            return None
        cycles = fields.whole("cycles", 1, 1000, default=None)
        duration = fields.duration("duration", 1.0, default=None)
        if phases is None or fields.failed:
            return None
        if duration is not None:
            cycle = sum(phase.seconds for phase in phases)
            cycles = max(1, math.floor(duration / cycle + 0.5))
            if cycles > 1000:
                assert duration_entry is not None
                message = (
                    f"duration {format_duration(duration)} makes {cycles} breaths "
                    "of this pattern; at most 1000"
                )
                r.report(duration_entry.value, f"{path}.duration", message)
                return None
        return {"breath": phases, "cycles": cycles, "duration": duration}

    def _breath_phases(self, node: Node, path: str) -> tuple[BreathPhase, ...] | None:
        r = self.r
        if not r.usable(node, path, "breathe"):
            return None
        if isinstance(node, MappingNode):
            every = r.entries(node, path)
            entries = r.check_keys(every, BREATH_KEYS, path, also=("label",))
            for entry in every:
                if entry.key == "label":
                    message = (
                        "a label goes with one phase in the list form: - {inhale: 3, label: belly}"
                    )
                    r.report(entry.key_node, f"{path}.label", message)
            if not every:
                r.report(node, path, "breathe needs at least one phase: inhale, hold or exhale")
                return None
            phases = [self._breath_phase(entry, path, None) for entry in entries]
        elif isinstance(node, SequenceNode):
            if not node.value:
                r.report(node, path, "breathe needs at least one phase: inhale, hold or exhale")
                return None
            phases = [
                self._listed_phase(item, f"{path}[{index}]")
                for index, item in enumerate(node.value)
            ]
        else:
            message = (
                "breathe must be phases like {inhale: 4, hold: 2, exhale: 6} or a list of them,"
                f" got {describe(node)}"
            )
            r.report(node, path, message)
            return None
        if len(phases) > MAX_BREATH_PHASES:
            message = f"too many breathing phases ({len(phases)}); at most {MAX_BREATH_PHASES}"
            r.report(node, path, message)
            return None
        if not phases or any(phase is None for phase in phases):
            return None
        return tuple(phase for phase in phases if phase is not None)

    def _listed_phase(self, node: Node, path: str) -> BreathPhase | None:
        r = self.r
        mapping = r.mapping(
            node, path, "a breathing phase", "a mapping like {inhale: 3, label: belly}"
        )
        if mapping is None:
            return None
        entries = r.check_keys(r.entries(mapping, path), (*BREATH_KEYS, "label"), path)
        label_entry = next((entry for entry in entries if entry.key == "label"), None)
        kinds = [entry for entry in entries if entry.key != "label"]
        label = (
            r.text(label_entry.value, f"{path}.label", "label", NAME_LIMIT) if label_entry else None
        )
        if not kinds:
            if not r.guessed(path, *BREATH_KEYS):
                message = "each breathing phase needs one of inhale, hold or exhale"
                r.report(mapping, path, message)
            return None
        if len(kinds) > 1:
            extra = kinds[1]
            message = (
                f"one phase per list item; put '{extra.key}' in its own '- {{{extra.key}: ...}}'"
            )
            r.report(extra.key_node, f"{path}.{extra.key}", message)
            return None
        if label_entry is not None and label is None:
            return None
        return self._breath_phase(kinds[0], path, label)

    def _breath_phase(self, entry: Entry, path: str, label: str | None) -> BreathPhase | None:
        seconds = self.r.duration(entry.value, f"{path}.{entry.key}", entry.key, 1.0, 60.0)
        if seconds is None:
            return None
        return BreathPhase(kind=BreathKind(entry.key), seconds=seconds, label=label)

    def _sides(self, entry: Entry | None, path: str) -> tuple[Side, ...] | None:
        if entry is None:
            return ()
        r = self.r
        where = f"{path}.sides"
        if not r.usable(entry.value, where, "sides"):
            return None
        node = entry.value
        expected = "sides must be both, left, right or a list like [right, left]"
        if isinstance(node, ScalarNode):
            sides = _SIDES.get(str(node.value).strip().lower())
            if sides is None:
                r.report(node, where, f"{expected}, got {describe(node)}")
            return sides
        if not isinstance(node, SequenceNode) or not node.value:
            got = describe(node) if isinstance(node, MappingNode) or node.value else "an empty list"
            r.report(node, where, f"{expected}, got {got}")
            return None
        listed: list[Side] = []
        for index, item in enumerate(node.value):
            value = str(item.value).strip().lower() if isinstance(item, ScalarNode) else ""
            if value in ("left", "right"):
                side = _SIDES[value][0]
                if side in listed:
                    r.report(item, f"{where}[{index}]", f"'{side}' is listed twice in sides")
                    return None
                listed.append(side)
                continue
            r.report(item, f"{where}[{index}]", f"each side is left or right, got {describe(item)}")
            return None
        return tuple(listed)

    # -- shared --------------------------------------------------------------------------

    def _required_text(
        self,
        found: dict[str, Entry],
        mapping: MappingNode,
        path: str,
        key: str,
        limit: int,
        missing: str,
    ) -> str | None:
        entry = found.get(key)
        if entry is None:
            if not self.r.guessed(path, key):
                self.r.report(mapping, key_path(path, key), missing)
            return None
        return self.r.text(entry.value, key_path(path, key), key, limit)

    def _text(self, found: dict[str, Entry], path: str, key: str, limit: int) -> str | None:
        entry = found.get(key)
        if entry is None or _is_empty(entry.value):
            return None  # an empty cue or description is as good as none
        return self.r.text(entry.value, key_path(path, key), key, limit)

    def _duration(self, found: dict[str, Entry], path: str, key: str, low: float) -> float | None:
        entry = found.get(key)
        if entry is None:
            return None
        return self.r.duration(entry.value, key_path(path, key), key, low, TWO_HOURS)


class StepFields:
    """Optional numeric keys of one step, with defaults; `failed` once any was bad."""

    def __init__(self, builder: Builder, found: dict[str, Entry], path: str) -> None:
        self.r = builder.r
        self.found = found
        self.path = path
        self.failed = False

    def duration(self, key: str, low: float, default: float | None = None) -> float | None:
        entry = self.found.get(key)
        if entry is None:
            return default
        value = self.r.duration(entry.value, f"{self.path}.{key}", key, low, TWO_HOURS)
        self.failed |= value is None
        return value

    def whole(self, key: str, low: int, high: int, default: int | None = None) -> int | None:
        entry = self.found.get(key)
        if entry is None:
            return default
        value = self.r.whole(entry.value, f"{self.path}.{key}", key, low, high)
        self.failed |= value is None
        return value


def _misplaced(key: str, kind: StepKind) -> str:
    if key == "tempo" and kind is StepKind.HOLD:
        return "tempo does not go with hold; use relax for time between held reps"
    article = "an" if kind is StepKind.INTERVALS else "a"
    return f"'{key}' does not belong in {article} {kind.value} step; it goes in {_HOME[key]}"


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column
