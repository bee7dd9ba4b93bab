"""``avp progress amend`` and ``avp progress retract``: corrections appended to the log
(:mod:`avp.progress.corrections`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    LangOpt,
    LogOpt,
    complete_measure,
    complete_status,
    complete_target,
    count_option,
    handle_errors,
    lang_code,
    number_option,
    open_project,
    parse_date_option,
    status_option,
)
from avp.cli.progress_entries import WaitOpt, append_and_show, entry_errors, period_option
from avp.render.formats import OutputFormat

EntryIdArg = Annotated[
    str,
    typer.Argument(
        metavar="ENTRY-ID",
        help="The id of the entry to correct (avp progress list shows the ids).",
        show_default=False,
    ),
]
AuthorOpt = Annotated[
    str | None,
    typer.Option(
        "--author",
        help="Who corrects it. Default: git's user.name, else your login.",
        show_default=False,
    ),
]


@handle_errors
def amend(
    entry_id: EntryIdArg,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="The corrected status (on_track/op koers, at_risk/aandacht, ...).",
            autocompletion=complete_status,
            show_default=False,
        ),
    ] = None,
    count_text: Annotated[
        str | None,
        typer.Option("--count", metavar="INTEGER", help="The corrected count.", show_default=False),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option("--value", metavar="NUMBER", help="The corrected value.", show_default=False),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="The target the count or value is for.",
            autocompletion=complete_target,
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="The corrected note.", show_default=False)
    ] = None,
    correction: Annotated[
        str | None,
        typer.Option("--correction", help="The corrected bijsturing.", show_default=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The corrected date.", show_default=False
        ),
    ] = None,
    for_period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The corrected period the count or value describes (2022-Q1, ...).",
            show_default=False,
        ),
    ] = None,
    measure_id: Annotated[
        str | None,
        typer.Option(
            "--measure",
            help="The measure it should have been recorded for.",
            autocompletion=complete_measure,
            show_default=False,
        ),
    ] = None,
    source_text: Annotated[
        str | None,
        typer.Option("--source", help="The corrected source.", show_default=False),
    ] = None,
    author: AuthorOpt = None,
    wait: WaitOpt = 60.0,
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Correct an entry: append a copy with the values given, which supersedes it.

    The log stays append-only: the new entry says 'supersedes: ENTRY-ID', and from then on
    only the new one counts (statuses, targets, reports); the old one stays in the file and
    in 'avp progress list', marked. Values not given are those of the old entry; the
    author is the one correcting. An entry is superseded once: to correct a correction,
    amend the new entry.

    \b
    Examples (use the ids of your own programme and log: avp progress list shows them):
      avp progress amend k3f9x2m7qa --count 2
      avp progress amend k3f9x2m7qa --status achter --correction "Extra controles"
      avp progress amend k3f9x2m7qa --measure 2.2.4 --note "Hoort bij 2.2.4"
    """
    from pydantic import ValidationError  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.progress.author import default_author  # lazy
    from avp.progress.corrections import amendment  # lazy

    project, log_path, original = _correctable(file, log, entry_id)
    changes = {
        "status": status_option(status) if status is not None else None,
        "count": count_option(count_text, "--count"),
        "value": number_option(value, "--value"),
        "period": period_option(for_period),
        "target": target,
        "note": note,
        "correction": correction,
        "date": parse_date_option(date, "--date"),
        "measure": project.index.owner(measure_id)[1].id if measure_id is not None else None,
        "source": source_text,
    }
    if all(v is None for v in changes.values()):
        raise UsageError(
            "nothing to amend: give the corrected values (--status, --count, --value, "
            "--period, --target, --note, --correction, --date, --measure, --source)"
        )
    who = author if author is not None else default_author(project.path.parent)
    try:
        entry = amendment(original, changes, who)
    except ValidationError as exc:
        raise UsageError(entry_errors(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _append(project, entry, log_path, format, wait, lang_code(lang, project.programme))


@handle_errors
def retract(
    entry_id: EntryIdArg,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Why the entry should not have been recorded (the new entry's note).",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day of the retraction. Default: today.",
            show_default=False,
        ),
    ] = None,
    author: AuthorOpt = None,
    wait: WaitOpt = 60.0,
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Withdraw an entry that should not have been recorded: append an entry that
    retracts it.

    The log stays append-only: the new entry says 'retracts: ENTRY-ID' and why; from then
    on the old entry counts for nothing (its status, count or value), on every day a
    report is made for. Both stay in the file and in 'avp progress list', marked.

    \b
    Example (use the ids of your own programme and log: avp progress list shows them):
      avp progress retract k3f9x2m7qa --reason "Dubbel ingevoerd"
    """
    from pydantic import ValidationError  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.progress.author import default_author  # lazy
    from avp.progress.corrections import retraction  # lazy

    project, log_path, original = _correctable(file, log, entry_id)
    day = parse_date_option(date, "--date") or dt.date.today()
    who = author if author is not None else default_author(project.path.parent)
    try:
        entry = retraction(original, reason, day, who)
    except ValidationError as exc:
        raise UsageError(entry_errors(exc)) from None
    _append(project, entry, log_path, format, wait, lang_code(lang, project.programme))


def _correctable(file: Any, log: Any, entry_id: str) -> tuple[Any, Any, Any]:
    """The project, its writable log and the entry ``entry_id`` of it, which may be
    corrected (UsageError otherwise)."""
    from avp.progress.corrections import check_correctable, find_entry  # lazy
    from avp.storage.files import display_path  # lazy

    project = open_project(file, log)
    log_path = project.writable_log()
    shown = display_path(log_path)
    original = find_entry(project.log.entries, entry_id, shown)
    check_correctable(project.log.entries, original, shown)
    return project, log_path, original


def _append(
    project: Any, entry: Any, log_path: Any, format: OutputFormat, wait: float, lang: str
) -> None:
    """Append a correcting entry as ``progress add`` does: locked, checked, atomic."""
    strict = project.programme.programme.privacy == "strict"
    append_and_show(
        project,
        entry,
        log_path,
        refuse="privacy: strict" if strict else "",
        wait=wait,
        format=format,
        lang=lang,
    )
