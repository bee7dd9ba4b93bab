"""The end evaluation as json, csv and markdown (terminal and html: final_terminal, final_html)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from avp.programme.status import Status
from avp.progress.models import Entry
from avp.render.output import Column, md_cell, to_csv, to_json
from avp.render.records import plain
from avp.render.style import status_light, verdict_light
from avp.report.final import FinalMeasure, FinalReport, Lesson, TargetYears, YearVerdict
from avp.report.formats import (
    counts_dict,
    dropped_text,
    result_label,
    scope_title,
    target_dict,
    target_name,
    verdicts_dict,
)
from avp.report.labels import Labels
from avp.targets.verdicts import Verdict

# --- shared by every format --------------------------------------------------------------


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


# --- json --------------------------------------------------------------------------------


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


def dropped_day(measure: FinalMeasure) -> dt.date | None:
    """The day a measure was dropped: its ``dropped:`` date, else that of its entry."""
    if measure.measure.dropped is not None:
        return measure.measure.dropped.date
    return measure.status_entry.date if measure.status_entry is not None else None


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
    }


def render_final_json(final: FinalReport, labels: Labels) -> str:
    return to_json(to_final_dict(final, labels))


# --- csv ---------------------------------------------------------------------------------


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
    records: list[dict[str, Any]] = []
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


# --- markdown ----------------------------------------------------------------------------


def _md_year_cell(targets: tuple[TargetYears, ...], number: int, labels: Labels) -> str:
    """The targets' verdicts in one year; each with the target's id when there are several."""
    parts = []
    for target in targets:
        judged = target.years[number]
        light = f"{verdict_light(judged.verdict)} " if judged.verdict is not None else ""
        named = f"{md_cell(target.target.id)}: " if len(targets) > 1 else ""
        parts.append(f"{named}{light}{md_cell(year_word(judged, labels))}")
    return "<br>".join(parts) or "–"


def _md_goal_targets(final: FinalReport, owner: str, labels: Labels) -> list[str]:
    targets = final.goals.get(owner, ())
    out = []
    for target in targets:
        years = "; ".join(md_cell(year_line(y, labels)) for y in target.years)
        out.append(f"- **{labels['norm']}:** {md_cell(target_name(target.final, labels))}: {years}")
    return [*out, ""] if out else []


def _md_measure(final: FinalReport, measure: FinalMeasure, labels: Labels) -> str:
    m = measure.measure
    result = md_cell(m.result or "")
    for target in measure.targets:
        result += (
            f"<br>**{labels['norm']}:** {verdict_light(target.final.verdict)} "
            f"{md_cell(target_name(target.final, labels))}: "
            f"{md_cell(target.final.text(labels.lang))}"
        )
    status = f"{status_light(measure.status)} **{md_cell(status_text(measure, labels))}**"
    update = measure.last_update
    if update is not None:
        status += f"<br>{labels.date(update.date)}: {md_cell(update.note)}"
    else:
        status += f"<br>{labels['no_update']}"
    if measure.last_correction is not None:
        line = correction_line(measure.last_correction, labels)
        status += f"<br>**{labels['final_last_correction']}:** {md_cell(line)}"
    for lesson in measure.lessons:
        status += f"<br>**{labels['final_lesson']}:** {md_cell(lesson_line(lesson, labels))}"
    years = " | ".join(
        _md_year_cell(measure.targets, number, labels) for number in range(len(final.years))
    )
    return f"| {md_cell(m.id)} | {md_cell(m.text)} | {result} | {status} | {years} |"


def render_final_markdown(final: FinalReport, labels: Labels) -> str:
    report = final.report
    meta = report.programme.programme
    out = [f"# {md_cell(title(final, labels))}", ""]
    if final.interim:
        out += [f"> {md_cell(interim_text(final, labels))}", ""]
    out += [
        f"**{md_cell(scope_title(report, labels))}**  ",
        f"{labels['as_of']}: {labels.date(final.as_of)}  ",
        f"{labels['period']}: {labels.date(meta.period.start)} {labels['to']} "
        f"{labels.date(meta.period.end)}",
        "",
        f"## {labels['summary']}",
        "",
        f"| {labels['field']} | {labels['measures']} | {labels['final_done']} | "
        f"{labels['final_unfinished']} | {labels['final_dropped']} | "
        f"{labels['final_share_done']} |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, counts, measures in summary_rows(final, labels):
        out.append(
            f"| {md_cell(name)} | {measures} | {counts[0]} | {counts[1]} | {counts[2]} | "
            f"{share(counts[3])} |"
        )
    out += ["", md_cell(labels["final_share_note"]), ""]
    out += [f"### {labels['final_targets_per_year']}", ""]
    verdict_names = list(Verdict)
    out += [
        f"| {labels['final_year']} | {labels['final_judged_on']} | {labels['final_targets']} | "
        + " | ".join(f"{verdict_light(v)} {labels.verdict(v)}" for v in verdict_names)
        + f" | {labels['final_share_met']} |",
        "| --- | --- | ---: | " + "---: | " * len(verdict_names) + "---: |",
    ]
    for total in final.year_totals:
        day = labels.date(total.day) if total.day else labels["final_not_yet"]
        out.append(
            f"| {total.year} | {day} | {total.targets} | "
            + " | ".join(str(total.counts[v]) for v in verdict_names)
            + f" | {share(total.share_met)} |"
        )
    out += ["", md_cell(labels["final_year_note"]), ""]
    result = result_label(report, labels)
    years = " | ".join(str(y) for y in final.years)
    for section in report.fields:
        out += [f"## {md_cell(labels.scope('field', section.field.id, section.field.name))}", ""]
        if section.field.goal:
            out += [f"**{labels['goal']}:** {md_cell(section.field.goal)}", ""]
        out += _md_goal_targets(final, section.field.id, labels)
        for theme in section.themes:
            out += [f"### {md_cell(theme.theme.id)} {md_cell(theme.theme.name)}", ""]
            out += [f"**{labels['goal']}:** {md_cell(theme.theme.goal or labels['no_goal'])}", ""]
            out += _md_goal_targets(final, theme.theme.id, labels)
            if not theme.lines:
                out += [f"{md_cell(labels['measures'])}: {labels['none_yet']}", ""]
                continue
            out += [
                f"| {labels['id']} | {md_cell(labels['measure'])} | {md_cell(result)} | "
                f"{labels['final_status']} | {years} |",
                "| --- | --- | --- | --- |" + " --- |" * len(final.years),
            ]
            out += [
                _md_measure(final, final.measures[line.measure.id], labels) for line in theme.lines
            ]
            out.append("")
    out += [f"## {labels['final_carry_over']}", ""]
    if final.carry_over:
        out += [
            f"| {labels['id']} | {md_cell(labels['measure'])} | {labels['status']} | "
            f"{labels['last_update']} | {labels['final_last_correction']} |",
            "| --- | --- | --- | --- | --- |",
        ]
        for measure in final.carry_over:
            update = measure.last_update
            shown = f"{labels.date(update.date)}: {update.note}" if update else labels["no_update"]
            out.append(
                f"| {md_cell(measure.measure.id)} | {md_cell(measure.measure.text)} | "
                f"{status_light(measure.status)} {md_cell(status_text(measure, labels))} | "
                f"{md_cell(shown)} | {md_cell(correction_line(measure.last_correction, labels))} |"
            )
    else:
        out.append(md_cell(labels["final_carry_over_none"]))
    out += ["", f"## {labels['final_dropped_heading']}", ""]
    if final.dropped:
        out += [
            f"| {labels['id']} | {md_cell(labels['measure'])} | {labels['final_dropped_on']} | "
            f"{labels['final_decision']} |",
            "| --- | --- | --- | --- |",
        ]
        for measure in final.dropped:
            out.append(
                f"| {md_cell(measure.measure.id)} | {md_cell(measure.measure.text)} | "
                f"{labels.date(dropped_day(measure))} | "
                f"{md_cell(decision_text(measure, labels))} |"
            )
    else:
        out.append(md_cell(labels["final_dropped_none"]))
    out += ["", f"## {labels['final_lessons']}", ""]
    if final.lessons:
        out += [
            f"- **{md_cell(owner_name(final, lesson.owner))}** — "
            f"{md_cell(lesson_line(lesson, labels))}"
            for lesson in final.lessons
        ]
    else:
        out.append(md_cell(labels["final_lessons_none"]))
    return "\n".join(out).rstrip("\n") + "\n"


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
