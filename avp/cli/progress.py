"""``avp progress add`` and ``avp progress list``."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from avp.cli import progress_corrections
from avp.cli.common import (
    CsvDialectOpt,
    FieldsOpt,
    FileOpt,
    FormatOpt,
    LangOpt,
    LogOpt,
    MeasureArg,
    OutputOpt,
    PartnersOpt,
    SheetFormatOpt,
    chosen_format,
    complete_measure,
    complete_status,
    complete_target,
    count_option,
    destination,
    echo_err,
    handle_errors,
    lang_code,
    number_option,
    open_project,
    parse_date_option,
    status_option,
)
from avp.cli.progress_entries import (
    DATA_COLUMNS,
    WaitOpt,
    append_and_show,
    corrected_record,
    entry_errors,
    period_option,
    show_entries,
    table_columns,
)
from avp.cli.prompts import ask_date, ask_figure, ask_status
from avp.render.formats import OutputFormat
from avp.render.records import entry_record, entry_table

app = typer.Typer(
    add_completion=False,
    help="Record progress on measures and read it back.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(label: str) -> str:
    return str(typer.prompt(label)).strip()


@app.command("add")
@handle_errors
def add(
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Measure id (a field's or theme's id for a count or value of its targets).",
            autocompletion=complete_measure,
        ),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="on_track/op koers, at_risk/aandacht, off_track/achter, done/afgerond, "
            "dropped/vervallen, not_started/niet gestart.",
            autocompletion=complete_status,
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What happened.", show_default=False)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Default: today, within the programme's period; outside it (the programme "
            "ended or has not started) avp asks on a terminal and needs --date otherwise.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author", help="Default: git's user.name, else your login.", show_default=False
        ),
    ] = None,
    source_text: Annotated[
        str | None,
        typer.Option("--source", help="Where it comes from, e.g. 'politie kwartaalrapportage Q2'."),
    ] = None,
    correction: Annotated[
        str | None,
        typer.Option(
            "--correction",
            help="What will be done about it (bijsturing); required for at_risk and off_track.",
            show_default=False,
        ),
    ] = None,
    count_text: Annotated[
        str | None,
        typer.Option(
            "--count",
            metavar="INTEGER",
            help="How many activities were held that day (or units covered), for a target: "
            "a whole number, 0 to 1,000,000,000.",
            show_default=False,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--value",
            metavar="NUMBER",
            help="A measurement of a target's indicator on that day, e.g. 9.4 or 9,4.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="Which target of the measure the count or value is for; not needed when "
            "only one of its targets takes it.",
            autocompletion=complete_target,
            show_default=False,
        ),
    ] = None,
    for_period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The period the count or value describes, when not the day alone: 2021, "
            "2022-H1, 2022-Q1, 2022-03, 2022-W05 or 2022-01-03/2022-01-16 (from/to).",
            show_default=False,
        ),
    ] = None,
    evaluation: Annotated[
        bool,
        typer.Option(
            "--evaluation",
            help="The note is a lesson learned (evaluatiepunt) for the end evaluation "
            "(avp report --final); it needs no --status.",
        ),
    ] = False,
    wait: WaitOpt = 60.0,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse the entry when its text looks like personal data (a BSN, phone "
            "number, e-mail address); without it, a warning. A programme with 'privacy: "
            "strict' always refuses.",
        ),
    ] = False,
    format: FormatOpt = OutputFormat.table,
    language: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Add a progress entry to the programme's progress log, safely.

    An entry has a status, or a figure for one of the measure's targets (--count,
    --value), or both; or, with --evaluation, a lesson learned. On a terminal, missing
    values are asked for; otherwise --note is required, and --status too unless --count,
    --value or --evaluation is given (and --correction for at_risk and off_track). On a
    terminal avp asks for the date (today by default), a count or value for the measure's
    targets (may be left empty), the status (its choices in the programme's language; a
    wrong answer is asked again) and the note. The
    log is locked, checked, appended to and replaced atomically: nothing but the new lines
    changes.

    \b
    Examples (use the ids and names of your own programme):
      avp progress add 2.2.3 --status on_track --note "Integrale controle gehouden"
      avp progress add 1.3.5 --status aandacht --note "9,4%" --correction "Extra campagne"
      avp progress add 2.2.3 --count 1 --note "Integrale bedrijvencontrole"
      avp progress add 1.3.5 --value 9.4 --note "Burgernet kwartaalcijfers Q2"
      avp progress add 1.3.5 --evaluation --note "Campagnes via social media werken"
    """
    from pydantic import ValidationError  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.progress.author import default_author  # lazy
    from avp.progress.models import Entry  # lazy

    project = open_project(file, log, twins=True)
    log_path = project.writable_log()  # before anything is asked: a refusal asks nothing
    from avp.storage.lock import real_path  # lazy

    real_path(log_path)  # a symbolic link loop is a message before anything is asked
    # A measure, or a field or theme (targets): by its id, as project.index.owner finds it
    # (which says what is wrong with an id it does not know), without building the index
    # of every measure (10,000 in a region's programme) for one look-up.
    found = project.programme.owners.get(measure_id.strip())
    level, owner = found if found is not None else project.index.owner(measure_id)
    day = parse_date_option(date, "--date")
    measured = number_option(value, "--value")
    count = count_option(count_text, "--count")
    interactive = _interactive()
    figures = count is not None or measured is not None
    if target is not None and not figures:
        raise UsageError("--target says what a --count or --value is for; give one of them")
    if for_period is not None and not figures:
        raise UsageError("--period says what a --count or --value describes; give one")
    for_period = period_option(for_period)
    period = project.programme.programme.period
    today = dt.date.today()
    outside = _outside(period.start, period.end, today)
    missing = [
        name
        for name, needed in (
            ("--status", status is None and not figures and not evaluation),
            ("--note", note is None),
            ("--date", day is None and outside is not None),
        )
        if needed
    ]
    if missing and not interactive:
        names = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
        reason = f"missing {names} (no terminal to ask on)"
        if day is None and outside is not None:
            reason += (
                f"; {outside}, so the date is not today by default: give the day it "
                "happened with --date YYYY-MM-DD"
            )
        raise UsageError(reason)
    # On a terminal, when something is missing, avp asks for all that was not given: the
    # date, a figure for the measure's targets, the status (with its choices), the note.
    asking = interactive and bool(missing)
    lang = lang_code(language, project.programme)
    if day is None:
        if outside is None:
            day = ask_date("Date (YYYY-MM-DD)", today) if asking else today
        else:  # the end of an ended programme; today (not a future start) before it starts
            default = min(period.end, today)
            day = ask_date(f"Date ({outside}; YYYY-MM-DD)", default)
    asked_figures = False
    if asking and not figures and not evaluation and status is None and owner.targets:
        target, count, measured = ask_figure(owner.targets, lang)
        figures = asked_figures = count is not None or measured is not None
    chosen = None
    if status is not None:
        chosen = status_option(status)
    elif asking and not evaluation and level == "measure" and (not figures or asked_figures):
        chosen = ask_status(lang, optional=figures)
    if note is None:
        note = _ask("Note")
    if chosen is not None and chosen.needs_correction and correction is None:
        if not interactive:
            raise UsageError(
                f"status {chosen.value} ({chosen.label_nl}) needs --correction: what will be "
                "done about it (bijsturing)"
            )
        correction = _ask("Correction (bijsturing)")
    try:
        entry = Entry(
            measure=owner.id,
            date=day,
            status=chosen,
            target=target,
            count=count,
            value=measured,
            period=for_period,
            note=note,
            author=author if author is not None else default_author(project.path.parent),
            source=source_text,
            correction=correction,
            evaluation=True if evaluation else None,
        )
    except ValidationError as exc:
        raise UsageError(entry_errors(exc)) from None
    strict_privacy = project.programme.programme.privacy == "strict"
    append_and_show(
        project,
        entry,
        log_path,
        refuse="--strict" if strict else "privacy: strict" if strict_privacy else "",
        wait=wait,
        format=format,
        lang=lang,
    )


