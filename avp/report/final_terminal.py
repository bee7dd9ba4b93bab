"""The end evaluation on a terminal: measures as blocks that wrap at any width."""

from __future__ import annotations

from typing import Any

from avp.render.output import clean
from avp.render.style import status_colour, verdict_colour
from avp.report.final import FinalMeasure, FinalReport, TargetYears
from avp.report.final_text import (
    correction_line,
    decision_text,
    dropped_day,
    interim_text,
    lesson_line,
    owner_name,
    share,
    status_text,
    summary_rows,
    title,
    year_word,
)
from avp.report.formats import carried_text, result_label, scope_title, target_name
from avp.report.labels import Labels
from avp.report.terminal import print_attention
from avp.targets.verdicts import Verdict


def _t(text: str, style: str = "") -> Any:
    from rich.text import Text  # lazy

    return Text(clean(text), style=style)


def _targets_text(text: Any, targets: tuple[TargetYears, ...], labels: Labels) -> None:
    """Each target with its verdict per year, appended to ``text``."""
    for target in targets:
        text.append(f"\n{labels['norm']}: " if text.plain else f"{labels['norm']}: ", style="bold")
        text.append(clean(target_name(target.final, labels)))
        for judged in target.years:
            text.append(f"\n  {judged.year} ")
            if judged.verdict is not None:
                text.append("● ", style=verdict_colour(judged.verdict))
            text.append(clean(year_word(judged, labels)), style="bold")
            if judged.status is not None:
                text.append(f" ({clean(judged.status.text(labels.lang))})")


def _measure_block(measure: FinalMeasure, result: str, labels: Labels) -> Any:
    from rich.text import Text  # lazy

    m = measure.measure
    text = Text(clean(m.text))
    if m.predecessor is not None:
        text.append(f"\n{clean(carried_text(m, labels))}", style="dim italic")
    if m.result:
        text.append(f"\n{result}: ", style="bold")
        text.append(clean(m.result))
    text.append(f"\n{labels['final_status']}: ", style="bold")
    text.append("● ", style=status_colour(measure.status))
    text.append(clean(status_text(measure, labels)), style="bold")
    update = measure.last_update
    if update is not None:
        text.append(f" · {labels.date(update.date)}: {clean(update.note)}")
    else:
        text.append(f" · {labels['no_update']}", style="dim")
    if measure.last_correction is not None:
        text.append(f"\n{labels['final_last_correction']}: ", style="bold")
        text.append(clean(correction_line(measure.last_correction, labels)))
    _targets_text(text, measure.targets, labels)
    for lesson in measure.lessons:
        text.append(f"\n{labels['final_lesson']}: ", style="bold")
        text.append(clean(lesson_line(lesson, labels)))
    return text


