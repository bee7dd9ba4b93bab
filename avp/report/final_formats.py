"""The end evaluation as json and csv (markdown, terminal, html: modules of their own)."""

from __future__ import annotations

from typing import Any

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.render.output import Column, to_csv, to_json
from avp.render.records import plain
from avp.report.attention import (
    attention_dict,
    attention_records,
)
from avp.report.final import FinalMeasure, FinalReport, Lesson, TargetYears, YearVerdict
from avp.report.final_text import (
    correction_line,
    dropped_day,
    lesson_line,
    status_text,
    year_word,
)
from avp.report.formats import (
    carried_text,
    counts_dict,
    dropped_text,
    result_label,
    target_dict,
    target_name,
    verdicts_dict,
)
from avp.report.labels import Labels
from avp.storage.snapshot import field_values


def _year_dict(judged: YearVerdict, labels: Labels) -> dict[str, Any]:
    status = judged.status
    current = status.current if status else None
    return {
        "year": judged.year,
        "judged_on": judged.day.isoformat() if judged.day else None,
        "ended": judged.ended,
        "period": current.key if current else None,
        "required": plain(current.required) if current else None,
        "achieved": plain(current.achieved) if current else None,
        "verdict": status.verdict.value if status else None,
        "verdict_label": year_word(judged, labels),
        "forecast": status.text(labels.lang) if status else None,
    }


def target_years_dict(target: TargetYears, labels: Labels) -> dict[str, Any]:
    return {
        **target_dict(target.final, labels),
        "years": [_year_dict(y, labels) for y in target.years],
    }


def _entry_dict(entry: Entry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"date": entry.date.isoformat(), "note": entry.note, "author": entry.author}


def lesson_dict(lesson: Lesson) -> dict[str, Any]:
    entry = lesson.entry
    return {
        "owner": lesson.owner,
        "date": entry.date.isoformat(),
        "note": entry.note,
        "author": entry.author,
        "id": entry.id,
    }


def measure_dict(final: FinalReport, measure: FinalMeasure, labels: Labels) -> dict[str, Any]:
    m, state = measure.measure, measure.line.state
    update, correction = measure.last_update, measure.last_correction
    return {
        "id": m.id,
        "text": m.text,
        "partners": list(m.partners),
        "partner_names": final.report.partner_names(m),
        "result": m.result,
        "predecessor": field_values(m.predecessor) if m.predecessor else None,
        "status": measure.status.value,
        "status_label": status_text(measure, labels),
        "finished": not measure.unfinished,
        "carry_over": measure.unfinished,
        "dropped": (
            {"date": m.dropped.date.isoformat(), "decision": m.dropped.decision}
            if m.dropped is not None and measure.status is Status.dropped
            else None
        ),
        "last_update": _entry_dict(update),
        "last_correction": (
            {"date": correction.date.isoformat(), "correction": correction.correction}
            if correction is not None
            else None
        ),
        "entries": state.entries,
        "verdict": state.verdict.value if state.verdict else None,
        "targets": [target_years_dict(t, labels) for t in measure.targets],
        "lessons": [lesson_dict(lesson) for lesson in measure.lessons],
    }


def _carry_dict(final: FinalReport, measure: FinalMeasure, labels: Labels) -> dict[str, Any]:
    row = measure.line.row
    found = measure_dict(final, measure, labels)
    keys = ("id", "text", "status", "status_label", "last_update", "last_correction")
    return {"field": row.field.id, "theme": row.theme.id} | {k: found[k] for k in keys}


def _dropped_dict(measure: FinalMeasure) -> dict[str, Any]:
    """``date`` and ``decision`` of the programme's ``dropped:``, or the ``note`` of the
    entry that dropped it."""
    day = dropped_day(measure)
    by_log = measure.measure.dropped is None and measure.status_entry is not None
    return {
        "date": day.isoformat() if day else None,
        "decision": measure.measure.dropped.decision if measure.measure.dropped else None,
        "note": measure.status_entry.note if by_log and measure.status_entry else None,
    }