def _outside(start: dt.date, end: dt.date, today: dt.date) -> str | None:
    """Why today is no default date for an entry (the period ended or has not begun)."""
    if today > end:
        return f"the programme's period ended on {end.isoformat()}"
    if today < start:
        return f"the programme's period starts on {start.isoformat()}"
    return None


@app.command("list")
@handle_errors
def list_entries(
    measure_id: MeasureArg = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="From this day on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="Up to this day.")
    ] = None,
    partner: PartnersOpt = None,
    field: FieldsOpt = None,
    format: SheetFormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    csv_dialect: CsvDialectOpt = "excel",
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """List progress entries, oldest first.

    \b
    Examples (use the ids and names of your own programme):
      avp progress list --partner politie
      avp progress list 1.3.5 --format json
      avp progress list --partner politie -o voortgang.xlsx
    """
    from avp.programme.query import Filters, select  # lazy
    from avp.render.output import emit  # lazy

    format = chosen_format(format, output)
    project = open_project(file, log)
    to = destination(output, csv_dialect, [project])
    start = parse_date_option(since, "--since")
    end = parse_date_option(until, "--until")
    level = project.index.owner(measure_id)[0] if measure_id else "measure"
    filters = Filters(
        fields=field or [],
        partners=partner or [],
        measures=[measure_id] if measure_id and level == "measure" else [],
    )
    wanted = {row.measure.id for row in select(project.index, filters)}
    if measure_id and level != "measure":
        wanted = {project.index.owner(measure_id)[1].id}
    elif not partner:  # the entries of the fields' and themes' own targets too
        fields = {project.index.field(f).id for f in field or []}
        for f in project.programme.fields:
            if not fields or f.id in fields:
                wanted |= {f.id, *(t.id for t in f.themes)}
    entries = [
        e
        for e in project.log.entries
        if e.measure in wanted
        and (start is None or e.date >= start)
        and (end is None or e.date <= end)
    ]
    entries.sort(key=lambda e: e.date)  # stable: log order within a day
    if not entries:
        echo_err("no progress entries match")
        return
    corrections = project.state().corrections
    language = lang_code(lang, project.programme)
    table = format in (OutputFormat.table, OutputFormat.markdown)
    records = [
        corrected_record(
            entry_record(e, structured=format is OutputFormat.json),
            e,
            corrections,
            language,
            table=table,
        )
        for e in entries
    ]
    if table:
        rows, columns = entry_table(records, language)
        emit(rows, table_columns(columns, language), format, to=to)
    else:
        show_entries(records, DATA_COLUMNS, format, language, to)


app.command("amend")(progress_corrections.amend)
app.command("retract")(progress_corrections.retract)
