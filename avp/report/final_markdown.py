"""The end evaluation as markdown: headings and tables that render on GitHub and GitLab."""

from __future__ import annotations

from avp.render.output import joined_lines, md_cell
from avp.render.style import status_light, verdict_light
from avp.report.attention import markdown_attention
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
    year_line,
    year_word,
)
from avp.report.formats import carried_text, result_label, scope_title, target_name
from avp.report.labels import Labels
from avp.targets.verdicts import Verdict


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
    text = md_cell(m.text)
    if m.predecessor is not None:
        text += f"<br>*{md_cell(carried_text(m, labels))}*"
    return f"| {md_cell(m.id)} | {text} | {result} | {status} | {years} |"


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
    out += markdown_attention(report, labels)
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
    return joined_lines(out)
