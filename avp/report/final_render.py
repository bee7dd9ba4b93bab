"""The end evaluation's renderers, one per format, and the one call ``avp report --final`` makes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from avp.programme.models import Programme
from avp.progress.models import Entry
from avp.render.formats import ReportFormat
from avp.render.output import make_console
from avp.report.final import FinalReport, build_final, default_day
from avp.report.final_formats import render_final_csv, render_final_json
from avp.report.final_html import render_final_html
from avp.report.final_markdown import render_final_markdown
from avp.report.final_terminal import render_final_terminal
from avp.report.labels import Labels


def final_terminal_text(final: FinalReport, labels: Labels, width: int = 100) -> str:
    """The terminal format as plain text (for a file): no colour, a fixed width."""
    from rich.console import Console  # lazy: rich is only needed for this format

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    render_final_terminal(final, labels, console)
    return buffer.getvalue()


FinalRenderer = Callable[[FinalReport, Labels, Path | None], str]


def _no_template(render: Callable[[FinalReport, Labels], str]) -> FinalRenderer:
    return lambda final, labels, template: render(final, labels)


#: How each format of the end evaluation is made (``template``: html only).
FINAL_RENDERERS: dict[ReportFormat, FinalRenderer] = {
    ReportFormat.json: _no_template(render_final_json),
    ReportFormat.csv: _no_template(render_final_csv),
    ReportFormat.markdown: _no_template(render_final_markdown),
    ReportFormat.html: render_final_html,
    ReportFormat.terminal: _no_template(final_terminal_text),
}


def render_final(
    final: FinalReport,
    labels: Labels,
    fmt: ReportFormat,
    *,
    to_file: bool,
    template: Path | None = None,
) -> str | None:
    """The end evaluation as text; the terminal format prints itself unless it goes to a file."""
    if fmt is ReportFormat.terminal and not to_file:
        render_final_terminal(final, labels, make_console())
        return None
    return FINAL_RENDERERS[fmt](final, labels, template)


def final_report(
    programme: Programme,
    entries: Iterable[Entry],
    *,
    as_of: dt.date | None,
    scope: tuple[str | None, str | None, str | None],
    fmt: ReportFormat,
    lang: str | None,
    to_file: bool,
    template: Path | None = None,
    today: dt.date | None = None,
) -> str | None:
    """The end evaluation of ``programme`` with its log's ``entries`` on ``as_of`` (default:
    the programme's last day, or today while it runs), for the scope (field, theme,
    partner: one at most), rendered."""
    from avp.base.problems import UsageError  # lazy

    day = as_of or default_day(programme, today or dt.date.today())
    start = programme.programme.period.start
    if day < start:
        raise UsageError(
            f"the programme starts on {start}, after {day}: there is nothing to evaluate yet; "
            "give a later --as-of"
        )
    field, theme, partner = scope
    final = build_final(programme, entries, as_of=day, field=field, theme=theme, partner=partner)
    labels = Labels.for_programme(programme, lang)
    return render_final(final, labels, fmt, to_file=to_file, template=template)
