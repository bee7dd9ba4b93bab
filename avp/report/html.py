"""The report as one self-contained HTML file: inline CSS, no scripts, fonts or linked files.

The page comes from a Jinja2 template, ``templates/report.html.j2``, rendered in a sandbox
with autoescaping: the engine escapes every piece of data, so text from the programme or the
log stays text. A municipality can replace the template or the stylesheet (``report.css``)
and add a logo (``logo.svg`` or ``logo.png``) with a folder of its own (``--template``);
what the folder lacks comes from ``templates/``. Python prepares the rows, bars and lights
(:func:`page_context`); the template lays them out. The page works on a phone (measures
become cards on narrow screens) and prints to PDF with sensible page breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from avp.programme.status import Status
from avp.render.style import status_hex, verdict_hex
from avp.report.attention import attention_correction, attention_light, attention_why
from avp.report.build import (
    FieldSection,
    MeasureLine,
    Report,
    count_targets,
    good_share,
)
from avp.report.engine import PAGE, render_page
from avp.report.formats import carried_text, result_label, scope_title, status_text, target_name
from avp.report.labels import Labels
from avp.report.source import source_line
from avp.report.texts import repeats_result, short_text
from avp.targets.evaluate import TargetStatus
from avp.targets.verdicts import Verdict

if TYPE_CHECKING:
    from markupsafe import Markup


def colour(value: Status | Verdict) -> str:
    """The colour of a status's or verdict's light: every colour on the page comes from here."""
    return status_hex(value) if isinstance(value, Status) else verdict_hex(value)


# --- what the template gets ------------------------------------------------------------------


@dataclass(frozen=True)
class Light:
    """A traffic light with its label (and, in the legend, a count)."""

    colour: str
    label: str
    count: int = 0


@dataclass(frozen=True)
class BarPart:
    width: str  # a percentage: "33.33"
    colour: str
    title: str  # "aandacht: 1"


@dataclass(frozen=True)
class Bar:
    """Measures per status as coloured parts; ``label`` says the same in words."""

    label: str
    parts: list[BarPart]


@dataclass(frozen=True)
class SummaryRow:
    name: str  # "1. Veilige woon- en leefomgeving", or "Totaal"
    measures: int
    bar: Bar
    share: str  # done or on track: "33%"
    stale: int


@dataclass(frozen=True)
class Summary:
    rows: list[SummaryRow]
    total: SummaryRow
    legend: list[Light]
    verdicts: list[Light] | None  # None when no measure has targets
    disagreements: int
    goals: list[Light] | None = None  # the fields' and themes' own targets per verdict


@dataclass(frozen=True)
class TargetView:
    colour: str
    description: str  # "" when it repeats the measure's result text (shown just above)
    text: str
    source: str | None = None  # "Bron: CBS 83648NED, 2022" under an imported figure
    label: str = ""  # the verdict in words: "risico"


@dataclass(frozen=True)
class AttentionView:
    """One measure of the attention list (Aandachtspunten)."""

    id: str
    text: str  # the measure's text, shortened ("…"); the full text is further on
    light: Light  # the worst of its status and verdict: colour and word
    why: str  # "gemeld: achter; berekend: niet gehaald"
    targets: list[TargetView]  # its targets at risk or missed
    correction: str  # "nog geen bijsturing vastgelegd" when there is none


@dataclass(frozen=True)
class MeasureView:
    id: str
    text: str
    partners: str  # "Gemeente Voorbeeld, Politie"
    partner_note: str
    result: str
    extra: list[tuple[str, str]]  # the adopted table's other columns: (name, text)
    targets: list[TargetView]
    status: Light
    stale: bool
    verdict: Light | None
    disagrees: bool
    unreported: bool
    date: str  # of the latest entry; "" without one
    note: str
    correction: str  # only when the status asks for one
    carried: str = ""  # "Voortgezet uit ..." for a measure carried over (avp successor)


@dataclass(frozen=True)
class ThemeView:
    id: str
    name: str
    goal: str
    measures: list[MeasureView]
    targets: list[TargetView]  # the theme's own (indicators of its goal)


@dataclass(frozen=True)
class FieldView:
    id: str
    name: str
    themes: list[ThemeView]
    heading: str  # "Veiligheidsveld 1: ...", in the programme's words
    goal: str
    targets: list[TargetView]  # the field's own
    big: bool = False  # fills most of a printed page: it starts a new one


def _bar(counts: dict[Status, int], labels: Labels) -> Bar:
    """The parts' exact shares; report.css gives each part a minimum width, so that a
    single "achter" among 104 measures still shows (the terminal: :func:`bar_cells`)."""
    total = sum(counts.values())
    parts = [
        BarPart(f"{100 * counts[s] / total:.2f}", colour(s), f"{labels.status(s)}: {counts[s]}")
        for s in Status
        if counts[s]
    ]
    return Bar(", ".join(part.title for part in parts), parts)


def _summary_row(
    name: str, measures: int, counts: dict[Status, int], stale: int, labels: Labels
) -> SummaryRow:
    return SummaryRow(name, measures, _bar(counts, labels), f"{good_share(counts):.0%}", stale)


def _summary(report: Report, labels: Labels) -> Summary:
    rows = [
        _summary_row(
            f"{section.field.id}. {section.field.name}",
            len(section.lines),
            section.counts,
            section.stale_count,
            labels,
        )
        for section in report.fields
    ]
    counts = report.counts
    total = _summary_row(labels["total"], len(report.lines), counts, report.stale_count, labels)
    legend = [Light(colour(s), labels.status(s), counts[s]) for s in Status]
    verdicts = None
    if report.has_targets:
        found = report.verdicts
        verdicts = [Light(colour(v), labels.verdict(v), found[v]) for v in Verdict]
    goals = None
    if report.goal_targets:
        per_verdict = count_targets(report.goal_targets)
        goals = [Light(colour(v), labels.verdict(v), per_verdict[v]) for v in Verdict]
    return Summary(rows, total, legend, verdicts, report.disagreements, goals)


def _targets(
    targets: Iterable[TargetStatus], labels: Labels, result: str | None = None
) -> list[TargetView]:
    """The targets' views; a description that repeats ``result`` is left out."""
    return [
        TargetView(
            colour(t.verdict),
            "" if repeats_result(t, result) else target_name(t, labels),
            t.text(labels.lang),
            source_line(t, labels.lang),
            labels.verdict(t.verdict),
        )
        for t in targets
    ]


