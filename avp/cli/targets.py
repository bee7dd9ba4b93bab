"""``avp targets``: every typed target with its computed verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from avp.cli.common import (
    FieldsOpt,
    FileOpt,
    FormatOpt,
    Language,
    MeasureArg,
    PartnersOpt,
    echo_err,
    handle_errors,
    open_project,
    parse_date_option,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column
from avp.render.records import verdict_style

if TYPE_CHECKING:
    from avp.programme.query import MeasureRow
    from avp.targets.evaluate import TargetStatus
    from avp.targets.results import PeriodResult


TARGET_COLUMNS = [
    Column("measure", "measure", no_wrap=True),
    Column("field", "field", table=False),
    Column("theme", "theme", table=False),
    Column("target", "target", no_wrap=True, max_width=16),
    Column("kind", "kind", table=False),
    Column("description", "description", ratio=2),
    Column("period", "period", table=False),
    Column("period_label", "period label", table=False),
    Column("required", "required", table=False),
    Column("achieved", "achieved", table=False),
    Column("verdict", "verdict", no_wrap=True, min_width=9, style=verdict_style),
    Column("verdict_label", "verdict label", table=False),
    Column("forecast", "forecast", ratio=3),
    Column("status", "status", table=False),
    Column("disagrees", "differs from status", table=False),
]

PERIOD_COLUMNS = [
    Column("measure", "measure", no_wrap=True),
    Column("target", "target", no_wrap=True, max_width=16),
    Column("kind", "kind", table=False),
    Column("period", "period", no_wrap=True),
    Column("period_label", "period label", table=False),
    Column("start", "start", table=False),
    Column("end", "end", table=False),
    Column("required", "required", table=False),
    Column("achieved", "achieved", table=False),
    Column("verdict", "verdict", no_wrap=True, min_width=9, style=verdict_style),
    Column("verdict_label", "verdict label", table=False),
    Column("ended", "ended", table=False),
    Column("forecast", "forecast", ratio=3),
]


def _overlaps(result: PeriodResult, year: int | None) -> bool:
    return year is None or result.start.year <= year <= result.end.year


@handle_errors
def targets(
    measure_id: MeasureArg = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The periods of this year, judged at its end (or on --as-of, if earlier).",
            show_default=False,
        ),
    ] = None,
    field: FieldsOpt = None,
    partner: PartnersOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="The verdicts as they stood on this day, from the entries dated on or "
            "before it. Default: today.",
            show_default=False,
        ),
    ] = None,
    periods: Annotated[
        bool,
        typer.Option("--periods", help="One row per period (every week, month, ...) so far."),
    ] = False,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang", help="Language of verdicts and forecasts. Default: the programme's."
        ),
    ] = None,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """List every target with its computed verdict: met, on course, at risk, missed.

    A target is a norm of a measure (a frequency, a threshold, a comparison with the
    previous period, a coverage, a deliverable), checked against the counts and values in
    the progress log. The verdict is that of the current period, with a forecast at the
    current pace; for weekly, monthly, quarterly and half-yearly norms it also weighs the
    periods missed earlier that year.

    \b
    Examples (use the ids and names of your own programme):
      avp targets
      avp targets --field 4 --format csv
      avp targets 4.1.5 --periods
    """
    import datetime as dt  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.programme.query import Filters, select  # lazy
    from avp.render.output import emit  # lazy

    project = open_project(file)
    programme = project.programme
    period = programme.programme.period
    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    if year is not None:
        if not period.start.year <= year <= period.end.year:
            raise UsageError(
                f"--year {year} is outside the programme ({period.start.year} to {period.end.year})"
            )
        if day < dt.date(year, 1, 1):
            raise UsageError(f"--as-of {day} lies before the year {year}; choose a later day")
        day = min(day, dt.date(year, 12, 31))
    language = (lang.value if lang else None) or programme.programme.language
    filters = Filters(
        fields=field or [], partners=partner or [], measures=[measure_id] if measure_id else []
    )
    rows = {r.measure.id: r for r in select(project.index, filters) if r.measure.targets}
    state = project.state(day)
    records: list[dict[str, Any]] = []
    for target in project.targets(day, rows):
        row = rows[target.measure_id]
        if periods:
            records += [
                _period_record(row, target, result, language)
                for result in target.results
                if _overlaps(result, year)
            ]
        elif target.current is None or _overlaps(target.current, year):
            records.append(
                _target_record(row, target, state.status(row.measure.id).value, language)
            )
    if not records:
        echo_err("no targets match" + (f" in {year}" if year is not None else ""))
        return
    title = f"Targets on {day.isoformat()}"
    emit(records, PERIOD_COLUMNS if periods else TARGET_COLUMNS, format, title=title)


def _target_record(row: MeasureRow, target: TargetStatus, status: str, lang: str) -> dict[str, Any]:
    from avp.render.records import target_record  # lazy
    from avp.targets.verdicts import disagrees  # lazy

    record = target_record(target, lang)
    return {
        "measure": row.measure.id,
        "field": row.field.id,
        "theme": row.theme.id,
        "target": record.pop("id"),
        **record,
        "status": status,
        "disagrees": disagrees(status, target.verdict),
    }


def _period_record(
    row: MeasureRow, target: TargetStatus, result: PeriodResult, lang: str
) -> dict[str, Any]:
    from avp.render.records import period_record  # lazy

    return {
        "measure": row.measure.id,
        "target": target.target.id,
        "kind": target.target.kind,
        **period_record(result, lang),
    }
