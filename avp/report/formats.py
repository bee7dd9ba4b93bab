"""Report renderers: json, csv and markdown (html and terminal have modules of their own)."""

from __future__ import annotations

from typing import Any

from avp.programme.status import Status
from avp.render.output import Column, joined_lines, md_cell, to_csv, to_json
from avp.render.records import target_record
from avp.render.style import status_light, verdict_light
from avp.report.attention import attention_dict, attention_records, markdown_attention
from avp.report.build import (
    FieldSection,
    MeasureLine,
    Report,
    ThemeSection,
    count_statuses,
    count_verdicts,
    good_share,
)
from avp.report.labels import LEVEL_KEYS, Labels
from avp.report.source import source_line

# The texts every format shares, here too for the modules that import them from here.
from avp.report.texts import carried_text as carried_text
from avp.report.texts import dropped_text as dropped_text
from avp.report.texts import extra_text as extra_text
from avp.report.texts import result_label as result_label
from avp.report.texts import scope_title as scope_title
from avp.report.texts import status_text as status_text
from avp.report.texts import target_line as target_line
from avp.report.texts import target_name as target_name
from avp.storage.snapshot import field_values
from avp.targets.evaluate import TargetStatus
from avp.targets.verdicts import Verdict, worst


def counts_dict(counts: dict[Status, int]) -> dict[str, int]:
    return {status.value: counts[status] for status in Status}


def verdicts_dict(counts: dict[Verdict, int]) -> dict[str, int]:
    return {verdict.value: counts[verdict] for verdict in Verdict}


def target_dict(target: TargetStatus, labels: Labels) -> dict[str, Any]:
    """One target of a measure on the report's day (the keys are documented in the README)."""
    record = target_record(target, labels.lang)
    if (source := source_line(target, labels.lang)) is not None:
        record["source"] = source  # an imported figure's table and period
    return record


def _measure_dict(report: Report, line: MeasureLine, labels: Labels) -> dict[str, Any]:
    m, s = line.measure, line.state
    return {
        "id": m.id,
        "text": m.text,
        "partners": list(m.partners),
        "partner_names": report.partner_names(m),
        "partner_note": m.partner_note,
        "result": m.result,
        "extra": dict(m.extra),
        "dropped": (
            {"date": m.dropped.date.isoformat(), "decision": m.dropped.decision}
            if m.dropped
            else None
        ),
        "predecessor": field_values(m.predecessor) if m.predecessor else None,
        "status": s.status.value,
        "status_label": labels.status(s.status),
        "last_update": s.last_date.isoformat() if s.last_date else None,
        "note": s.note or None,
        "correction": s.correction or None,
        "author": s.author or None,
        "entries": s.entries,
        "stale": s.stale,
        "verdict": s.verdict.value if s.verdict else None,
        "verdict_label": labels.verdict(s.verdict) if s.verdict else None,
        "disagrees": s.disagrees,
        "unreported": s.unreported,
        "targets": [target_dict(t, labels) for t in s.targets],
    }


