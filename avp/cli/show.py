"""``avp show``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    LangOpt,
    LogOpt,
    complete_measure,
    handle_errors,
    lang_code,
    open_project,
    parse_date_option,
)
from avp.render.formats import OutputFormat


@handle_errors
def show(
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The id of a measure, theme or field (e.g. 1.3.5, 1.3, 1), or the name of "
            "a theme or field.",
            autocompletion=complete_measure,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The status, targets and history as they stood on this day, from the "
            "entries dated on or before it. Default: today.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Show one measure in full: field, theme, goal, text, partners, result, status,
    targets with their verdicts, and its history.

    Given a field's or theme's id, show it with its goal, its own targets and what it holds.
    Labels are the programme's own words (labels: under programme:), in its language
    (--lang for another); json and csv keep the keys (on_track) beside the labels.

    \b
    Examples (use the ids and names of your own programme):
      avp show 1.3.5
      avp show 1.3 --format json
      avp show 1.3.5 --as-of YYYY-MM-DD --lang en
    """
    import datetime as dt  # lazy

    from avp.programme.query import MeasureRow  # lazy
    from avp.render.output import Column, emit  # lazy
    from avp.render.records import (  # lazy
        MEASURE_COLUMNS,
        measure_record,
        target_record,
    )
    from avp.report.labels import Labels  # lazy

    project = open_project(file, log)
    index = project.index
    day = parse_date_option(as_of, "--as-of")
    chosen = lang_code(lang, project.programme)
    labels = Labels.for_programme(project.programme, chosen)
    level, item = index.find(measure_id)
    judged = project.targets(day or dt.date.today(), [item.id])
    progress = project.state(day)
    record: dict[str, Any]
    if level != "measure":
        record = _goal_record(project, level, item)
        record["targets"] = [target_record(t, chosen) for t in judged]
        record["history"] = _history(progress, item.id)
        if format is OutputFormat.table:
            _print_grid(*_goal_card(record, labels))
        elif format is OutputFormat.markdown:
            _write_markdown(*_goal_card(record, labels))
        else:
            columns = [Column(k, k) for k in record if k not in ("targets", "history")]
            emit([record], columns, format, json_value=record)
        return
    found = index.measure(item.id)
    status = progress.status(found.measure.id)
    row = MeasureRow(found.field, found.theme, found.measure, status)
    record = {"level": "measure", **measure_record(row)}
    record["status_label"] = status.label(chosen)
    record["goal"] = row.theme.goal
    record["partner_names"] = [index.partners[p].name for p in row.measure.partners]
    record["extra"] = dict(row.measure.extra)
    dropped = row.measure.dropped
    record["dropped"] = (
        {"date": dropped.date.isoformat(), "decision": dropped.decision} if dropped else None
    )
    record["history"] = _history(progress, found.measure.id)
    record["unreported"] = progress.unreported(found.measure.id)  # activity, no status
    record["targets"] = [target_record(t, chosen) for t in judged]
    record["predecessor"] = _predecessor_record(project.path, found.measure)
    columns = [
        *MEASURE_COLUMNS,
        Column("status_label", "status label"),
        Column("goal", "goal"),
        Column("partner_names", "partner names"),
        Column("extra", "extra"),
        Column("dropped", "dropped"),
        Column("predecessor", "predecessor"),
        Column("unreported", "unreported"),
    ]
    if format is OutputFormat.table:
        _print_grid(*_card(record, index, labels, row.measure))
    elif format is OutputFormat.markdown:
        _write_markdown(*_card(record, index, labels, row.measure))
    else:
        before = record["predecessor"]
        flat = {**record, "predecessor": before and f"{before['programme']} ({before['measure']})"}
        emit([flat], columns, format, json_value=record)


def _predecessor_record(path: Any, measure: Any) -> dict[str, Any] | None:
    """Where a carried measure comes from and its history there (avp successor)."""
    from avp.render.records import entry_record  # lazy
    from avp.successor.history import predecessor_history  # lazy

    found = predecessor_history(path, measure)
    if found is None:
        return None
    return {
        "programme": found.programme,
        "measure": found.measure,
        "title": found.title,
        "history": [entry_record(e) for e in found.entries],
        "problem": found.problem,
    }