def render_final_terminal(final: FinalReport, labels: Labels, console: Any) -> None:
    from rich import box  # lazy
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    report = final.report
    meta = report.programme.programme
    console.print(_t(title(final, labels), "bold"))
    if final.interim:
        console.print(_t(interim_text(final, labels), "bold dark_orange"))
    console.print(_t(scope_title(report, labels), "bold"))
    console.print(
        _t(
            f"{labels['as_of']} {labels.date(final.as_of)} · {labels['period']} "
            f"{labels.date(meta.period.start)} {labels['to']} {labels.date(meta.period.end)}"
        )
    )
    summary = Table(
        box=box.SIMPLE_HEAD, title=_t(labels["summary"], "bold"), title_justify="left", expand=True
    )
    summary.add_column(_t(labels["field"]), ratio=1, overflow="fold")
    for key in ("measures", "final_done", "final_unfinished", "final_dropped", "final_share_done"):
        # Headers wrap between words, never inside one: as wide as their longest word.
        widest = max(len(word) for word in labels[key].split())
        summary.add_column(_t(labels[key]), justify="right", min_width=widest, max_width=widest)
    rows = summary_rows(final, labels)
    for number, (name, (done, unfinished, dropped, part), measures) in enumerate(rows):
        if number == len(rows) - 1:
            summary.add_section()
        style = "bold" if number == len(rows) - 1 else ""
        summary.add_row(
            _t(name, style), str(measures), str(done), str(unfinished), str(dropped), share(part)
        )
    console.print(summary)
    console.print(_t(labels["final_share_note"], "dim"))
    console.print()
    totals = final.year_totals
    years = Table(
        box=box.SIMPLE_HEAD,
        title=_t(labels["final_targets_per_year"], "bold"),
        title_justify="left",
    )
    years.add_column(_t(labels["final_year"]))
    for total in totals:
        years.add_column(_t(str(total.year)), justify="right")
    years.add_row(
        _t(labels["final_judged_on"]),
        *(_t(labels.date(t.day) if t.day else labels["final_not_yet"]) for t in totals),
    )
    years.add_row(_t(labels["final_targets"]), *(str(t.targets) for t in totals))
    for verdict in Verdict:
        light_name = Text("● ", style=verdict_colour(verdict))
        light_name.append(labels.verdict(verdict))
        years.add_row(light_name, *(str(t.counts[verdict]) for t in totals))
    years.add_section()
    years.add_row(
        _t(labels["final_share_met"], "bold"), *(_t(share(t.share_met), "bold") for t in totals)
    )
    console.print(years)
    console.print(_t(labels["final_year_note"], "dim"))
    print_attention(report, labels, console)
    result = result_label(report, labels)
    for section in report.fields:
        console.print()
        console.print(_t(labels.scope("field", section.field.id, section.field.name), "bold"))
        if section.field.goal:
            console.print(_t(f"{labels['goal']}: {section.field.goal}"))
        _print_goal(console, final.goals.get(section.field.id, ()), labels)
        for theme in section.themes:
            console.print()
            console.print(_t(f"{theme.theme.id} {theme.theme.name}", "bold"))
            console.print(_t(f"{labels['goal']}: {theme.theme.goal or labels['no_goal']}"))
            _print_goal(console, final.goals.get(theme.theme.id, ()), labels)
            if not theme.lines:
                console.print(_t(f"{labels['measures']}: {labels['none_yet']}", "dim"))
                continue
            grid = Table(box=box.SIMPLE, show_header=False, show_lines=True, expand=True)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1, overflow="fold")
            for measure_line in theme.lines:
                measure = final.measures[measure_line.measure.id]
                grid.add_row(
                    _t(measure.measure.id, "bold"), _measure_block(measure, result, labels)
                )
            console.print(grid)
    console.print()
    console.print(_t(labels["final_carry_over"], "bold"))
    if final.carry_over:
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
        table.add_column(_t(labels["id"]), no_wrap=True)
        table.add_column(_t(labels["measure"]), ratio=3, overflow="fold")
        table.add_column(_t(labels["status"]), no_wrap=True)
        table.add_column(_t(labels["last_update"]), ratio=3, overflow="fold")
        for measure in final.carry_over:
            cell = Text()
            cell.append("● ", style=status_colour(measure.status))
            cell.append(clean(status_text(measure, labels)))
            update = Text()
            if measure.last_update is not None:
                entry = measure.last_update
                update.append(f"{labels.date(entry.date)}: {clean(entry.note)}")
            else:
                update.append(labels["no_update"], style="dim")
            if measure.last_correction is not None:
                update.append(f"\n{labels['final_last_correction']}: ", style="bold")
                update.append(clean(correction_line(measure.last_correction, labels)))
            table.add_row(_t(measure.measure.id), _t(measure.measure.text), cell, update)
        console.print(table)
    else:
        console.print(_t(labels["final_carry_over_none"], "dim"))
    console.print()
    console.print(_t(labels["final_dropped_heading"], "bold"))
    if final.dropped:
        table = Table(box=box.SIMPLE_HEAD, expand=True)
        table.add_column(_t(labels["id"]), no_wrap=True)
        table.add_column(_t(labels["measure"]), ratio=3, overflow="fold")
        table.add_column(_t(labels["final_dropped_on"]), ratio=1, overflow="fold")
        table.add_column(_t(labels["final_decision"]), ratio=2, overflow="fold")
        for measure in final.dropped:
            table.add_row(
                _t(measure.measure.id),
                _t(measure.measure.text),
                _t(labels.date(dropped_day(measure))),
                _t(decision_text(measure, labels)),
            )
        console.print(table)
    else:
        console.print(_t(labels["final_dropped_none"], "dim"))
    console.print()
    console.print(_t(labels["final_lessons"], "bold"))
    if final.lessons:
        grid = Table(box=box.SIMPLE, show_header=False, show_lines=True, expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for lesson in final.lessons:
            name = owner_name(final, lesson.owner).removeprefix(lesson.owner).strip()
            text = Text(clean(name), style="dim")
            text.append(f"\n{clean(lesson_line(lesson, labels))}", style="")
            grid.add_row(_t(lesson.owner, "bold"), text)
        console.print(grid)
    else:
        console.print(_t(labels["final_lessons_none"], "dim"))


def _print_goal(console: Any, targets: tuple[TargetYears, ...], labels: Labels) -> None:
    """A field's or theme's own targets with their verdict per year."""
    from rich.text import Text  # lazy

    if not targets:
        return
    text = Text()
    _targets_text(text, targets, labels)
    console.print(text)