def to_dict(report: Report, labels: Labels) -> dict[str, Any]:
    """The report as JSON-ready data. The keys are documented in the README."""
    meta = report.programme.programme
    counts = report.counts
    return {
        "programme": {
            "labels": {k: labels[k] for k in LEVEL_KEYS if k != "result"}
            | {"result": result_label(report, labels)},
            "municipality": meta.municipality,
            "title": meta.title,
            "period": {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
        },
        "scope": {"kind": report.scope_kind, "id": report.scope_id, "name": report.scope_name},
        "as_of": report.as_of.isoformat(),
        "language": labels.lang,
        "stale_days": report.stale_days,
        "attention": [attention_dict(item, labels) for item in report.attention],
        "totals": {
            "measures": len(report.lines),
            "counts": counts_dict(counts),
            "share_done_or_on_track": round(good_share(counts), 4),
            "stale": report.stale_count,
            "verdicts": verdicts_dict(report.verdicts),
            "disagreements": report.disagreements,
        },
        "fields": [_field_dict(report, section, labels) for section in report.fields],
    }


def _field_dict(report: Report, section: FieldSection, labels: Labels) -> dict[str, Any]:
    lines = section.lines
    counts = count_statuses(lines)
    return {
        "id": section.field.id,
        "name": section.field.name,
        "measures": len(lines),
        "counts": counts_dict(counts),
        "share_done_or_on_track": round(good_share(counts), 4),
        "verdicts": verdicts_dict(count_verdicts(lines)),
        "disagreements": sum(line.state.disagrees for line in lines),
        "goal": section.field.goal,
        "targets": [target_dict(t, labels) for t in section.targets],
        "themes": [
            {
                "id": theme.theme.id,
                "name": theme.theme.name,
                "goal": theme.theme.goal,
                "targets": [target_dict(t, labels) for t in theme.targets],
                "measures": [_measure_dict(report, line, labels) for line in theme.lines],
            }
            for theme in section.themes
        ],
    }


def render_json(report: Report, labels: Labels) -> str:
    return to_json(to_dict(report, labels))


CSV_COLUMNS = [
    Column(key, key)
    for key in (
        "level",
        "field",
        "field_name",
        "theme",
        "theme_name",
        "id",
        "text",
        "result",
        "partners",
        "partner_names",
        "status",
        "status_label",
        "last_update",
        "note",
        "correction",
        "stale",
        "verdict",
        "verdict_label",
        "disagrees",
        "targets",
        "dropped",
        "extra",
        "predecessor",
    )
]


def _goal_record(
    section: FieldSection, theme: ThemeSection | None, labels: Labels
) -> dict[str, Any]:
    """A csv row for a field's or theme's own targets."""
    owner = theme.theme if theme is not None else section.field
    targets = theme.targets if theme is not None else section.targets
    return {
        "level": "theme" if theme is not None else "field",
        "field": section.field.id,
        "field_name": section.field.name,
        "theme": theme.theme.id if theme is not None else None,
        "theme_name": theme.theme.name if theme is not None else None,
        "id": owner.id,
        "text": owner.goal,
        "verdict": worst(t.verdict for t in targets).value,
        "verdict_label": labels.verdict(worst(t.verdict for t in targets)),
        "targets": [target_line(t, labels) for t in targets],
    }


def xlsx_table(report: Report, labels: Labels) -> tuple[list[dict[str, Any]], list[Column]]:
    """The rows and columns of the report's workbook: the csv's rows for people, as the
    workbooks of list, targets and progress list: headers and levels in the labels'
    language, the status and verdict once (their labels; the cells coloured by the key
    each row keeps), yes/no as 'ja' or nothing (as the csv has them)."""
    from dataclasses import replace  # lazy

    from avp.render.records import headed, labelled  # lazy

    names = {
        "id": labels["column.owner"],
        "field_name": labels["field"],
        "theme_name": labels["theme"],
        "text": labels["measure"],
        "result": labels["result_plain"],
        "partners": labels["partners"],
    }
    columns = [
        replace(c, header=names[c.key]) if c.key in names else c
        for c in headed(CSV_COLUMNS, labels.lang)
        if c.key not in ("status", "verdict")
    ]
    return labelled(csv_records(report, labels), labels.lang), columns


def render_csv(report: Report, labels: Labels) -> str:
    """One row per measure; a field or theme with targets of its own gets a row too."""
    return to_csv(csv_records(report, labels), CSV_COLUMNS)


def csv_records(report: Report, labels: Labels) -> list[dict[str, Any]]:
    """The rows of :func:`render_csv`: first the attention points (level ``attention``,
    the reasons in ``note``), then the fields, themes and measures."""
    records: list[dict[str, Any]] = attention_records(report, labels)
    for section in report.fields:
        if section.targets:
            records.append(_goal_record(section, None, labels))
        for theme in section.themes:
            if theme.targets:
                records.append(_goal_record(section, theme, labels))
            for line in theme.lines:
                record = _measure_dict(report, line, labels)
                record.update(
                    level="measure",
                    field=section.field.id,
                    field_name=section.field.name,
                    theme=theme.theme.id,
                    theme_name=theme.theme.name,
                    stale=(labels["yes"] if line.state.stale else ""),
                    disagrees=(labels["yes"] if line.state.disagrees else ""),
                    status_label=status_text(line, labels),
                    targets=[target_line(t, labels) for t in line.state.targets],
                    dropped=dropped_text(line.measure, labels),
                    extra=extra_text(line.measure),
                    predecessor=carried_text(line.measure, labels),
                )
                records.append(record)
    return records


def bar_text(counts: dict[Status, int]) -> str:
    return " ".join(f"{status_light(s)} {counts[s]}" for s in Status if counts[s])


def render_markdown(report: Report, labels: Labels) -> str:
    meta = report.programme.programme
    out = [
        f"# {md_cell(labels['report'])}: {md_cell(meta.title)}",
        "",
        f"**{md_cell(scope_title(report, labels))}**  ",
        f"{labels['as_of']}: {labels.date(report.as_of)}  ",
        f"{labels['period']}: {labels.date(meta.period.start)} {labels['to']} "
        f"{labels.date(meta.period.end)}",
        "",
        f"## {labels['summary']}",
        "",
        f"| {labels['field']} | {labels['measures']} | {labels['status']} | "
        f"{labels['good_share']} | {labels['stale_count']} |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    for section in report.fields:
        counts = section.counts
        stale = section.stale_count
        out.append(
            f"| {section.field.id}. {md_cell(section.field.name)} | {len(section.lines)} | "
            f"{bar_text(counts)} | {good_share(counts):.0%} | {stale} |"
        )
    counts = report.counts
    out.append(
        f"| **{labels['total']}** | **{len(report.lines)}** | {bar_text(counts)} | "
        f"**{good_share(counts):.0%}** | **{report.stale_count}** |"
    )
    legend = " · ".join(f"{status_light(s)} {labels.status(s)}" for s in Status)
    out += ["", legend, ""]
    if report.has_targets:
        out += [f"**{labels['computed_summary']}:** {verdict_text(report, labels)}", ""]
    out += markdown_attention(report, labels)
    result = result_label(report, labels)
    for section in report.fields:
        field_heading = labels.scope("field", section.field.id, section.field.name)
        out += [f"## {md_cell(field_heading)}", ""]
        if section.field.goal:
            out += [f"**{labels['goal']}:** {md_cell(section.field.goal)}", ""]
        out += _markdown_targets(section.targets, labels)
        if not section.themes:
            out += [f"{md_cell(labels['theme'])}: {labels['none_yet']}", ""]
        for theme in section.themes:
            goal = theme.theme.goal or labels["no_goal"]
            out += [
                f"### {md_cell(theme.theme.id)} {md_cell(theme.theme.name)}",
                "",
                f"**{labels['goal']}:** {md_cell(goal)}",
                "",
                *_markdown_targets(theme.targets, labels),
            ]
            if not theme.lines:
                out += [f"{md_cell(labels['measures'])}: {labels['none_yet']}", ""]
                continue
            out += [
                f"| {labels['id']} | {md_cell(labels['measure'])} | {md_cell(labels['partners'])} "
                f"| {md_cell(result)} | {labels['status']} | {labels['last_update']} |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for line in theme.lines:
                out.append(_markdown_row(report, line, labels))
            out.append("")
    return joined_lines(out)


def verdict_text(report: Report, labels: Labels, lights: bool = True) -> str:
    """``🔵 gehaald 2 · 🟢 op schema 1 ... · wijkt af van de stand van zaken: 1``."""
    counts = report.verdicts
    parts = [
        (f"{verdict_light(v)} " if lights else "") + f"{labels.verdict(v)} {counts[v]}"
        for v in Verdict
    ]
    return " · ".join([*parts, f"{labels['disagrees']}: {report.disagreements}"])


def _markdown_targets(targets: tuple[TargetStatus, ...], labels: Labels) -> list[str]:
    """A field's or theme's own targets, one line each."""
    if not targets:
        return []
    return [
        *(
            f"- **{labels['norm']}:** {verdict_light(t.verdict)} {md_cell(target_line(t, labels))}"
            for t in targets
        ),
        "",
    ]


def _markdown_row(report: Report, line: MeasureLine, labels: Labels) -> str:
    m, s = line.measure, line.state
    status = f"{status_light(s.status)} {md_cell(status_text(line, labels))}"
    if s.unreported:
        status += f" ({md_cell(labels['unreported_note'])})"
    if s.stale:
        status += f" ({labels['stale_short']})"
    if s.verdict is not None:
        status += (
            f"<br>**{labels['computed']}:** {verdict_light(s.verdict)} {labels.verdict(s.verdict)}"
        )
    if s.disagrees:
        status += f"<br>⚠️ {md_cell(labels['disagrees'])}"
    result = md_cell(m.result or "")
    for target in s.targets:
        result += (
            f"<br>**{labels['norm']}:** {verdict_light(target.verdict)} "
            f"{md_cell(target_line(target, labels, m.result))}"
        )
    update = labels.date(s.last_date) if s.last_date else labels["no_update"]
    if s.note:
        update += f"<br>{md_cell(s.note)}"
    if s.correction and s.status.needs_correction:
        update += f"<br>**{labels['correction']}:** {md_cell(s.correction)}"
    partners = ", ".join(report.partner_names(m))
    text = md_cell(m.text)
    if m.extra:
        text += f"<br>{md_cell(extra_text(m))}"
    if m.predecessor:
        text += f"<br>*{md_cell(carried_text(m, labels))}*"
    return f"| {md_cell(m.id)} | {text} | {md_cell(partners)} | {result} | {status} | {update} |"
