"""The report's renderers, one per format, in a registry."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from avp.render.formats import ReportFormat
from avp.render.output import make_console
from avp.report.build import Report
from avp.report.formats import (
    render_csv,
    render_json,
    render_markdown,
    scope_title,
    xlsx_table,
)
from avp.report.html import render_html
from avp.report.labels import Labels
from avp.report.terminal import render_terminal


def terminal_text(report: Report, labels: Labels, width: int = 100) -> str:
    """The terminal format as plain text (for a file): no colour, a fixed width."""
    from rich.console import Console  # lazy: rich is only needed for this format

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    render_terminal(report, labels, console)
    return buffer.getvalue()


Renderer = Callable[[Report, Labels, Path | None], str | bytes]


def _no_template(render: Callable[[Report, Labels], str]) -> Renderer:
    """A renderer of a format that takes no template (only html does)."""
    return lambda report, labels, template: render(report, labels)


def render_xlsx(reports: Sequence[tuple[str, Report, Labels]]) -> bytes:
    """The report as a workbook: per programme one sheet, one table with the rows and
    columns of the csv format (a measure a row; a field or theme with targets of its own
    a row too), status and verdict cells coloured, the header frozen, a filter on every
    column. ``reports``: (sheet name, report, labels) per programme."""
    from avp.render.xlsx import workbook_bytes  # lazy: openpyxl

    return workbook_bytes([(name, *xlsx_table(report, labels)) for name, report, labels in reports])


def sheet_name(report: Report, labels: Labels) -> str:
    """The sheet of a single programme's report: its scope (Veld 1 ..., Programma)."""
    return scope_title(report, labels)


#: How each report format is made: a text to print or write, or the bytes of a workbook
#: (``template``: html only).
RENDERERS: dict[ReportFormat, Renderer] = {
    ReportFormat.json: _no_template(render_json),
    ReportFormat.csv: _no_template(render_csv),
    ReportFormat.markdown: _no_template(render_markdown),
    ReportFormat.html: render_html,
    ReportFormat.table: _no_template(terminal_text),
    ReportFormat.xlsx: lambda report, labels, template: render_xlsx(
        [(sheet_name(report, labels), report, labels)]
    ),
}


def render(
    report: Report,
    labels: Labels,
    fmt: ReportFormat,
    *,
    to_file: bool,
    template: Path | None = None,
) -> str | bytes | None:
    """The report as text (bytes for xlsx); the table format prints itself unless it goes
    to a file.

    ``template``: the folder of ``--template`` (house style, logo) for the html format.
    """
    if fmt is ReportFormat.table and not to_file:
        render_terminal(report, labels, make_console())
        return None
    return RENDERERS[fmt](report, labels, template)