def _predecessor_lines(record: dict[str, Any], labels: Any) -> list[tuple[str, str, str]]:
    from avp.successor.history import NO_FILE  # lazy

    before = record.get("predecessor")
    if before is None:
        return []
    title = before["title"]
    shown = before["programme"] + (
        f" ({title})" if title not in (None, before["programme"]) else ""
    )
    lines = [(labels["successor.from"], f"{shown}: {before['measure']}", "")]
    if before["problem"] == NO_FILE:
        lines.append(("", labels["successor.no_file"], "dim"))
    elif before["problem"] is not None:
        lines.append(("", labels.fmt("successor.unread", reason=before["problem"]), "dim"))
    else:
        lines += _history_lines(before, labels, labels["successor.history"])
    return lines


def _goal_record(project: Any, level: str, item: Any) -> dict[str, Any]:
    programme = project.programme
    record: dict[str, Any] = {"level": level, "id": item.id, "name": item.name}
    if level == "theme":
        field = next(f for f in programme.fields if any(t.id == item.id for t in f.themes))
        record["field"] = field.id
        record["field_name"] = field.name
        record["goal"] = item.goal
        record["measures"] = [m.id for m in item.measures]
    else:
        record["goal"] = item.goal
        record["themes"] = [t.id for t in item.themes]
    return record


def _history(progress: Any, measure_id: str) -> list[dict[str, Any]]:
    """Every entry of the measure (:func:`avp.render.records.entry_record`), those that a
    later one supersedes or retracts too, with the ids of what corrects what (``avp
    progress amend``, ``retract``): the log's whole history, the corrections marked."""
    from avp.render.records import entry_record  # lazy

    history = []
    for entry in progress.full_history(measure_id):
        later = progress.corrected(entry)
        by = later is not None and later.retracts is None
        history.append(
            {
                **entry_record(entry),
                "supersedes": entry.supersedes,
                "retracts": entry.retracts,
                "superseded_by": later.id if later is not None and by else None,
                "retracted_by": later.id if later is not None and not by else None,
            }
        )
    return history


def _status_text(status: Any, labels: Any, measure: Any) -> str:
    from avp.programme.status import Status  # lazy
    from avp.report.formats import dropped_text  # lazy

    if measure is not None and measure.dropped is not None and status is Status.dropped:
        return dropped_text(measure, labels)
    return str(labels.status(status))


def _target_lines(record: dict[str, Any], labels: Any) -> list[tuple[str, str, str]]:
    """Each target: a line with its id, kind and description, one with its forecast (a
    line of its own, so that it wraps in its column)."""
    from avp.render.records import label_of, verdict_style  # lazy

    lines: list[tuple[str, str, str]] = []
    for number, t in enumerate(record["targets"]):
        kind = label_of("kind", t["kind"], labels.lang)
        style = verdict_style(t["verdict"])
        heading = labels["norm"] if number == 0 else ""
        lines.append((heading, f"● {t['id']} ({kind}): {t['description']}", style))
        lines.append(("", t["forecast"], style))
    return lines


