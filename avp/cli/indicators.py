"""``avp indicators``: targets filled from Dutch open data (CBS, police)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    LangOpt,
    LogOpt,
    echo_err,
    handle_errors,
    open_project,
    parse_date_option,
)
from avp.render.formats import OutputFormat

if TYPE_CHECKING:
    from avp.indicators.apply import Outcome
    from avp.indicators.plan import Skipped

app = typer.Typer(
    add_completion=False,
    help="Targets filled from Dutch open data: import CBS and police tables, list them.\n\n"
    "\b\nExamples:\n  avp indicators import 47013NED.zip\n  avp indicators list",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("import")
@handle_errors
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Downloaded tables: OData JSON (a TypedDataSet .json, or a folder or .zip "
            "with its dimension tables) or a StatLine CSV (.csv). Give the population table "
            "of a per-1,000 target in the same command.",
            show_default=False,
        ),
    ],
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="The table's id (e.g. 47013NED) for files that do not say it: a CSV (or a "
            "JSON without metadata) whose name has no id. A JSON file that names its table "
            "keeps it.",
            show_default=False,
        ),
    ] = None,
    retrieved: Annotated[
        str | None,
        typer.Option(
            "--retrieved",
            help="The day the files were downloaded (YYYY-MM-DD), recorded with each "
            "figure. Default: each file's modification date.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")
    ] = False,
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Record the figures of downloaded open data tables for the targets that name them.

    Every target whose source names a table read here (and its region) gets a value entry
    per period (author CBS or Politie open data, with the table, measure, period, region
    and retrieval date as its source). Importing the same file again adds nothing; a
    changed figure is recorded as a correction of the earlier entry. Suppressed or missing
    cells are listed on stderr, never recorded as 0. All files are read before anything is
    written: a bad file writes nothing.

    \b
    Examples:
      avp indicators import 47013NED.zip
      avp indicators import 83648NED.csv 03759ned.json --dry-run
    """
    from avp.indicators.api import import_tables  # lazy

    day = parse_date_option(retrieved, "--retrieved")
    project = open_project(file, log)
    language = (lang.value if lang else None) or project.programme.programme.language
    done = import_tables(project, files, table=table, retrieved=day, dry_run=dry_run, lang=language)
    _emit_outcomes(done.outcomes, format, language)
    _summary(done.outcomes, done.skipped, done.unused, dry_run, language)


def _emit_outcomes(outcomes: list[Outcome], format: OutputFormat, lang: str) -> None:
    from avp.indicators.periods import period_text  # lazy
    from avp.render.output import Column, emit  # lazy

    columns = [
        Column("owner", "id", no_wrap=True),
        Column("target", "target", no_wrap=True),
        Column("table", "table", no_wrap=True),
        Column("period", "period", table=False),
        Column("period_label", "period", no_wrap=True),
        Column("region", "region", table=False),
        Column("value", "value", no_wrap=True),
        Column("action", "action", no_wrap=True),
        Column("entry", "entry", table=False),
        Column("corrects", "corrects", table=False),
        Column("where", "read from", table=False),
    ]
    records = [
        {
            "owner": o.found.sourced.owner,
            "target": o.found.sourced.target.id,
            "table": o.found.dataset.table,
            "period": o.found.period.key,
            "period_label": period_text(o.found.period, lang),
            "region": o.found.sourced.source.region,
            "value": _shown(o.found.value, format, lang),
            "action": o.action,
            "entry": o.entry.id,
            "corrects": o.previous.id if o.previous is not None else None,
            "where": o.found.where,
        }
        for o in outcomes
    ]
    if records or format is not OutputFormat.table:  # json: [] when nothing was found
        emit(records, columns, format)


def _summary(
    outcomes: list[Outcome],
    skipped: tuple[Skipped, ...],
    unused: tuple[str, ...],
    dry_run: bool,
    lang: str,
) -> None:
    from avp.indicators.periods import key_text  # lazy
    from avp.progress.models import Imported  # lazy

    actions = ("added", "corrected", "unchanged", "older")
    counts = {a: sum(o.action == a for o in outcomes) for a in actions}
    would = "would be " if dry_run else ""
    echo_err(
        f"{counts['added']} {would}added, {counts['corrected']} {would}recorded as "
        f"corrections, {counts['unchanged']} already in the log"
        + (" (dry run: nothing written)" if dry_run else "")
    )
    if counts["older"]:
        echo_err(
            f"{counts['older']} not recorded: the log has them from a later download "
            "(--retrieved); an older file never corrects a newer one:"
        )
        for o in outcomes:
            if o.action == "older" and isinstance(o.entry.source, Imported):
                echo_err(
                    f"  {o.found.dataset.table} {o.found.period.key} "
                    f"{o.found.sourced.source.region}, target {o.found.sourced.target.id!r} "
                    f"of {o.found.sourced.owner}: {o.found.value:g} in this file (retrieved "
                    f"{o.found.dataset.retrieved}), {o.entry.value:g} in the log (retrieved "
                    f"{o.entry.source.retrieved}, entry {o.entry.id})"
                )
    if skipped:
        echo_err(f"not recorded ({len(skipped)}):")
        for s in skipped:
            period = f" {s.period} ({key_text(s.period, lang)})" if s.period else ""
            echo_err(
                f"  {s.table}{period} {s.region}, target "
                f"{s.sourced.target.id!r} of {s.sourced.owner}: {s.reason}"
            )
    if unused:
        echo_err(f"not used by any target: table {', '.join(unused)}")


