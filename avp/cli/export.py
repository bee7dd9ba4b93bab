"""``avp export``: the programme for other tools; ``avp export sqlite`` for now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avp.cli.common import (
    FileOpt,
    LangOpt,
    LogOpt,
    ProgrammesOpt,
    echo_err,
    handle_errors,
    open_workspace,
    parse_date_option,
)

app = typer.Typer(
    add_completion=False,
    help="""Export the programme, its progress and its verdicts for other tools.

    \b
    Example:
      avp export sqlite avp.db
    """,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _export() -> None:
    """Export the programme, its progress and its verdicts for other tools."""


@app.command("sqlite")
@handle_errors
def sqlite(
    out: Annotated[
        Path,
        typer.Argument(
            metavar="OUT.db",
            help="The SQLite file to write; an existing one is replaced (atomically).",
            show_default=False,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The programme as it stood on this day: the entries dated on or before it, "
            "every status and verdict on that day. Default: today.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    programmes: ProgrammesOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Write the programme and its progress to an SQLite file, for Datasette or a BI tool.

    In a workspace (an avp.toml with programmes = [...]): every programme of it, or those
    of --programme, each under its name.

    Tables: programmes, fields, themes, measures, partners, measure_partners,
    partner_units, entries, targets and verdicts, with foreign keys and indexes; views:
    current_status (every measure with its status on --as-of, last entry and correction),
    partner_measures (sub-units included), status_counts and target_verdicts. Statuses
    and verdicts are avp's own on --as-of. Every table has programme_id, for files with
    several programmes.

    The file is built in full, then swapped in for the old one: a program reading the old
    file keeps reading it whole. On Windows a file open in another program cannot be
    replaced: close the program first. A lock file OUT.db.lock stays beside it.

    \b
    Examples:
      avp export sqlite avp.db
      avp export sqlite stand.db --as-of YYYY-MM-DD --lang en
    and then, to browse it: datasette avp.db
    """
    import datetime as dt  # lazy

    from avp.export.sqlite import export_sqlite  # lazy

    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    workspace = open_workspace(file, log, programmes)
    for project in workspace.projects:  # a data set: no entry left out, however invalid
        project.skip_invalid = False
    summary = export_sqlite(
        workspace.projects,
        out,
        as_of=day,
        names=workspace.names,
        lang=lang.value if lang else None,
    )
    counts = summary.counts
    echo_err(
        f"wrote {out}: {counts['programmes']} programme(s), {counts['measures']} measures, "
        f"{counts['entries']} entries, {counts['targets']} targets, as of {day.isoformat()}"
    )
