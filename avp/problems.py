"""One problem type for everything avp finds wrong in a file, and the ways to print them.

Modelled on yamllint's ``LintProblem``: 1-based line and column, a level, a message and a
rule name, sortable by position. Reporters live in :data:`REPORTERS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a file. ``line`` and ``column`` are 1-based; 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0
    level: Level = field(default="error", compare=False)
    message: str = field(default="", compare=True)
    rule: str = field(default="schema", compare=False)
    yaml_path: str = field(default="", compare=False)

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


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_text(problems: Sequence[Problem]) -> str:
    lines = [f"{p.location()}: {p.level}: {_one_line(p.text())} ({p.rule})" for p in problems]
    return "".join(line + "\n" for line in lines)


def report_json(problems: Sequence[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def report_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, one annotation per problem."""
    out = []
    for p in problems:
        props = [f"file={_gh_escape(p.path, prop=True)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_gh_escape('avp ' + p.rule, prop=True)}")
        out.append(f"::{p.level} {','.join(props)}::{_gh_escape(p.text())}\n")
    return "".join(out)


REPORTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
