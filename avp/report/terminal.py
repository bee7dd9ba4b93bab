"""The report on a terminal: rich tables that fit the width; no colour when piped."""

from __future__ import annotations

from typing import Any

from avp.programme.status import Status
from avp.render.output import clean
from avp.render.style import status_colour, verdict_colour
from avp.report.attention import (
    attention_correction,
    attention_light,
    attention_targets,
    attention_why,
)
from avp.report.build import MeasureLine, Report, bar_cells, count_targets, good_share
from avp.report.formats import (
    carried_text,
    extra_text,
    result_label,
    scope_title,
    status_text,
    target_line,
)
from avp.report.labels import Labels
from avp.report.texts import short_text
from avp.targets.verdicts import Verdict

#: "Geen recente update" is information, not a warning: a neutral colour, not orange.
STALE_STYLE = "steel_blue"

#: The least width at which a theme's measures are a table of four columns: below it the
#: result column is too narrow for long Dutch words ("snelheidsoverschrijdingen." breaks
#: at 100 columns), so each measure is a block of labelled lines instead (issue 15, point 3).
WIDE_WIDTH = 120


def _longest(header: str) -> int:
    """The width of a header's longest word: the narrowest its column may be."""
    return max((len(word) for word in header.split()), default=1)


def _bar(counts: dict[Status, int], width: int = 20) -> Any:
    from rich.text import Text  # lazy

    bar = Text()
    for status, cells in bar_cells(counts, width).items():
        if cells:
            bar.append("█" * cells, style=status_colour(status))
    return bar


def _t(text: str, style: str = "") -> Any:
    from rich.text import Text  # lazy

    return Text(clean(text), style=style)


def render_terminal(report: Report, labels: Labels, console: Any) -> None:
    from rich import box  # lazy
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    meta = report.programme.programme
    console.print(_t(f"{labels['report']}: {meta.title}", "bold"))
    console.print(_t(scope_title(report, labels), "bold"))
    console.print(
        _t(
            f"{labels['as_of']} {labels.date(report.as_of)} · {labels['period']} "
            f"{labels.date(meta.period.start)} {labels['to']} {labels.date(meta.period.end)}"
        )
    )
    summary = Table(
        box=box.SIMPLE_HEAD,
        title=_t(labels["summary"], "bold"),
        title_justify="left",
        expand=True,
    )
    # A header wraps between its words, never inside one ("Geen / recente / update").
    summary.add_column(
        _t(labels["field"]), ratio=1, overflow="fold", min_width=_longest(labels["field"])
    )
    for key in ("measures", "status", "good_share", "stale_count"):
        if key == "status":
            summary.add_column(_t(labels[key]), width=20, no_wrap=True)
            continue
        narrow = _longest(labels[key])
        summary.add_column(_t(labels[key]), justify="right", min_width=narrow, max_width=narrow)
    for section in report.fields:
        counts = section.counts
        stale = section.stale_count
        summary.add_row(
            _t(f"{section.field.id}. {section.field.name}"),
            str(len(section.lines)),
            _bar(counts),
            f"{good_share(counts):.0%}",
            str(stale),
        )
    counts = report.counts
    summary.add_section()
    summary.add_row(
        _t(labels["total"], "bold"),
        str(len(report.lines)),
        _bar(counts),
        f"{good_share(counts):.0%}",
        str(report.stale_count),
    )
    console.print(summary)
    legend = Text()
    for status in Status:
        legend.append("● ", style=status_colour(status))
        legend.append(f"{labels.status(status)} {counts[status]}   ")
    console.print(legend)
    if report.has_targets:
        computed = Text()
        computed.append(f"{labels['computed_summary']}: ", style="bold")
        verdicts = report.verdicts
        for verdict in Verdict:
            computed.append("● ", style=verdict_colour(verdict))
            computed.append(f"{labels.verdict(verdict)} {verdicts[verdict]}   ")
        computed.append(f"{labels['disagrees']}: {report.disagreements}")
        console.print(computed)
    if report.goal_targets:
        goals = Text()
        goals.append(f"{labels['goal_targets']}: ", style="bold")
        per_verdict = count_targets(report.goal_targets)
        for verdict in Verdict:
            goals.append("● ", style=verdict_colour(verdict))
            goals.append(f"{labels.verdict(verdict)} {per_verdict[verdict]}   ")
        console.print(goals)
    print_attention(report, labels, console)
    result = result_label(report, labels)
    for section in report.fields:
        console.print()
        console.print(_t(labels.scope("field", section.field.id, section.field.name), "bold"))
        if section.field.goal:
            console.print(_t(f"{labels['goal']}: {section.field.goal}"))
        _print_targets(console, section.targets, labels)
        if not section.themes:
            console.print(_t(f"{labels['theme']}: {labels['none_yet']}", "dim"))
        for theme in section.themes:
            console.print()
            console.print(_t(f"{theme.theme.id} {theme.theme.name}", "bold"))
            console.print(_t(f"{labels['goal']}: {theme.theme.goal or labels['no_goal']}"))
            _print_targets(console, theme.targets, labels)
            if not theme.lines:
                console.print(_t(f"{labels['measures']}: {labels['none_yet']}", "dim"))
                continue
            if console.width >= WIDE_WIDTH:
                _print_table(console, report, theme.lines, labels, result)
            else:
                _print_stacked(console, report, theme.lines, labels, result)


