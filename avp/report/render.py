"""The report's renderers, one per format, in a registry."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from avp.render.formats import ReportFormat
from avp.render.output import make_console
from avp.report.build import Report
from avp.report.formats import render_csv, render_json, render_markdown
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


Renderer = Callable[[Report, Labels, Path | None], str]


def _no_template(render: Callable[[Report, Labels], str]) -> Renderer:
    """A renderer of a format that takes no template (only html does)."""
    return lambda report, labels, template: render(report, labels)


#: How each report format is made: a text to print or write (``template``: html only).
RENDERERS: dict[ReportFormat, Renderer] = {
    ReportFormat.json: _no_template(render_json),
    ReportFormat.csv: _no_template(render_csv),
    ReportFormat.markdown: _no_template(render_markdown),
    ReportFormat.html: render_html,
    ReportFormat.terminal: _no_template(terminal_text),
}


def render(
    report: Report,
    labels: Labels,
    fmt: ReportFormat,
    *,
    to_file: bool,
    template: Path | None = None,
) -> str | None:
    """The report as text; the terminal format prints itself unless it goes to a file.

    ``template``: the folder of ``--template`` (house style, logo) for the html format.
    """
    if fmt is ReportFormat.terminal and not to_file:
        render_terminal(report, labels, make_console())
        return None
    return RENDERERS[fmt](report, labels, template)
