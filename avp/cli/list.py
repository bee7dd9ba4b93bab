"""``avp list``."""

from __future__ import annotations

from typing import Annotated

import typer

from avp.cli.common import (
    FieldsOpt,
    FileOpt,
    FormatOpt,
    PartnersOpt,
    ThemesOpt,
    complete_status,
    echo_err,
    handle_errors,
    open_log,
    open_programme,
    status_option,
)
from avp.render.output import OutputFormat


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
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=1, help="Days after which a measure is stale.")
    ] = 180,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """List measures, filtered. Different options combine with AND, a repeated one with OR.

    \b
    Examples:
      avp list --partner politie
      avp list --field 2 --partner politie --partner om --format csv
      avp list --search burgernet --format json
      avp list --stale --partner gemeente
    """
    import datetime as dt

    from avp.cli.records import MEASURE_COLUMNS, measure_record
    from avp.programme.query import Filters, ProgrammeIndex, select
    from avp.progress.state import current_status
    from avp.render.output import emit

    source, programme = open_programme(file)
    filters = Filters(
        fields=field or [],
        themes=theme or [],
        partners=partner or [],
        statuses=[status_option(s) for s in status or []],
        search=search or [],
    )
    log = open_log(source, programme)
    rows = select(ProgrammeIndex(programme), filters, current_status(log))
    if stale:
        from avp.report.build import measure_states

        states = measure_states(programme, log.entries, dt.date.today(), stale_days)
        rows = [r for r in rows if states[r.measure.id].stale]
    if not rows:
        echo_err("no measures match these filters")
        return
    emit([measure_record(r) for r in rows], MEASURE_COLUMNS, format, section_key="field")
