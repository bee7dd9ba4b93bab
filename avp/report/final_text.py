"""Texts and figures of the end evaluation that every format shares."""

from __future__ import annotations

import datetime as dt

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.report.final import FinalMeasure, FinalReport, Lesson, YearVerdict
from avp.report.formats import dropped_text
from avp.report.labels import Labels


def title(final: FinalReport, labels: Labels) -> str:
    return f"{labels['final']}: {final.report.programme.programme.title}"


def interim_text(final: FinalReport, labels: Labels) -> str:
    """'Tussentijdse eindevaluatie: ...' for an evaluation before the end, else ''."""
    if not final.interim:
        return ""
    end = final.report.programme.programme.period.end
    return labels.fmt("final_interim", end=labels.date(end), day=labels.date(final.as_of))


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def status_text(measure: FinalMeasure, labels: Labels) -> str:
    """The final status in words; a dropped measure with its date and decision."""
    if measure.status is Status.dropped and measure.measure.dropped is not None:
        return dropped_text(measure.measure, labels)
    return labels.status(measure.status)


def year_word(judged: YearVerdict, labels: Labels) -> str:
    """'gehaald', or 'n.v.t.' (no period that year), 'nog niet' (the year has not begun)."""
    if judged.day is None:
        return labels["final_not_yet"]
    if judged.status is None:
        return labels["final_not_in_year"]
    return labels.verdict(judged.status.verdict)


def year_line(judged: YearVerdict, labels: Labels) -> str:
    """'2021: gehaald (2021: 2 van 2 ...)': the verdict with its reason."""
    if judged.status is None:
        return f"{judged.year}: {year_word(judged, labels)}"
    return f"{judged.year}: {year_word(judged, labels)} ({judged.status.text(labels.lang)})"


def lesson_line(lesson: Lesson, labels: Labels) -> str:
    entry = lesson.entry
    return f"{labels.date(entry.date)}, {entry.author}: {entry.note}"


def correction_line(entry: Entry | None, labels: Labels) -> str:
    if entry is None or not entry.correction:
        return ""
    return f"{labels.date(entry.date)}: {entry.correction}"


def owner_name(final: FinalReport, owner: str) -> str:
    """'1.1.1 Text of the measure' or '1.1 Name of the theme'."""
    level, item = final.report.programme.owners[owner]
    name = getattr(item, "text", None) if level == "measure" else getattr(item, "name", "")
    return f"{owner} {name or ''}".strip()


def dropped_day(measure: FinalMeasure) -> dt.date | None:
    """The day a measure was dropped: its ``dropped:`` date, else that of its entry."""
    if measure.measure.dropped is not None:
        return measure.measure.dropped.date
    return measure.status_entry.date if measure.status_entry is not None else None


def decision_text(measure: FinalMeasure, labels: Labels) -> str:
    dropped = measure.measure.dropped
    if dropped is None:  # dropped through the log, not by the programme: its entry's note
        entry = measure.status_entry
        return entry.note if entry is not None else labels["final_no_decision"]
    return dropped.decision or labels["final_no_decision"]


def summary_rows(
    final: FinalReport, labels: Labels
) -> list[tuple[str, tuple[int, int, int, float | None], int]]:
    """Per field and in total: (name, (done, not finished, dropped, share done), measures)."""
    rows = []
    groups = [
        (f"{s.field.id}. {s.field.name}", [final.measures[x.measure.id] for x in s.lines])
        for s in final.report.fields
    ]
    groups.append((labels["total"], list(final.measures.values())))
    for name, measures in groups:
        done = sum(m.status is Status.done for m in measures)
        dropped = sum(m.status is Status.dropped for m in measures)
        unfinished = sum(m.unfinished for m in measures)
        counted = len(measures) - dropped
        rows.append(
            (name, (done, unfinished, dropped, done / counted if counted else None), len(measures))
        )
    return rows
