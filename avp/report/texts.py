"""The texts every report format shares: titles, a norm's line, a measure's status in words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from avp.programme.status import Status
from avp.report.build import MeasureLine, Report
from avp.report.labels import Labels
from avp.report.source import source_line
from avp.targets.evaluate import TargetStatus

if TYPE_CHECKING:
    from avp.programme.models import Measure


def scope_title(report: Report, labels: Labels) -> str:
    if report.scope_kind in ("field", "theme"):
        return labels.scope(report.scope_kind, report.scope_id, report.scope_name)
    if report.scope_kind == "partner":
        key = "scope_partner_units" if report.subunits else "scope_partner"
        return labels.fmt(key, name=report.scope_name)
    return labels["scope_programme"]


def result_label(report: Report, labels: Labels) -> str:
    return labels.result(report.programme.programme.period.end.year)


def target_name(target: TargetStatus, labels: Labels) -> str:
    """The target's description, with "(voorstel)" when it is a suggested target."""
    name = target.target.description
    return f"{name} ({labels['suggested']})" if target.target.suggested else name


def _words(text: str) -> str:
    """Lower-case words only: for comparing a norm's description with the result text."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def repeats_result(target: TargetStatus, result: str | None) -> bool:
    """Whether the target's description says what the measure's result text says already
    ("Alle B en C evenementen zijn vooraf geschouwd" under the same result): then the
    report shows the judgement alone. A suggested target keeps its name (it is marked)."""
    if not result or target.target.suggested:
        return False
    name = _words(target.target.description)
    return bool(name) and name in _words(result)


def target_line(target: TargetStatus, labels: Labels, result: str | None = None) -> str:
    """``Twee keer per jaar ...: risico (1 van 2 in 2022, ...)``; without the description
    when it repeats ``result`` (the measure's result text, shown just above)."""
    text = target.text(labels.lang)
    line = text if repeats_result(target, result) else f"{target_name(target, labels)}: {text}"
    source = source_line(target, labels.lang)
    return line if source is None else f"{line}\n{source}"  # under the figure


def status_text(line: MeasureLine, labels: Labels) -> str:
    """The status as shown: "op koers"; "vervallen per ..." for a dropped measure; "geen
    status gemeld" for a measure with activity but no status (see MeasureState.unreported)."""
    m, s = line.measure, line.state
    if m.dropped is not None and s.status is Status.dropped:
        return dropped_text(m, labels)
    if s.unreported:
        return labels["unreported"]
    return labels.status(s.status)


def short_text(text: str, limit: int = 140) -> str:
    """A measure's text for the attention list: its first paragraph, cut at a word near
    ``limit`` characters with "…" (the full text is in the report below)."""
    first = text.strip().split("\n\n")[0].replace("\n", " ")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def dropped_text(measure: Measure, labels: Labels) -> str:
    """'vervallen per 1 juni 2024 (collegebesluit 28 mei 2024)', or '' if not dropped."""
    dropped = measure.dropped
    if dropped is None:
        return ""
    day = labels.date(dropped.date)
    if dropped.decision:
        return labels.fmt("dropped_by", day=day, decision=dropped.decision)
    return labels.fmt("dropped_on", day=day)


def carried_text(measure: Measure, labels: Labels) -> str:
    """'Voortgezet uit programma-2021-2022.yaml (1.3.5)' for a carried measure, else ''."""
    before = measure.predecessor
    if before is None:
        return ""
    return labels.fmt("successor.from_measure", programme=before.programme, measure=before.measure)


def extra_text(measure: Measure) -> str:
    """The adopted table's other columns: 'budget: € 4.000; planning: Q1 t/m Q4'."""
    return "; ".join(f"{key}: {value}" for key, value in measure.extra.items())
