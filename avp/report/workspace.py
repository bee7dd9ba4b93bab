"""A report across the programmes of a workspace: per programme a section, and a summary.

Each programme's section is that programme's own report (:func:`avp.report.build_report`),
in its own labels; the summary counts the measures per programme and in total. Every
format (terminal, markdown, html, csv, json) renders the same model.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avp.programme.status import Status
from avp.render.formats import ReportFormat
from avp.render.output import Column, joined_lines, json_rows, md_cell, to_csv
from avp.report.build import MeasureLine, Report, _Totals, good_share
from avp.report.formats import (
    CSV_COLUMNS,
    bar_text,
    counts_dict,
    csv_records,
    render_markdown,
    scope_title,
    to_dict,
    verdicts_dict,
)
from avp.report.labels import Labels


@dataclass
class WorkspaceReport(_Totals):
    """The reports of several programmes on one day, by the programme's name."""

    sections: list[tuple[str, Report]]
    as_of: dt.date
    #: The scope as asked (``--partner politie``): a partner's name differs per programme.
    asked: str = ""

    @property
    def lines(self) -> list[MeasureLine]:
        return [line for _, report in self.sections for line in report.lines]

    def labels(self, report: Report, lang: str | None) -> Labels:
        """A section's labels: its programme's words, in ``lang`` (default: its language)."""
        return Labels.for_programme(report.programme, lang)


def _scope(wr: WorkspaceReport, labels: Labels) -> str:
    """What the report covers; a partner as asked (its names differ per programme)."""
    first = wr.sections[0][1]
    if first.scope_kind == "partner" and wr.asked:
        return labels.fmt("scope_partner", name=wr.asked)
    return scope_title(first, labels)


def _title(wr: WorkspaceReport, labels: Labels) -> str:
    count = labels.fmt("workspace_title", count=len(wr.sections))
    return f"{labels['report']}: {count}"


def _summary_rows(wr: WorkspaceReport) -> list[tuple[str, int, dict[Status, int], int]]:
    return [(name, len(r.lines), r.counts, r.stale_count) for name, r in wr.sections]


def to_workspace_dict(wr: WorkspaceReport, lang: str | None) -> dict[str, Any]:
    """The report as JSON-ready data (the keys are documented in the README)."""
    programmes = [_programme_dict(wr, name, report, lang) for name, report in wr.sections]
    return {**_head(wr, lang), "programmes": programmes}


def _programme_dict(
    wr: WorkspaceReport, name: str, report: Report, lang: str | None
) -> dict[str, Any]:
    data = to_dict(report, wr.labels(report, lang))
    data["programme"] = {"name": name, **data["programme"]}
    return data


def _head(wr: WorkspaceReport, lang: str | None) -> dict[str, Any]:
    """What :func:`to_workspace_dict` holds before its ``programmes``."""
    first = wr.sections[0][1]
    labels = wr.labels(first, lang)
    counts = wr.counts
    return {
        "scope": {
            "kind": first.scope_kind,
            "name": wr.asked if first.scope_kind == "partner" and wr.asked else first.scope_name,
        },
        "as_of": wr.as_of.isoformat(),
        "language": labels.lang,
        "totals": {
            "programmes": len(wr.sections),
            "measures": len(wr.lines),
            "counts": counts_dict(counts),
            "share_done_or_on_track": round(good_share(counts), 4),
            "stale": wr.stale_count,
            "verdicts": verdicts_dict(wr.verdicts),
            "disagreements": wr.disagreements,
        },
        "summary": [
            {
                "programme": name,
                "municipality": report.programme.programme.municipality,
                "title": report.programme.programme.title,
                "measures": len(report.lines),
                "counts": counts_dict(report.counts),
                "share_done_or_on_track": round(good_share(report.counts), 4),
                "stale": report.stale_count,
            }
            for name, report in wr.sections
        ],
    }


def render_workspace_json(wr: WorkspaceReport, lang: str | None) -> str:
    """The JSON of :func:`to_workspace_dict`, each programme's report on a line of its own."""
    return "".join(workspace_json(wr, lang))


def workspace_json(wr: WorkspaceReport, lang: str | None) -> Iterator[str]:
    """The text of :func:`render_workspace_json` a piece at a time: each programme's
    report made when it is written (its data is not kept for the next)."""
    programmes = (_programme_dict(wr, name, report, lang) for name, report in wr.sections)
    return json_rows(programmes, _head(wr, lang), "programmes")


def render_workspace_csv(wr: WorkspaceReport, lang: str | None) -> str:
    """The csv report of each programme, one after the other, with a programme column."""
    records = [
        {"programme": name, **record}
        for name, report in wr.sections
        for record in csv_records(report, wr.labels(report, lang))
    ]
    return to_csv(records, [Column("programme", "programme"), *CSV_COLUMNS])


