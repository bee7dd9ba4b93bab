"""``avp targets``: every typed target with its computed verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click
from typer.core import TyperArgument, TyperGroup

from avp.cli import targets_suggest
from avp.cli.common import (
    CsvDialectOpt,
    FieldsOpt,
    FileOpt,
    LangOpt,
    LogOpt,
    MeasureArg,
    OutputOpt,
    PartnersOpt,
    ProgrammesOpt,
    SheetFormatOpt,
    YearType,
    chosen_format,
    destination,
    echo_err,
    handle_errors,
    lang_code,
    open_workspace,
    parse_date_option,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column
from avp.render.records import verdict_style

if TYPE_CHECKING:
    import datetime as dt

    from avp.project import Project
    from avp.targets.evaluate import TargetStatus
    from avp.targets.results import PeriodResult


TARGET_COLUMNS = [
    Column("owner", "id", no_wrap=True),
    Column("level", "level", table=False),
    Column("measure", "measure", table=False),
    Column("field", "field", table=False),
    Column("theme", "theme", table=False),
    Column("target", "target", no_wrap=True, max_width=16, narrow=1, fold_into="description"),
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
    Column("owner", "id", no_wrap=True),
    Column("level", "level", table=False),
    Column("target", "target", no_wrap=True, max_width=16, narrow=1, fold_into="forecast"),
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


class DefaultGroup(TyperGroup):
    """A group whose first argument, when it names none of its commands, goes to ``list``:
    ``avp targets 4.1.5 --periods`` is ``avp targets list 4.1.5 --periods``, and ``avp
    targets suggest`` the command ``suggest``. (A group with ``invoke_without_command``
    cannot take a measure id in the place of a command's name.) ``-h``/``--help`` alone is
    the group's own help."""

    default = "list"

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        completing = ctx.resilient_parsing and first is None  # the first word: see below
        if not completing and (first is None or first not in (*self.commands, "-h", "--help")):
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[Any]:
        """The first word completes to a command's name or to what ``list`` takes there
        (a measure id)."""
        items = list(super().shell_complete(ctx, incomplete))
        default = self.commands[self.default]
        sub = default.make_context(self.default, [], parent=ctx, resilient_parsing=True)
        for param in default.get_params(sub):
            if isinstance(param, TyperArgument):
                items += param.shell_complete(sub, incomplete)
                break
        return items


app = typer.Typer(
    add_completion=False,
    cls=DefaultGroup,
    help="""Targets: their computed verdicts, and targets suggested from the words.

    'avp targets [ID] [OPTIONS]' is 'avp targets list': every target with its verdict
    (see 'avp targets list --help' for its options). 'avp targets suggest' proposes typed
    targets from the measures' texts; 'avp targets accept' accepts them.

    \b
    Examples (use the ids and names of your own programme):
      avp targets
      avp targets 4.1.5 --periods
      avp targets suggest --write
      avp targets accept 4.1.5
    """,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _overlaps(result: PeriodResult, year: int | None) -> bool:
    """Whether the period is one of the year's (a week by its ISO year: not by its days)."""
    return year is None or result.belongs_to(year)


@handle_errors
def targets(
    measure_id: MeasureArg = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            click_type=YearType(),
            help="The periods of this year (e.g. 2022), judged at its end (or on --as-of, "
            "if earlier).",
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
    lang: LangOpt = None,
    format: SheetFormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    csv_dialect: CsvDialectOpt = "excel",
    programme: ProgrammesOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """List every target with its computed verdict: met, on course, at risk, missed.

    A target is a norm of a measure, or an indicator of a field's or theme's goal (a
    frequency, a threshold, a comparison with the previous period, a coverage, a
    deliverable), checked against the counts and values in the progress log. Each row
    names its level (field, theme, measure) and the id of its owner. The verdict is that
    of the current period, with a forecast at the current pace; for weekly, monthly,
    quarterly and half-yearly norms it also weighs the periods missed earlier that year.

    'avp targets ...' is short for 'avp targets list ...'. A target that 'avp targets
    suggest --write' added and nobody accepted yet has 'suggested' true (a column then).

    \b
    Examples (use the ids and names of your own programme):
      avp targets list
      avp targets list --field 4 --format csv
      avp targets list 4.1.5 --periods
      avp targets list --partner politie --programme Brielle
      avp targets list --field 4 -o doelen.xlsx

    In a workspace (an avp.toml with programmes = [...]) it lists the targets of every
    programme, with a 'programme' column (key in json).
    """
    import datetime as dt  # lazy
    import gc  # lazy

    from avp.base.problems import UsageError  # lazy
    from avp.render.output import emit  # lazy

    format = chosen_format(format, output)
    workspace = open_workspace(file, log, programme, twins=True)
    to = destination(output, csv_dialect, workspace.projects)
    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    language = lang.value if lang else None
    # What the command builds holds no cycles: the collector would walk its hundreds of
    # thousands of objects again and again while they are made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        records: list[dict[str, Any]] = []
        if not workspace.several:
            project = workspace.projects[0]
            records = _records(
                project, measure_id, field or [], partner or [], day, year, periods, language
            )
        else:
            from avp.programme.query import Filters  # lazy

            chosen = workspace.filtered(Filters(fields=field or [], partners=partner or []))
            if year is not None and not any(_in_period(p, year) for _, p, _ in chosen):
                raise UsageError(f"--year {year} is outside the period of every programme")
            for name, project, narrowed in chosen:
                in_period = year is None or _in_period(project, year)
                if in_period and (measure_id is None or measure_id in project.programme.owners):
                    found = _records(
                        project,
                        measure_id,
                        narrowed.fields,
                        narrowed.partners,
                        day,
                        year,
                        periods,
                        language,
                    )
                    records += [{"programme": name, **record} for record in found]
            if measure_id is not None and not any(
                measure_id in p.programme.owners for _, p, _ in chosen
            ):
                raise UsageError(f"no field, theme or measure {measure_id!r} in any programme")
        if not records:
            echo_err("no targets match" + (f" in {year}" if year is not None else ""))
            return
        if year is not None:
            day = min(day, dt.date(year, 12, 31))
        from avp.i18n import phrase  # lazy
        from avp.render.records import for_people, headed, labelled  # lazy

        shown = lang_code(lang, workspace.projects[0].programme)
        title = phrase(shown, "title.targets", day=day)
        columns = PERIOD_COLUMNS if periods else TARGET_COLUMNS
        if workspace.several:
            columns = [Column("programme", "programme", max_width=16), *columns]
        if not periods and any(r.get("suggested") for r in records):
            columns = [*columns, Column("suggested", "suggested", no_wrap=True)]
            for record in records:
                record["suggested"] = bool(record.get("suggested"))
        if for_people(format):  # verdicts, kinds and yes/no as labels; csv and json keep keys
            records, columns = labelled(records, shown), headed(columns, shown)
            # The verdict is its label now: its label's column would say it twice.
            columns = [c for c in columns if c.key != "verdict_label"]
        if format is OutputFormat.xlsx:  # the sheet is named after what it holds
            title = phrase(shown, "sheet.targets")
        emit(records, columns, format, title=title, to=to)
    finally:
        if collecting:
            gc.enable()


def _in_period(project: Project, year: int) -> bool:
    period = project.programme.programme.period
    return period.start.year <= year <= period.end.year


def _records(
    project: Project,
    measure_id: str | None,
    fields: list[str],
    partners: list[str],
    day: dt.date,
    year: int | None,
    periods: bool,
    lang: str | None,
) -> list[dict[str, Any]]:
    """The rows of one programme's targets (see :func:`targets`)."""
    import datetime as dt  # lazy

    from avp.base.problems import UsageError  # lazy

    programme = project.programme
    period = programme.programme.period
    if year is not None:
        if not period.start.year <= year <= period.end.year:
            raise UsageError(
                f"--year {year} is outside the programme ({period.start.year} to {period.end.year})"
            )
        if day < dt.date(year, 1, 1):
            raise UsageError(f"--as-of {day} lies before the year {year}; choose a later day")
    language = lang or programme.programme.language
    owners = _owners(project, measure_id, fields, partners)
    state = project.state(day if year is None else min(day, dt.date(year, 12, 31)))
    records: list[dict[str, Any]] = []
    # Every owner (no filter): judged without looking each of them up again.
    every = measure_id is None and not fields and not partners
    for target in project.targets(day, None if every else owners, year=year):
        place = owners[target.owner]
        if periods:
            records += [
                _period_record(place, target, result, language)
                for result in target.results
                if _overlaps(result, year)
            ]
        elif target.current is None or _overlaps(target.current, year):
            status = state.status(target.owner).value if target.level == "measure" else None
            records.append(_target_record(place, target, status, language))
    return records


#: Where a target's owner sits: its field's id and its theme's id (None for a field).
Place = tuple[str, str | None]


def _owners(
    project: Project, measure_id: str | None, fields: list[str], partners: list[str]
) -> dict[str, Place]:
    """The owners whose targets the command shows, by id, with their place.

    Field and theme targets go with their field (``--field``); ``--partner`` selects
    measures only, as only measures have partners.
    """
    from avp.programme.query import Filters, select  # lazy

    programme = project.programme
    if measure_id is not None:
        level, item = project.index.owner(measure_id)
        if level != "measure":
            place: dict[str, Place] = {f.id: (f.id, None) for f in programme.fields}
            place.update({t.id: (f.id, t.id) for f in programme.fields for t in f.themes})
            return {item.id: place[item.id]}
    chosen: set[str] | None = None  # the measures chosen; None: every one
    if fields or partners or measure_id is not None:
        filters = Filters(
            fields=fields, partners=partners, measures=[measure_id] if measure_id else []
        )
        chosen = {r.measure.id for r in select(project.index, filters)}
    wanted_fields = {project.index.field(f).id for f in fields}
    goals = measure_id is None and not partners
    found: dict[str, Place] = {}
    for f in programme.fields:
        in_scope = goals and (not wanted_fields or f.id in wanted_fields)
        if in_scope:
            found[f.id] = (f.id, None)
        for t in f.themes:
            if in_scope:
                found[t.id] = (f.id, t.id)
            where = (f.id, t.id)
            found.update((m.id, where) for m in t.measures if chosen is None or m.id in chosen)
    return found


def _target_record(
    place: Place, target: TargetStatus, status: str | None, lang: str
) -> dict[str, Any]:
    from avp.render.records import target_record  # lazy
    from avp.targets.verdicts import disagrees  # lazy

    record = target_record(target, lang)
    return {
        "owner": target.owner,
        "level": target.level,
        "measure": target.owner if target.level == "measure" else None,
        "field": place[0],
        "theme": place[1],
        "target": record.pop("id"),
        **record,
        "status": status,
        "disagrees": disagrees(status, target.verdict) if status else False,
    }


def _period_record(
    place: Place, target: TargetStatus, result: PeriodResult, lang: str
) -> dict[str, Any]:
    from avp.render.records import period_record  # lazy

    return {
        "owner": target.owner,
        "level": target.level,
        "target": target.target.id,
        "kind": target.target.kind,
        **period_record(result, lang),
    }


app.command("list")(targets)
app.command("suggest")(targets_suggest.suggest)
app.command("accept")(targets_suggest.accept)
