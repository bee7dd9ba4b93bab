"""The end evaluation as one self-contained HTML page (``templates/final.html.j2``).

The same engine as the progress report (:func:`avp.report.html.render_html`): a sandbox
with autoescaping, and a ``--template`` folder may replace ``final.html.j2``, the
stylesheet and the logo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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
from avp.report.html import Light, _attention, colour, render_html
from avp.report.labels import Labels
from avp.targets.verdicts import Verdict

PAGE = "final.html.j2"


@dataclass(frozen=True)
class YearView:
    year: int
    light: Light | None  # None: no verdict (no period that year, or not yet)
    label: str  # "gehaald", "n.v.t.", "nog niet"
    text: str  # the reason: "2 van 2 in 2021: gehaald"


@dataclass(frozen=True)
class TargetYearsView:
    description: str
    final: Light
    text: str
    years: list[YearView]


@dataclass(frozen=True)
class FinalMeasureView:
    id: str
    text: str
    partners: str
    result: str
    status: Light
    date: str
    note: str
    correction: str  # "12 mei 2022: Extra campagne", the last one
    targets: list[TargetYearsView]
    lessons: list[str]
    carry_over: bool
    carried: str = ""  # "Voortgezet uit ..." (avp successor), or empty


def _targets(targets: tuple[TargetYears, ...], labels: Labels) -> list[TargetYearsView]:
    return [
        TargetYearsView(
            target_name(t.final, labels),
            Light(colour(t.final.verdict), labels.verdict(t.final.verdict)),
            t.final.text(labels.lang),
            [
                YearView(
                    y.year,
                    Light(colour(y.verdict), labels.verdict(y.verdict))
                    if y.verdict is not None
                    else None,
                    year_word(y, labels),
                    y.status.text(labels.lang) if y.status is not None else "",
                )
                for y in t.years
            ],
        )
        for t in targets
    ]


def _measure(final: FinalReport, measure: FinalMeasure, labels: Labels) -> FinalMeasureView:
    m, update = measure.measure, measure.last_update
    return FinalMeasureView(
        id=m.id,
        text=m.text,
        partners=", ".join(final.report.partner_names(m)),
        result=m.result or "",
        status=Light(colour(measure.status), status_text(measure, labels)),
        date=labels.date(update.date) if update else "",
        note=update.note if update else "",
        correction=correction_line(measure.last_correction, labels),
        targets=_targets(measure.targets, labels),
        lessons=[lesson_line(x, labels) for x in measure.lessons],
        carry_over=measure.unfinished,
        carried=carried_text(m, labels),
    )


def final_context(final: FinalReport, labels: Labels) -> dict[str, Any]:
    """The variables of ``final.html.j2`` (listed at its top) but css and logo."""
    report = final.report
    meta = report.programme.programme
    return {
        "lang": labels.lang,
        "label": SimpleNamespace(**labels.all()),
        "title": title(final, labels),
        "interim": interim_text(final, labels),
        "scope": scope_title(report, labels),
        "as_of": labels.date(final.as_of),
        "period": f"{labels.date(meta.period.start)} {labels['to']} {labels.date(meta.period.end)}",
        "adopted": f"{labels.date(meta.adopted.date)}, {meta.adopted.body}",
        "municipality": meta.municipality,
        "result": result_label(report, labels),
        "years": list(final.years),
        "attention": _attention(report, labels),
        "summary": [
            SimpleNamespace(
                name=name,
                measures=measures,
                done=done,
                unfinished=unfinished,
                dropped=dropped,
                share=share(part),
            )
            for name, (done, unfinished, dropped, part), measures in summary_rows(final, labels)
        ],
        "verdicts": [Light(colour(v), labels.verdict(v)) for v in Verdict],
        "year_totals": [
            SimpleNamespace(
                year=t.year,
                day=labels.date(t.day) if t.day else labels["final_not_yet"],
                targets=t.targets,
                counts=[t.counts[v] for v in Verdict],
                share=share(t.share_met),
            )
            for t in final.year_totals
        ],
        "fields": [
            SimpleNamespace(
                id=section.field.id,
                heading=labels.scope("field", section.field.id, section.field.name),
                goal=section.field.goal or "",
                targets=_targets(final.goals.get(section.field.id, ()), labels),
                themes=[
                    SimpleNamespace(
                        id=theme.theme.id,
                        name=theme.theme.name,
                        goal=theme.theme.goal or labels["no_goal"],
                        targets=_targets(final.goals.get(theme.theme.id, ()), labels),
                        measures=[
                            _measure(final, final.measures[line.measure.id], labels)
                            for line in theme.lines
                        ],
                    )
                    for theme in section.themes
                ],
            )
            for section in report.fields
        ],
        "carry_over": [_measure(final, m, labels) for m in final.carry_over],
        "dropped": [
            SimpleNamespace(
                id=m.measure.id,
                text=m.measure.text,
                date=labels.date(dropped_day(m)),
                decision=decision_text(m, labels),
            )
            for m in final.dropped
        ],
        "lessons": [
            SimpleNamespace(
                owner=owner_name(final, x.owner), id=x.owner, text=lesson_line(x, labels)
            )
            for x in final.lessons
        ],
        "report": report,
    }


def render_final_html(final: FinalReport, labels: Labels, template_dir: Path | None = None) -> str:
    return render_html(
        final.report, labels, template_dir, page=PAGE, context=final_context(final, labels)
    )
