"""``avp show``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    complete_measure,
    handle_errors,
    open_project,
)
from avp.render.formats import OutputFormat


@handle_errors
def show(
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Measure id, e.g. 1.3.5.", autocompletion=complete_measure
        ),
    ],
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """Show one measure in full: field, theme, goal, text, partners, result, status.

    \b
    Examples (use the ids and names of your own programme):
      avp show 1.3.5
      avp show 2.2.3 --format json
    """
    import datetime as dt  # lazy

    from avp.programme.query import MeasureRow  # lazy
    from avp.render.output import Column, emit  # lazy
    from avp.render.records import (  # lazy
        MEASURE_COLUMNS,
        entry_record,
        measure_record,
        target_record,
    )

    project = open_project(file)
    index = project.index
    found = index.measure(measure_id)
    progress = project.state()
    status = progress.status(found.measure.id)
    row = MeasureRow(found.field, found.theme, found.measure, status)
    record: dict[str, Any] = measure_record(row)
    record["goal"] = row.theme.goal
    record["partner_names"] = [index.partners[p].name for p in row.measure.partners]
    record["history"] = [entry_record(e) for e in progress.history(found.measure.id)]
    lang = project.programme.programme.language
    judged = project.targets(dt.date.today(), [found.measure.id])
    record["targets"] = [target_record(t, lang) for t in judged]
    columns = [*MEASURE_COLUMNS, Column("goal", "goal"), Column("partner_names", "partner names")]
    if format is OutputFormat.table:
        _print_card(record, index)
    else:
        emit([record], columns, format, json_value=record)


def _print_card(record: dict[str, Any], index: Any) -> None:
    from rich.table import Table  # lazy
    from rich.text import Text  # lazy

    from avp.programme.status import Status  # lazy
    from avp.render.output import clean, make_console  # lazy
    from avp.render.records import plain_number, status_style, verdict_style  # lazy

    partners = ", ".join(f"{index.partners[p].name} ({p})" for p in record["partners"])
    status = Status(record["status"])
    lines: list[tuple[str, str, str]] = [
        ("field", f"{record['field']} {record['field_name']}", ""),
        ("theme", f"{record['theme']} {record['theme_name']}", ""),
        ("goal", record["goal"] or "(none)", ""),
        ("measure", record["text"], ""),
        ("partners", partners, ""),
        ("partner note", record["partner_note"] or "", ""),
        ("result", record["result"], ""),
        ("status", f"● {status.label('en')}", status_style(status.value)),
    ]

    for number, target in enumerate(record["targets"]):
        text = (
            f"● {target['id']} ({target['kind']}): {target['description']}\n  {target['forecast']}"
        )
        lines.append(("targets" if number == 0 else "", text, verdict_style(target["verdict"])))
    for number, entry in enumerate(record["history"]):
        said = [Status(entry["status"]).label("en")] if entry["status"] else []
        if entry["count"] is not None:
            said.append(f"count {entry['count']}")
        if entry["value"] is not None:
            said.append(f"value {plain_number(entry['value'])}")
        if entry["target"]:
            said[-1] += f" ({entry['target']})"
        text = f"{entry['date']}  {', '.join(said)}  {entry['note']}"
        text += f"  ({entry['author']}" + (f", {entry['source']})" if entry["source"] else ")")
        if entry["correction"]:
            text += f"\ncorrection: {entry['correction']}"
        lines.append(("history" if number == 0 else "", text, ""))
    if not record["history"]:
        lines.append(("history", "(no progress entries)", ""))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value, style in lines:
        if value:
            grid.add_row(Text(label), Text(clean(value), style=style))
    console = make_console()
    console.print(Text(f"Measure {record['id']}", style="bold"))
    console.print(grid)
