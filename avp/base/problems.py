"""One problem type for whatever is wrong in a file, and the errors commands report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from avp.base import rules
from avp.base.rules import Level as Level


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a file. ``line`` and ``column`` are 1-based; 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0
    level: Level = field(default="error", compare=False)
    message: str = field(default="", compare=True)
    rule: rules.RuleId = field(default=rules.SCHEMA, compare=False)
    yaml_path: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.rule not in rules.RULES:
            raise rules.unregistered(self.rule)

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def text(self) -> str:
        where = f"{self.yaml_path}: " if self.yaml_path else ""
        return f"{where}{self.message}"


class AvpError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code = 1

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class DataError(AvpError):
    """A file holds invalid data; ``problems`` says where."""

    exit_code = 1


class NotFoundError(AvpError):
    """A measure, field, theme, partner or term that does not exist."""

    exit_code = 1


class UsageError(AvpError):
    """Bad command-line input or an unreadable file (exit 2)."""

    exit_code = 2


def _order(problem: Problem) -> tuple[str, int, int, str]:
    return problem.path, problem.line, problem.column, problem.message


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Without duplicates, by file, line, column and message (Problem's own order, by a
    key: a million problems sort in a second instead of half a minute)."""
    return sorted(set(problems), key=_order)