def render_workspace_markdown(wr: WorkspaceReport, lang: str | None) -> str:
    """A summary table per programme, then each programme's report under its name."""
    labels = wr.labels(wr.sections[0][1], lang)
    out = [
        f"# {md_cell(_title(wr, labels))}",
        "",
        f"**{md_cell(_scope(wr, labels))}**  ",
        f"{labels['as_of']}: {labels.date(wr.as_of)}",
        "",
        f"## {labels['workspace_summary']}",
        "",
        f"| {labels['programme']} | {labels['measures']} | {labels['status']} | "
        f"{labels['good_share']} | {labels['stale_count']} |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for name, measures, counts, stale in _summary_rows(wr):
        out.append(
            f"| {md_cell(name)} | {measures} | {bar_text(counts)} | "
            f"{good_share(counts):.0%} | {stale} |"
        )
    counts = wr.counts
    out += [
        f"| **{labels['total']}** | **{len(wr.lines)}** | {bar_text(counts)} | "
        f"**{good_share(counts):.0%}** | **{wr.stale_count}** |",
        "",
    ]
    for name, report in wr.sections:
        own = render_markdown(report, wr.labels(report, lang)).splitlines()
        # The programme's own title becomes a line under its name; its headings go one down.
        body = [f"**{own[0].removeprefix('# ')}**"] + [
            f"#{line}" if line.startswith("#") else line for line in own[1:]
        ]
        out += [f"## {md_cell(name)}", "", *body, ""]
    return joined_lines(out)


def _longest(header: str) -> int:
    """The width of a header's longest word: the narrowest its column may be."""
    return max((len(word) for word in header.split()), default=1)


def render_workspace_terminal(wr: WorkspaceReport, lang: str | None, console: Any) -> None:
    """The summary per programme, then each programme's report after a rule with its name."""
    from rich import box  # lazy
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    from avp.render.output import clean  # lazy
    from avp.report.terminal import _bar, render_terminal  # lazy

    labels = wr.labels(wr.sections[0][1], lang)
    console.print(Text(clean(_title(wr, labels)), style="bold"))
    console.print(Text(clean(_scope(wr, labels)), style="bold"))
    console.print(Text(f"{labels['as_of']} {labels.date(wr.as_of)}"))
    summary = Table(
        box=box.SIMPLE_HEAD,
        title=Text(labels["workspace_summary"], style="bold"),
        title_justify="left",
        expand=True,
    )
    # A header wraps between its words, never inside one (as in avp.report.terminal).
    summary.add_column(Text(labels["programme"]), ratio=1, overflow="fold", min_width=12)
    for key in ("measures", "status", "good_share", "stale_count"):
        if key == "status":
            summary.add_column(Text(labels[key]), width=20, no_wrap=True)
            continue
        narrow = _longest(labels[key])
        summary.add_column(Text(labels[key]), justify="right", min_width=narrow, max_width=narrow)
    for name, measures, counts, stale in _summary_rows(wr):
        summary.add_row(
            Text(clean(name)), str(measures), _bar(counts), f"{good_share(counts):.0%}", str(stale)
        )
    summary.add_section()
    counts = wr.counts
    summary.add_row(
        Text(labels["total"], style="bold"),
        str(len(wr.lines)),
        _bar(counts),
        f"{good_share(counts):.0%}",
        str(wr.stale_count),
    )
    console.print(summary)
    for name, report in wr.sections:
        console.print()
        console.rule(Text(clean(name), style="bold"))
        render_terminal(report, wr.labels(report, lang), console)


def render_workspace_html(wr: WorkspaceReport, lang: str | None, template: Path | None) -> str:
    """One page: the summary per programme, then each programme's report (``--template``
    may hold a ``workspace.html.j2`` of its own, and report.css and a logo)."""
    from types import SimpleNamespace  # lazy

    from avp.report.engine import render_page  # lazy
    from avp.report.html import _summary_row, css_string, page_context  # lazy

    labels = wr.labels(wr.sections[0][1], lang)
    rows = [
        _summary_row(name, measures, counts, stale, labels)
        for name, measures, counts, stale in _summary_rows(wr)
    ]
    total = _summary_row(labels["total"], len(wr.lines), wr.counts, wr.stale_count, labels)
    programmes = [
        SimpleNamespace(name=name, **page_context(report, wr.labels(report, lang)))
        for name, report in wr.sections
    ]
    context = {
        "lang": labels.lang,
        "label": SimpleNamespace(**labels.all()),
        "title": _title(wr, labels),
        "scope": _scope(wr, labels),
        "as_of": labels.date(wr.as_of),
        "result": labels["result_plain"],
        "stale_title": labels.fmt("stale", days=wr.sections[0][1].stale_days),
        "rows": rows,
        "total": total,
        "programmes": programmes,
        "footer": css_string(f"{_title(wr, labels)} · {labels['as_of']} {labels.date(wr.as_of)}"),
        "page_word": css_string(labels["page"]),
    }
    return render_page("workspace.html.j2", context, template)


def render_workspace(
    wr: WorkspaceReport,
    lang: str | None,
    fmt: ReportFormat,
    *,
    to_file: bool,
    template: Path | None = None,
) -> str | None:
    """The report as text; the terminal format prints itself unless it goes to a file."""
    if fmt is ReportFormat.terminal:
        from avp.render.output import make_console  # lazy

        if not to_file:
            render_workspace_terminal(wr, lang, make_console())
            return None
        from rich.console import Console  # lazy

        buffer = io.StringIO()
        console = Console(file=buffer, width=100, no_color=True, highlight=False, emoji=False)
        render_workspace_terminal(wr, lang, console)
        return buffer.getvalue()
    if fmt is ReportFormat.html:
        return render_workspace_html(wr, lang, template)
    if fmt is ReportFormat.csv:
        return render_workspace_csv(wr, lang)
    if fmt is ReportFormat.markdown:
        return render_workspace_markdown(wr, lang)
    return render_workspace_json(wr, lang)
