"""``avp report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from avp.cli.common import (
    CsvDialectOpt,
    FileOpt,
    LangOpt,
    Language,
    LogOpt,
    ProgrammesOpt,
    ReportOutputOpt,
    StaleDaysOpt,
    chosen_format,
    complete_field,
    complete_partner,
    complete_theme,
    destination,
    format_option,
    handle_errors,
    open_workspace,
    parse_date_option,
)
from avp.render.formats import ReportFormat

if TYPE_CHECKING:
    import datetime as dt
    from contextlib import AbstractContextManager

    from avp.project import Project
    from avp.render.destination import Destination
    from avp.workspace import Workspace


@handle_errors
def report(
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="FIELD",
            help="Report on one field (id or name); once (for several, run it once each).",
            autocompletion=complete_field,
            show_default=False,
        ),
    ] = None,
    themes: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            metavar="THEME",
            help="Report on one theme (id or name); once.",
            autocompletion=complete_theme,
            show_default=False,
        ),
    ] = None,
    partners: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            metavar="PARTNER",
            help="Report on the measures of one partner and its sub-units; once.",
            autocompletion=complete_partner,
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Rebuild every status from the entries dated on or before this day. "
            "Default: today (with --final: the programme's last day, or today while it runs).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[ReportFormat, format_option(ReportFormat)] = ReportFormat.table,
    output: ReportOutputOpt = None,
    csv_dialect: CsvDialectOpt = "excel",
    lang: LangOpt = None,
    stale_days: StaleDaysOpt = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="DIR",
            help="With --format html: a folder with your own report.html.j2, report.css "
            "and/or logo.svg or logo.png; what it lacks comes from avp's own templates.",
            show_default=False,
        ),
    ] = None,
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="The end evaluation (eindevaluatie): every measure's final status, its "
            "targets' verdicts in every year, what is not finished (to carry over), the "
            "dropped measures and the lessons learned. Default day: the programme's last "
            "day, or today while it runs (an interim end evaluation).",
        ),
    ] = False,
    programmes: ProgrammesOpt = None,
    file: FileOpt = None,
    log: LogOpt = None,
) -> None:
    """The progress report for the college and the council (voortgangsrapportage).

    A header, a summary per field with traffic lights, then per field and theme the goal
    and every measure with its status, latest update and correction. Without --field,
    --theme or --partner: the whole programme. With --final: the end evaluation
    (eindevaluatie) instead.

    \b
    Examples (use the ids and names of your own programme):
      avp report
      avp report --field 1 -o rapportage.html
      avp report -o rapportage.xlsx
      avp report --partner politie --format markdown
      avp report --format html --template huisstijl -o rapportage.html
      avp report --final --format html -o eindevaluatie.html
      avp report --partner politie --programme Brielle --programme Hellevoetsluis

    In a workspace (an avp.toml with programmes = [...]): per programme a section under
    its name, after a summary per programme; --partner, --field and --theme take the
    programmes where they are found (a partner by its id, name or alias there);
    --final takes one programme (choose it with --programme).
    """
    import datetime as dt  # lazy

    from avp.base.problems import UsageError  # lazy

    for name, values in (("--field", fields), ("--theme", themes), ("--partner", partners)):
        if values and len(values) > 1:
            raise UsageError(
                f"{name} was given {len(values)} times ({', '.join(values)}); a report covers "
                f"one {name[2:]}: run avp report once for each, or leave out {name} for all"
            )
    field = fields[0] if fields else None
    theme = themes[0] if themes else None
    partner = partners[0] if partners else None
    format = chosen_format(format, output)
    scopes = [
        name
        for name, value in (("--field", field), ("--theme", theme), ("--partner", partner))
        if value is not None
    ]
    if len(scopes) > 1:
        raise UsageError(f"choose one scope: {' and '.join(scopes)} cannot be combined")
    if template is not None and format is not ReportFormat.html:
        raise UsageError(
            f"--template is for --format html, not {format.value}; "
            "add --format html or leave out --template"
        )
    if final and stale_days is not None:
        raise UsageError("--stale-days is not for --final: an end evaluation flags nothing stale")
    if not final:
        from avp.storage import ahead  # lazy

        ahead.meanwhile(_import_report)
    workspace = open_workspace(file, log, programmes, twins=True)
    if final:
        if len(workspace.projects) > 1:
            raise UsageError(
                "--final evaluates one programme; choose it with --programme NAME (one of "
                f"{', '.join(workspace.names)})"
            )
        from avp.report.final_render import final_report  # lazy

        if format is ReportFormat.xlsx:
            raise UsageError(
                "the end evaluation (--final) has no xlsx format; choose html, markdown, csv "
                "or json (csv opens in Excel)"
            )
        project = workspace.projects[0]
        to = destination(output, csv_dialect, [project])
        with csv_dialect_of(to):
            text = final_report(
                project.programme,
                project.log.entries,
                as_of=parse_date_option(as_of, "--as-of"),
                scope=(field, theme, partner),
                fmt=format,
                lang=lang.value if lang else None,
                to_file=output is not None,
                template=template,
            )
        _write(text, format, to)
        return
    day = parse_date_option(as_of, "--as-of") or dt.date.today()
    to = destination(output, csv_dialect, workspace.projects)  # before anything is built
    if workspace.several:
        from avp.yamlio.pause import gc_paused  # lazy

        scope = {"field": field, "theme": theme, "partner": partner}
        with csv_dialect_of(to):
            # The reports and their text live until they are written and hold no cycles:
            # the collector would walk their millions of objects again and again (a third
            # of the time of a report across 342 programmes).
            data = gc_paused(_workspace_text)(
                workspace, scope, day, stale_days, format, lang, output, template
            )
        _write(data, format, to)
        return
    from avp.yamlio.pause import gc_paused  # lazy

    # The report and its text hold no cycles: the collector would walk their hundreds of
    # thousands of objects again and again while they are made.
    gc_paused(_report_one)(
        workspace.projects[0],
        day,
        (field, theme, partner),
        stale_days,
        format,
        lang,
        to,
        output,
        template,
    )


def _import_report() -> None:
    """The modules a report is built and written with (while a large log is read ahead)."""
    import importlib  # lazy

    for name in ("avp.report.build", "avp.report.render", "avp.report.formats"):
        importlib.import_module(name)
    importlib.import_module("avp.render.jsonout")


def _report_one(
    project: Project,
    day: dt.date,
    scope: tuple[str | None, str | None, str | None],
    stale_days: int | None,
    format: ReportFormat,
    lang: Language | None,
    to: Destination,
    output: Path | None,
    template: Path | None,
) -> None:
    """The report of one programme, printed or written (see :func:`report`)."""
    from avp.report import build_report  # lazy
    from avp.report.labels import Labels  # lazy
    from avp.report.render import render  # lazy

    programme = project.programme
    field, theme, partner = scope
    built = build_report(
        programme,
        project.log.entries,
        as_of=day,
        field=field,
        theme=theme,
        partner=partner,
        stale_days=stale_days or project.stale_days(),
    )
    labels = Labels.for_programme(programme, lang.value if lang else None)
    if format is ReportFormat.json:  # written as it is made: render_json's bytes
        from avp.render.jsonout import deliver_json  # lazy
        from avp.report.formats import to_dict  # lazy

        deliver_json(to_dict(built, labels), to)
        return
    with csv_dialect_of(to):
        data = render(built, labels, format, to_file=output is not None, template=template)
    _write(data, format, to)


def csv_dialect_of(to: Destination) -> AbstractContextManager[None]:
    """The block in which the report's csv is written in ``to``'s dialect."""
    from avp.render.destination import csv_dialect  # lazy

    return csv_dialect(to.csv_dialect)


def _write(data: str | bytes | None, format: ReportFormat, to: Destination) -> None:
    """Print the report (the table format has printed itself), or write it to the file
    of ``to`` atomically; csv as ``to`` wants it (a BOM for a file)."""
    from avp.render.destination import deliver  # lazy

    if format is ReportFormat.csv and isinstance(data, str):
        data = to.csv(data)
    deliver(data, to)


def _workspace_text(
    workspace: Workspace,
    scope: dict[str, str | None],
    day: dt.date,
    stale_days: int | None,
    format: ReportFormat,
    lang: Language | None,
    output: Path | None,
    template: Path | None,
) -> str | bytes | None:
    """The report across the workspace's programmes: each programme where the scope is
    found (all without one), by its name."""
    from avp.programme.query import Filters  # lazy
    from avp.report import build_report  # lazy
    from avp.report.workspace import WorkspaceReport, render_workspace  # lazy

    wanted = {kind: [value] if value else [] for kind, value in scope.items()}
    filters = Filters(fields=wanted["field"], themes=wanted["theme"], partners=wanted["partner"])
    sections = [
        (
            name,
            build_report(
                project.programme,
                project.log.entries,
                as_of=day,
                stale_days=stale_days or project.stale_days(),
                field=scope["field"],
                theme=scope["theme"],
                partner=scope["partner"],
                index=project.index,
            ),
        )
        for name, project, _ in workspace.filtered(filters)
    ]
    chosen = lang.value if lang else None
    if format is ReportFormat.xlsx:
        from avp.report.labels import Labels  # lazy
        from avp.report.render import render_xlsx  # lazy

        return render_xlsx(
            [
                (name, built, Labels.for_programme(built.programme, chosen))
                for name, built in sections
            ]
        )
    report = WorkspaceReport(sections, day, scope["partner"] or "")
    if format is ReportFormat.json and output is None:  # each programme written as made
        from avp.render.jsonout import write_pieces  # lazy
        from avp.report.workspace import workspace_json  # lazy

        write_pieces(workspace_json(report, chosen))
        return None
    return render_workspace(report, chosen, format, to_file=output is not None, template=template)
