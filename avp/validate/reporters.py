"""Problem reporters: text (FILE:LINE:COL), json and GitHub annotations, in a registry."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict

from avp.base.problems import Problem


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