def to_final_dict(final: FinalReport, labels: Labels) -> dict[str, Any]:
    """The end evaluation as JSON-ready data (the keys are documented in the README)."""
    report = final.report
    meta = report.programme.programme
    return {
        "kind": "final_evaluation",
        "interim": final.interim,
        "programme": {
            "municipality": meta.municipality,
            "title": meta.title,
            "period": {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
            "result_label": result_label(report, labels),
        },
        "scope": {"kind": report.scope_kind, "id": report.scope_id, "name": report.scope_name},
        "as_of": final.as_of.isoformat(),
        "language": labels.lang,
        "years": list(final.years),
        "totals": {
            "measures": len(final.measures),
            "counts": counts_dict(report.counts),
            "done": final.done,
            "dropped": len(final.dropped),
            "unfinished": len(final.carry_over),
            "share_done": None if final.share_done is None else round(final.share_done, 4),
            "targets_per_year": [
                {
                    "year": total.year,
                    "judged_on": total.day.isoformat() if total.day else None,
                    "targets": total.targets,
                    "verdicts": verdicts_dict(total.counts),
                    "share_met": None if total.share_met is None else round(total.share_met, 4),
                }
                for total in final.year_totals
            ],
        },
        "fields": [
            {
                "id": section.field.id,
                "name": section.field.name,
                "goal": section.field.goal,
                "measures": len(section.lines),
                "counts": counts_dict(section.counts),
                "targets": [
                    target_years_dict(t, labels) for t in final.goals.get(section.field.id, ())
                ],
                "themes": [
                    {
                        "id": theme.theme.id,
                        "name": theme.theme.name,
                        "goal": theme.theme.goal,
                        "targets": [
                            target_years_dict(t, labels)
                            for t in final.goals.get(theme.theme.id, ())
                        ],
                        "measures": [
                            measure_dict(final, final.measures[line.measure.id], labels)
                            for line in theme.lines
                        ],
                    }
                    for theme in section.themes
                ],
            }
            for section in report.fields
        ],
        "carry_over": [_carry_dict(final, m, labels) for m in final.carry_over],
        "dropped": [
            {"id": m.measure.id, "text": m.measure.text} | _dropped_dict(m) for m in final.dropped
        ],
        "lessons": [lesson_dict(lesson) for lesson in final.lessons],
        "attention": [attention_dict(item, labels) for item in report.attention],
    }


def render_final_json(final: FinalReport, labels: Labels) -> str:
    return to_json(to_final_dict(final, labels))


def csv_columns(final: FinalReport) -> list[Column]:
    """One row per measure (and per field or theme with targets of its own); per year of
    the programme the targets met, the targets judged and their verdicts."""
    keys = [
        "level",
        "field",
        "field_name",
        "theme",
        "theme_name",
        "id",
        "text",
        "predecessor",
        "result",
        "status",
        "status_label",
        "carry_over",
        "dropped",
        "last_update",
        "note",
        "last_correction",
        "targets",
    ]
    for year in final.years:
        keys += [f"targets_met_{year}", f"targets_{year}", f"verdicts_{year}"]
    keys.append("lessons")
    return [Column(key, key) for key in keys]


def _years_record(
    targets: tuple[TargetYears, ...], final: FinalReport, labels: Labels
) -> dict[str, Any]:
    record: dict[str, Any] = {"targets": [target_name(t.final, labels) for t in targets]}
    for number, year in enumerate(final.years):
        judged = [t.years[number] for t in targets]
        shown = [j for j in judged if j.status is not None]
        record[f"targets_met_{year}"] = sum(j.verdict == "met" for j in shown) if targets else None
        record[f"targets_{year}"] = len(shown) if targets else None
        record[f"verdicts_{year}"] = [
            f"{target_name(t.final, labels)}: {year_word(j, labels)}"
            for t, j in zip(targets, judged, strict=True)
        ]
    return record


def render_final_csv(final: FinalReport, labels: Labels) -> str:
    # First the attention points, the rows of the report's csv (avp.report.attention); the
    # correction is the column the final csv calls last_correction.
    records: list[dict[str, Any]] = [
        {
            **{k: v for k, v in row.items() if k != "correction"},
            "last_correction": row["correction"],
        }
        for row in attention_records(final.report, labels)
    ]
    for section in final.report.fields:
        place = {"field": section.field.id, "field_name": section.field.name}
        if section.field.id in final.goals:
            records.append(
                place
                | {"level": "field", "id": section.field.id, "text": section.field.goal}
                | _years_record(final.goals[section.field.id], final, labels)
            )
        for theme in section.themes:
            place_theme = place | {"theme": theme.theme.id, "theme_name": theme.theme.name}
            if theme.theme.id in final.goals:
                records.append(
                    place_theme
                    | {"level": "theme", "id": theme.theme.id, "text": theme.theme.goal}
                    | _years_record(final.goals[theme.theme.id], final, labels)
                )
            for line in theme.lines:
                measure = final.measures[line.measure.id]
                update = measure.last_update
                records.append(
                    place_theme
                    | {
                        "level": "measure",
                        "id": measure.measure.id,
                        "text": measure.measure.text,
                        "predecessor": carried_text(measure.measure, labels),
                        "result": measure.measure.result,
                        "status": measure.status.value,
                        "status_label": status_text(measure, labels),
                        "carry_over": labels["yes"] if measure.unfinished else "",
                        "dropped": dropped_text(measure.measure, labels)
                        if measure.status is Status.dropped
                        else "",
                        "last_update": update.date.isoformat() if update else None,
                        "note": update.note if update else None,
                        "last_correction": correction_line(measure.last_correction, labels),
                        "lessons": [lesson_line(x, labels) for x in measure.lessons],
                    }
                    | _years_record(measure.targets, final, labels)
                )
    return to_csv(records, csv_columns(final))