@app.command("list")
@handle_errors
def list_(
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """Every target with an open data source, with its latest imported value and period.

    \b
    Examples:
      avp indicators list
      avp indicators list --format csv
    """
    from avp.indicators.listing import latest  # lazy
    from avp.indicators.periods import key_text  # lazy
    from avp.render.output import Column, emit  # lazy

    project = open_project(file, log)
    language = (lang.value if lang else None) or project.programme.programme.language
    from avp.progress.corrections import effective  # lazy

    rows = latest(project.programme, effective(project.log.entries))
    if not rows:
        echo_err(
            "no target names an open data source; add source: {table: ..., measure: ..., "
            "region: ...} to a threshold or comparison target (README, Open data)"
        )
        return
    columns = [
        Column("owner", "id", no_wrap=True),
        Column("level", "level", table=False),
        Column("target", "target", ratio=2),
        Column("indicator", "indicator", ratio=3),
        Column("table", "table", no_wrap=True),
        Column("measure", "measure", table=False),
        Column("filter", "filter", table=False),
        Column("region", "region", no_wrap=True),
        Column("per", "per", table=False),
        Column("bbv", "bbv", table=False),
        Column("period", "period", table=False),
        Column("period_label", "period", ratio=2),
        Column("value", "value", no_wrap=True),
        Column("retrieved", "retrieved", no_wrap=True),
        Column("author", "author", table=False),
        Column("entry", "entry", table=False),
    ]
    records: list[dict[str, Any]] = []
    for row in rows:
        source = row.sourced.source
        imported = row.imported
        value = row.entry.value if row.entry is not None else None
        filters = "; ".join(f"{k}={v}" for k, v in source.filter.items())
        records.append(
            {
                "owner": row.sourced.owner,
                "level": row.sourced.level,
                "target": row.sourced.target.id,
                "indicator": row.sourced.target.indicator,
                "table": source.table.upper(),
                "measure": source.measure,
                "filter": filters or None,
                "region": source.region,
                "per": source.per,
                "bbv": source.bbv,
                "period": imported.period if imported else None,
                "period_label": key_text(imported.period, language) if imported else None,
                "value": _shown(value, format, language),
                "retrieved": imported.retrieved.isoformat() if imported else None,
                "author": row.entry.author if row.entry is not None else None,
                "entry": row.entry.id if row.entry is not None else None,
            }
        )
    emit(records, columns, format)


@app.command("bbv")
@handle_errors
def bbv(
    format: FormatOpt = OutputFormat.table,
    lang: LangOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """The five mandatory BBV safety indicators per year of the programme (per 1,000
    inhabitants), for the begroting and jaarverslag: the targets marked with bbv.

    \b
    Examples:
      avp indicators bbv
      avp indicators bbv --format markdown > bbv.md
    """
    from avp.i18n import phrase  # lazy
    from avp.indicators.bbv import bbv_rows, programme_years  # lazy
    from avp.render.output import Column, emit  # lazy

    project = open_project(file, log)
    programme = project.programme
    language = (lang.value if lang else None) or programme.programme.language
    from avp.progress.corrections import effective  # lazy

    rows = bbv_rows(programme, effective(project.log.entries))
    if not rows:
        echo_err(
            "the programme declares no BBV indicators; mark the targets that hold them "
            "with bbv in their source, e.g. source: {..., bbv: winkeldiefstal} (README, "
            "Open data)"
        )
        return
    years = programme_years(programme)
    columns = [
        Column("key", "bbv", table=False),
        Column("indicator", phrase(language, "indicators.indicator"), ratio=2),
        *(Column(str(y), str(y), no_wrap=True) for y in years),
        Column("source", phrase(language, "indicators.table"), no_wrap=True),
        Column("target", "target", table=False),
        Column("owner", "id", table=False),
    ]
    records = []
    for row in rows:
        record: dict[str, Any] = {
            "key": row.indicator,
            "indicator": phrase(language, f"indicators.bbv.{row.indicator}"),
            "source": (
                f"{row.sourced.source.publisher} {row.sourced.source.table.upper()}"
                if row.sourced
                else phrase(language, "indicators.undeclared")
            ),
            "target": row.sourced.target.id if row.sourced else None,
            "owner": row.sourced.owner if row.sourced else None,
        }
        for year in years:
            entry = row.years.get(year)
            value = entry.value if entry is not None else None
            record[str(year)] = _shown(value, format, language)
        records.append(record)
    emit(records, columns, format, title=phrase(language, "indicators.bbv"))


def _shown(value: float | None, format: OutputFormat, lang: str) -> Any:
    """A figure as the programme's language writes it (1,63) in a table or markdown; the
    number itself in json and csv."""
    if value is None or format in (OutputFormat.json, OutputFormat.csv):
        return value
    from avp.i18n import format_number  # lazy

    return format_number(value, "", lang)
