"""What is wrong with a routine file, precisely enough to fix it in an editor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backtimer.errors import UserError


@dataclass(frozen=True)
class Problem:
    """One mistake in a routine file.

    `line` and `column` are 1-based and point at the offending key or value;
    `path` is the key path (`steps[2].hold`, steps counted from 0) for tools;
    `suggestion` is the key a misspelt one probably meant, already in `message`.
    A problem with a whole file (a config.toml that is a FIFO) has line 0 and is
    said without a position. backtimer.config_file reports with it too.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ProblemsError(UserError):
    """A file that cannot be used, with every problem in it, top to bottom, one per
    line: what a routine file and config.toml both say (RoutineError, ConfigError)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sort_problems(problems)
        if not self.problems:
            raise ValueError(f"a {type(self).__name__} needs at least one problem")
        super().__init__("\n".join(str(problem) for problem in self.problems))


class RoutineError(ProblemsError):
    """A routine file that cannot be used; carries every problem, not just the first."""

    @property
    def file(self) -> str:
        return self.problems[0].file


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Top to bottom, as a person reads the file (stable for equal positions)."""
    return sorted(problems, key=lambda problem: (problem.file, problem.line, problem.column))
