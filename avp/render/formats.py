"""Every output format avp writes, in one registry: its name, what it is, who takes it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Format:
    name: str
    description: str


#: Every format, once. The enums below are the choices of each kind of output; a test
#: checks that each writer registry (render.output, report.render, validate.reporters)
#: covers exactly its enum.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", "a table that fits the terminal"),
        Format("terminal", "headings and tables that fit the terminal, colour when on one"),
        Format("json", "JSON, for programs"),
        Format("csv", "CSV, safe in a spreadsheet (no cell starts a formula)"),
        Format("markdown", "Markdown, for a wiki or an e-mail"),
        Format("html", "one self-contained HTML page, to print or publish"),
        Format("text", "FILE:LINE:COL: level: message (rule), one problem a line"),
        Format("github", "GitHub Actions annotations"),
        Format("auto", "github under GitHub Actions, else text"),
    )
}


class OutputFormat(StrEnum):
    """Records: list, show, partners, glossary, info, progress, targets."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(StrEnum):
    """The progress report."""

    terminal = "terminal"
    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"


class ProblemFormat(StrEnum):
    """The problems avp validate finds."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


def help_text(choices: type[StrEnum]) -> str:
    """``table: a table that fits the terminal; json: ...`` for an option's help."""
    return "; ".join(f"{c.value}: {FORMATS[c.value].description}" for c in choices) + "."
