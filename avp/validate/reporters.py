"""Problem reporters: text (FILE:LINE:COL), json and GitHub annotations, in a registry."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import fields

from avp.base.problems import Problem

#: How many problems a listing shows unless ``--all`` asks for every one: a broken file
#: can have a million, and nobody reads past the first screens.
SHOWN = 100


def more_line(hidden: int, how: str = "use --all to see them") -> str:
    """The line after a capped listing: ``... and 999900 more (use --all to see them)``."""
    return f"... and {hidden} more ({how})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_text(problems: Sequence[Problem]) -> str:
    lines = [f"{p.location()}: {p.level}: {_one_line(p.text())} ({p.rule})" for p in problems]
    return "".join(line + "\n" for line in lines)


def report_json(problems: Sequence[Problem]) -> str:
    """Every problem as an object of the dataclass's fields (``path``, ``line``, ...)."""
    names = [f.name for f in fields(Problem)]
    records = [{name: getattr(p, name) for name in names} for p in problems]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


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
