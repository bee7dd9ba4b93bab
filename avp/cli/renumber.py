"""``avp renumber``."""

from __future__ import annotations

from typing import Annotated

import typer

from avp.cli.common import (
    FileOpt,
    echo_err,
    handle_errors,
    open_project,
    parse_date_option,
)


@handle_errors
def renumber(
    old_id: Annotated[
        str,
        typer.Argument(
            metavar="OLD-ID",
            help="The id of a field, theme or measure, e.g. 1.3.2.",
            show_default=False,
        ),
    ],
    new_id: Annotated[
        str,
        typer.Argument(
            metavar="NEW-ID",
            help="Its new id, used by no field, theme or measure, e.g. 1.3.2a.",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day the change was decided, for the amendment. Default: today.",
            show_default=False,
        ),
    ] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help="The decision that made it, e.g. 'collegebesluit 12 oktober 2021'.",
            show_default=False,
        ),
    ] = None,
    file: FileOpt = None,
) -> None:
    """Change the id of a field, theme or measure in the programme and in its progress log.

    Ids are the programme's own numbers and the log's entries name them; when one must
    change anyway (a typo, the college renumbers), this changes it in the programme and in
    every entry of the log that names it, in one step, and records an amendment in the
    programme ('Nummer 1.3.2 gewijzigd in 1.3.2a', with --date and --decision). Nothing
    else in either file changes: not a comment, not a quote. Both files are locked,
    checked and replaced together: after an error or an interrupt both are as they were
    (after a power cut between the two replaces, run the same command again). The ids
    below a theme or field stay as they are: renumber them one by one.

    \b
    Examples (use the ids of your own programme):
      avp renumber 1.3.2 1.3.2a
      avp renumber 2.5 2.6 --decision "collegebesluit van 12 oktober"
    """
    project = open_project(file)
    day = parse_date_option(date, "--date")
    done = project.renumber(old_id, new_id, date=day, decision=decision)
    from avp.storage.files import display_path  # lazy
    from avp.validate.reporters import report_text  # lazy

    if done.warnings:
        echo_err(report_text(list(done.warnings)).rstrip("\n"))
    count = len(done.entries)
    entries = f"{count} {'entry' if count == 1 else 'entries'} of {display_path(done.log_path)}"
    echo_err(
        f"renumbered {done.level} {done.old} to {done.new} in "
        f"{display_path(done.programme_path)} and in "
        f"{entries}; amendment: {done.amendment.description}"
    )
