"""``avp list``."""

from __future__ import annotations

from typing import Annotated

import typer

from avp.cli.common import (
    FieldsOpt,
    FileOpt,
    FormatOpt,
    LogOpt,
    PartnersOpt,
    StaleDaysOpt,
    ThemesOpt,
    complete_status,
    echo_err,
    handle_errors,
    open_project,
    status_option,
)
from avp.render.formats import OutputFormat


@handle_errors
def list_measures(
    field: FieldsOpt = None,
    theme: ThemesOpt = None,
    partner: PartnersOpt = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Current status: a key (on_track) or Dutch label (op koers). Repeat for OR.",
            autocompletion=complete_status,
        ),
    ] = None,
    search: Annotated[
        list[str] | None,
        typer.Option(
            "--search",
            help="Text in the measure, result, goal or partner note; case and accents "
            "ignored. Repeat for OR.",
        ),
    ] = None,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale",
            help="Only measures without a progress entry for more than --stale-days days "
            "(finished and dropped measures are never stale).",
        ),
    ] = False,
    stale_days: StaleDaysOpt = None,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """List measures, filtered. Different options combine with AND, a repeated one with OR.

    \b
    Examples (use the ids and names of your own programme):
      avp list --partner politie
      avp list --field 2 --partner politie --partner om --format csv
      avp list --search burgernet --format json
      avp list --stale --partner gemeente
    """
    import datetime as dt  # lazy

    from avp.programme.query import Filters, select  # lazy
    from avp.render.output import emit  # lazy
    from avp.render.records import MEASURE_COLUMNS, measure_record  # lazy

    project = open_project(file, log)
    filters = Filters(
        fields=field or [],
        themes=theme or [],
        partners=partner or [],
        statuses=[status_option(s) for s in status or []],
        search=search or [],
    )
    rows = select(project.index, filters, project.statuses())
    if stale:
        stale_ids = project.stale(dt.date.today(), stale_days)
        rows = [r for r in rows if r.measure.id in stale_ids]
    if not rows:
        echo_err("no measures match these filters")
        return
    from avp.report.labels import Labels, table_columns  # lazy

    labels = Labels.for_programme(project.programme)
    year = project.programme.programme.period.end.year
    columns = table_columns(MEASURE_COLUMNS, labels, result=labels.result(year))
    emit([measure_record(r) for r in rows], columns, format, section_key="field")
