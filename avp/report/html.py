"""The report as one self-contained HTML file: inline CSS, inline SVG, no scripts or fonts.

Every piece of data goes through :func:`html.escape`; the page works on a phone (measures
become cards on narrow screens) and prints to PDF with sensible page breaks.
"""

from __future__ import annotations

from html import escape

from avp.programme.status import Status
from avp.report.build import MeasureLine, Report, good_share
from avp.report.formats import result_label, scope_title
from avp.report.labels import Labels
from avp.targets.verdicts import Verdict

CSS = """
:root { --ink: #1d2330; --muted: #5b6472; --line: #d8dce3; --bg: #ffffff; --soft: #f4f6f9; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
header.report { border-bottom: 3px solid var(--ink); margin-bottom: 24px; padding-bottom: 12px; }
header.report h1 { font-size: 1.6rem; margin: 0 0 4px; line-height: 1.25; }
header.report .scope { font-size: 1.15rem; font-weight: 600; margin: 0 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; }
h3 { font-size: 1.1rem; margin: 24px 0 4px; }
.goal { margin: 0 0 8px; color: var(--ink); }
.goal b { color: var(--muted); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; font-size: .9rem; }
td.num, th.num { text-align: right; white-space: nowrap; }
.bar { display: flex; height: 14px; min-width: 120px; border-radius: 3px; overflow: hidden;
  background: var(--soft); }
.bar span { display: block; height: 100%; }
.light { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
  margin-right: .35em; vertical-align: -0.05em; border: 1px solid rgba(0,0,0,.25); }
.status { white-space: nowrap; font-weight: 600; }
.stale { display: inline-block; margin-top: 2px; font-size: .8rem; color: #8a4b00;
  background: #fff3e0; border-radius: 3px; padding: 0 4px; }
.note { white-space: pre-line; }
.correction { margin-top: 4px; padding-left: 8px; border-left: 3px solid #ef6c00; }
.correction b, .date { color: var(--muted); font-weight: 600; }
.partners { font-size: .9rem; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: .9rem; color: var(--muted);
  margin: 8px 0 0; padding: 0; list-style: none; }
.computed { margin-top: 4px; white-space: nowrap; }
.computed b, .targets b { color: var(--muted); font-weight: 600; }
.disagree { display: inline-block; margin-top: 2px; font-size: .8rem; color: #8a1c1c;
  background: #fdecea; border-radius: 3px; padding: 0 4px; }
ul.targets { margin: 6px 0 0; padding: 0; list-style: none; font-size: .9rem; }
ul.targets li { margin: 2px 0; }
p.computed-summary { font-size: .9rem; color: var(--muted); margin: 4px 0 0; }
footer { margin-top: 32px; font-size: .8rem; color: var(--muted); }
section.field { break-before: auto; }
section.theme { break-inside: auto; }
tr, .card { break-inside: avoid; page-break-inside: avoid; }
h2, h3, .goal { break-after: avoid; page-break-after: avoid; }
@media screen and (max-width: 700px) {
  main { padding: 16px 12px 32px; }
  table.measures thead { display: none; }
  table.measures, table.measures tbody, table.measures tr, table.measures td { display: block;
    width: 100%; }
  table.measures tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 12px;
    padding: 8px 10px; }
  table.measures td { border: 0; padding: 3px 0; }
  table.measures td::before { content: attr(data-label); display: block; font-size: .75rem;
    color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
  table.summary { font-size: .85rem; }
  table.summary th, table.summary td { padding: 5px 4px; }
  table.summary .bar { min-width: 56px; }
  table.summary .optional { display: none; }
  table.summary th.num { white-space: normal; }
}
.wide { overflow-x: auto; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section.field { break-before: page; page-break-before: always; }
  section.field:first-of-type { break-before: auto; page-break-before: auto; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .bar span, .light { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .wide { overflow: visible; }
}
@page { size: A4; margin: 16mm 14mm; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _light(status: Status) -> str:
    return f'<span class="light" style="background:{status.info.hex}" aria-hidden="true"></span>'


def _verdict_light(verdict: Verdict) -> str:
    return f'<span class="light" style="background:{verdict.info.hex}" aria-hidden="true"></span>'


def _bar(counts: dict[Status, int], labels: Labels) -> str:
    total = sum(counts.values())
    if not total:
        return '<div class="bar"></div>'
    parts = []
    for status in Status:
        if counts[status]:
            width = 100 * counts[status] / total
            title = f"{labels.status(status)}: {counts[status]}"
            parts.append(
                f'<span style="width:{width:.2f}%;background:{status.info.hex}" '
                f'title="{_e(title)}"></span>'
            )
    summary = ", ".join(f"{labels.status(s)}: {counts[s]}" for s in Status if counts[s])
    return f'<div class="bar" role="img" aria-label="{_e(summary)}">{"".join(parts)}</div>'


def _summary(report: Report, labels: Labels) -> str:
    rows = []
    for section in report.fields:
        counts = section.counts
        stale = section.stale_count
        rows.append(
            f"<tr><td>{section.field.id}. {_e(section.field.name)}</td>"
            f'<td class="num optional">{len(section.lines)}</td><td>{_bar(counts, labels)}</td>'
            f'<td class="num">{good_share(counts):.0%}</td>'
            f'<td class="num optional">{stale}</td></tr>'
        )
    counts = report.counts
    rows.append(
        f'<tr><th>{_e(labels["total"])}</th><th class="num optional">{len(report.lines)}</th>'
        f'<th>{_bar(counts, labels)}</th><th class="num">{good_share(counts):.0%}</th>'
        f'<th class="num optional">{report.stale_count}</th></tr>'
    )
    legend = "".join(f"<li>{_light(s)}{_e(labels.status(s))}: {counts[s]}</li>" for s in Status)
    computed = ""
    if report.has_targets:
        verdicts = report.verdicts
        parts = "".join(
            f"{_verdict_light(v)}{_e(labels.verdict(v))}: {verdicts[v]} &nbsp; " for v in Verdict
        )
        computed = (
            f'<p class="computed-summary"><b>{_e(labels["computed_summary"])}:</b> {parts}'
            f"{_e(labels['disagrees'])}: {report.disagreements}</p>"
        )
    return (
        f'<section class="summary"><h2>{_e(labels["summary"])}</h2>'
        f'<div class="wide"><table class="summary"><thead><tr><th>{_e(labels["field"])}</th>'
        f'<th class="num optional">{_e(labels["measures"])}</th><th>{_e(labels["status"])}</th>'
        f'<th class="num">{_e(labels["good_share"])}</th>'
        f'<th class="num optional">{_e(labels["stale_count"])}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<ul class="legend">{legend}</ul>{computed}</section>'
    )


def _measure_row(report: Report, line: MeasureLine, labels: Labels, result: str) -> str:
    m, s = line.measure, line.state
    stale_text = labels.fmt("stale", days=report.stale_days)
    stale = (
        f'<br><span class="stale" title="{_e(stale_text)}">{_e(labels["stale_short"])}</span>'
        if s.stale
        else ""
    )
    status = f'<span class="status">{_light(s.status)}{_e(labels.status(s.status))}</span>{stale}'
    if s.last_date:
        update = f'<span class="date">{_e(labels.date(s.last_date))}</span>'
        if s.note:
            update += f'<div class="note">{_e(s.note)}</div>'
    else:
        update = f'<span class="date">{_e(labels["no_update"])}</span>'
    if s.correction and s.status.needs_correction:
        update += (
            f'<div class="correction"><b>{_e(labels["correction"])}:</b> '
            f'<span class="note">{_e(s.correction)}</span></div>'
        )
    if s.verdict is not None:
        status += (
            f'<div class="computed"><b>{_e(labels["computed"])}:</b> '
            f"{_verdict_light(s.verdict)}{_e(labels.verdict(s.verdict))}</div>"
        )
    if s.disagrees:
        status += f'<span class="disagree">{_e(labels["disagrees"])}</span>'
    targets = ""
    if s.targets:
        items = "".join(
            f"<li>{_verdict_light(t.verdict)}<b>{_e(t.target.description)}:</b> "
            f"{_e(t.text(labels.lang))}</li>"
            for t in s.targets
        )
        targets = f'<ul class="targets" aria-label="{_e(labels["norm"])}">{items}</ul>'
    partners = ", ".join(report.partner_names(m))
    note = f"<br><i>{_e(m.partner_note)}</i>" if m.partner_note else ""
    return (
        f'<tr id="m-{_e(m.id)}"><td data-label="{_e(labels["id"])}">{_e(m.id)}</td>'
        f'<td data-label="{_e(labels["measure"])}"><div class="note">{_e(m.text)}</div>'
        f'<div class="partners">{_e(labels["partners"])}: {_e(partners)}{note}</div></td>'
        f'<td data-label="{_e(result)}"><div class="note">{_e(m.result)}</div>{targets}</td>'
        f'<td data-label="{_e(labels["status"])}">{status}</td>'
        f'<td data-label="{_e(labels["last_update"])}">{update}</td></tr>'
    )


def render_html(report: Report, labels: Labels) -> str:
    meta = report.programme.programme
    result = result_label(report, labels)
    sections = []
    for section in report.fields:
        themes = []
        for theme in section.themes:
            goal = theme.theme.goal or labels["no_goal"]
            rows = "".join(_measure_row(report, line, labels, result) for line in theme.lines)
            themes.append(
                f'<section class="theme" id="t-{_e(theme.theme.id)}">'
                f"<h3>{_e(theme.theme.id)} {_e(theme.theme.name)}</h3>"
                f'<p class="goal"><b>{_e(labels["goal"])}:</b> {_e(goal)}</p>'
                f'<table class="measures"><thead><tr><th>{_e(labels["id"])}</th>'
                f"<th>{_e(labels['measure'])}</th><th>{_e(result)}</th>"
                f"<th>{_e(labels['status'])}</th><th>{_e(labels['last_update'])}</th></tr>"
                f"</thead><tbody>{rows}</tbody></table></section>"
            )
        sections.append(
            f'<section class="field" id="f-{section.field.id}">'
            f"<h2>{_e(labels['field'])} {section.field.id}: {_e(section.field.name)}</h2>"
            f"{''.join(themes)}</section>"
        )
    title = f"{labels['report']}: {meta.title}"
    period = f"{labels.date(meta.period.start)} {labels['to']} {labels.date(meta.period.end)}"
    adopted = f"{labels.date(meta.adopted.date)}, {meta.adopted.body}"
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(labels.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} ({_e(labels.date(report.as_of))})</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header class="report"><h1>{_e(title)}</h1>'
        f'<p class="scope">{_e(scope_title(report, labels))}</p><dl class="meta">'
        f"<dt>{_e(labels['as_of'])}</dt><dd>{_e(labels.date(report.as_of))}</dd>"
        f"<dt>{_e(labels['period'])}</dt><dd>{_e(period)}</dd>"
        f"<dt>{_e(labels['adopted'])}</dt><dd>{_e(adopted)}</dd></dl></header>\n"
        f"{_summary(report, labels)}\n"
        + "\n".join(sections)
        + f"\n<footer>{_e(labels['generated'])} · {_e(meta.municipality)}</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