def _attention(report: Report, labels: Labels) -> list[AttentionView]:
    views = []
    for item in report.attention:
        look = attention_light(item)
        word = labels.status(look) if isinstance(look, Status) else labels.verdict(look)
        light = Light(colour(look), word)
        views.append(
            AttentionView(
                item.measure.id,
                short_text(item.measure.text),
                light,
                attention_why(item, labels),
                _targets(item.bad_targets, labels),
                attention_correction(item, labels),
            )
        )
    return views


#: About how many lines of text fit on a printed A4 page of the report, and how many
#: characters fit on a line of each column of the measures table (for :func:`_is_big`).
PAGE_LINES = 58
_COLUMN_CHARS = (34, 30, 24)


def _is_big(section: FieldSection, labels: Labels) -> bool:
    """Whether a field fills most (two thirds) of a printed page: then it starts one.

    An estimate from the length of its texts: each measure is as tall as its tallest
    column (text and partners; result and norms; status, note and correction).
    """
    lines = 3.0
    for theme in section.themes:
        lines += 4 + len(theme.targets)
        for line in theme.lines:
            m, s = line.measure, line.state
            columns = (
                f"{m.text} {' '.join(m.partners)}",
                " ".join([m.result or "", *(t.text(labels.lang) for t in s.targets)]),
                f"{s.note} {s.correction}",
            )
            lines += 1 + max(
                len(text) / chars for text, chars in zip(columns, _COLUMN_CHARS, strict=True)
            )
    return lines >= PAGE_LINES * 2 / 3


