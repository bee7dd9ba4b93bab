"""``avp partners``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    complete_partner,
    echo_err,
    handle_errors,
    open_project,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column

PARTNER_COLUMNS = [
    Column("id", "id", ratio=1),
    Column("name", "name", ratio=2),
    Column("parent", "parent", no_wrap=True),
    Column("aliases", "aliases", table=False),
    Column("description", "description", table=False),
    Column("direct", "measures", no_wrap=True),
    Column("total", "with sub-units", no_wrap=True),
]


@handle_errors
def partners(
    partner_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A partner id, name or alias: list its measures by field.",
            autocompletion=complete_partner,
            show_default=False,
        ),
    ] = None,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """List the partners with their parent and how many measures they take part in.

    "measures" counts the measures that name the partner itself; "with sub-units" also
    counts those of the units below it (the BOA's are part of the gemeente).

    \b
    Examples (use the ids and names of your own programme):
      avp partners
      avp partners gemeente --format markdown
    """
    from avp.render.output import emit  # lazy

    project = open_project(file)
    programme, index = project.programme, project.index
    if partner_id is None:
        records = [_partner_record(index, p.id) for p in programme.partners]
        emit(records, PARTNER_COLUMNS, format)
        return
    _partner_measures(index, index.partner(partner_id).id, format, project.statuses())


def _partner_record(index: Any, pid: str) -> dict[str, Any]:
    partner = index.partners[pid]
    return {
        "id": partner.id,
        "name": partner.name,
        "parent": partner.parent,
        "aliases": list(partner.aliases),
        "description": partner.description,
        "direct": len(index.partner_rows(pid, subunits=False)),
        "total": len(index.partner_rows(pid)),
    }


def _partner_measures(index: Any, pid: str, format: OutputFormat, statuses: Any) -> None:
    from avp.programme.query import MeasureRow  # lazy
    from avp.programme.status import Status  # lazy
    from avp.render.output import emit  # lazy
    from avp.render.records import MEASURE_COLUMNS, measure_record  # lazy

    rows = [
        MeasureRow(r.field, r.theme, r.measure, statuses.get(r.measure.id, Status.not_started))
        for r in index.partner_rows(pid)
    ]
    info = _partner_record(index, pid)
    if not rows:
        echo_err(f"partner {pid!r} takes part in no measure")
        return
    records = [measure_record(r) for r in rows]
    title = f"{info['name']} ({pid}): {info['total']} measures, {info['direct']} naming it directly"
    emit(
        records,
        MEASURE_COLUMNS,
        format,
        title=title,
        section_key="field",
        json_value={"partner": info, "measures": records},
    )
