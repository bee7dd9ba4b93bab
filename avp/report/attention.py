"""Aandachtspunten: the measures that need attention, as text, data and markdown.

The list itself is built once (:attr:`avp.report.build.Report.attention`); these are the
pieces each format shows of it: why a measure is on it, its correction, its norms at risk.
"""

from __future__ import annotations

from typing import Any

from avp.programme.status import Status
from avp.render.output import md_cell
from avp.render.style import status_light, verdict_light
from avp.report.build import AttentionItem, Report
from avp.report.labels import Labels
from avp.report.texts import short_text, status_text, target_line
from avp.targets.verdicts import Verdict


def attention_light(item: AttentionItem) -> Status | Verdict:
    """What colours an attention point's light: the worse of its status and its verdict
    (the status when equal); the status for a disagreement alone (not orange or red)."""
    s = item.state
    for value in (Status.off_track, Verdict.missed, Status.at_risk, Verdict.at_risk):
        if value in (s.status, s.verdict):
            return value
    return s.status


def attention_why(item: AttentionItem, labels: Labels) -> str:
    """Why a measure is on the attention list: "gemeld: achter; berekend: risico"."""
    s = item.state
    values = {
        "status": labels.status(s.status),
        "verdict": labels.verdict(s.verdict or Verdict.no_data),
    }
    return "; ".join(labels.fmt_once(key, **values) for key in item.reasons)


def attention_correction(item: AttentionItem, labels: Labels) -> str:
    """The correction (bijsturing) of an attention point, or "nog geen bijsturing vastgelegd"."""
    return item.state.correction or labels["no_correction"]


def attention_targets(item: AttentionItem, labels: Labels) -> list[str]:
    """The measure's targets at risk or missed, one line each."""
    return [target_line(t, labels) for t in item.bad_targets]


def attention_dict(item: AttentionItem, labels: Labels) -> dict[str, Any]:
    """One attention point as JSON-ready data (``attention`` in the json report)."""
    s = item.state
    return {
        "id": item.measure.id,
        "text": item.measure.text,
        "field": item.field.id,
        "theme": item.theme.id,
        "level": {2: "red", 1: "orange"}.get(s.severity, "none"),
        "status": s.status.value,
        "status_label": status_text(item.line, labels),
        "verdict": s.verdict.value if s.verdict else None,
        "verdict_label": labels.verdict(s.verdict) if s.verdict else None,
        "disagrees": s.disagrees,
        "reasons": [key.removeprefix("attention.") for key in item.reasons],
        "why": attention_why(item, labels),
        "correction": s.correction or None,
        "targets": attention_targets(item, labels),
    }


def attention_records(report: Report, labels: Labels) -> list[dict[str, Any]]:
    """The attention points as csv rows (level ``attention``, the reasons in ``note``), with
    the keys of the report's csv columns."""
    return [
        {
            "level": "attention",
            "field": item.field.id,
            "field_name": item.field.name,
            "theme": item.theme.id,
            "theme_name": item.theme.name,
            "id": item.measure.id,
            "text": item.measure.text,
            "status": item.state.status.value,
            "status_label": status_text(item.line, labels),
            "note": attention_why(item, labels),
            "correction": attention_correction(item, labels),
            "verdict": item.state.verdict.value if item.state.verdict else None,
            "verdict_label": labels.verdict(item.state.verdict) if item.state.verdict else None,
            "disagrees": labels["yes"] if item.state.disagrees else "",
            "targets": attention_targets(item, labels),
        }
        for item in report.attention
    ]


def markdown_attention(report: Report, labels: Labels) -> list[str]:
    """Aandachtspunten: a table of the measures that need attention, or a line saying none."""
    out = [f"## {md_cell(labels['attention'])}", ""]
    if not report.attention:
        return [*out, md_cell(labels["attention_none"]), ""]
    out += [
        md_cell(labels["attention_intro"]),
        "",
        f"| {labels['id']} | {md_cell(labels['measure'])} | {md_cell(labels['attention_why'])} "
        f"| {md_cell(labels['correction'])} |",
        "| --- | --- | --- | --- |",
    ]
    for item in report.attention:
        look = attention_light(item)
        light = status_light(look) if isinstance(look, Status) else verdict_light(look)
        why = md_cell(attention_why(item, labels))
        for target in attention_targets(item, labels):
            why += f"<br>{md_cell(target)}"
        out.append(
            f"| {light} {md_cell(item.measure.id)} | {md_cell(short_text(item.measure.text))} "
            f"| {why} "
            f"| {md_cell(attention_correction(item, labels))} |"
        )
    return [*out, ""]
