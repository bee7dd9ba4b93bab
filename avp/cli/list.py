"""``avp list``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from avp.cli.common import (
    CsvDialectOpt,
    FieldsOpt,
    FileOpt,
    LangOpt,
    LogOpt,
    OutputOpt,
    PartnersOpt,
    ProgrammesOpt,
    SheetFormatOpt,
    StaleDaysOpt,
    ThemesOpt,
    chosen_format,
    complete_status,
    destination,
    echo_err,
    handle_errors,
    lang_code,
    open_workspace,
    status_option,
)
from avp.render.formats import OutputFormat

#: Above this many rows the table of a workspace is plain text columns (see to_plain_table):
#: rich lays out a few hundred rows a second; a police team's 15 programmes have 800.
PLAIN_TABLE_ROWS = 200


@handle_errors
def list_measures(
    field: FieldsOpt = None,
    theme: ThemesOpt = None,
    partner: PartnersOpt = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Current status: a key (on_track) or Dutch label (op koers). Repeat for OR.",
            autocompletion=complete_status,
        ),
    ] = None,
    search: Annotated[
        list[str] | None,
        typer.Option(
            "--search",
            metavar="TEXT",
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
    lang: LangOpt = None,
    format: SheetFormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    csv_dialect: CsvDialectOpt = "excel",
    programme: ProgrammesOpt = None,
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
      avp list --partner politie --programme Brielle --programme Hellevoetsluis
      avp list --partner politie -o maatregelen.xlsx

    In a workspace (an avp.toml with programmes = [...]) it lists the measures of every
    programme, with a 'programme' column (key in json): a partner is found in each
    programme by its id, name or alias there.
    """
    import datetime as dt  # lazy
    import gc  # lazy

    from avp.programme.query import Filters, select  # lazy
    from avp.render.output import emit  # lazy
    from avp.render.records import MEASURE_COLUMNS, measure_record  # lazy

    format = chosen_format(format, output)
    workspace = open_workspace(file, log, programme, twins=True)
    to = destination(output, csv_dialect, workspace.projects)
    filters = Filters(
        fields=field or [],
        themes=theme or [],
        partners=partner or [],
        statuses=[status_option(s) for s in status or []],
        search=search or [],
    )
    # The records hold no cycles: the collector would walk their hundreds of thousands of
    # objects again and again while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        records: list[dict[str, Any]] = []
        for name, project, narrowed in workspace.filtered(filters):
            rows = select(project.index, narrowed, project.statuses())
            if stale:
                stale_ids = project.stale(dt.date.today(), stale_days)
                rows = [r for r in rows if r.measure.id in stale_ids]
            named = {"programme": name} if workspace.several else {}
            records += [named | measure_record(r) for r in rows]
        if not records:
            echo_err("no measures match these filters")
            return
        from avp.render.records import for_people, labelled  # lazy
        from avp.report.labels import Labels, table_columns  # lazy

        first = workspace.projects[0].programme
        chosen = lang_code(lang, first)
        labels = Labels.for_programme(first, chosen)
        if for_people(format):  # statuses as labels; csv and json keep the keys
            records = labelled(records, chosen)
        # A workbook's sheet is named after what it holds (a table's title would be a heading).
        sheet = labels["measures"] if format is OutputFormat.xlsx else None
        if not workspace.several:
            year = first.programme.period.end.year
            columns = _ids_headed(
                table_columns(MEASURE_COLUMNS, labels, result=labels.result(year)), chosen
            )
            emit(records, columns, format, title=sheet, section_key="field", to=to)
            return
        from dataclasses import replace  # lazy

        from avp.render.output import Column  # lazy

        # The programme takes the theme's place in the table (the id says the theme; csv and
        # json keep it): with both, the measure's text had 4 of 80 columns.
        columns = [
            Column("programme", labels["programme"], max_width=14),
            *(
                replace(c, table=False) if c.key == "theme_name" else c
                for c in _ids_headed(
                    table_columns(MEASURE_COLUMNS, labels, result=labels["result_plain"]), chosen
                )
            ),
        ]
        if format is OutputFormat.json:  # one compact row a line: thousands of them
            from avp.render.destination import deliver  # lazy
            from avp.render.output import to_json_rows  # lazy

            deliver(to_json_rows(records), to)
            return
        if format is OutputFormat.table and len(records) > PLAIN_TABLE_ROWS:
            import shutil  # lazy

            from avp.render.destination import deliver  # lazy
            from avp.render.output import FILE_WIDTH  # lazy
            from avp.render.plain import to_plain_table  # lazy

            width = FILE_WIDTH if to.to_file else shutil.get_terminal_size((100, 24)).columns
            deliver(to_plain_table(records, columns, width, section_key="programme"), to)
            return
        emit(records, columns, format, title=sheet, section_key="programme", to=to)
    finally:
        if collecting:
            gc.enable()


def _ids_headed(columns: list[Any], lang: str) -> list[Any]:
    """The field's and theme's id columns headed apart from their names' columns (a
    workbook shows both: 'Nr. veld' and 'Veiligheidsveld', not 'Veiligheidsveld' twice)."""
    from dataclasses import replace  # lazy

    from avp.i18n import phrase  # lazy

    return [
        replace(c, header=phrase(lang, f"column.{c.key}")) if c.key in ("field", "theme") else c
        for c in columns
    ]
