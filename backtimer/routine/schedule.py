"""`schedule:` in a routine file: the prescription, checked like every other key.

Forms (docs/routines.md, "The plan: schedule"):

    schedule: daily                                  # once every day
    schedule: {per_day: 2}                           # twice every day
    schedule: {per_week: 3}                          # any three days of each week
    schedule: {days: [mon, wed, fri], at: "08:00"}   # fixed weekdays, a time of day
    schedule: {per_week: 5, until: 2027-03-31}       # until the review appointment

Values are read from their source text, as everywhere in the loader: `at: 8:30`
is half past eight (YAML 1.1 would make it the number 510), and `until:
2027-03-31` is a date whatever YAML's timestamp rules say.
"""

from __future__ import annotations

import re
from datetime import date

from yaml.nodes import Node, ScalarNode, SequenceNode

from backtimer.routine.values import Entry, Reader, describe, suggest
from backtimer.schedule import EVERY_DAY, MAX_PER_DAY, WEEKDAYS, Schedule

SCHEDULE_KEYS = ("days", "per_week", "per_day", "at", "until")
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})\s*")
_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")
_SHAPE = "daily or a mapping like {per_week: 3} or {days: [mon, wed, fri]}"


class ScheduleReader:
    """Reads one `schedule:` entry; every problem is noted on the reader."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader

    def schedule(self, entry: Entry | None) -> tuple[bool, Schedule | None]:
        """(False, None) when the schedule has a problem (already reported);
        (True, None) when the file has none."""
        if entry is None:
            return True, None
        r = self.r
        node = entry.value
        if not r.usable(node, "schedule", "schedule"):
            return False, None
        if isinstance(node, ScalarNode):
            if str(node.value).strip().lower() in EVERY_DAY:
                return True, Schedule()
            r.report(node, "schedule", f"schedule must be {_SHAPE}, got {describe(node)}")
            return False, None
        mapping = r.mapping(node, "schedule", "schedule", _SHAPE)
        if mapping is None:
            return False, None
        entries = r.entries(mapping, "schedule")
        kept = r.check_keys(entries, SCHEDULE_KEYS, "schedule")
        ok = len(kept) == len(entries)
        found = {item.key: item for item in kept}
        if "days" in found and "per_week" in found:
            later = max(found["days"], found["per_week"], key=_position)
            message = "give either days or per_week in a schedule, not both"
            r.report(later.key_node, f"schedule.{later.key}", message)
            return False, None
        days = per_week = at = until = None
        per_day: int | None = 1
        if "days" in found:
            days = self._days(found["days"].value)
            ok &= days is not None
        if "per_week" in found:
            per_week = r.whole(found["per_week"].value, "schedule.per_week", "per_week", 1, 7)
            ok &= per_week is not None
        if "per_day" in found:
            per_day = r.whole(found["per_day"].value, "schedule.per_day", "per_day", 1, MAX_PER_DAY)
            ok &= per_day is not None
        if "at" in found:
            at = self._time(found["at"].value)
            ok &= at is not None
        if "until" in found:
            until = self._date(found["until"].value)
            ok &= until is not None
        if not ok:
            return False, None
        schedule = Schedule(days=days, per_week=per_week, per_day=per_day or 1, at=at, until=until)
        return True, schedule

    def _days(self, node: Node) -> tuple[int, ...] | None:
        r = self.r
        path = "schedule.days"
        if not r.usable(node, path, "days"):
            return None
        expected = "days must be a list of weekdays like [mon, wed, fri]"
        if isinstance(node, ScalarNode):
            day = self._weekday(node, path)
            return None if day is None else (day,)
        if not isinstance(node, SequenceNode):
            r.report(node, path, f"{expected}, got {describe(node)}")
            return None
        if not node.value:
            r.report(node, path, "days must list at least one weekday, like [mon, wed, fri]")
            return None
        days: list[int] = []
        for index, item in enumerate(node.value):
            where = f"{path}[{index}]"
            day = self._weekday(item, where)
            if day is None:
                return None
            if day in days:
                r.report(item, where, f"{describe(item)} is listed twice in days")
                return None
            days.append(day)
        return tuple(days)

    def _weekday(self, node: Node, path: str) -> int | None:
        r = self.r
        text = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        day = WEEKDAYS.get(text) if isinstance(node, ScalarNode) and node.tag != _NULL else None
        if day is not None:
            return day
        guess = suggest(text, WEEKDAYS) if text else None
        hint = f" (did you mean '{guess}'?)" if guess else ""
        message = f"each day is a weekday like mon or monday, got {describe(node)}{hint}"
        r.report(node, path, message)
        return None

    def _time(self, node: Node) -> tuple[int, int] | None:
        r = self.r
        path = "schedule.at"
        if not r.usable(node, path, "at"):
            return None
        match = _TIME.fullmatch(str(node.value)) if isinstance(node, ScalarNode) else None
        if match is not None:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour <= 23 and minute <= 59:
                return hour, minute
        message = f"at must be a time of day like 08:00 or 18:30 (24-hour), got {describe(node)}"
        r.report(node, path, message)
        return None

    def _date(self, node: Node) -> date | None:
        r = self.r
        path = "schedule.until"
        if not r.usable(node, path, "until"):
            return None
        match = _DATE.fullmatch(str(node.value)) if isinstance(node, ScalarNode) else None
        if match is None:
            message = f"until must be a date like 2027-03-31 (year-month-day), got {describe(node)}"
            r.report(node, path, message)
            return None
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            r.report(node, path, f"until must be a real date, got {describe(node)}")
            return None


_NULL = "tag:yaml.org,2002:null"


def _position(entry: Entry) -> tuple[int, int]:
    mark = entry.key_node.start_mark
    return mark.line, mark.column
