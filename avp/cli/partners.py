"""``avp partners``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    LangOpt,
    complete_partner,
    echo_err,
    handle_errors,
    lang_code,
    open_project,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column

PARTNER_COLUMNS = [
    # Narrow: the parent, then the id become lines under the name.
    Column("id", "id", narrow=1, fold_into="name"),
    Column("name", "name", ratio=2),
    Column("parent", "parent", narrow=2, fold_into="name"),
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
    lang: LangOpt = None,
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
    from avp.render.records import for_people, headed  # lazy

    project = open_project(file)
    programme, index = project.programme, project.index
    chosen = lang_code(lang, programme)
    if partner_id is None:
        records = [_partner_record(index, p.id) for p in programme.partners]
        people = for_people(format)  # headed in the language; csv and json keep the keys
        emit(records, headed(PARTNER_COLUMNS, chosen) if people else PARTNER_COLUMNS, format)
        return
    _partner_measures(index, index.partner(partner_id).id, format, project.statuses(), chosen)


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


def _partner_measures(index: Any, pid: str, format: OutputFormat, statuses: Any, lang: str) -> None:
    from avp.i18n import phrase  # lazy
    from avp.programme.query import MeasureRow  # lazy
    from avp.programme.status import Status  # lazy
    from avp.render.output import emit  # lazy
    from avp.render.records import MEASURE_COLUMNS, for_people, labelled, measure_record  # lazy
    from avp.report.labels import Labels, table_columns  # lazy

    rows = [
        MeasureRow(r.field, r.theme, r.measure, statuses.get(r.measure.id, Status.not_started))
        for r in index.partner_rows(pid)
    ]
    info = _partner_record(index, pid)
    if not rows:
        echo_err(f"partner {pid!r} takes part in no measure")
        return
    records = [measure_record(r) for r in rows]
    title = phrase(lang, "title.partner", name=info["name"], id=pid, **_counts(info))
    shown, columns = records, MEASURE_COLUMNS
    if for_people(format):  # statuses as labels, headed in the language; csv and json: keys
        labels = Labels.for_programme(index.programme, lang)
        year = index.programme.programme.period.end.year
        shown = labelled(records, lang)
        columns = table_columns(MEASURE_COLUMNS, labels, result=labels.result(year))
    emit(
        shown,
        columns,
        format,
        title=title,
        section_key="field",
        json_value={"partner": info, "measures": records},
    )


def _counts(info: dict[str, Any]) -> dict[str, int]:
    return {"total": int(info["total"]), "direct": int(info["direct"])}