def _measure(report: Report, line: MeasureLine, labels: Labels) -> MeasureView:
    m, s = line.measure, line.state
    return MeasureView(
        id=m.id,
        text=m.text,
        partners=", ".join(report.partner_names(m)),
        partner_note=m.partner_note or "",
        result=m.result or "",
        extra=list(m.extra.items()),
        carried=carried_text(m, labels),
        targets=_targets(s.targets, labels, m.result),
        status=Light(colour(s.status), status_text(line, labels)),
        stale=s.stale,
        verdict=(
            Light(colour(s.verdict), labels.verdict(s.verdict)) if s.verdict is not None else None
        ),
        disagrees=s.disagrees,
        unreported=s.unreported,
        date=labels.date(s.last_date) if s.last_date else "",
        note=s.note if s.last_date else "",
        correction=s.correction if s.status.needs_correction else "",
    )


def page_context(report: Report, labels: Labels) -> dict[str, Any]:
    """The template's variables (listed at the top of ``report.html.j2``) but css and logo."""
    meta = report.programme.programme
    return {
        "lang": labels.lang,
        "label": SimpleNamespace(**labels.all()),
        "title": f"{labels['report']}: {meta.title}",
        "scope": scope_title(report, labels),
        "as_of": labels.date(report.as_of),
        "period": f"{labels.date(meta.period.start)} {labels['to']} {labels.date(meta.period.end)}",
        "adopted": f"{labels.date(meta.adopted.date)}, {meta.adopted.body}",
        "municipality": meta.municipality,
        "result": result_label(report, labels),
        "stale_title": labels.fmt("stale", days=report.stale_days),
        "summary": _summary(report, labels),
        "attention": _attention(report, labels),
        "footer": css_string(f"{meta.title} · {labels['as_of']} {labels.date(report.as_of)}"),
        "page_word": css_string(labels["page"]),
        "fields": [
            FieldView(
                section.field.id,
                section.field.name,
                [
                    ThemeView(
                        theme.theme.id,
                        theme.theme.name,
                        theme.theme.goal or labels["no_goal"],
                        [_measure(report, line, labels) for line in theme.lines],
                        _targets(theme.targets, labels),
                    )
                    for theme in section.themes
                ],
                labels.scope("field", section.field.id, section.field.name),
                section.field.goal,
                _targets(section.targets, labels),
                _is_big(section, labels),
            )
            for section in report.fields
        ],
        "report": report,
    }


def css_string(text: str) -> Markup:
    """``text`` as the inside of a CSS string ("..."): every character but a letter, a
    digit or a space as a CSS escape, so that data never ends the string or the stylesheet
    (for the page footer, which CSS draws: ``@page { @bottom-left { content: "..." } }``)."""
    from markupsafe import Markup  # lazy: comes with jinja2

    out = [
        # CSS takes the one space after a hex escape as its end: it is not part of the text.
        char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):06x} "
        for char in text
    ]
    return Markup("".join(out))  # nothing in it is markup: only [A-Za-z0-9 \\]


# --- the engine ------------------------------------------------------------------------------


def render_html(
    report: Report,
    labels: Labels,
    template_dir: Path | None = None,
    *,
    page: str = PAGE,
    context: dict[str, Any] | None = None,
) -> str:
    """The report as an HTML page; ``template_dir`` may replace the template, CSS and logo.

    ``page`` and ``context``: another template of the folder and its variables (the end
    evaluation's ``final.html.j2``); by default the report's own (:func:`page_context`).

    Raises :class:`UsageError` (naming the file, and the line where known) for a folder that
    is missing, a file of it that cannot be read, and a template of it that does not parse
    or fails while rendering.
    """
    variables = page_context(report, labels) if context is None else context
    return render_page(page, variables, template_dir)