def _history_lines(
    record: dict[str, Any], labels: Any, heading: str | None = None
) -> list[tuple[str, str, str]]:
    import datetime as dt  # lazy

    from avp.i18n import language, phrase  # lazy
    from avp.programme.status import Status  # lazy
    from avp.render.records import plain_number  # lazy

    comma = language(labels.lang).DECIMAL_SEPARATOR
    lines: list[tuple[str, str, str]] = []
    for number, entry in enumerate(record["history"]):
        said = [labels.status(Status(entry["status"]))] if entry["status"] else []
        if entry["count"] is not None:
            said.append(f"{labels['count']} {entry['count']}")
        if entry["value"] is not None:
            said.append(f"{labels['value']} {plain_number(entry['value']).replace('.', comma)}")
        about = ", ".join(entry[key] for key in ("target", "period") if entry.get(key))
        if about and said:
            said[-1] += f" ({about})"
        marks = [
            phrase(labels.lang, f"correction.{key}", id=entry[key])
            for key in ("superseded_by", "retracted_by", "supersedes", "retracts")
            if entry.get(key)
        ]
        if marks:
            said.append("[" + "; ".join(marks) + "]")
        day = labels.date(dt.date.fromisoformat(entry["date"]))
        text = f"{day}  {', '.join(said)}  {entry['note']}"
        text += f"  ({entry['author']}" + (f", {entry['source']})" if entry["source"] else ")")
        if entry["correction"]:
            text += f"\n{labels['correction']}: {entry['correction']}"
        heading = heading or labels["last_update"]
        lines.append((heading if number == 0 else "", text, ""))
    if not record["history"]:
        lines.append((heading or labels["last_update"], labels["no_update"], ""))
    return lines


#: A card: its title and its lines (label, text, rich style).
Card = tuple[str, list[tuple[str, str, str]]]


def _print_grid(title: str, lines: list[tuple[str, str, str]]) -> None:
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    from avp.render.output import clean, make_console  # lazy

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value, style in lines:
        if value:
            grid.add_row(Text(clean(label)), Text(clean(value), style=style))
    console = make_console()
    console.print(Text(clean(title), style="bold"))
    console.print(grid)


def _write_markdown(title: str, lines: list[tuple[str, str, str]]) -> None:
    """The card as markdown: its title in bold, then a table of what the terminal shows
    (every line: the result, the targets with their verdicts, the history)."""
    from avp.render.output import Column, md_cell, to_markdown, write  # lazy

    # A further target or entry is a row of its own without a label, as on the terminal.
    rows = [{"label": label, "value": value} for label, value, _ in lines if value]
    columns = [Column("label", " "), Column("value", " ")]
    write(f"**{md_cell(title)}**\n\n" + to_markdown(rows, columns))


def _goal_card(record: dict[str, Any], labels: Any) -> Card:
    level = record["level"]
    lines: list[tuple[str, str, str]] = []
    if level == "theme":
        lines.append((labels["field"], f"{record['field']} {record['field_name']}", ""))
    lines.append((labels["goal"], record["goal"] or labels["no_goal"], ""))
    children = record.get("measures") if level == "theme" else record.get("themes")
    heading = labels["measures"] if level == "theme" else labels["theme"]
    lines.append((heading, ", ".join(children or []) or labels["none_yet"], ""))
    lines += _target_lines(record, labels)
    lines += _history_lines(record, labels)
    return f"{labels[level]} {record['id']}: {record['name']}", lines


def _card(record: dict[str, Any], index: Any, labels: Any, measure: Any) -> Card:
    from avp.programme.status import Status  # lazy
    from avp.render.records import status_style  # lazy

    partners = ", ".join(f"{index.partners[p].name} ({p})" for p in record["partners"])
    status = Status(record["status"])
    lines: list[tuple[str, str, str]] = [
        (labels["field"], f"{record['field']} {record['field_name']}", ""),
        (labels["theme"], f"{record['theme']} {record['theme_name']}", ""),
        (labels["goal"], record["goal"] or labels["no_goal"], ""),
        (labels["measure"], record["text"], ""),
        (labels["partners"], partners, ""),
        (labels["partner_note"], record["partner_note"] or "", ""),
        (labels.result(index.programme.programme.period.end.year), record["result"] or "", ""),
        *((name, text, "") for name, text in measure.extra.items()),
        (
            labels["status"],
            f"● {_status_text(status, labels, measure)}"
            if not record.get("unreported")
            else f"● {labels['unreported']} ({labels['unreported_note']})",
            status_style(status.value),
        ),
    ]
    lines += _target_lines(record, labels)
    lines += _history_lines(record, labels)
    lines += _predecessor_lines(record, labels)
    return f"{labels['measure']} {record['id']}", lines
