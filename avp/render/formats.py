"""Every output format avp writes, in one registry: its name, what it is, who takes it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal


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
        Format(
            "table",
            "tables (and a report's headings) that fit the terminal, colour when on one; "
            "plain text in a file",
        ),
        Format("json", "JSON, for programs"),
        Format("csv", "CSV, safe in a spreadsheet (no cell starts a formula)"),
        Format("markdown", "Markdown, for a wiki or an e-mail"),
        Format("html", "one self-contained HTML page, to print or publish"),
        Format(
            "xlsx",
            "an Excel workbook (coloured statuses, dates as dates, numbers as numbers); "
            "to a file (-o) or a pipe, never a terminal",
        ),
        Format("text", "FILE:LINE:COL: level: message (rule), one problem a line"),
        Format("github", "GitHub Actions annotations"),
        Format("auto", "github under GitHub Actions, else text"),
    )
}


class OutputFormat(StrEnum):
    """Records: list, show, partners, glossary, info, progress, targets. ``xlsx`` only
    where a command offers it (list, targets list and progress list: their --format is
    ``avp.cli.common.SheetFormatOpt``)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class ReportFormat(StrEnum):
    """The progress report."""

    table = "table"
    terminal = "table"  # the report's old name of the table format (an alias, see ALIASES)
    markdown = "markdown"
    html = "html"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: Other names a --format takes, hidden from the help: scripts written before the terminal
#: format of every command was called ``table`` keep working.
ALIASES: dict[str, str] = {"terminal": "table"}

#: The format a file's suffix stands for (``-o rapport.html``: html). ``.txt`` is the table
#: format as plain text.
SUFFIXES: dict[str, str] = {
    ".txt": "table",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
}


class ProblemFormat(StrEnum):
    """The problems avp validate finds."""

    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


#: The CSV dialects of --csv-dialect: ``excel`` (comma, decimal point: what programs and an
#: English Excel read) and ``excel-nl`` (semicolon, decimal comma: what a Dutch Excel reads
#: when the file is opened with a double click).
CsvDialect = Literal["excel", "excel-nl"]
CSV_DIALECTS: tuple[CsvDialect, ...] = ("excel", "excel-nl")


def help_text(choices: type[StrEnum], without: Collection[str] = ()) -> str:
    """``table: tables that fit the terminal ...; json: ...`` for an option's help."""
    return (
        "; ".join(f"{c.value}: {FORMATS[c.value].description}" for c in choices if c not in without)
        + "."
    )


def format_of(path: Path) -> str | None:
    """The format ``path``'s suffix stands for (:data:`SUFFIXES`), or None."""
    return SUFFIXES.get(path.suffix.lower())


def suffixes_text(choices: type[StrEnum]) -> str:
    """``.txt (table, plain text), .json, .csv, .md`` : the suffixes of the formats of
    ``choices``, for the help of -o."""
    values = {c.value for c in choices}
    return ", ".join(
        suffix + (" (table, plain text)" if suffix == ".txt" else "")
        for suffix, name in SUFFIXES.items()
        if name in values
    )