def _print_table(
    console: Any, report: Report, lines: list[MeasureLine], labels: Labels, result: str
) -> None:
    """A theme's measures as a table of four columns (Nr., Maatregel, Resultaat, Stand van
    zaken): on a terminal of at least WIDE_WIDTH columns."""
    from rich import box  # lazy
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
    table.add_column(_t(labels["id"]), no_wrap=True)
    table.add_column(_t(labels["measure"]), ratio=3, overflow="fold")
    table.add_column(_t(result), ratio=2, overflow="fold")
    table.add_column(_t(labels["status"]), ratio=2, overflow="fold", min_width=12)
    for line in lines:
        m, s = line.measure, line.state
        cell = Text()
        cell.append("● ", style=status_colour(s.status))
        cell.append(clean(status_text(line, labels)), style="bold")
        if s.unreported:
            cell.append(f"\n{labels['unreported_note']}")
        if s.stale:
            cell.append(f"\n{labels['stale_short']}", style=STALE_STYLE)
        if s.last_date:
            cell.append(f"\n{labels.date(s.last_date)}")
        if s.note:
            cell.append(f"\n{clean(s.note)}")
        if s.correction and s.status.needs_correction:
            cell.append(f"\n{labels['correction']}: ", style="bold")
            cell.append(clean(s.correction))
        if s.verdict is not None:
            cell.append(f"\n{labels['computed']}: ", style="bold")
            cell.append("● ", style=verdict_colour(s.verdict))
            cell.append(labels.verdict(s.verdict))
        if s.disagrees:
            cell.append(f"\n! {labels['disagrees']}", style="bold dark_orange")
        text = Text(clean(m.text))
        for about, style in _about(report, m, labels):
            text.append(about, style=style)
        outcome = _t(m.result or "")
        for target in s.targets:
            outcome.append(f"\n{labels['norm']}: ", style="bold")
            outcome.append("● ", style=verdict_colour(target.verdict))
            outcome.append(clean(target_line(target, labels, m.result)))
        table.add_row(_t(m.id), text, outcome, cell)
    console.print(table)


def _print_stacked(
    console: Any, report: Report, lines: list[MeasureLine], labels: Labels, result: str
) -> None:
    """A theme's measures on a narrow terminal, as the Aandachtspunten: per measure its
    light and number, and beside them its text and a labelled line for each thing the
    wide table shows (result, norms, status, correction, computed verdict, partners), each
    wrapping at the full width so that no word is broken."""
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    def label(text: Any, key: str) -> None:
        text.append(f"\n{key}: ", style="bold")

    console.print()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for number, line in enumerate(lines):
        m, s = line.measure, line.state
        if number:
            grid.add_row("", "")
        head = Text()
        head.append("● ", style=status_colour(s.status))
        head.append(clean(m.id), style="bold")
        body = Text(clean(m.text))
        if m.result:
            label(body, result)
            body.append(clean(m.result))
        for target in s.targets:
            label(body, labels["norm"])
            body.append("● ", style=verdict_colour(target.verdict))
            body.append(clean(target_line(target, labels, m.result)))
        label(body, labels["status"])
        body.append("● ", style=status_colour(s.status))
        body.append(clean(status_text(line, labels)), style="bold")
        if s.unreported:
            body.append(f" · {labels['unreported_note']}")
        if s.stale:
            body.append(" · ")
            body.append(labels["stale_short"], style=STALE_STYLE)
        if s.last_date:
            body.append(f" · {labels.date(s.last_date)}")
        if s.note:
            body.append(f" · {clean(s.note)}")
        if s.correction and s.status.needs_correction:
            label(body, labels["correction"])
            body.append(clean(s.correction))
        if s.verdict is not None:
            label(body, labels["computed"])
            body.append("● ", style=verdict_colour(s.verdict))
            body.append(labels.verdict(s.verdict))
        if s.disagrees:
            body.append(f"\n! {labels['disagrees']}", style="bold dark_orange")
        for about, style in _about(report, m, labels):
            body.append(about, style=style)
        grid.add_row(head, body)
    console.print(grid)


def _about(report: Report, m: Any, labels: Labels) -> list[tuple[str, str]]:
    """The lines under a measure's text in both layouts, each with its style: its
    partners, the text beside the table (``extra``), and where it was carried from."""
    lines = []
    partners = ", ".join(report.partner_names(m))
    if partners:
        lines.append((f"\n{labels['partners']}: {clean(partners)}", "dim"))
    if m.extra:
        lines.append((f"\n{clean(extra_text(m))}", "dim"))
    if m.predecessor:
        lines.append((f"\n{clean(carried_text(m, labels))}", "dim italic"))
    return lines


def _print_targets(console: Any, targets: Any, labels: Labels) -> None:
    """A field's or theme's own targets, one line each with its light."""
    from rich.text import Text  # lazy

    for target in targets:
        line = Text()
        line.append(f"{labels['norm']}: ", style="bold")
        line.append("● ", style=verdict_colour(target.verdict))
        line.append(clean(target_line(target, labels)))
        console.print(line)


def print_attention(report: Report, labels: Labels, console: Any) -> None:
    """Aandachtspunten: the measures at orange or red or disagreeing, rood first."""
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    console.print()
    console.print(_t(labels["attention"], "bold"))
    if not report.attention:
        console.print(_t(labels["attention_none"]))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for item in report.attention:
        look = attention_light(item)
        colour = status_colour(look) if isinstance(look, Status) else verdict_colour(look)
        head = Text()
        head.append("● ", style=colour)
        head.append(clean(item.measure.id), style="bold")
        body = Text(clean(short_text(item.measure.text)))
        body.append(f"\n{clean(attention_why(item, labels))}")
        for target in attention_targets(item, labels):
            body.append(f"\n{labels['norm']}: {clean(target)}", style="dim")
        body.append(f"\n{labels['correction']}: ", style="bold")
        body.append(clean(attention_correction(item, labels)))
        grid.add_row(head, body)
    console.print(grid)
